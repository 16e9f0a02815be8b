/** The shape of a chat command. The table of all commands lives in `commands/index.ts`. */
import type { HandInFiles } from './hand-in-ports.js';
import type { PlanImports } from './imports.js';
import type { Catalog } from './catalog.js';
import type { ConfirmationBook } from './confirmation-book.js';
import type { Content, Deadline } from './content.js';
import type { Day } from './dates.js';
import type { Unit } from './org.js';
import type {
  AnnouncementPort,
  AuditEntry,
  AuditPort,
  BindingPort,
  ConfirmationPort,
  DownloadLinkPort,
  FileStorePort,
  FormSessionPort,
  OccurrenceKey,
  OutboxPort,
  SubmissionPort,
  SubscriptionPort,
} from './ports.js';
import { chatKey, type ChatRef, type Incoming, type Outgoing } from './types.js';
import type { WebLinkIssuer } from './web-links.js';

/** The ports a command may use (never the whole store). */
export interface CommandPorts {
  bindings: BindingPort;
  confirmations: ConfirmationPort;
  /** Messages to other chats queued by a command (a notice to every unit). */
  outbox: Pick<OutboxPort, 'queueMessages'>;
  subscriptions: SubscriptionPort;
  announcements: AnnouncementPort;
  audit: Pick<AuditPort, 'record'>;
  /** What units hand in, the files' bytes, guided registrations, one-time download links. */
  submissions: SubmissionPort;
  files: FileStorePort;
  formSessions: FormSessionPort;
  downloads: DownloadLinkPort;
}

export interface CommandContext extends CommandPorts {
  incoming: Incoming;
  /** Arguments after the command name, cleaned (may be empty). */
  args: string;
  /** The longest message of this chat's channel (a longer reply goes as several messages). */
  replyLimit?: number;
  content: Content;
  /** Plan deadlines and announcements. */
  catalog: Catalog;
  now: Date;
  /** Today in the organisation's zone. */
  today: Day;
  zone: string;
  isAdmin: boolean;
  /** A viewer of the web console (`VIEWER_IDS`): may read it, change nothing. */
  isViewer: boolean;
  /** Issues web console sign-in links, when the web console runs. */
  webLinks?: WebLinkIssuer | undefined;
  /** Private chats of the admins (`ADMIN_IDS`), for requests that need them. */
  adminChats: ChatRef[];
  /** The unit this chat is bound to, if any. */
  unit: Unit | undefined;
  /** Every command, for /help. */
  commands: readonly Command[];
  /** Plans sent as files, waiting to be published (channels that accept files only). */
  imports?: PlanImports | undefined;
  /** File checks, form read-back and merged tables for hand-ins (absent: this run takes no report files). */
  handInFiles?: HandInFiles | undefined;
  /** Unit chats Loa can send to now (on a running channel), for notices. */
  chatsOf(unit: string): Promise<ChatRef[]>;
  /**
   * The confirmations of `deadlines` (their current and next occurrences) and of `extra`
   * occurrences, fetched at once (see {@link ConfirmationBook}).
   */
  book(deadlines: readonly Deadline[], extra?: readonly OccurrenceKey[]): Promise<ConfirmationBook>;
}

export interface Command {
  /** ASCII name typed after "/": `[a-z0-9_]{1,32}`. */
  name: string;
  /** Other names (with or without diacritics; matched diacritic-insensitively). */
  aliases: string[];
  /** One line of Vietnamese for /help and platform menus. */
  description: string;
  /** Usage line shown on a wrong argument, e.g. `/xacnhan MÃ_HẠN [nhan | xong]`. */
  usage: string;
  /** Example for /help and the README. */
  example?: string;
  adminOnly?: boolean;
  run(ctx: CommandContext): Promise<Outgoing[]> | Outgoing[];
}

/**
 * Renders a deadline message of one kind (a {@link DeadlineRef} `view`) for the chat's unit as it
 * stands now, so a pressed message can be edited to show its new state. Undefined: cannot.
 */
export type DeadlineView = (ctx: CommandContext, d: Deadline, occurrence: Day) => Promise<Outgoing | undefined>;

/** A reply to the chat the message came from. */
export function reply(text: string, extra: Omit<Outgoing, 'text'> = {}): Outgoing[] {
  return [{ text, ...extra }];
}

/** The usage line of a command, for a wrong argument. */
export function usage(cmd: Command, why?: string): Outgoing[] {
  return reply(`${why ? why + '\n' : ''}Cách dùng: ${cmd.usage}${cmd.example ? `\nVí dụ: ${cmd.example}` : ''}`);
}

/** "cuộc trò chuyện này" in a private chat, "nhóm chat này" in a group: how Loa names the chat it answers. */
export function thisChat(incoming: Pick<Incoming, 'chatType'>): string {
  return incoming.chatType === 'private' ? 'cuộc trò chuyện này' : 'nhóm chat này';
}

/**
 * How a chat is named to people (an admin deciding a request): the group's title, or the person
 * of a private chat; never an internal key.
 */
export function chatLabel(chat: { chatType: 'private' | 'group'; title?: string | undefined; userName: string }): string {
  if (chat.chatType === 'private') return `cuộc trò chuyện riêng với ${chat.userName}`;
  return chat.title ? `nhóm “${chat.title}”` : `một nhóm chat chưa rõ tên (do ${chat.userName} gửi)`;
}

/** Who did something, for the audit log: the person and the chat they wrote in. */
export function actorOf(incoming: Pick<Incoming, 'user' | 'chat'>): AuditEntry['actor'] {
  return { id: incoming.user.id, name: incoming.user.name, chat: chatKey(incoming.chat) };
}
