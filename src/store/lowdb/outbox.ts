/**
 * The outbox and the reminder steps it was planned for. Rows are indexed by id, and the pending
 * ones by chat in order, so claiming reads only each chat's oldest pending row. Finished rows and
 * old reminder steps are pruned: a step is kept {@link REMINDER_RETENTION_DAYS} days after it was
 * recorded, far past the planner's look-back (`LOOKBACK_DAYS`), so a pruned key is never asked again.
 */
import type { OccurrenceKey, QueuedReminder, QueuedSend, ReminderTrace } from '../../core/ports.js';
import type { OutboxRow, ReminderRecord } from '../../core/records.js';
import { chatKey, type ChatRef, type Outgoing } from '../../core/types.js';
import type { LowdbFile } from './file.js';
import { redo } from './redo.js';
import { reminderTraces } from './reminder-traces.js';

/** Finished outbox rows kept for inspection (pending and parked rows are always kept). */
export const MAX_DONE_OUTBOX = 5000;
/**
 * Days a reminder step's record is kept after it was recorded. The planner never asks about a
 * step that fired more than `LOOKBACK_DAYS` (7) ago, and a step is recorded after it fired, so
 * a record older than this is never asked again (a test checks the two stay apart).
 */
export const REMINDER_RETENTION_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

const seqOf = (row: OutboxRow) => Number(row.id.slice(1));
const isDone = (row: OutboxRow) => row.status === 'sent' || row.status === 'undelivered';

export class LowdbOutbox {
  private byId = new Map<string, OutboxRow>();
  /** chat → its pending rows, oldest first. */
  private pending = new Map<string, OutboxRow[]>();
  private done = 0;
  /** The domain day reminder steps were last pruned (once a day is enough). */
  private prunedDay = '';

  constructor(private readonly file: LowdbFile) {
    this.rebuild();
    file.onReload(() => this.rebuild());
  }

  private rebuild(): void {
    this.byId = new Map();
    this.pending = new Map();
    this.done = 0;
    for (const row of this.file.data.outbox) {
      this.byId.set(row.id, row);
      if (row.status === 'pending') this.enqueue(row);
      else if (isDone(row)) this.done++;
    }
  }

  /** Puts a pending row in its chat's queue, in id order. */
  private enqueue(row: OutboxRow): void {
    let queue = this.pending.get(row.chat);
    if (!queue) this.pending.set(row.chat, (queue = []));
    if (queue.includes(row)) return;
    let i = queue.length;
    while (i > 0 && seqOf(queue[i - 1]!) > seqOf(row)) i--;
    queue.splice(i, 0, row);
  }

  private dequeue(row: OutboxRow): void {
    const queue = this.pending.get(row.chat);
    const i = queue ? queue.indexOf(row) : -1;
    if (!queue || i < 0) return;
    queue.splice(i, 1);
    if (queue.length === 0) this.pending.delete(row.chat);
  }

  reminder(key: string): ReminderRecord | undefined {
    return this.file.data.reminders[key];
  }

  /**
   * Records reminder steps and their outbox rows in ONE write, so a planned send is never lost
   * and a step is never planned twice. Keys already recorded are left alone.
   */
  async queueReminders(items: readonly QueuedReminder[]): Promise<OutboxRow[]> {
    const at = this.file.nowIso();
    this.pruneReminders();
    const rows: OutboxRow[] = [];
    for (const item of items) {
      if (this.file.data.reminders[item.key]) continue;
      this.file.setKey('reminders', item.key, { status: item.status, at });
      for (const send of item.sends) rows.push(this.newRow(send.chat, send.out, at, item.key));
    }
    if (rows.length || items.length) await this.file.persist();
    return rows;
  }

  /** Queues messages that belong to no reminder step (replies, announcements). */
  async queueMessages(sends: readonly QueuedSend[]): Promise<OutboxRow[]> {
    const at = this.file.nowIso();
    const rows = sends.map((s) => this.newRow(s.chat, s.out, at));
    await this.file.persist();
    return rows;
  }

