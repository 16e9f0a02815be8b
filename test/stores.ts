/**
 * The stores tests run against.
 * - `storeFactories`: the engine, command and scheduler tests (`describe.each`). Each factory
 *   opens a fresh, empty store for `dir` (a temp folder of the test) over the sample data;
 *   opening the same `dir` again reopens the same store (a restart). Stores opened here are
 *   closed, and PostgreSQL schemas dropped, after each test.
 * - `contractFactories`: the store contract suite (test/store-contract.test.ts), with a second
 *   handle on the same data (`replica`): another process's view for PostgreSQL, the same object
 *   for lowdb (one process).
 * PostgreSQL runs where it answers (test/pg.ts says once when it does not; CI requires it).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Clock } from '../src/core/clock.js';
import type { Stores } from '../src/core/ports.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { openPostgresStores } from '../src/store/postgres/index.js';
import { dropSchema, noPostgres, TEST_DATABASE_URL, testSchema } from './pg.js';

export interface StoreFactory {
  name: string;
  /** The store of `dir` (fresh the first time), its content read from `dataDir`, its clock `clock`. */
  open(dir: string, options: { clock: Clock; dataDir: string }): Promise<Stores & { flush?(): Promise<void> }>;
}

const opened: Stores[] = [];
const schemas = new Set<string>();
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((s) => s.close()));
  await Promise.allSettled([...schemas].map((s) => dropSchema(s)));
  schemas.clear();
});

export const lowdbFactory: StoreFactory = {
  name: 'lowdb',
  async open(dir, { clock, dataDir }) {
    const stores = await openLowdbStores({ file: join(dir, 'db.json'), clock, dataDir });
    opened.push(stores);
    return stores;
  },
};

export const postgresFactory: StoreFactory = {
  name: 'postgres',
  async open(dir, { clock, dataDir }) {
    // One schema per test folder: reopening the folder reopens the same data.
    const schema = `loa_t_${createHash('sha1').update(dir).digest('hex').slice(0, 16)}`;
    schemas.add(schema);
    const stores = await openPostgresStores(TEST_DATABASE_URL, { clock, schema, dataDir, poolSize: 3 });
    opened.push(stores);
    return stores;
  },
};

export const storeFactories: StoreFactory[] = noPostgres ? [lowdbFactory] : [lowdbFactory, postgresFactory];

export interface StoreHarness {
  stores: Stores;
  /** Another handle on the same data, as a second replica would have (the same one when the store is single-process). */
  replica(): Promise<Stores>;
  /** Closes every handle and removes the data. */
  close(): Promise<void>;
}

export interface ContractFactory {
  name: string;
  /** Why this store cannot be tested here (the suite is skipped), if it cannot. */
  skip?: string | undefined;
  /** Whether leases use the injected clock (single process) rather than real time. */
  leaseClock: 'injected' | 'database';
  open(options: { clock: Clock; dataDir: string; dir: string }): Promise<StoreHarness>;
}

export const contractFactories: ContractFactory[] = [
  {
    name: 'lowdb',
    // The lowdb store's leases run on real time too (a fixed BOT_NOW must not freeze them).
    leaseClock: 'database',
    async open({ clock, dataDir, dir }) {
      const stores = await openLowdbStores({ file: join(dir, 'db.json'), clock, dataDir });
      return { stores, replica: async () => stores, close: () => stores.close() };
    },
  },
  {
    name: 'postgres',
    skip: noPostgres ? 'no PostgreSQL at TEST_DATABASE_URL' : undefined,
    leaseClock: 'database',
    async open({ clock, dataDir }) {
      const schema = testSchema('contract');
      const open = () => openPostgresStores(TEST_DATABASE_URL, { clock, schema, dataDir, poolSize: 4 });
      const first = await open();
      const others: Stores[] = [];
      return {
        stores: first,
        async replica() {
          const s = await open();
          others.push(s);
          return s;
        },
        async close() {
          await Promise.all([first, ...others].map((s) => s.close()));
          await dropSchema(schema);
        },
      };
    },
  },
];
