/**
 * Notices to the admins (a message parked, the store unable to write): batched, never dropped.
 * Notices raised while a batch is being sent wait and go in the next batch. A notice message
 * is marked `adminNotice`, so a channel that parks it does not raise a notice about it (no
 * park → notice → park loop).
 */
import type { Logger } from './core/dispatcher.js';
import { chatKey, type ChatRef, type Outgoing } from './core/types.js';

/** How a notice is sent to one admin chat (the delivery service): whether it went out, or why not. */
export type SendNotice = (chat: ChatRef, out: Outgoing) => Promise<{ status: string; reason?: string }>;

/** Most notices put in one message (the rest go in the next one). */
const MAX_PER_MESSAGE = 20;

export interface AdminNotices {
  /** Queues a notice; resolves when it was handed to the channels (delivered or logged). */
  notify(text: string): Promise<void>;
}

/** Joins notices into one message: one notice as it is, several as a numbered list. */
export function noticeText(texts: readonly string[]): string {
  if (texts.length === 1) return texts[0]!;
  return `⚠️ ${texts.length} thông báo cho quản trị viên:\n\n${texts.map((t, i) => `${i + 1}. ${t}`).join('\n\n')}`;
}

/** Notices to `admins`, each batch sent through `send` (a channel that is not running is skipped by it). */
export function createAdminNotices(admins: readonly ChatRef[], send: SendNotice, logger: Logger): AdminNotices {
  let pending: string[] = [];
  let draining: Promise<void> | undefined;

  async function sendAll(out: Outgoing): Promise<void> {
    for (const admin of admins) {
      try {
        const result = await send(admin, out);
        if (result.status !== 'sent') logger.warn(`admin notice to ${chatKey(admin)} not delivered now (${result.reason ?? result.status})`);
      } catch (error) {
        logger.error(`could not tell admin ${chatKey(admin)}`, error);
      }
    }
  }

  async function drain(): Promise<void> {
    // Let notices raised in the same turn join this batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (pending.length) {
      const batch = pending.slice(0, MAX_PER_MESSAGE);
      pending = pending.slice(batch.length);
      await sendAll({ text: noticeText(batch), adminNotice: true });
    }
    draining = undefined;
  }

  return {
    notify(text) {
      pending.push(text);
      draining ??= drain();
      return draining;
    },
  };
}
