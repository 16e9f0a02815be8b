/**
 * The ports: what the engine, the commands, the channels and the scheduler need from storage,
 * as narrow async interfaces. `src/store/lowdb` (one process, one JSON file) and
 * `src/store/postgres` (N replicas) implement them; the core never names either. A command
 * gets the ports it needs, not the whole store.
 */
import type {
  Announcement,
  Binding,
  BoundChat,
  Confirmation,
  ConfirmInput,
  ConfirmResult,
  DecideOutcome,
  OutboxRow,
  ParkedMessage,
  Person,
  RegistrationRequest,
  ReminderRecord,
  ZaloTokens,
  OccurrenceKey,
} from './records.js';
import type { ChatRef, ChatType, DeadlineRef, Outgoing } from './types.js';
import type { AuditPort, WebAuthPort } from './audit-ports.js';
import type { ContentPort } from './content-ports.js';
import type { DownloadLinkPort, FileStorePort, FormSessionPort, SubmissionPort } from './submission-ports.js';

export type * from './audit-ports.js';
export type * from './content-ports.js';
export type * from './submission-ports.js';

/** Chats bound to units, and the requests to bind one. */
export interface BindingPort {
  bindingOf(chat: ChatRef): Promise<Binding | undefined>;
  /** Chats bound to a unit. */
  chatsOf(unit: string): Promise<ChatRef[]>;
  /** How many chats each unit has (units without a chat are absent). */
  chatCounts(): Promise<Map<string, number>>;
  /** Binds (or re-binds) a chat; its known title and last activity are kept unless `title` is given. */
  bind(chat: ChatRef, unit: string, by: Person, title?: string): Promise<Binding>;
  /** Removes a chat's binding and returns it; undefined when the chat was not bound. The caller audits it. */
  unbind(chat: ChatRef): Promise<Binding | undefined>;
  /** The bound chats, of one unit or of all, oldest binding first, with their inactive state. */
  boundChats(unit?: string): Promise<BoundChat[]>;
  /**
   * Records that a bound chat wrote at `at` (and its title, when given); nothing for a chat that is
   * not bound. Callers throttle it (see `core/activity.ts`): it is a write.
   */
  noteActivity(chat: ChatRef, at: string, title?: string): Promise<void>;
  /** Creates a pending request, or returns the pending one for the same chat and unit. */
  requestBinding(chat: ChatRef, chatType: ChatType, unit: string, user: Person, chatTitle?: string): Promise<{ request: RegistrationRequest; created: boolean }>;
  pendingRequests(): Promise<RegistrationRequest[]>;
  /** Approves (binding the chat) or rejects a pending request, in one write. */
  decideRequest(id: string, approve: boolean, by: Person, byChat: ChatRef): Promise<{ outcome: DecideOutcome; request?: RegistrationRequest }>;
  /**
   * What is known of these chats (`channel:chatId` keys), to name them to people instead of by
   * their key: the unit each is bound to, and its title (its binding's, else its newest
   * registration request's that had one).
   */
  chatNames(chats: readonly string[]): Promise<Map<string, ChatName>>;
}

/** A chat as Loa knows it (see {@link BindingPort.chatNames}); both parts may be unknown. */
export interface ChatName {
  unit?: string | undefined;
  title?: string | undefined;
}

export type { OccurrenceKey };

/** Which units completed and which only received one deadline occurrence (unit codes, any order). */
export interface OccurrenceStatuses extends OccurrenceKey {
  completed: string[];
  received: string[];
}

/** When units completed one deadline occurrence: `units[i]` at `at[i]` (ISO instants). */
export interface OccurrenceCompletions extends OccurrenceKey {
  units: string[];
  at: string[];
}

