/**
 * The only module that reads or changes the database. One lowdb `Low` per process (two instances
 * on one file lose updates) over {@link SafeFile}: compact JSON, written crash-safe, never over a
 * file someone else changed. A missing file starts empty; an empty or corrupt file stops the
 * start with a message naming the file and the last backup, and is never overwritten.
 *
 * A change that could not be written is rolled back: every method mutates the data, then waits
 * for the write that holds the change; when that write fails, the data goes back to the last
 * state on disk and the method throws a {@link StoreWriteError}. Nothing unwritten stays visible.
 */
import { basename, dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { Clock } from '../core/clock.js';
import { chatKey, parseChatKeys, type ChatRef, type DeadlineRef, type IncomingUser } from '../core/types.js';
import { backupDir, listBackups, prefixOf, takeBackup } from './backup.js';
import { describeFsError, remedyOf, StoreError, StoreWriteError } from './errors.js';
import { takeLock } from './lock.js';
import { WriteQueue } from './write-queue.js';
import { privateDir, removeTemps, SafeFile, type FileIo } from './safe-file.js';
import { UnitOfWork } from './lowdb/unit-of-work.js';
import {
  emptyData,
  migrate,
  type Binding,
  type Confirmation,
  type Announcement,
  type OutboxRow,
  type ParkedMessage,
  type RegistrationRequest,
  type ReminderRecord,
  type ZaloTokens,
  type StoreData,
  type AuditEntry,
  MAX_AUDIT,
} from './schema.js';
import type { Outgoing } from '../core/types.js';

export { StoreError, StoreWriteError } from './errors.js';

/** How many message → deadline references are kept (replies to older messages no longer confirm). */
export const MAX_MESSAGE_REFS = 5000;
/** Finished outbox rows kept for inspection (pending rows are always kept). */
export const MAX_DONE_OUTBOX = 5000;
/** How long a processed update stays known (Telegram keeps undelivered updates 24 h). */
export const UPDATE_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
/** Most processed updates remembered, whatever their age. */
export const MAX_UPDATES = 20_000;

/** One planned reminder step and the messages it sends (none when skipped or without a chat). */
export interface QueuedReminder {
  key: string;
  status: ReminderRecord['status'];
  sends: Array<{ chat: ChatRef; out: Outgoing }>;
}

export type ConfirmKind = 'nhan' | 'xong';

export interface ConfirmInput {
  deadline: string;
  occurrence: string;
  unit: string;
  kind: ConfirmKind;
  user: IncomingUser;
  chat: ChatRef;
}

export interface ConfirmResult {
  /** `new`: first confirmation; `upgraded`: received before, completed now; `unchanged`: nothing new. */
  outcome: 'new' | 'upgraded' | 'unchanged';
  confirmation: Confirmation;
}

export type DecideOutcome = 'done' | 'not-found' | 'already-decided';

export interface OpenOptions {
  file: string;
  clock: Clock;
  /** Backups kept (default 5). */
  keepBackups?: number;
  /** Hold `<file>.lock` while open, refusing a second writer (the bot and `remind --send`). */
  lock?: boolean;
  /** Test seam: file operations of the write path, to inject a fault a machine cannot make. */
  io?: Partial<FileIo>;
}

export class Store {
  private constructor(
    private readonly db: Low<StoreData>,
    adapter: SafeFile<StoreData>,
    private readonly clock: Clock,
    readonly file: string,
    readonly backup: string | undefined,
  ) {
    this.writes = new WriteQueue({
      file,
      write: () => db.write(),
      rollback: () => {
        db.data = adapter.lastGood();
      },
      writes: () => adapter.writes,
    });
    const writes = this.writes;
    this.units = new UnitOfWork({ started: () => writes.started, persist: () => writes.persist() });
  }

  private readonly units: UnitOfWork;

  private readonly writes: WriteQueue;

  /**
   * Opens (or starts) the database file, checks it, and takes a dated backup of a valid one. With
   * `lock`, the lock is taken first, so a refused second instance changes nothing. Every stop is
   * a {@link StoreError} naming the path and the cause.
   */
  static async open(options: OpenOptions): Promise<Store> {
    const file = resolve(options.file);
    const dir = dirname(file);
    try {
      await privateDir(dir);
    } catch (error) {
      throw new StoreError(`Không tạo được thư mục dữ liệu ${dir}: ${describeFsError(error)}. ${remedyOf(error)}`, file, undefined);
    }
    let release: (() => Promise<void>) | undefined;
    if (options.lock) {
      const lock = await takeLock(file);
      if ('heldBy' in lock) {
        throw new StoreError(
          `Tệp dữ liệu ${file} đang được một tiến trình Loa khác dùng${lock.heldBy > 0 ? ` (PID ${lock.heldBy})` : ''}. ` +
            'Mỗi tệp chỉ một tiến trình ghi: dừng tiến trình kia, hoặc dùng DB_FILE khác.',
          file,
          undefined,
        );
      }
      release = lock.release;
    }
    try {
      if (release) {
        // Temp files of a process killed mid-write (only the lock holder may remove them).
        await removeTemps(dir, basename(file) + '.');
        await removeTemps(backupDir(file), prefixOf(file));
      }
      const store = await Store.load(file, options);
      store.release = release;
      return store;
    } catch (error) {
      await release?.();
      throw error;
    }
  }

  private static async load(file: string, options: OpenOptions): Promise<Store> {
    let opened: Awaited<ReturnType<typeof SafeFile.open<StoreData>>>;
    try {
      opened = await SafeFile.open<StoreData>(file, options.io, options.lock === true);
    } catch (error) {
      throw await storeError(file, `không đọc được: ${describeFsError(error, 'read')}`);
    }
    const { adapter, text } = opened;
    let data: StoreData;
    let backup: string | undefined;
    if (text === undefined) {
      data = emptyData();
    } else {
      if (text.trim() === '') throw await storeError(file, 'tệp rỗng');
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        throw await storeError(file, `không phải JSON hợp lệ (${(error as Error).message})`);
      }
      try {
        data = migrate(raw);
      } catch (error) {
        throw await storeError(file, (error as Error).message);
      }
      try {
        backup = await takeBackup(file, text, options.clock.now(), options.keepBackups ?? 5);
      } catch (error) {
        throw new StoreError(
          `Không sao lưu được tệp dữ liệu ${file} vào ${backupDir(file)}: ${describeFsError(error)}. ` +
            `Loa chỉ chạy khi đã sao lưu được. ${remedyOf(error)}`,
          file,
          undefined,
        );
      }
    }
    adapter.accept(data);
    const db = new Low<StoreData>(adapter, data);
    db.data = data;
    return new Store(db, adapter, options.clock, file, backup);
  }

  private release: (() => Promise<void>) | undefined;

  /**
   * Writes what is pending and lets go of the lock. A write refused at this point (the file
   * changed under us, the disk is full) was already reported; it does not stop the shutdown.
   */
  async close(): Promise<void> {
    try {
      await this.flush();
    } catch (error) {
      if (!(error instanceof StoreWriteError)) throw error;
    } finally {
      await this.release?.();
      this.release = undefined;
    }
  }

  /**
   * Calls `listener` when a write fails, once per outage (again only after a write succeeded in
   * between): to tell the admins the store cannot write, and why.
   */
  onWriteFailure(listener: (error: StoreWriteError) => void): void {
    this.writes.onFailure(listener);
  }

  /** Calls `listener` when a write succeeds after a failure. */
  onWriteRecovered(listener: () => void): void {
    this.writes.onRecovered(listener);
  }

  private get data(): StoreData {
    return this.db.data;
  }

  private nowIso(): string {
    return this.clock.now().toISOString();
  }

  /**
   * Runs `work` so that every change it makes is written in ONE write at its end (an incoming
   * update's effect, its processed mark and its replies), and resolves only once that write is
   * done; a failed write rejects. When `work` throws, every change it made is undone and none
   * is written (see {@link UnitOfWork}). Changes made by other work meanwhile stay and are
   * written as usual. Units run side by side, never one after another; a nested unit joins.
   */
  atomically<T>(work: () => Promise<T>): Promise<T> {
    return this.units.run(work);
  }

  // --- changes that a failed unit of work can undo ---------------------------------------------

  /** Sets `table()[key]`; undone only while it still holds `value`. */
  private setKey<T>(table: () => Record<string, T>, key: string, value: T): void {
    const t = table();
    const had = Object.hasOwn(t, key);
    const prev = t[key];
    t[key] = value;
    this.units.onUndo(() => {
      const now = table();
      if (now[key] !== value) return;
      if (had) now[key] = prev as T;
      else delete now[key];
    });
  }

  /** Deletes `table()[key]`; undone only while nothing took its place. */
  private deleteKey<T>(table: () => Record<string, T>, key: string): void {
    const t = table();
    if (!Object.hasOwn(t, key)) return;
    const prev = t[key] as T;
    delete t[key];
    this.units.onUndo(() => {
      const now = table();
      if (!Object.hasOwn(now, key)) now[key] = prev;
    });
  }

  /** Sets a field of a record; undone only while it still holds `value`. */
  private setField<O extends object, K extends keyof O>(obj: O, field: K, value: O[K]): void {
    const had = Object.hasOwn(obj, field);
    const prev = obj[field];
    obj[field] = value;
    this.units.onUndo(() => {
      if (obj[field] !== value) return;
      if (had) obj[field] = prev;
      else delete (obj as Record<PropertyKey, unknown>)[field];
    });
  }

  /** Appends to `list()`; undone by taking that very item out again. */
  private pushItem<T>(list: () => T[], item: T): void {
    list().push(item);
    this.units.onUndo(() => {
      const now = list();
      const i = now.lastIndexOf(item);
      if (i >= 0) now.splice(i, 1);
    });
  }

  /** Removes `list()[index]`; undone by putting it back near where it was. */
  private removeAt<T>(list: () => T[], index: number): void {
    const [item] = list().splice(index, 1);
    if (item === undefined) return;
    this.units.onUndo(() => {
      const now = list();
      if (!now.includes(item)) now.splice(Math.min(index, now.length), 0, item);
    });
  }

  /**
   * Writes the whole file once for all changes made in the same turn of the event loop, one write
   * at a time. Resolves when a write that includes the caller's change is on disk; rejects with a
   * {@link StoreWriteError} (the change rolled back) when it could not be written.
   */
  private persist(): Promise<void> {
    // Inside `atomically`: the change is written once, with everything else the unit does.
    if (this.units.markDirty()) return Promise.resolve();
    return this.writes.persist();
  }

  /** Writes the current state and waits for it. */
  async flush(): Promise<void> {
    await this.persist();
  }

  // --- chat bindings -------------------------------------------------------------------------

  bindingOf(chat: ChatRef): Binding | undefined {
    return this.data.bindings[chatKey(chat)];
  }

  async bind(chat: ChatRef, unit: string, by: IncomingUser): Promise<Binding> {
    const binding: Binding = { unit, at: this.nowIso(), by: { id: by.id, name: by.name } };
    this.setKey(() => this.data.bindings, chatKey(chat), binding);
    await this.persist();
    return binding;
  }

  /** Chats bound to a unit. */
  chatsOf(unit: string): ChatRef[] {
    return parseChatKeys(Object.entries(this.data.bindings).filter(([, b]) => b.unit === unit).map(([key]) => key));
  }

  // --- registration requests ------------------------------------------------------------------

  /** Creates a pending request, or returns the pending one for the same chat and unit. */
  async requestBinding(
    chat: ChatRef,
    chatType: 'private' | 'group',
    unit: string,
    user: IncomingUser,
    chatTitle?: string,
  ): Promise<{ request: RegistrationRequest; created: boolean }> {
    const key = chatKey(chat);
    const existing = this.data.requests.find((r) => r.status === 'pending' && r.chat === key && r.unit === unit);
    if (existing) return { request: existing, created: false };
    this.data.seq.request += 1;
    const request: RegistrationRequest = {
      id: `R${this.data.seq.request}`,
      chat: key,
      chatType,
      ...(chatTitle ? { chatTitle: chatTitle.slice(0, 128) } : {}),
      unit,
      user: { id: user.id, name: user.name },
      at: this.nowIso(),
      status: 'pending',
    };
    this.pushItem(() => this.data.requests, request);
    await this.persist();
    return { request, created: true };
  }

  pendingRequests(): RegistrationRequest[] {
    return this.data.requests.filter((r) => r.status === 'pending');
  }

  findRequest(id: string): RegistrationRequest | undefined {
    return this.data.requests.find((r) => r.id.toLowerCase() === id.toLowerCase());
  }

  /** Approves (binding the chat) or rejects a pending request, in one write. */
  async decideRequest(
    id: string,
    approve: boolean,
    by: IncomingUser,
    byChat: ChatRef,
  ): Promise<{ outcome: DecideOutcome; request?: RegistrationRequest }> {
    const request = this.findRequest(id);
    if (!request) return { outcome: 'not-found' };
    if (request.status !== 'pending') return { outcome: 'already-decided', request };
    const at = this.nowIso();
    this.setField(request, 'status', approve ? 'approved' : 'rejected');
    this.setField(request, 'decided', { at, by: { id: by.id, name: by.name }, chat: chatKey(byChat) });
    if (approve) this.setKey(() => this.data.bindings, request.chat, { unit: request.unit, at, by: { id: by.id, name: by.name } });
    await this.persist();
    return { outcome: 'done', request };
  }

  // --- confirmations --------------------------------------------------------------------------

  confirmationOf(deadline: string, occurrence: string, unit: string): Confirmation | undefined {
    return this.data.confirmations.find((c) => c.deadline === deadline && c.occurrence === occurrence && c.unit === unit);
  }

  confirmationsOf(deadline: string, occurrence: string): Confirmation[] {
    return this.data.confirmations.filter((c) => c.deadline === deadline && c.occurrence === occurrence);
  }

  /**
   * Records that a unit received (`nhan`) or completed (`xong`) one deadline occurrence.
   * Completing implies receiving. Repeating a confirmation changes nothing.
   */
  async confirm(input: ConfirmInput): Promise<ConfirmResult> {
    const stamp = { at: this.nowIso(), by: { id: input.user.id, name: input.user.name }, chat: chatKey(input.chat) };
    const existing = this.confirmationOf(input.deadline, input.occurrence, input.unit);
    if (existing) {
      if (input.kind === 'nhan' || existing.completed) return { outcome: 'unchanged', confirmation: existing };
      this.setField(existing, 'completed', stamp);
      await this.persist();
      return { outcome: 'upgraded', confirmation: existing };
    }
    const confirmation: Confirmation = {
      deadline: input.deadline,
      occurrence: input.occurrence,
      unit: input.unit,
      received: stamp,
      ...(input.kind === 'xong' ? { completed: stamp } : {}),
    };
    this.pushItem(() => this.data.confirmations, confirmation);
    await this.persist();
    return { outcome: 'new', confirmation };
  }

  // --- bot messages about a deadline (so a reply "đã nhận" can confirm it) ----------------------

  async rememberMessage(chat: ChatRef, messageId: string, ref: DeadlineRef): Promise<void> {
    this.pushItem(() => this.data.messages, {
      chat: chatKey(chat),
      messageId,
      deadline: ref.deadline,
      occurrence: ref.occurrence,
      ...(ref.view ? { view: ref.view } : {}),
      at: this.nowIso(),
    });
    const messages = this.data.messages;
    if (messages.length > MAX_MESSAGE_REFS) messages.splice(0, messages.length - MAX_MESSAGE_REFS);
    await this.persist();
  }

  // --- chat state: inactive chats, supergroup migration ----------------------------------------

  /** Why and since when a chat refuses our messages (bot removed or blocked), if it does. */
  inactiveSince(chat: ChatRef): { at: string; reason: string } | undefined {
    return this.data.chats[chatKey(chat)]?.inactive;
  }

  async markInactive(chat: ChatRef, reason: string): Promise<void> {
    this.setKey(() => this.data.chats, chatKey(chat), { inactive: { at: this.nowIso(), reason } });
    await this.persist();
  }

  /** A chat that writes to us again is active again. Returns whether it was inactive. */
  async markActive(chat: ChatRef): Promise<boolean> {
    const key = chatKey(chat);
    if (!this.data.chats[key]?.inactive) return false;
    this.deleteKey(() => this.data.chats, key);
    await this.persist();
    return true;
  }

  /**
   * Moves everything stored about a chat to its new id (a Telegram group that became a
   * supergroup): its binding, requests, message references, parked messages and the chat of
   * its confirmations.
   */
  async moveChat(from: ChatRef, to: ChatRef): Promise<void> {
    const a = chatKey(from);
    const b = chatKey(to);
    if (a === b) return;
    const d = this.data;
    const binding = d.bindings[a];
    if (binding) {
      this.setKey(() => this.data.bindings, b, binding);
      this.deleteKey(() => this.data.bindings, a);
    }
    if (d.chats[a]) this.deleteKey(() => this.data.chats, a);
    for (const list of [d.requests, d.messages, d.parked, d.outbox]) {
      for (const r of list as Array<{ chat: string }>) if (r.chat === a) this.setField(r, 'chat', b);
    }
    const slogan = d.sloganChats[a];
    if (slogan) {
      this.setKey(() => this.data.sloganChats, b, slogan);
      this.deleteKey(() => this.data.sloganChats, a);
    }
    for (const c of d.confirmations) {
      if (c.received.chat === a) this.setField(c.received, 'chat', b);
      if (c.completed?.chat === a) this.setField(c.completed, 'chat', b);
    }
    await this.persist();
  }

  // --- parked messages (could not be sent for now) ---------------------------------------------

  async park(chat: ChatRef, out: Outgoing, reason: string, notBefore: Date): Promise<ParkedMessage> {
    this.data.seq.parked += 1;
    const parked: ParkedMessage = {
      id: `P${this.data.seq.parked}`,
      chat: chatKey(chat),
      text: out.text,
      ...(out.buttons?.length ? { buttons: out.buttons } : {}),
      ...(out.ref ? { ref: out.ref } : {}),
      reason,
      at: this.nowIso(),
      notBefore: notBefore.toISOString(),
      ...(out.outboxId ? { outboxId: out.outboxId } : {}),
    };
    this.pushItem(() => this.data.parked, parked);
    await this.persist();
    return parked;
  }

  /** Parked messages of one channel, oldest first. */
  parkedOf(channel: string): ParkedMessage[] {
    return this.data.parked.filter((p) => p.chat.startsWith(`${channel}:`));
  }

  async unpark(id: string): Promise<void> {
    const i = this.data.parked.findIndex((p) => p.id === id);
    if (i < 0) return;
    this.removeAt(() => this.data.parked, i);
    await this.persist();
  }

  // --- reminders and the outbox ------------------------------------------------------------------

  reminder(key: string): ReminderRecord | undefined {
    return this.data.reminders[key];
  }

  /**
   * Records reminder steps and their outbox rows in ONE write, so a planned send is never lost
   * and a step is never planned twice. Keys already recorded are left alone.
   */
  async queueReminders(items: readonly QueuedReminder[]): Promise<OutboxRow[]> {
    const at = this.nowIso();
    const rows: OutboxRow[] = [];
    for (const item of items) {
      if (this.data.reminders[item.key]) continue;
      this.setKey(() => this.data.reminders, item.key, { status: item.status, at });
      for (const send of item.sends) rows.push(this.newRow(send.chat, send.out, at, item.key));
    }
    if (rows.length || items.length) await this.persist();
    return rows;
  }

  /** Queues messages that belong to no reminder step (announcements). */
  async queueMessages(sends: ReadonlyArray<{ chat: ChatRef; out: Outgoing }>): Promise<OutboxRow[]> {
    const at = this.nowIso();
    const rows = sends.map((s) => this.newRow(s.chat, s.out, at));
    await this.persist();
    return rows;
  }

  private newRow(chat: ChatRef, out: Outgoing, at: string, key?: string): OutboxRow {
    this.data.seq.outbox += 1;
    const row: OutboxRow = {
      id: `O${this.data.seq.outbox}`,
      ...(key ? { key } : {}),
      chat: chatKey(chat),
      text: out.text,
      ...(out.buttons?.length ? { buttons: out.buttons } : {}),
      ...(out.ref ? { ref: out.ref } : {}),
      status: 'pending',
      createdAt: at,
    };
    this.pushItem(() => this.data.outbox, row);
    return row;
  }

  pendingOutbox(): OutboxRow[] {
    return this.data.outbox.filter((r) => r.status === 'pending');
  }

  outboxRows(): readonly OutboxRow[] {
    return this.data.outbox;
  }

  /**
   * Marks a row sent (with the platform's message id), parked (the channel sends it later) or
   * undelivered; a parked row is marked sent once delivered. Keeps the list bounded.
   */
  async finishOutbox(id: string, status: 'sent' | 'parked' | 'undelivered', messageId?: string): Promise<void> {
    const row = this.data.outbox.find((r) => r.id === id);
    if (!row || !(row.status === 'pending' || (row.status === 'parked' && status !== 'parked'))) return;
    this.setField(row, 'status', status);
    this.setField(row, 'doneAt', this.nowIso());
    if (messageId !== undefined) this.setField(row, 'messageId', messageId);
    const done = this.data.outbox.filter((r) => r.status !== 'pending' && r.status !== 'parked');
    if (done.length > MAX_DONE_OUTBOX) {
      const drop = new Set(done.slice(0, done.length - MAX_DONE_OUTBOX));
      this.data.outbox = this.data.outbox.filter((r) => !drop.has(r));
    }
    await this.persist();
  }

  // --- slogan of the day subscriptions, announcements ------------------------------------------

  sloganChats(): ChatRef[] {
    return parseChatKeys(Object.keys(this.data.sloganChats));
  }

  isSloganChat(chat: ChatRef): boolean {
    return chatKey(chat) in this.data.sloganChats;
  }

  /** Turns the daily slogan on or off for a chat; returns whether anything changed. */
  async setSloganChat(chat: ChatRef, on: boolean, by: IncomingUser): Promise<boolean> {
    const key = chatKey(chat);
    if (on === key in this.data.sloganChats) return false;
    if (on) this.setKey(() => this.data.sloganChats, key, { at: this.nowIso(), by: { id: by.id, name: by.name } });
    else this.deleteKey(() => this.data.sloganChats, key);
    await this.persist();
    return true;
  }

  announcements(): readonly Announcement[] {
    return this.data.announcements;
  }

  async addAnnouncement(input: Omit<Announcement, 'id' | 'at'>): Promise<Announcement> {
    this.data.seq.announcement += 1;
    const a: Announcement = { id: `T${this.data.seq.announcement}`, at: this.nowIso(), ...input };
    this.pushItem(() => this.data.announcements, a);
    await this.persist();
    return a;
  }

  // --- Zalo OA tokens ---------------------------------------------------------------------------

  zaloTokens(): ZaloTokens | null {
    return this.data.zaloTokens;
  }

  /** Saves a token pair and waits until it is on disk (a refresh token works only once). */
  async saveZaloTokens(tokens: Omit<ZaloTokens, 'updatedAt'>): Promise<void> {
    this.setField(this.data, 'zaloTokens', { ...tokens, updatedAt: this.nowIso() });
    await this.persist();
  }

  // --- processed incoming updates (redeliveries are not acted on twice) -------------------------

  /** When an update (`<channel>:<id>`) was processed, if it was, within the window. */
  updateSeen(key: string): string | undefined {
    return this.data.updates[key];
  }

  /**
   * Records an update as processed, in memory: it is written with the next write, so the caller
   * makes it part of the write that holds the update's effect. Old entries are dropped.
   */
  markUpdate(key: string): void {
    this.setKey(() => this.data.updates, key, this.nowIso());
    const updates = this.data.updates;
    const keys = Object.keys(updates);
    if (keys.length <= MAX_UPDATES && keys.length % 100 !== 0) return;
    const oldest = this.clock.now().getTime() - UPDATE_WINDOW_MS;
    for (const k of keys) if (Date.parse(updates[k]!) < oldest) delete updates[k];
    const left = Object.keys(updates);
    for (const k of left.slice(0, Math.max(0, left.length - MAX_UPDATES))) delete updates[k];
  }

  messageRef(chat: ChatRef, messageId: string): DeadlineRef | undefined {
    const key = chatKey(chat);
    for (let i = this.data.messages.length - 1; i >= 0; i--) {
      const m = this.data.messages[i];
      if (m && m.chat === key && m.messageId === messageId) return { deadline: m.deadline, occurrence: m.occurrence, ...(m.view ? { view: m.view } : {}) };
    }
    return undefined;
  }

  // --- added for the ports (src/store/lowdb): reads and the audit log ------------------------------

  /** How many chats each unit has (units without a chat are absent). */
  chatCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const b of Object.values(this.data.bindings)) counts.set(b.unit, (counts.get(b.unit) ?? 0) + 1);
    return counts;
  }

  /**
   * Appends an audit entry in memory, keeping the newest {@link MAX_AUDIT}: it is written with the
   * next write (the change it records, in the same unit of work), as `markUpdate` is, so logging
   * a change costs no write of its own.
   */
  recordAudit(entry: Omit<AuditEntry, 'at'>): void {
    this.pushItem(() => this.data.audit, { at: this.nowIso(), ...entry });
    const audit = this.data.audit;
    if (audit.length > MAX_AUDIT) audit.splice(0, audit.length - MAX_AUDIT);
  }

  /** The newest audit entries first. */
  auditEntries(limit: number): AuditEntry[] {
    return limit > 0 ? this.data.audit.slice(-limit).reverse() : [];
  }
}

async function storeError(file: string, reason: string): Promise<StoreError> {
  const backups = await listBackups(file);
  const last = backups[0];
  const hint = last
    ? `Bản sao lưu gần nhất: ${last}. Khôi phục: cp "${last}" "${file}"`
    : 'Chưa có bản sao lưu nào (thư mục backups/ cạnh tệp trống).';
  return new StoreError(
    `Không mở được tệp dữ liệu ${file}: ${reason}. Loa dừng lại và không ghi đè tệp này. ${hint}`,
    file,
    last,
  );
}
