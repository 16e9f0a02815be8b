/**
 * PostgreSQL for the benchmarks: the URL (`BENCH_DATABASE_URL`, else `TEST_DATABASE_URL`, else
 * the local test database), and a store in a schema of its own, dropped when closed.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Clock } from '../src/core/clock.js';
import { openPostgresStores, type PostgresStores } from '../src/store/postgres/index.js';

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Opens the stores in a fresh schema `<prefix>_<random>`; `close` also drops the schema. */
export async function openBenchSchema(prefix: string, clock: Clock): Promise<{ stores: PostgresStores; schema: string; close(): Promise<void> }> {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const stores = await openPostgresStores(BENCH_DATABASE_URL, { clock, schema });
  return {
    stores,
    schema,
    async close() {
      await stores.close();
      const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}
