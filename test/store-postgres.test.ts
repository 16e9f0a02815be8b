/**
 * What only the PostgreSQL store has: migrating once when replicas start together, the replica
 * primitives (node-cron's run coordinator, named leases, the shared send budget, LISTEN/NOTIFY
 * of published plans), an index behind every hot query, and a clear error while the database
 * cannot be reached, recovered from by itself.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cron from 'node-cron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/core/clock.js';
import { openPostgresStores, StoreUnavailableError, type PostgresStores } from '../src/store/postgres/index.js';
import { MigrationError } from '../src/store/postgres/migrate.js';
import { MIGRATIONS } from '../src/store/postgres/migrations.js';
import { dropSchema, noPostgres, TEST_DATABASE_URL, testSchema } from './pg.js';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const clock = fixedClock(new Date('2024-03-04T01:00:00.000Z'));

async function until<T>(check: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.skipIf(noPostgres)('PostgreSQL store', () => {
  const schema = testSchema('pg');
  let dataDir: string;
  const open: PostgresStores[] = [];
  const replica = async (s = schema) => {
    const stores = await openPostgresStores(TEST_DATABASE_URL, { clock, schema: s, dataDir, poolSize: 3 });
    open.push(stores);
    return stores;
  };

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'loa-pg-'));
    cpSync(DATA_DIR, dataDir, { recursive: true });
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await dropSchema(schema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates and seeds once when three replicas start at once', async () => {
    const [a, b, c] = await Promise.all([replica(), replica(), replica()]);
    const all = [a!, b!, c!];
    expect(all.map((s) => s.migration.applied.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
    expect(all.filter((s) => s.migration.seeded)).toHaveLength(1);
    const { rows } = await a!.pool.query('SELECT version FROM schema_migrations');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    expect((await b!.content.load()).plans).toHaveLength(5);
    // Opening again changes nothing.
    expect((await replica()).migration).toEqual({ applied: [], seeded: false, added: [] });
  });

  it('refuses a database migrated by a newer Loa', async () => {
    const newer = testSchema('newer');
    const s = await openPostgresStores(TEST_DATABASE_URL, { clock, schema: newer });
    await s.pool.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')");
    await s.close();
    try {
      const error = await openPostgresStores(TEST_DATABASE_URL, { clock, schema: newer }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toContain('mới hơn phiên bản Loa này hiểu');
    } finally {
      await dropSchema(newer);
    }
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(openPostgresStores(TEST_DATABASE_URL, { clock, schema: 'x; DROP TABLE y' })).rejects.toThrow('không hợp lệ');
  });

  it('has an index behind every hot query', async () => {
    const s = await replica();
    const client = await s.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      // [what, the index (or indexes) that may serve it, the query]: on empty tables either may win.
      const hot: Array<[string, string, string, unknown[]]> = [
        ['confirmations of an occurrence', 'confirmations_pkey', 'SELECT * FROM confirmations WHERE deadline = $1 AND occurrence = $2', ['BG-1', '2024-03-10']],
        ['confirmations asked', 'confirmations_pkey', 'SELECT * FROM confirmations WHERE (deadline, occurrence) IN (SELECT * FROM unnest($1::text[], $2::text[]))', [['BG-1'], ['2024-03-10']]],
        ['chats of a unit', 'bindings_unit', 'SELECT chat FROM bindings WHERE unit = $1', ['VP']],
        ['pending rows of a channel', 'outbox_pending|outbox_pending_all', "SELECT id FROM outbox WHERE status = 'pending' AND channel = $1 ORDER BY id LIMIT 10", ['telegram']],
        ['pending rows of channels', 'outbox_pending_all', "SELECT id FROM outbox WHERE status = 'pending' AND channel = ANY($1) ORDER BY id LIMIT 10", [['telegram', 'zalo']]],
        ["a chat's head", 'outbox_pending_chat', "SELECT 1 FROM outbox WHERE chat = $1 AND status = 'pending' AND id < $2", ['telegram:1', 5]],
        ['due parked messages', 'parked_due', 'SELECT id FROM parked WHERE channel = $1 AND not_before <= $2', ['telegram', '2024-03-04T00:00:00Z']],
        ['a message reference', 'message_refs_message', 'SELECT * FROM message_refs WHERE chat = $1 AND message_id = $2 ORDER BY id DESC LIMIT 1', ['telegram:1', '5']],
        ['a processed update', 'processed_updates_pkey', 'SELECT 1 FROM processed_updates WHERE key = $1', ['telegram:1']],
        ['old processed updates', 'processed_updates_at', 'SELECT key FROM processed_updates WHERE at < $1', ['2024-03-01T00:00:00Z']],
        ['a reminder step', 'reminders_pkey|reminders_key_prefix', 'SELECT 1 FROM reminders WHERE key = $1', ['k']],
        ["an occurrence's reminder steps", 'reminders_key_prefix', 'SELECT key FROM reminders WHERE key LIKE $1', ['H8@2023-09-25#%']],
        ["an occurrence's reminder rows", 'outbox_key_prefix', 'SELECT id FROM outbox WHERE key LIKE $1', ['H8@2023-09-25#%']],
        ['the parked message of a row', 'parked_outbox', 'SELECT reason FROM parked WHERE outbox_id = ANY($1::text[])', [['O1']]],
        ['finished outbox rows', 'outbox_done', "SELECT id FROM outbox WHERE status IN ('sent', 'undelivered') AND done_at < $1", ['2024-03-01T00:00:00Z']],
        ['hand-ins asked', 'submissions_occurrence', 'SELECT * FROM submissions WHERE (deadline, occurrence) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY id', [['H8'], ['2023-09-25']]],
        ['hand-ins of a chat (moveChat)', 'submissions_chat', 'SELECT id FROM submissions WHERE chat = $1', ['telegram:1']],
        ["a file's bytes", 'files_pkey', 'SELECT bytes FROM files WHERE sha256 = $1', ['a'.repeat(64)]],
        ['a form session', 'form_sessions_pkey', 'SELECT * FROM form_sessions WHERE chat = $1 AND user_id = $2', ['telegram:1', 'u']],
        ['old form sessions', 'form_sessions_updated', 'SELECT chat FROM form_sessions WHERE updated_at < $1', ['2024-03-01T00:00:00Z']],
        ['a download link', 'download_links_pkey', 'SELECT * FROM download_links WHERE hash = $1', ['h']],
        ['expired download links', 'download_links_expires', 'SELECT hash FROM download_links WHERE expires_at <= $1', ['2024-03-01T00:00:00Z']],
      ];
      for (const [what, index, sql, values] of hot) {
        const plan = (await client.query(`EXPLAIN ${sql}`, values)).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
        expect(plan, what).toMatch(new RegExp(`(using|on) (${index})( |$)`, 'm'));
        expect(plan, what).not.toMatch(/Seq Scan/);
      }
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('rejects a unit of work whose statement failed even when the work swallowed the error', async () => {
    const s = await replica();
    const chat = { channel: 'telegram', chatId: 'swallowed' };
    const outcome = await s
      .atomically(async () => {
        await s.bindings.bind(chat, 'VP', { id: 'u', name: 'An' });
        // A statement the database refuses (a missing name) aborts the transaction…
        await s.confirmations.confirm({ deadline: 'D', occurrence: 'o', unit: 'VP', kind: 'nhan', user: { id: 'u', name: undefined as unknown as string }, chat }).catch(() => undefined);
        return 'done';
      })
      .catch((e: unknown) => e);
    // …so nothing of it is written, and the caller is told.
    expect(outcome).toBeInstanceOf(Error);
    expect(await s.bindings.bindingOf(chat)).toBeUndefined();
  });

  describe('run coordinator (node-cron distributed)', () => {
    it('elects one replica per fire; a fire whose replica died is taken again after its lease', async () => {
      const coordinators = (await Promise.all([replica(), replica(), replica()])).map((s) => s.runCoordinator());
      const ask = (key: string, ttl: number) => Promise.all(coordinators.map((c) => c.shouldRun(key, ttl)));
      const first = await ask('digest:2024-03-04T01:00:00.000Z', 60_000);
      expect(first.filter(Boolean)).toHaveLength(1);
      expect((await ask('digest:2024-03-04T01:00:00.000Z', 60_000)).filter(Boolean)).toHaveLength(0);
      expect((await ask('digest:2024-03-11T01:00:00.000Z', 60_000)).filter(Boolean)).toHaveLength(1);

      // Finished: never run again, even once its lease ended.
      const done = await ask('plan:2024-03-04T01:00:00.000Z', 20);
      const winner = coordinators[done.indexOf(true)]!;
      await winner.onComplete?.('plan:2024-03-04T01:00:00.000Z');
      const s = open[0]!;
      await until(async () => ((await s.pool.query("SELECT 1 FROM cron_runs WHERE until < clock_timestamp() AND key = 'plan:2024-03-04T01:00:00.000Z'")).rows.length ? true : undefined), 'the lease to end');
      expect((await ask('plan:2024-03-04T01:00:00.000Z', 60_000)).filter(Boolean)).toHaveLength(0);

      // Not finished (its replica died): taken again once the lease ended, by one replica.
      expect((await ask('plan:2024-03-05T01:00:00.000Z', 20)).filter(Boolean)).toHaveLength(1);
      const retaken = await until(async () => {
        const got = await ask('plan:2024-03-05T01:00:00.000Z', 60_000);
        return got.some(Boolean) ? got : undefined;
      }, 'the fire to be taken again');
      expect(retaken.filter(Boolean)).toHaveLength(1);
    });

    it('makes a node-cron `distributed` task fire on one of three replicas', async () => {
      const coordinators = (await Promise.all([replica(), replica(), replica()])).map((s) => s.runCoordinator());
      const outcomes = new Map<string, string[]>();
      const note = (slot: Date, what: string) => outcomes.set(slot.toISOString(), [...(outcomes.get(slot.toISOString()) ?? []), what]);
      const tasks = coordinators.map((runCoordinator, i) => {
        const task = cron.schedule('* * * * * *', (ctx) => {
          note(ctx.date, `run:${i}`);
        }, {
          name: 'loa-contract-fire',
          distributed: true,
          runCoordinator,
          distributedLease: 60_000,
        });
        task.on('execution:skipped', (ctx) => {
          note(ctx.date, `skipped:${ctx.reason}`);
        });
        return task;
      });
      try {
        await until(async () => ([...outcomes.values()].some((o) => o.length === 3) ? true : undefined), 'a fire seen by all three replicas');
      } finally {
        for (const t of tasks) await t.destroy();
      }
      for (const [slot, o] of outcomes) {
        expect(o.filter((x) => x.startsWith('run:')).length, slot).toBeLessThanOrEqual(1);
      }
      const complete = [...outcomes.values()].find((o) => o.length === 3)!;
      expect(complete.filter((x) => x.startsWith('run:'))).toHaveLength(1);
      expect(complete.filter((x) => x === 'skipped:not-elected')).toHaveLength(2);
    });
  });

  it('leases a name to one owner at a time (Telegram long polling)', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const la = a!.lease('telegram-polling');
    const lb = b!.lease('telegram-polling');
    expect(await la.acquire('A', 60_000)).toBe(true);
    expect(await lb.acquire('B', 60_000)).toBe(false);
    expect(await la.acquire('A', 60_000)).toBe(true);
    expect(await la.renew('A', 60_000)).toBe(true);
    expect(await lb.renew('B', 60_000)).toBe(false);
    expect((await lb.holder())?.owner).toBe('A');
    await la.release('A');
    expect(await lb.holder()).toBeUndefined();
    expect(await lb.acquire('B', 20)).toBe(true);
    // B died: its lease runs out and A takes it; B can no longer renew.
    await until(async () => ((await la.acquire('A', 60_000)) ? true : undefined), 'the lease to run out');
    expect(await lb.renew('B', 60_000)).toBe(false);
    const racers = await Promise.all(['C', 'D', 'E', 'F'].map((o, i) => (i % 2 ? a! : b!).lease('other').acquire(o, 60_000)));
    expect(racers.filter(Boolean)).toHaveLength(1);
  });

  it('spaces sends of all replicas by one shared budget', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const budgets = [a!.sendBudget(), b!.sendBudget()];
    const slots = await Promise.all(Array.from({ length: 40 }, (_, i) => budgets[i % 2]!.reserve('telegram:bot1', 20)));
    const times = slots.map((s) => s.at.getTime()).sort((x, y) => x - y);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(49);
    expect(Math.max(...slots.map((s) => s.waitMs))).toBeGreaterThanOrEqual(1000);
    // Another bot has a budget of its own.
    expect((await budgets[0]!.reserve('telegram:bot2', 20)).waitMs).toBe(0);
  });

  it('tells every replica listening that a plan was published', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const heard: string[] = [];
    let ready = false;
    const stop = b!.watchContent((rev) => heard.push(rev));
    try {
      // Until the listener is connected, a notice is not heard: publish until one is.
      const raw = { ...((await a!.content.load()).plans[0]!.raw as object), id: 'ke-hoach-nghe' };
      await until(async () => {
        await a!.content.publishPlan({ id: 'ke-hoach-nghe' }, raw, 'x');
        return heard.length ? (ready = true) : undefined;
      }, 'a notice');
      expect(ready).toBe(true);
      // Listening now: the next publication is heard, with the revision every replica reads.
      await a!.content.publishPlan({ id: 'ke-hoach-nghe' }, { ...raw, title: 'Bản mới' }, 'y');
      const revision = await b!.content.revision();
      await until(async () => (heard.includes(revision) ? true : undefined), `revision ${revision} to be heard`);
      expect((await b!.content.load()).plans.find((p) => p.file === 'plans/ke-hoach-nghe.json')?.raw).toMatchObject({ title: 'Bản mới' });
    } finally {
      await stop();
    }
  });

  describe('when PostgreSQL cannot be reached', () => {
    /** A TCP relay to PostgreSQL that can be cut and restored, standing for the database going down. */
    function relay(target: URL) {
      const sockets = new Set<net.Socket>();
      let server: net.Server | undefined;
      return {
        start(port = 0): Promise<number> {
          return new Promise((resolve, reject) => {
            const srv = net.createServer((client) => {
              const up = net.connect(Number(target.port || 5432), target.hostname);
              for (const sock of [client, up]) {
                sockets.add(sock);
                sock.on('close', () => sockets.delete(sock));
                sock.on('error', () => {
                  client.destroy();
                  up.destroy();
                });
              }
              client.pipe(up).pipe(client);
            });
            srv.once('error', reject);
            srv.listen(port, '127.0.0.1', () => resolve((srv.address() as net.AddressInfo).port));
            server = srv;
          });
        },
        stop(): Promise<void> {
          for (const sock of sockets) sock.destroy();
          return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
        },
      };
    }

    it('rejects calls with StoreUnavailableError, then works again by itself', async () => {
      const target = new URL(TEST_DATABASE_URL);
      const r = relay(target);
      const port = await r.start();
      const url = new URL(TEST_DATABASE_URL);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      const s = await openPostgresStores(url.toString(), { clock, schema, connectTimeoutMs: 2000, poolSize: 2 });
      open.push(s);
      await s.bindings.bind({ channel: 'telegram', chatId: '1' }, 'VP', { id: 'u', name: 'An' });

      await r.stop();
      const error = await s.bindings.bindingOf({ channel: 'telegram', chatId: '1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/^Không kết nối được cơ sở dữ liệu PostgreSQL \(127\.0\.0\.1:\d+\): .+\. Loa tự thử lại/);
      expect((error as Error).message).not.toContain('postgres://');
      await expect(s.atomically(() => s.updates.claimUpdate('telegram:77'))).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(s.confirmations.confirm({ deadline: 'D', occurrence: 'o', unit: 'VP', kind: 'nhan', user: { id: 'u', name: 'An' }, chat: { channel: 'telegram', chatId: '1' } })).rejects.toBeInstanceOf(StoreUnavailableError);

      await r.start(port);
      const back = await until(async () => s.bindings.bindingOf({ channel: 'telegram', chatId: '1' }).catch(() => undefined), 'the store to answer again');
      expect(back.unit).toBe('VP');
      expect(await s.updates.claimUpdate('telegram:77')).toBe(true);
      await r.stop();
    });

    it('does not open on a closed port, with the same error', async () => {
      const server = net.createServer();
      const port = await new Promise<number>((res) => server.listen(0, '127.0.0.1', () => res((server.address() as net.AddressInfo).port)));
      await new Promise<void>((res) => server.close(() => res()));
      const error = await openPostgresStores(`postgres://postgres@127.0.0.1:${port}/test`, { clock, schema, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).reason).toContain('kết nối bị từ chối');
    });
  });
});