export interface ConfirmationPort {
  /** The confirmations of these deadline occurrences (in any order; none for an unknown one). */
  confirmationsOf(occurrences: readonly OccurrenceKey[]): Promise<Confirmation[]>;
  /**
   * Where the units stand on these occurrences, without who, when and from which chat: what a
   * progress view of many occurrences needs, at a fraction of the reading (in any order; an
   * occurrence without confirmations may be left out).
   */
  statusesOf(occurrences: readonly OccurrenceKey[]): Promise<OccurrenceStatuses[]>;
  /**
   * When each unit completed these occurrences, without who and from which chat: what a chart of
   * completion over time needs (in any order; an occurrence nobody completed may be left out).
   */
  completionsOf(occurrences: readonly OccurrenceKey[]): Promise<OccurrenceCompletions[]>;
  /**
   * Records that a unit received (`nhan`) or completed (`xong`) one occurrence; completing
   * implies receiving, repeating changes nothing. Two at once give one `new` and one `unchanged`.
   */
  confirm(input: ConfirmInput): Promise<ConfirmResult>;
  /**
   * Removes a unit's confirmation of one occurrence (an admin's undo) and returns what was removed;
   * undefined when there was none. The history stays in the audit log, which the caller records
   * in the same unit of work. `by` is who undoes it.
   */
  undoConfirmation(key: ConfirmationKey, by: Person): Promise<Confirmation | undefined>;
  /**
   * Moves every confirmation of a deadline's occurrence on `from` to the day `to` (the office
   * moved the occurrence); returns how many moved. `to` must have none (the caller checks), and
   * the caller records the move in the same unit of work.
   */
  moveOccurrence(deadline: string, from: string, to: string): Promise<number>;
}

/** One unit's confirmation of one deadline occurrence. */
export interface ConfirmationKey extends OccurrenceKey {
  unit: string;
}

/** A message to queue for one chat. */
export interface QueuedSend {
  chat: ChatRef;
  out: Outgoing;
}

/** One planned reminder step and the messages it sends (none when skipped or without a chat). */
export interface QueuedReminder {
  key: string;
  status: ReminderRecord['status'];
  sends: QueuedSend[];
}

/** The outbox: every message Loa sends goes through it. */
export interface OutboxPort {
  queueMessages(sends: readonly QueuedSend[]): Promise<OutboxRow[]>;
  /** Records reminder steps and their rows in one write; a key already recorded is left alone. */
  queueReminders(items: readonly QueuedReminder[]): Promise<OutboxRow[]>;
  /** Which of these reminder keys are recorded. */
  recordedReminders(keys: readonly string[]): Promise<Set<string>>;
  /**
   * Claims pending rows of these channels for `owner` until `leaseMs` from now: at most one row
   * per chat (its oldest), so each chat's order holds across replicas; a row whose claim ran out
   * (its replica died) is claimed again. Oldest first, at most `limit`.
   */
  claimOutbox(owner: string, channels: readonly string[], limit: number, leaseMs: number): Promise<OutboxRow[]>;
  /**
   * Extends `owner`'s claims on rows still being sent (a send waiting on the pace or a 429 can
   * outlast a lease): a claim ends only when its replica stops renewing it, i.e. died.
   */
  renewClaims(owner: string, ids: readonly string[], leaseMs: number): Promise<void>;
  /** Marks a row sent (with the platform's message id), parked, or undelivered; a parked row becomes sent later. */
  finishOutbox(id: string, status: 'sent' | 'parked' | 'undelivered', messageId?: string): Promise<void>;
  /** Rows by status, for the tests and the console. */
  outboxRows(status?: OutboxRow['status']): Promise<OutboxRow[]>;
  /**
   * The reminder steps of these occurrences (keys `deadline@occurrence#…`) as kept: each step's
   * record and the messages it queued, oldest first, with why a parked one waits. Only what the
   * store still keeps (records and finished rows are pruned after a while).
   */
  reminderTraces(occurrences: readonly OccurrenceKey[]): Promise<ReminderTrace[]>;
}

/** One reminder step as kept (see {@link OutboxPort.reminderTraces}). */
export interface ReminderTrace {
  key: string;
  /** Absent when the step's record was pruned while some of its messages are still kept. */
  record?: ReminderRecord | undefined;
  rows: Array<{ row: OutboxRow; parked?: Pick<ParkedMessage, 'reason' | 'notBefore'> | undefined }>;
}

