/**
 * Channel-free message types. Every channel maps its updates to {@link Incoming}
 * and speaks {@link Outgoing}; the core never names a platform.
 */

/** A chat on one channel. Store keys are `channel:chatId`, so ids never collide across channels. */
export interface ChatRef {
  channel: string;
  chatId: string;
}

export type ChatType = 'private' | 'group';

export interface IncomingUser {
  id: string;
  name: string;
}

export interface Incoming {
  chat: ChatRef;
  chatType: ChatType;
  user: IncomingUser;
  /** Text as typed; empty for a button press. */
  text: string;
  /** The channel's id of the message this one replies to, when it is a reply; for a button press, the pressed message. */
  replyTo?: string | undefined;
  /** Data of a pressed button (short ASCII, at most 64 bytes). */
  buttonData?: string | undefined;
  /**
   * Every message here is meant for Loa, as in a private chat, though the chat stands for a unit's
   * group (the console): unknown commands and plain text get a hint instead of silence.
   */
  direct?: boolean | undefined;
  /** The chat's title as people see it (a group's name), when the channel gives one. */
  chatTitle?: string | undefined;
  /** The bot's username on this channel, for `/cmd@name` (the engine's default when absent). */
  botUsername?: string | undefined;
  /**
   * The channel's stable id of this update (`telegram:<update_id>`, `zalo:<msg_id>`), so a
   * redelivered update is not acted on twice, even after a restart. Absent: not deduplicated.
   */
  updateKey?: string | undefined;
  /** A file sent with the message (a plan to import, a unit's report); `read` downloads it. */
  attachment?: Attachment | undefined;
}

/** A file or photo sent with a message, as the channel describes it before anything is downloaded. */
export interface Attachment {
  /** The file name as sent (may hold anything: it is cleaned before it is shown or kept). */
  name: string;
  /** Bytes, as the platform declares them (0 when it does not say). */
  size: number;
  /** The MIME type the platform declares, if any (never trusted: the bytes decide). */
  type?: string | undefined;
  /** A photo (Telegram's compressed photo, Zalo's image) rather than a file. */
  photo?: boolean | undefined;
  /** Downloads it; rejects once more than `maxBytes` arrive (an ImportError with a Vietnamese message). */
  read(maxBytes?: number): Promise<Buffer>;
}

/** A button: a label shown to people and short ASCII data (≤ 64 bytes) sent back when pressed. */
export interface Button {
  label: string;
  data: string;
}

/** Which deadline occurrence a message is about, so a reply to it can confirm it. */
export interface DeadlineRef {
  deadline: string;
  occurrence: string;
  /** How the message shows the deadline (`detail`, `reminder`, `notice`), so a button press can show its new state. */
  view?: string | undefined;
}

/**
 * How a channel with buttons answers the press that produced this reply: a short toast and,
 * when set, a line appended to the pressed message instead of a new message.
 */
export interface ButtonAck {
  toast: string;
  appendLine?: string | undefined;
  /** The pressed message's new text (its state now), put in place of the old text before `appendLine`. */
  text?: string | undefined;
  /** The pressed message's buttons from now on; `[]` removes them all. Absent: unchanged. */
  buttons?: Button[] | undefined;
}

export interface Outgoing {
  /** Target chat; the chat the incoming message came from when absent. */
  chat?: ChatRef | undefined;
  text: string;
  buttons?: Button[] | undefined;
  ref?: DeadlineRef | undefined;
  ack?: ButtonAck | undefined;
  /** The outbox row this message is sent for, so a message parked on the way still finishes its row. */
  outboxId?: string | undefined;
  /** A notice to the admins: if it must be parked, no further notice is raised about it. */
  adminNotice?: boolean | undefined;
}

export const MAX_BUTTON_DATA_BYTES = 64;

export function chatKey(chat: ChatRef): string {
  return `${chat.channel}:${chat.chatId}`;
}

export function parseChatKey(key: string): ChatRef | undefined {
  const i = key.indexOf(':');
  if (i <= 0 || i === key.length - 1) return undefined;
  return { channel: key.slice(0, i), chatId: key.slice(i + 1) };
}

/** The chats of well-formed keys (others are skipped). */
export function parseChatKeys(keys: readonly string[]): ChatRef[] {
  return keys.map(parseChatKey).filter((c): c is ChatRef => c !== undefined);
}
