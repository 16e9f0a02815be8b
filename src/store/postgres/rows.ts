/** Table rows ↔ core records: ids with their prefixes, instants as ISO strings, optional fields absent. */
import type { OutboxRow, ParkedMessage, Stamp } from '../../core/records.js';
import type { Button, DeadlineRef } from '../../core/types.js';

/** `O12` for id 12 of the outbox. */
export function recordId(prefix: string, id: string | number): string {
  return `${prefix}${id}`;
}

/** The sequence number of a prefixed id (`r7` or `R7` → 7), or undefined when it is not one. */
export function seqOf(prefix: string, id: string): string | undefined {
  const m = new RegExp(`^${prefix}(\\d{1,18})$`, 'i').exec(id.trim());
  return m ? m[1] : undefined;
}

/** `toISOString()`'s form: text in it is kept as it is (no Date made and formatted back). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function iso(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  return ISO_INSTANT.test(value) ? value : new Date(value).toISOString();
}

/** A stamp from its four columns (`<p>_at`, `<p>_by_id`, `<p>_by_name`, `<p>_chat`), if set. */
export function stampOf(row: Record<string, unknown>, p: string): Stamp | undefined {
  const at = row[`${p}_at`] as Date | string | null;
  if (!at) return undefined;
  return { at: iso(at)!, by: { id: String(row[`${p}_by_id`]), name: String(row[`${p}_by_name`]) }, chat: String(row[`${p}_chat`]) };
}

export function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function buttonsOf(value: unknown): Button[] | undefined {
  return Array.isArray(value) && value.length ? (value as Button[]) : undefined;
}

function refOf(value: unknown): DeadlineRef | undefined {
  return value && typeof value === 'object' ? (value as DeadlineRef) : undefined;
}

/** The channel of a `channel:chatId` key. */
export function channelOf(chat: string): string {
  const i = chat.indexOf(':');
  return i > 0 ? chat.slice(0, i) : chat;
}

export const OUTBOX_COLUMNS = 'id, key, chat, text, buttons, ref, status, created_at, done_at, message_id';

export function outboxRowOf(r: Record<string, unknown>): OutboxRow {
  const buttons = buttonsOf(r.buttons);
  const ref = refOf(r.ref);
  return {
    id: recordId('O', r.id as string),
    ...(r.key ? { key: r.key as string } : {}),
    chat: r.chat as string,
    text: r.text as string,
    ...(buttons ? { buttons } : {}),
    ...(ref ? { ref } : {}),
    status: r.status as OutboxRow['status'],
    createdAt: iso(r.created_at as Date)!,
    ...(r.done_at ? { doneAt: iso(r.done_at as Date)! } : {}),
    ...(r.message_id !== null && r.message_id !== undefined ? { messageId: r.message_id as string } : {}),
  };
}

export const PARKED_COLUMNS = 'id, chat, text, buttons, ref, reason, at, not_before, outbox_id';

export function parkedOf(r: Record<string, unknown>): ParkedMessage {
  const buttons = buttonsOf(r.buttons);
  const ref = refOf(r.ref);
  return {
    id: recordId('P', r.id as string),
    chat: r.chat as string,
    text: r.text as string,
    ...(buttons ? { buttons } : {}),
    ...(ref ? { ref } : {}),
    reason: r.reason as string,
    at: iso(r.at as Date)!,
    notBefore: iso(r.not_before as Date)!,
    ...(r.outbox_id ? { outboxId: r.outbox_id as string } : {}),
  };
}
