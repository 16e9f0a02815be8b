/**
 * The lowdb store: one JSON file, one process, its records split by concern (bindings,
 * confirmations, outbox, delivery, subscriptions, tokens, audit, content, staged plans, hand-ins) over one shared
 * {@link LowdbFile} (the data, the write queue, the unit of work). Every change is made in memory,
 * indexed, then waits for the write that holds it; a write that fails rolls back to the last state
 * on disk and the change throws a {@link StoreWriteError}. Nothing unwritten stays visible.
 */
import { chatKey, type ChatRef } from '../../core/types.js';
import { StoreWriteError } from '../errors.js';
import { LowdbAudit } from './audit.js';
import { LowdbBindings } from './bindings.js';
import { LowdbConfirmations } from './confirmations.js';
import { LowdbContent } from './content.js';
import { LowdbDelivery } from './delivery.js';
import type { LowdbFile } from './file.js';
import { LowdbFormSessions } from './form-sessions.js';
import { openFile, type OpenOptions } from './open.js';
import { LowdbOutbox } from './outbox.js';
import { LowdbStaging } from './staging.js';
import { LowdbSubmissions } from './submissions.js';
import { LowdbSubscriptions } from './subscriptions.js';
import { LowdbTokens } from './tokens.js';
import { LowdbWebAuth } from './web-auth.js';

export { StoreError, StoreWriteError } from '../errors.js';
export type { OpenOptions } from './open.js';

export class Store {
  readonly bindings: LowdbBindings;
  readonly confirmations: LowdbConfirmations;
  readonly outbox: LowdbOutbox;
  readonly delivery: LowdbDelivery;
  readonly subscriptions: LowdbSubscriptions;
  readonly tokens: LowdbTokens;
  readonly audit: LowdbAudit;
  readonly web: LowdbWebAuth;
  readonly content: LowdbContent;
  readonly staging: LowdbStaging;
  readonly submissions: LowdbSubmissions;
  readonly formSessions: LowdbFormSessions;

  private constructor(
    private readonly db: LowdbFile,
    /** The backup taken at open, if the file existed. */
    readonly backup: string | undefined,
    private release: (() => Promise<void>) | undefined,
  ) {
    this.bindings = new LowdbBindings(db);
    this.confirmations = new LowdbConfirmations(db);
    this.outbox = new LowdbOutbox(db);
    this.delivery = new LowdbDelivery(db);
    this.subscriptions = new LowdbSubscriptions(db);
    this.tokens = new LowdbTokens(db);
    this.audit = new LowdbAudit(db);
    this.web = new LowdbWebAuth(db);
    this.content = new LowdbContent(db);
    this.staging = new LowdbStaging(db);
    this.submissions = new LowdbSubmissions(db);
    this.formSessions = new LowdbFormSessions(db);
  }

  /**
   * Opens (or starts) the database file, checks it, and takes a dated backup of a valid one. With
   * `lock`, the lock is taken first, so a refused second instance changes nothing. Every stop is
   * a {@link StoreError} naming the path and the cause.
   */
  static async open(options: OpenOptions): Promise<Store> {
    const { file, backup, release } = await openFile(options);
    return new Store(file, backup, release);
  }

  /** The database file (absolute). */
  get file(): string {
    return this.db.path;
  }

  /**
   * Writes what is pending, compacting the journal into the file, and lets go of the lock. A
   * write refused at this point (the file changed under us, the disk is full) was already
   * reported; it does not stop the shutdown (the journal is replayed at the next start).
   */
  async close(): Promise<void> {
    try {
      await this.db.compact();
    } catch (error) {
      if (!(error instanceof StoreWriteError)) throw error;
    } finally {
      await this.release?.();
      this.release = undefined;
    }
  }

  /** Once per outage: a write failed (to tell the admins the store cannot write, and why). */
  onWriteFailure(listener: (error: StoreWriteError) => void): void {
    this.db.onWriteFailure(listener);
  }

  /** A write succeeded after a failure. */
  onWriteRecovered(listener: () => void): void {
    this.db.onWriteRecovered(listener);
  }

  /**
   * Runs `work` so that every change it makes is written in ONE write at its end, and resolves
   * only once that write is done; a failed write rejects. When `work` throws, every change it
   * made is undone and none is written. Units run side by side; a nested unit joins the outer one.
   */
  atomically<T>(work: () => Promise<T>): Promise<T> {
    return this.db.atomically(work);
  }

  /** Writes the current state and waits for it. */
  flush(): Promise<void> {
    return this.db.flush();
  }

  /**
   * Moves everything stored about a chat to its new id (a Telegram group that became a
   * supergroup): its binding, requests, message references, parked messages, outbox rows,
   * subscription, the chat of its confirmations and hand-ins, and its form sessions in progress.
   */
  async moveChat(from: ChatRef, to: ChatRef): Promise<void> {
    const a = chatKey(from);
    const b = chatKey(to);
    if (a === b) return;
    this.bindings.moveChat(a, b);
    this.delivery.moveChat(a, b);
    this.outbox.moveChat(a, b);
    this.subscriptions.moveChat(a, b);
    this.confirmations.moveChat(a, b);
    this.submissions.moveChat(a, b);
    this.formSessions.moveChat(a, b);
    await this.db.persist();
  }
}
