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
} from './records.js';
import type { ChatRef, ChatType, DeadlineRef, Outgoing } from './types.js';

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

/** One deadline occurrence. */
export interface OccurrenceKey {
  deadline: string;
  occurrence: string;
}

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

/**
 * The organisation and its plans, as raw JSON values validated by the core. The store holds
 * them; the data folder only seeds it (see src/store/content-seed.ts).
 */
export interface ContentSource {
  org: { file: string; raw: unknown };
  plans: Array<{ file: string; raw: unknown }>;
  /** Changes whenever the org or a plan changes (on any replica). */
  revision: string;
}

/** A plan read from a file, waiting for an admin to publish (`/congbo I1`) or discard it; kept in the store (a restart keeps it). */
export interface StagedPlan {
  /** `I1`, `I2`, …: unique across replicas. */
  code: string;
  /** The text read from the file (prepared again when published). */
  text: string;
  /** The summary shown to the admin. */
  summary: string;
  /** Identifies the text: the same text sent twice is staged once. */
  key?: string;
  /**
   * The office's draft from the review page: the plan's JSON as corrected and the importer's notes
   * (`PlanDraft`, src/importer/draft.ts); published instead of a fresh reading.
   */
  draft?: unknown;
  /** When it was staged (ISO). */
  at?: string;
}

export interface ContentPort {
  load(): Promise<ContentSource>;
  /** Stages a read plan under a new code; the same text (`key`) staged already gives that one, `created` false. */
  stagePlan(plan: Omit<StagedPlan, 'code'>): Promise<{ staged: StagedPlan; created: boolean }>;
  /** The staged plan of the same text, if one waits. */
  stagedPlanOf(key: string): Promise<StagedPlan | undefined>;
  /** A staged plan by its code (not taken), if it waits. */
  stagedPlan(code: string): Promise<StagedPlan | undefined>;
  /** Every staged plan waiting, oldest first. */
  stagedPlans(): Promise<StagedPlan[]>;
  /** Saves the office's corrected draft of a staged plan; false when the code no longer waits. */
  updateStagedPlan(code: string, draft: unknown): Promise<boolean>;
  /** Takes a staged plan to publish it, once: a second taker (another press, another replica) gets nothing. */
  takeStagedPlan(code: string): Promise<StagedPlan | undefined>;
  /** Puts back a plan taken but not published (a failure worth trying again). */
  restoreStagedPlan(plan: StagedPlan): Promise<void>;
  /** Forgets a staged plan; whether it was there. */
  discardStagedPlan(code: string): Promise<boolean>;
  /** Saves a plan (its JSON value and original text) and makes it everyone's at once; an id deleted before is no longer remembered as deleted. */
  publishPlan(plan: { id: string }, raw: unknown, text: string): Promise<void>;
  /** Replaces a plan's JSON value (an edit), keeping its original text; false when there is no such plan. */
  updatePlan(id: string, raw: unknown): Promise<boolean>;
  /** Removes a plan and its text, remembering its id so its file in the data folder is never added again; false when there was none. */
  deletePlan(id: string): Promise<boolean>;
  /** A plan's original text (what was imported), if kept. */
  planText(id: string): Promise<string | undefined>;
  /** Replaces the organisation's JSON value (units, groups, schedule). */
  saveOrg(raw: unknown): Promise<void>;
  /**
   * Holds the content lock until the current unit of work ends, so an edit's read and write are
   * not interleaved with another replica's edit (PostgreSQL: the revision row, FOR UPDATE; one
   * lowdb process has nothing to wait for).
   */
  lockContent(): Promise<void>;
  /** The current revision, cheap to ask (replicas poll it to reload a plan another published). */
  revision(): Promise<string>;
}

/** Who changed what, when: confirmations, bindings, decisions, notices, plans. */
export interface AuditEntry {
  at: string;
  actor: Person & { chat?: string | undefined };
  action: string;
  subject: string;
  detail?: Record<string, unknown> | undefined;
}

/** Which audit entries to find (every field optional: all entries when empty). */
export interface AuditFilter {
  /** The action's name, exactly (`confirm`, `bind`, …). */
  action?: string | undefined;
  /** The actor's id exactly, or a part of their name (letter case ignored). */
  actor?: string | undefined;
  /** The start of the subject (`BG-1@` finds every occurrence of BG-1). */
  subject?: string | undefined;
  /** Recorded at or after this instant. */
  from?: Date | undefined;
  /** Recorded before this instant (exclusive). */
  to?: Date | undefined;
  /** The `next` of the previous page: the entries after it. An unreadable one is ignored. */
  before?: string | undefined;
}

/** One page of a search, and the cursor of the next page when there are more entries. */
export interface AuditPage {
  entries: AuditEntry[];
  next?: string | undefined;
}

export interface AuditPort {
  record(entry: Omit<AuditEntry, 'at'>): Promise<void>;
  /** The newest entries first. */
  recent(limit: number): Promise<AuditEntry[]>;
  /** The entries matching `filter`, newest first (by time, then by order recorded), at most `limit` per page. */
  search(filter: AuditFilter, limit: number): Promise<AuditPage>;
}

/** What a web console session may do: an admin changes things, a viewer only reads. */
export type WebRole = 'admin' | 'viewer';

/** Who a sign-in link or a session is for. */
export interface WebGrant {
  role: WebRole;
  user: Person;
}

/** A signed-in browser: its grant and when it ends (ISO). */
export interface WebSession extends WebGrant {
  expiresAt: string;
}

/**
 * Sign-in links and sessions of the web console. Only SHA-256 hashes of the secrets are stored
 * (a copy of the database opens no session). Every replica sees the same links and sessions.
 */
export interface WebAuthPort {
  /** Stores a one-time link (by its hash) valid until `expiresAt`; links already expired are forgotten. */
  issueLink(linkHash: string, grant: WebGrant, expiresAt: Date): Promise<void>;
  /**
   * Takes the link once and opens a session (`sessionHash`, until `sessionExpiresAt`) for its grant.
   * Undefined when the link is unknown, was used, or expired at `now`: nothing is opened then.
   */
  redeemLink(linkHash: string, now: Date, sessionHash: string, sessionExpiresAt: Date): Promise<WebSession | undefined>;
  /** The session, unless unknown or expired at `now`. */
  session(sessionHash: string, now: Date): Promise<WebSession | undefined>;
  /** Ends a session (sign-out); an unknown one is no error. */
  endSession(sessionHash: string): Promise<void>;
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
  /**
   * Runs `work` as one unit: every change it makes through the ports is written together at its
   * end (one write, one transaction), or none is; a failed write rejects with the change rolled back.
   */
  atomically<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
