/**
 * The store implementations the contract suite (test/store-contract.test.ts) runs against. Each
 * factory opens a fresh, empty store over a data folder (content seeded from it) and can open a
 * second handle on the SAME data (`replica`): another process's view for PostgreSQL, the same
 * object where the store is one process only. Add a store by adding a factory here.
 */
import type { Clock } from '../src/core/clock.js';
import type { Stores } from '../src/core/ports.js';
import { openPostgresStores } from '../src/store/postgres/index.js';
import { dropSchema, noPostgres, TEST_DATABASE_URL, testSchema } from './pg.js';

export interface StoreHarness {
  stores: Stores;
  /** Another handle on the same data, as a second replica would have (the same one when the store is single-process). */
  replica(): Promise<Stores>;
  /** Closes every handle and removes the data. */
  close(): Promise<void>;
}

export interface StoreFactory {
  name: string;
  /** Why this store cannot be tested here (the suite is skipped), if it cannot. */
  skip?: string | undefined;
  /** Whether leases use the injected clock (single process) rather than the database's time. */
  leaseClock: 'injected' | 'database';
  open(options: { clock: Clock; dataDir: string }): Promise<StoreHarness>;
}

export const postgresFactory: StoreFactory = {
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
};

/** Every store the contract suite runs against. */
export const storeFactories: StoreFactory[] = [postgresFactory];
