/**
 * What N replicas share besides the records: which one runs a cron fire (node-cron 4.6's
 * `RunCoordinator`), which one holds a named lease (Telegram long polling), and a send budget
 * (Telegram's ~30 messages/s is per bot, not per process). Every time here is the database's
 * (`clock_timestamp()`), so replicas with skewed clocks agree.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { RunCoordinator } from 'node-cron';
import { asStoreError, targetOf } from './errors.js';

/** A name for this process among the replicas (`host:pid:random`). */
export function replicaId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

function whereOf(pool: pg.Pool): string {
  const o = pool.options as { connectionString?: string; host?: string; port?: number };
  return o.connectionString ? targetOf(o.connectionString) : `${o.host ?? 'localhost'}:${o.port ?? 5432}`;
}

async function run<R extends pg.QueryResultRow>(pool: pg.Pool, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  try {
    return await pool.query<R>(text, values);
  } catch (error) {
    throw asStoreError(error, whereOf(pool));
  }
}

/** Fired cron slots are remembered this long after their lease, then deleted. */
const CRON_KEEP = "interval '1 day'";

/**
 * node-cron's `RunCoordinator` over the `cron_runs` table: the first replica to insert a fire's
 * key (`<task name>:<slot ISO time>`) runs it; the key's TTL is a lease, so a fire whose replica
 * died before finishing (`onComplete` never came) can be taken again once the lease ended.
 */
export function createRunCoordinator(pool: pg.Pool, owner: string = replicaId()): RunCoordinator {
  let asked = 0;
  return {
    async shouldRun(key, ttlMs) {
      asked += 1;
      if (asked % 100 === 0) void pool.query(`DELETE FROM cron_runs WHERE until < clock_timestamp() - ${CRON_KEEP}`).catch(() => {});
      const { rows } = await run(
        pool,
        `INSERT INTO cron_runs (key, owner, until) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, until = excluded.until
         WHERE cron_runs.done = false AND cron_runs.until < clock_timestamp()
         RETURNING key`,
        [key, owner, Math.max(0, ttlMs)],
      );
      return rows.length > 0;
    },
    async onComplete(key) {
      await run(pool, 'UPDATE cron_runs SET done = true WHERE key = $1 AND owner = $2', [key, owner]);
    },
  };
}

/** A named lease: held by one owner at a time until it ends or is released. */
export interface Lease {
  /** Takes the lease for `ttlMs` when free or ended (or renews it when `owner` holds it); whether `owner` holds it now. */
  acquire(owner: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease `owner` holds; false when another took it meanwhile (stop the work it guards). */
  renew(owner: string, ttlMs: number): Promise<boolean>;
  /** Lets go, so another replica takes it at once instead of at the end of the lease. */
  release(owner: string): Promise<void>;
  /** Who holds it now, if anyone. */
  holder(): Promise<{ owner: string; until: Date } | undefined>;
}

/** A lease over the `leases` table (e.g. "Telegram long polling runs on one replica at a time"). */
export function createLease(pool: pg.Pool, name: string): Lease {
  return {
    async acquire(owner, ttlMs) {
      const { rows } = await run(
        pool,
        `INSERT INTO leases (name, owner, until) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
         WHERE leases.until < clock_timestamp() OR leases.owner = excluded.owner
         RETURNING owner`,
        [name, owner, Math.max(0, ttlMs)],
      );
      return rows.length > 0;
    },
    async renew(owner, ttlMs) {
      const { rowCount } = await run(
        pool,
        "UPDATE leases SET until = clock_timestamp() + $3 * interval '1 millisecond' WHERE name = $1 AND owner = $2",
        [name, owner, Math.max(0, ttlMs)],
      );
      return (rowCount ?? 0) > 0;
    },
    async release(owner) {
      await run(pool, 'DELETE FROM leases WHERE name = $1 AND owner = $2', [name, owner]);
    },
    async holder() {
      const { rows } = await run<{ owner: string; until: Date }>(
        pool,
        'SELECT owner, until FROM leases WHERE name = $1 AND until >= clock_timestamp()',
        [name],
      );
      return rows[0] ? { owner: rows[0].owner, until: rows[0].until } : undefined;
    },
  };
}

/** A send slot: when the send may go (database time) and how long to wait for it from now. */
export interface SendSlot {
  waitMs: number;
  at: Date;
}

/** A budget of sends per second shared by every replica (e.g. one per bot token). */
export interface SendBudget {
  /** Reserves the next send slot of `key` at `limitPerSecond`; the caller waits `waitMs`, then sends. */
  reserve(key: string, limitPerSecond: number): Promise<SendSlot>;
  /** {@link reserve}, returning only the wait in ms. */
  acquire(key: string, limitPerSecond: number): Promise<number>;
}

/**
 * A shared send budget (GCRA, one row per key, updated atomically): each call reserves the next
 * slot, `1/limit` s after the previous one (or now, when the budget is idle); at most `burst`
 * sends go back to back. A reservation whose replica dies is a slot lost, never a send too many.
 */
export function createSendBudget(pool: pg.Pool, options: { burst?: number } = {}): SendBudget {
  const burst = Math.max(1, Math.floor(options.burst ?? 1));
  const reserve = async (key: string, limitPerSecond: number): Promise<SendSlot> => {
    const interval = 1000 / Math.max(0.001, limitPerSecond);
    const { rows } = await run<{ tat: number; now: number }>(
      pool,
      `WITH n AS (SELECT extract(epoch FROM clock_timestamp())::double precision * 1000 AS now)
       INSERT INTO send_budget AS b (key, tat) SELECT $1, n.now + $2 FROM n
       ON CONFLICT (key) DO UPDATE SET tat = greatest(b.tat, (SELECT now FROM n)) + $2
       RETURNING tat, (SELECT now FROM n) AS now`,
      [key, interval],
    );
    const { tat, now } = rows[0]!;
    const at = Math.max(now, tat - burst * interval);
    return { waitMs: Math.max(0, Math.ceil(at - now)), at: new Date(at) };
  };
  return { reserve, acquire: async (key, limit) => (await reserve(key, limit)).waitMs };
}
