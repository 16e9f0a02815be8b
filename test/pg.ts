/**
 * PostgreSQL for the tests: the URL (`TEST_DATABASE_URL`), whether it answers, and a schema of
 * its own per test file (created by the store, dropped at the end).
 *
 * Where no PostgreSQL answers, the PostgreSQL suites are skipped with ONE line on stderr that
 * starts with `[loa] PostgreSQL tests SKIPPED` (greppable). Under CI (`CI` set, as `.ci/run`
 * does) or with `LOA_REQUIRE_POSTGRES=1`, an unreachable PostgreSQL fails the run instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL cannot be used, or undefined when it answers. */
async function probe(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `${(error as Error).message || (error as { code?: string }).code || String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

const reason = await probe();
const required = (Boolean(process.env.CI) && process.env.CI !== 'false') || process.env.LOA_REQUIRE_POSTGRES === '1';
if (reason && required) {
  throw new Error(`PostgreSQL is required here (CI or LOA_REQUIRE_POSTGRES=1) but ${TEST_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')} does not answer: ${reason}`);
}
if (reason) {
  // One line per run, not per file: the first file to find it down leaves a marker.
  const marker = join(tmpdir(), `loa-pg-skipped-${process.ppid}`);
  if (!existsSync(marker)) {
    writeFileSync(marker, reason);
    console.warn(`[loa] PostgreSQL tests SKIPPED: no PostgreSQL at TEST_DATABASE_URL (${reason}); start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`);
  }
}

/** True when the PostgreSQL suites must be skipped. */
export const noPostgres = reason !== undefined;

/** A fresh schema name for one test file (`loa_t_<tag>_<random>`). */
export function testSchema(tag: string): string {
  return `loa_t_${tag.replace(/[^a-z0-9]/g, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