/** The start of the reminder keys of one occurrence (see `reminderKey` in the planner). */
export const reminderPrefix = (k: OccurrenceKey): string => `${k.deadline}@${k.occurrence}#`;

/** Messages a channel keeps to send later (a long rate limit, repeated errors). */
export interface ParkingPort {
  park(chat: ChatRef, out: Outgoing, reason: string, notBefore: Date): Promise<ParkedMessage>;
  /** Parked messages of a channel due at `now`, oldest first, claimed by `owner` until `leaseMs` from now. */
  dueParked(channel: string, now: Date, owner: string, leaseMs: number): Promise<ParkedMessage[]>;
  unpark(id: string): Promise<void>;
}

/** Which sent message is about which deadline occurrence, so a reply to it confirms it. */
export interface MessageRefPort {
  rememberMessage(chat: ChatRef, messageId: string, ref: DeadlineRef): Promise<void>;
  messageRef(chat: ChatRef, messageId: string): Promise<DeadlineRef | undefined>;
}

/** Chats that refuse the bot, and chats that changed id (a group that became a supergroup). */
export interface ChatStatePort {
  inactiveSince(chat: ChatRef): Promise<{ at: string; reason: string } | undefined>;
  markInactive(chat: ChatRef, reason: string): Promise<void>;
  /** A chat that writes again is active again; whether it was inactive. */
  markActive(chat: ChatRef): Promise<boolean>;
  /** Moves everything stored about a chat to its new id. */
  moveChat(from: ChatRef, to: ChatRef): Promise<void>;
}

/** Incoming updates already processed, so a redelivery is never acted on twice (bounded window). */
export interface UpdatePort {
  /** Records an update as processed; false when it already was. Part of the unit of work it runs in. */
  claimUpdate(key: string): Promise<boolean>;
}

/** Chats that get the slogan of the day. */
export interface SubscriptionPort {
  sloganChats(): Promise<ChatRef[]>;
  isSloganChat(chat: ChatRef): Promise<boolean>;
  /** Turns it on or off; whether anything changed. */
  setSloganChat(chat: ChatRef, on: boolean, by: Person): Promise<boolean>;
}

export interface AnnouncementPort {
  announcements(): Promise<Announcement[]>;
  addAnnouncement(input: Omit<Announcement, 'id' | 'at'>): Promise<Announcement>;
}

/** Channel tokens (the Zalo OA pair: a refresh token works once). */
export interface TokenPort {
  zaloTokens(): Promise<ZaloTokens | null>;
  saveZaloTokens(tokens: Omit<ZaloTokens, 'updatedAt'>): Promise<void>;
  /**
   * Runs `refresh` alone (one replica, one call at a time), given the pair stored now; returns
   * its result. Another replica waiting meanwhile then sees the new pair.
   */
  refreshingTokens<T>(refresh: (current: ZaloTokens | null) => Promise<T>): Promise<T>;
}

/** Every port, and the unit of work they share. */
export interface Stores {
  bindings: BindingPort;
  confirmations: ConfirmationPort;
  outbox: OutboxPort;
  parking: ParkingPort;
  messages: MessageRefPort;
  chats: ChatStatePort;
  updates: UpdatePort;
  subscriptions: SubscriptionPort;
  announcements: AnnouncementPort;
  tokens: TokenPort;
  content: ContentPort;
  audit: AuditPort;
  web: WebAuthPort;
  /** What units hand in (report files, registration forms). */
  submissions: SubmissionPort;
  /** The bytes of handed-in and generated files. */
  files: FileStorePort;
  /** Guided registrations in progress. */
  formSessions: FormSessionPort;
  /** One-time download links. */
  downloads: DownloadLinkPort;
  /**
   * Runs `work` as one unit: every change it makes through the ports is written together at its
   * end (one write, one transaction), or none is; a failed write rejects with the change rolled back.
   */
  atomically<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
