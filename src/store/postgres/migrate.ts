/**
 * Brings a schema to the current version at open: in ONE transaction, under an advisory lock
 * per schema (so replicas starting at once migrate once, the others wait and find it done), it
 * creates the schema, applies each missing migration and records it in `schema_migrations`, and
 * seeds the content from the data folder (see content-seed.ts). A database newer than this Loa is refused.
 */
import type pg from 'pg';
import type { SeedReport } from '../content-seed.js';
import { seedContent } from './content-seed.js';
import { MIGRATIONS } from './migrations.js';

/** Schema names Loa accepts (unquoted SQL identifiers): no quoting, no injection. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrateResult extends SeedReport {
  applied: number[];
}

export async function migrateSchema(client: pg.ClientBase, schema: string, options: { dataDir?: string | undefined; at: string }): Promise<MigrateResult> {
  if (!SCHEMA_NAME.test(schema)) throw new MigrationError(`Tên schema "${schema}" không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch dưới.`);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`loa:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET LOCAL search_path TO ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    const done = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    const known = Math.max(0, ...MIGRATIONS.map((m) => m.version));
    if (newest > known) {
      throw new MigrationError(
        `Cơ sở dữ liệu (schema ${schema}) thuộc phiên bản ${newest}, mới hơn phiên bản Loa này hiểu (${known}): cập nhật Loa trước khi chạy.`,
      );
    }
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    const seeding: SeedReport = options.dataDir ? await seedContent(client, options.dataDir, options.at) : { seeded: false, added: [] };
    await client.query('COMMIT');
    return { applied, ...seeding };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
