/**
 * The outbox dispatcher: sends the pending rows through the channel adapters (which pace and
 * retry), marks each sent or undelivered, and remembers deadline messages so replies confirm
 * them. Rows stay pending until their send succeeded and that was written, so a restart
 * resumes them: at-least-once, and only a crash between the platform's success and our write
 * can repeat one message.
 */
import type { Logger } from '../core/dispatcher.js';
import { parseChatKey } from '../core/types.js';
import type { ChannelAdapter, SendResult } from '../channels/types.js';
import type { OutboxRow } from '../store/schema.js';
import type { Store } from '../store/store.js';

export interface Outbox {
  /** Sends every pending row (rows of channels not running stay pending). */
  dispatch(): Promise<{ sent: number; undelivered: number; waiting: number }>;
  /** Starts a dispatch soon, without waiting for it. */
  kick(): void;
  /** Waits for the sends in flight. */
  idle(): Promise<void>;
}

export function createOutbox(store: Store, channels: readonly ChannelAdapter[], logger: Logger): Outbox {
  const byName = new Map(channels.map((c) => [c.name, c]));
  const inFlight = new Map<string, Promise<'sent' | 'undelivered'>>();
  /**
   * Rows the channel finished (sent, parked, undelivered) whose status could not be written yet
   * (the store cannot write): finished again at the next dispatch, never sent twice.
   */
  const unrecorded = new Map<string, () => Promise<void>>();

  /** Writes how a row ended; when the store cannot write, keeps it to write later. */
  async function record(row: OutboxRow, write: () => Promise<void>): Promise<void> {
    try {
      await write();
      unrecorded.delete(row.id);
    } catch (error) {
      unrecorded.set(row.id, write);
      logger.warn(`outbox ${row.id}: its status is not written yet (${(error as Error).message})`);
    }
  }

  async function sendRow(row: OutboxRow, channel: ChannelAdapter): Promise<'sent' | 'undelivered'> {
    const retry = unrecorded.get(row.id);
    if (retry) {
      await record(row, retry);
      return 'sent';
    }
    const chat = parseChatKey(row.chat)!;
    let result: SendResult | undefined;
    try {
      result = await channel.send(chat, { text: row.text, buttons: row.buttons, ref: row.ref, outboxId: row.id });
    } catch (error) {
      logger.error(`outbox ${row.id} to ${row.chat} failed`, error);
    }
    if (result?.status === 'not-sent' && result.reason === 'parked') {
      // The channel keeps it and sends it later; the row becomes `sent` then.
      await record(row, () => store.finishOutbox(row.id, 'parked'));
      return 'undelivered';
    }
    if (result?.status !== 'sent') {
      logger.warn(`outbox ${row.id} to ${row.chat} not delivered (${result?.reason ?? 'error'}; see the channel's log)`);
      await record(row, () => store.finishOutbox(row.id, 'undelivered'));
      return 'undelivered';
    }
    const sent = result;
    await record(row, async () => {
      // Remembered under the chat it landed in, so a reply there confirms the deadline.
      if (row.ref) await store.rememberMessage(sent.chat, sent.messageId, row.ref);
      await store.finishOutbox(row.id, 'sent', sent.messageId);
    });
    return 'sent';
  }

  async function dispatch() {
    const rows = store.pendingOutbox();
    let waiting = 0;
    const runs: Array<Promise<'sent' | 'undelivered'>> = [];
    for (const row of rows) {
      const existing = inFlight.get(row.id);
      if (existing) {
        runs.push(existing);
        continue;
      }
      const channel = byName.get(row.chat.split(':')[0] ?? '');
      if (!channel || !parseChatKey(row.chat)) {
        waiting++;
        continue;
      }
      // Started in row order: the channel keeps that order within each chat.
      const run = sendRow(row, channel).finally(() => inFlight.delete(row.id));
      inFlight.set(row.id, run);
      runs.push(run);
    }
    if (waiting) logger.info(`outbox: ${waiting} message(s) wait for a channel that is not running`);
    const results = await Promise.all(runs);
    return { sent: results.filter((r) => r === 'sent').length, undelivered: results.filter((r) => r === 'undelivered').length, waiting };
  }

  return {
    dispatch,
    kick() {
      setImmediate(() => {
        dispatch().catch((error: unknown) => logger.error('outbox dispatch failed', error));
      });
    },
    async idle() {
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
