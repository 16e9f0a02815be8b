/**
 * The pool and the unit of work. A transaction runs on one client, and every port call made
 * inside it (however deep) finds that client through AsyncLocalStorage; calls outside use the
 * pool. Every failure to reach the database becomes a {@link StoreUnavailableError}.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { asStoreError, unavailableReason } from './errors.js';

interface Unit {
  client: pg.PoolClient;
  /** False once committed or rolled back: a late call then uses the pool, never a released client. */
  open: boolean;
}

const ignore = (): void => {};

export class Db {
  private readonly units = new AsyncLocalStorage<Unit>();

  constructor(
    readonly pool: pg.Pool,
    /** host:port, for error messages. */
    readonly where: string,
  ) {}

  /** Whether a transaction is open for the caller. */
  inTransaction(): boolean {
    return this.units.getStore()?.open === true;
  }

  /** Runs one statement in the caller's transaction, or on the pool. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    const unit = this.units.getStore();
    try {
      if (unit?.open) return await unit.client.query<R>(text, values);
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw asStoreError(error, this.where);
    }
  }

  private readonly chores = new Set<Promise<unknown>>();

  /**
   * Housekeeping (deleting rows past their use) on the pool, outside the caller's transaction
   * and not awaited: a failure is ignored, the next round tries again.
   */
  housekeep(text: string, values: unknown[]): void {
    const chore = this.pool.query(text, values).catch(ignore);
    this.chores.add(chore);
    void chore.finally(() => this.chores.delete(chore));
  }

  /** Waits for housekeeping under way (before closing the pool). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.chores]);
  }

  /** A client of its own (released by the caller with {@link release}). */
  async connect(): Promise<pg.PoolClient> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw asStoreError(error, this.where);
    }
    // A checked-out client that loses its connection emits 'error': without a listener, a crash.
    client.on('error', ignore);
    return client;
  }

  release(client: pg.PoolClient, error?: unknown): void {
    client.off('error', ignore);
    // A client whose connection broke is destroyed, not returned to the pool.
    client.release(error && unavailableReason(error) ? (error as Error) : undefined);
  }

  /**
   * Runs `work` in a transaction: the caller's one if open (joined), or a new one committed at
   * its end and rolled back when it throws. `commitOnError` keeps what `work` wrote even when it
   * throws afterwards (a refreshed token pair must never be lost).
   */
  async tx<T>(work: () => Promise<T>, options: { commitOnError?: boolean } = {}): Promise<T> {
    if (this.inTransaction()) return work();
    const client = await this.connect();
    const unit: Unit = { client, open: true };
    let broken: unknown;
    try {
      await client.query('BEGIN');
      let result: T;
      try {
        result = await this.units.run(unit, work);
      } catch (error) {
        try {
          await client.query(options.commitOnError ? 'COMMIT' : 'ROLLBACK');
        } catch (endError) {
          broken = endError;
        }
        throw error;
      }
      const end = await client.query('COMMIT');
      // COMMIT of a transaction aborted by an error the work swallowed answers ROLLBACK.
      if ((end as { command?: string }).command === 'ROLLBACK') {
        throw new Error('the transaction was rolled back: a statement in it failed');
      }
      return result;
    } catch (error) {
      broken ??= error;
      throw asStoreError(error, this.where);
    } finally {
      unit.open = false;
      this.release(client, broken);
    }
  }
}