  private newRow(chat: ChatRef, out: Outgoing, at: string, key?: string): OutboxRow {
    const row: OutboxRow = {
      id: `O${this.file.nextSeq('outbox')}`,
      ...(key ? { key } : {}),
      chat: chatKey(chat),
      text: out.text,
      ...(out.buttons?.length ? { buttons: out.buttons } : {}),
      ...(out.ref ? { ref: out.ref } : {}),
      status: 'pending',
      createdAt: at,
    };
    this.file.pushItem('outbox', row, () => {
      this.byId.delete(row.id);
      this.dequeue(row);
    });
    this.byId.set(row.id, row);
    this.enqueue(row);
    return row;
  }

  /** The oldest pending row of each chat of these channels, oldest first. */
  heads(channels: readonly string[]): OutboxRow[] {
    const wanted = new Set(channels);
    const heads: OutboxRow[] = [];
    for (const [chat, queue] of this.pending) if (wanted.has(chat.slice(0, chat.indexOf(':')))) heads.push(queue[0]!);
    return heads.sort((a, b) => seqOf(a) - seqOf(b));
  }

  /** The reminder history of these occurrences (see reminder-traces.ts). */
  traces(occurrences: readonly OccurrenceKey[]): ReminderTrace[] {
    return reminderTraces(this.file.data, occurrences);
  }

  /** Rows by status (a copy of the list: for the tests and the console). */
  rows(status?: OutboxRow['status']): OutboxRow[] {
    return this.file.data.outbox.filter((r) => status === undefined || r.status === status);
  }

  /**
   * Marks a row sent (with the platform's message id), parked (the channel sends it later) or
   * undelivered; a parked row is marked sent once delivered. Keeps the finished rows bounded.
   */
  async finishOutbox(id: string, status: 'sent' | 'parked' | 'undelivered', messageId?: string): Promise<void> {
    const row = this.byId.get(id);
    if (!row || !(row.status === 'pending' || (row.status === 'parked' && status !== 'parked'))) return;
    const wasDone = isDone(row);
    const nowDone = status !== 'parked';
    // Registered first, so it runs last on undo, once the row has its status back.
    this.file.onUndo(() => {
      if (this.byId.get(row.id) !== row) return;
      if (row.status === 'pending') this.enqueue(row);
      this.done += Number(isDone(row)) - Number(nowDone);
    });
    if (row.status === 'pending') this.dequeue(row);
    this.file.setField('outbox', row, 'status', status);
    this.file.setField('outbox', row, 'doneAt', this.file.nowIso());
    if (messageId !== undefined) this.file.setField('outbox', row, 'messageId', messageId);
    this.done += Number(nowDone) - Number(wasDone);
    this.pruneDone();
    await this.file.persist();
  }

  /** Drops the oldest finished rows past {@link MAX_DONE_OUTBOX}, in batches (one pass each). */
  private pruneDone(): void {
    if (this.done <= MAX_DONE_OUTBOX + Math.ceil(MAX_DONE_OUTBOX / 10)) return;
    let drop = this.done - MAX_DONE_OUTBOX;
    const dropped: OutboxRow[] = [];
    this.file.data.outbox = this.file.data.outbox.filter((r) => {
      if (drop === 0 || !isDone(r)) return true;
      drop--;
      this.byId.delete(r.id);
      dropped.push(r);
      return false;
    });
    this.file.dropped('outbox', dropped);
    this.done = MAX_DONE_OUTBOX;
  }

  /** Drops reminder step records older than {@link REMINDER_RETENTION_DAYS}, at most once a day. */
  pruneReminders(): void {
    const now = this.file.clock.now();
    const day = now.toISOString().slice(0, 10);
    if (day === this.prunedDay) return;
    this.prunedDay = day;
    const oldest = now.getTime() - REMINDER_RETENTION_DAYS * DAY_MS;
    const reminders = this.file.data.reminders;
    for (const key of Object.keys(reminders)) {
      if (Date.parse(reminders[key]!.at) >= oldest) continue;
      delete reminders[key];
      this.file.record(redo.del('reminders', key));
    }
  }

  /** Moves the rows of chat `a` to `b` (rare: a whole-list change; no write). */
  moveChat(a: string, b: string): void {
    // Registered first, so it runs last on undo, once every row has its chat back.
    this.file.onUndo(() => this.rebuild());
    this.file.rechat('outbox', ['chat'], a, b);
    this.rebuild();
  }
}
