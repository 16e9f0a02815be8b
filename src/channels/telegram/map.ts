/**
 * Pure mapping between Telegram Bot API objects and Loa's channel-free messages. Input is read
 * defensively (`unknown`): an update with unknown fields, no text or odd shapes maps to nothing
 * instead of throwing.
 */
import type { Button, ChatType, Incoming, Outgoing } from '../../core/types.js';
import { fileOf, type TelegramFile } from './files.js';
import { obj, type Obj } from '../json-fields.js';

export const CHANNEL = 'telegram';
export const MAX_TEXT = 4096;
export const MAX_TOAST = 200;

const id = (v: unknown): string | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? v : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** What the adapter keeps about a button press, to answer it and edit the pressed message. */
export interface ButtonPress {
  callbackId: string;
  messageId: string | undefined;
  messageText: string | undefined;
  replyMarkup: unknown;
}

export interface MappedUpdate {
  updateId: number | undefined;
  incoming?: Incoming;
  press?: ButtonPress;
  /** A group that became a supergroup: move everything from `from` to `to`. */
  migrate?: { from: string; to: string };
  /** A file or photo sent with the message (described only: nothing is downloaded yet). */
  file?: TelegramFile;
}

function userName(from: Obj | undefined): string {
  const first = str(from?.first_name) ?? '';
  const last = str(from?.last_name) ?? '';
  const full = `${first} ${last}`.trim();
  return full || (str(from?.username) ? `@${str(from?.username)}` : `Người dùng ${id(from?.id) ?? '?'}`);
}

function chatType(chat: Obj): ChatType {
  return chat.type === 'private' ? 'private' : 'group';
}

/** A group's title as its members see it; private chats have none (the core uses the user's name). */
function chatTitle(chat: Obj): string | undefined {
  const title = chat.type === 'private' ? undefined : str(chat.title)?.trim();
  return title || undefined;
}

/** A Telegram user object of a bot account (`is_bot`). */
function isBot(user: Obj | undefined): boolean {
  return user?.is_bot === true;
}

/** The update's stable key, so a redelivered update is acted on once (see `Incoming.updateKey`). */
function updateKey(updateId: number | undefined): string | undefined {
  return updateId === undefined ? undefined : `${CHANNEL}:${updateId}`;
}

/**
 * A webhook body as an update: a JSON object, else undefined (empty, malformed, `null`, an array,
 * a number...). The content type is not looked at: Telegram always sends JSON.
 */
export function parseWebhookBody(raw: Buffer): Obj | undefined {
  try {
    return obj(JSON.parse(raw.toString('utf8')));
  } catch {
    return undefined;
  }
}

/** Maps one update. Unknown kinds (edited messages, stickers, channel posts...) give no incoming. */
export function mapUpdate(raw: unknown, botUsername: string): MappedUpdate {
  const update = obj(raw);
  const updateId = typeof update?.update_id === 'number' ? update.update_id : undefined;
  if (!update) return { updateId };
  const message = obj(update.message);
  if (message) {
    const chat = obj(message.chat);
    const chatId = id(chat?.id);
    if (!chat || !chatId) return { updateId };
    const to = id(message.migrate_to_chat_id);
    if (to) return { updateId, migrate: { from: chatId, to } };
    const from = id(message.migrate_from_chat_id);
    if (from) return { updateId, migrate: { from, to: chatId } };
    const file = fileOf(message);
    // A file's caption is its text ("xong H8"); a file with none has an empty text.
    const text = str(message.text) ?? (file ? str(message.caption) ?? '' : undefined);
    const user = obj(message.from);
    const userId = id(user?.id);
    // Another bot's messages are never acted on (it could confirm, or loop with Loa).
    if (text === undefined || !userId || isBot(user)) return { updateId };
    const reply = obj(message.reply_to_message);
    return {
      updateId,
      ...(file ? { file } : {}),
      incoming: {
        chat: { channel: CHANNEL, chatId },
        chatType: chatType(chat),
        user: { id: userId, name: userName(user) },
        text,
        replyTo: reply ? id(reply.message_id) : undefined,
        chatTitle: chatTitle(chat),
        botUsername,
        updateKey: updateKey(updateId),
      },
    };
  }
  const query = obj(update.callback_query);
  if (query) {
    const callbackId = str(query.id);
    if (!callbackId) return { updateId };
    const user = obj(query.from);
    const msg = obj(query.message);
    const chat = obj(msg?.chat);
    const chatId = id(chat?.id);
    const userId = id(user?.id);
    const press: ButtonPress = {
      callbackId,
      messageId: id(msg?.message_id),
      messageText: str(msg?.text),
      replyMarkup: msg?.reply_markup,
    };
    const data = str(query.data);
    // A bot's press is answered (the press is), but acts on nothing.
    if (!chat || !chatId || !userId || data === undefined || isBot(user)) return { updateId, press };
    return {
      updateId,
      press,
      incoming: {
        chat: { channel: CHANNEL, chatId },
        chatType: chatType(chat),
        user: { id: userId, name: userName(user) },
        text: '',
        buttonData: data,
        // The pressed message: the core finds what it was about (a deadline, a request).
        replyTo: press.messageId,
        chatTitle: chatTitle(chat),
        botUsername,
        updateKey: updateKey(updateId),
      },
    };
  }
  return { updateId };
}

export interface InlineKeyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
}

/** Buttons as an inline keyboard, two a row; no buttons give an empty keyboard (which removes one in an edit). */
export function inlineKeyboard(buttons: readonly Button[]): InlineKeyboard {
  const rows: InlineKeyboard['inline_keyboard'] = [];
  buttons.forEach((b, i) => {
    if (i % 2 === 0) rows.push([]);
    rows[rows.length - 1]!.push({ text: b.label, callback_data: b.data });
  });
  return { inline_keyboard: rows };
}

/** `sendMessage` parameters (besides `chat_id`): plain text, so no plan or user text can break formatting. */
export function toSendMessage(out: Outgoing): { text: string; reply_markup?: InlineKeyboard } {
  const text = out.text.length > MAX_TEXT ? out.text.slice(0, MAX_TEXT - 1) + '…' : out.text;
  if (!out.buttons?.length) return { text };
  return { text, reply_markup: inlineKeyboard(out.buttons) };
}

/** Short text for `answerCallbackQuery` (at most 200 characters). */
export function toast(replies: readonly Outgoing[]): string | undefined {
  const first = replies[0];
  const text = first?.ack?.toast ?? first?.text.split('\n')[0];
  if (!text) return undefined;
  const chars = Array.from(text);
  return chars.length <= MAX_TOAST ? text : chars.slice(0, MAX_TOAST - 1).join('') + '…';
}

/** The pressed message's text with a line appended (who confirmed), kept under the size limit. */
export function appendedText(original: string, line: string | undefined): string {
  if (line === undefined) return original.length <= MAX_TEXT ? original : original.slice(0, MAX_TEXT - 1) + '…';
  const text = `${original}\n\n${line}`;
  return text.length <= MAX_TEXT ? text : `${original.slice(0, MAX_TEXT - line.length - 3)}…\n\n${line}`;
}
