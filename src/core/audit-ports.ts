/** Who changed what (the audit trail), and the web console's sign-in links and sessions. */
import type { Person } from './records.js';

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
