/**
 * Pure mapping for Zalo: webhook signature, OA events and Bot Platform updates → Incoming,
 * Outgoing → OA messages. Input is read defensively.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Incoming, Outgoing } from '../../core/types.js';
import { botPhotoOf, oaFileOf, type ZaloFile } from './files.js';
import { obj, type Obj } from '../json-fields.js';

export const OA_CHANNEL = 'zalo';
export const BOT_CHANNEL = 'zalobot';
export const ZALO_MAX_TEXT = 2000;
/** Largest webhook body accepted (a Zalo event is well under 10 KB). */
export const ZALO_MAX_BODY = 64 * 1024;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * Checks `X-ZEvent-Signature: mac=<hex>` where hex = sha256(app_id + rawBody + timestamp +
 * OA secret key) — plain SHA-256, not HMAC — in constant time. `app_id` and `timestamp` come
 * from the JSON body and `app_id` must be ours.
 */
export function verifySignature(header: string | undefined, raw: Buffer, body: Obj, appId: string, secretKey: string): boolean {
  if (!header?.startsWith('mac=')) return false;
  const bodyApp = str(body.app_id);
  const timestamp = str(body.timestamp);
  if (bodyApp !== appId || timestamp === undefined) return false;
  const expected = createHash('sha256').update(bodyApp).update(raw).update(timestamp).update(secretKey).digest('hex');
  const given = Buffer.from(header.slice(4).trim().toLowerCase());
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** The group id of an OA group event. Which field carries it is not confirmed by Zalo: kept here only. */
export function groupIdOf(event: Obj): string | undefined {
  return str(obj(event.recipient)?.id) ?? str(event.group_id) ?? str(obj(event.message)?.group_id);
}

/**
 * The event's stable key, so a redelivered or replayed event is acted on once: `zalo:<msg_id>`
 * for messages, else (follow, unfollow and other events without one) the event's name, user and
 * timestamp, which a signed replay cannot change (the signature covers them).
 */
export function oaEventKey(event: Obj): string {
  const msgId = str(obj(event.message)?.msg_id);
  if (msgId) return `${OA_CHANNEL}:${msgId}`;
  const user = str(obj(event.follower)?.id) ?? str(obj(event.sender)?.id) ?? str(event.user_id_by_app) ?? '';
  return `${OA_CHANNEL}:${str(event.event_name) ?? ''}:${user}:${str(event.timestamp) ?? ''}`;
}

/**
 * The event's time (`timestamp`, ms since the epoch, a string or a number), or undefined when
 * it has none that can be read.
 */
export function oaEventTime(event: Obj): number | undefined {
  const text = str(event.timestamp);
  const ms = text !== undefined && /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

export interface OaEvent {
  /** {@link oaEventKey}. */
  key: string;
  msgId: string | undefined;
  incoming?: Incoming;
  /** A file or photo sent with the message (a plan to import, a unit's report): where to download it. */
  file?: ZaloFile;
  follow?: { userId: string; on: boolean };
}

/** Maps an OA webhook event. Other event kinds give nothing. */
export function mapOaEvent(event: Obj): OaEvent {
  const key = oaEventKey(event);
  const mapped = mapOaKind(event);
  if (mapped.incoming) mapped.incoming.updateKey = key;
  return { key, ...mapped };
}

function mapOaKind(event: Obj): Omit<OaEvent, 'key'> {
  const message = obj(event.message);
  const msgId = str(message?.msg_id);
  const sender = obj(event.sender);
  const userId = str(sender?.id);
  const name = str(sender?.display_name) ?? (userId ? `Người dùng Zalo ${userId}` : 'Người dùng Zalo');
  switch (event.event_name) {
    case 'user_send_text': {
      const text = str(message?.text);
      if (!userId || text === undefined) return { msgId };
      return { msgId, incoming: { chat: { channel: OA_CHANNEL, chatId: userId }, chatType: 'private', user: { id: userId, name }, text } };
    }
    case 'user_send_group_text': {
      const text = str(message?.text);
      const groupId = groupIdOf(event);
      if (!userId || !groupId || text === undefined) return { msgId };
      return { msgId, incoming: { chat: { channel: OA_CHANNEL, chatId: `g:${groupId}` }, chatType: 'group', user: { id: userId, name }, text } };
    }
    case 'user_send_file':
    case 'user_send_image':
    case 'user_send_group_file':
    case 'user_send_group_image': {
      const file = oaFileOf(event);
      const group = String(event.event_name).startsWith('user_send_group_');
      const groupId = group ? groupIdOf(event) : undefined;
      if (!userId || !file || (group && !groupId)) return { msgId };
      // A caption sent with it ("xong H8") is its text.
      const text = str(message?.text) ?? '';
      const chat = group ? { channel: OA_CHANNEL, chatId: `g:${groupId}` } : { channel: OA_CHANNEL, chatId: userId };
      return { msgId, file, incoming: { chat, chatType: group ? 'group' : 'private', user: { id: userId, name }, text } };
    }
    case 'follow':
    case 'unfollow': {
      const follower = str(obj(event.follower)?.id) ?? userId;
      return follower ? { msgId, follow: { userId: follower, on: event.event_name === 'follow' } } : { msgId };
    }
    default:
      return { msgId };
  }
}

/**
 * Maps a Bot Platform update: `message.text.received`, and `message.image.received` (a photo with
 * an optional caption, as `file`). Anything else, and anything from a bot account
 * (`from.is_bot`), gives nothing. The platform sends no other files (documents) to bots.
 */
export function mapBotUpdate(raw: unknown): { messageId: string | undefined; incoming?: Incoming; file?: ZaloFile } {
  const update = obj(raw);
  const message = obj(update?.message);
  const messageId = str(message?.message_id);
  const image = update?.event_name === 'message.image.received';
  if ((update?.event_name !== 'message.text.received' && !image) || !message) return { messageId };
  const chat = obj(message.chat);
  const from = obj(message.from);
  const chatId = str(chat?.id);
  const userId = str(from?.id);
  const file = image ? botPhotoOf(message) : undefined;
  const text = image ? (file ? str(message.caption) ?? '' : undefined) : str(message.text) ?? (message.text === '' ? '' : undefined);
  if (!chatId || !userId || text === undefined || from?.is_bot === true) return { messageId };
  return {
    messageId,
    ...(file ? { file } : {}),
    incoming: {
      chat: { channel: BOT_CHANNEL, chatId },
      chatType: chat?.chat_type === 'GROUP' ? 'group' : 'private',
      user: { id: userId, name: str(from?.display_name) ?? `Người dùng Zalo ${userId}` },
      text,
      updateKey: messageId ? `${BOT_CHANNEL}:${messageId}` : undefined,
    },
  };
}

/** Button commands written out, for chats without buttons ("Xác nhận: /xacnhan H8 nhan · …"). */
export function withTypedButtons(out: Outgoing): string {
  if (!out.buttons?.length) return out.text;
  return `${out.text}\n\n${out.buttons.map((b) => `${b.label}: gõ ${b.data.replace(/ \d{4}-\d{2}-\d{2}$/, '')}`).join('\n')}`;
}

/** An OA list template with `oa.query.hide` buttons: a press comes back as the button's text (a command). */
export function buttonTemplate(title: string, out: Outgoing): unknown {
  return {
    type: 'template',
    payload: {
      template_type: 'list',
      elements: [{ title: title.slice(0, 100), subtitle: 'Bấm để xác nhận' }],
      buttons: (out.buttons ?? []).map((b) => ({ title: b.label.slice(0, 100), type: 'oa.query.hide', payload: b.data })),
    },
  };
}
