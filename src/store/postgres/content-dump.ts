/**
 * The content's part of `store copy` (see dump.ts, restore.ts): the organisation, the plans with
 * their text, the ids of deleted plans, the revision and the staged plans, read into the lowdb
 * file's shape and written back. A snapshot without an organisation (a file older than schema 8,
 * never opened since) carries no content: the target keeps its own, or seeds it from the folder.
 */
import type pg from 'pg';
import type { StoreData } from '../schema.js';
import { iso, json } from './rows.js';

type Query = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** The content tables, emptied by a copy that replaces the content. */
export const CONTENT_TABLES = ['content_org', 'content_plans', 'content_deleted_plans', 'staged_plans'];

/** Count kinds of the content (see countsOf): compared only when the snapshot carries content. */
export const CONTENT_KINDS = ['org', 'plans', 'deletedPlans', 'stagedPlans'];

export const CONTENT_COUNT_SQL = `(SELECT count(*) FROM content_org) AS org, (SELECT count(*) FROM content_plans) AS plans,
  (SELECT count(*) FROM content_deleted_plans) AS "deletedPlans", (SELECT count(*) FROM staged_plans) AS "stagedPlans"`;

/** Whether a snapshot carries content (an organisation). */
export const carriesContent = (data: StoreData): boolean => data.org !== null;

/** Reads the content into `data` (inside the export's snapshot transaction). */
export async function exportContent(q: Query, data: StoreData): Promise<void> {
  const [org] = await q('SELECT file, raw FROM content_org WHERE id = 1');
  data.org = org ? { file: org.file as string, raw: org.raw } : null;
  for (const r of await q('SELECT file, id, raw, text, updated_at FROM content_plans ORDER BY file')) {
    data.plans[r.id as string] = { file: r.file as string, raw: r.raw, text: r.text as string, updatedAt: iso(r.updated_at as Date)! };
  }
  for (const r of await q('SELECT id, at FROM content_deleted_plans ORDER BY id')) data.deletedPlans[r.id as string] = iso(r.at as Date)!;
  const [revision] = await q('SELECT revision FROM content_revision WHERE id = 1');
  data.contentRevision = Number(revision?.revision ?? 0);
  for (const r of await q('SELECT code, text, summary, key, draft, at FROM staged_plans ORDER BY at, code')) {
    data.staged[r.code as string] = {
      code: r.code as string,
      text: r.text as string,
      summary: r.summary as string,
      ...(r.key !== null ? { key: r.key as string } : {}),
      ...(r.draft !== null && r.draft !== undefined ? { draft: r.draft } : {}),
      at: iso(r.at as Date)!,
    };
  }
  const [seq] = await q('SELECT last_value, is_called FROM staged_plan_seq');
  data.seq.staged = seq?.is_called ? Number(seq.last_value) : 0;
}

type InsertMany = (client: pg.ClientBase, table: string, columns: string[], casts: string[], rows: Array<Array<string | null>>) => Promise<void>;

/** Writes the snapshot's content into emptied content tables (inside the import's transaction). */
export async function importContent(client: pg.ClientBase, data: StoreData, insertMany: InsertMany): Promise<void> {
  if (!data.org) return;
  await client.query('INSERT INTO content_org (id, file, raw) VALUES (1, $1, $2::json)', [data.org.file, JSON.stringify(data.org.raw)]);
  await insertMany(client, 'content_plans', ['file', 'id', 'raw', 'text', 'updated_at'], ['', '', 'json', '', 'timestamptz'],
    Object.entries(data.plans).map(([id, p]) => [p.file, id, JSON.stringify(p.raw), p.text, p.updatedAt]));
  await insertMany(client, 'content_deleted_plans', ['id', 'at'], ['', 'timestamptz'], Object.entries(data.deletedPlans));
  await insertMany(client, 'staged_plans', ['code', 'text', 'summary', 'key', 'draft', 'at'], ['', '', '', '', 'json', 'timestamptz'],
    Object.values(data.staged).map((s) => [s.code, s.text, s.summary, s.key ?? null, json(s.draft), s.at]));
  // Staged codes continue after the copied ones; the revision moves on, so running replicas reload.
  const highest = Math.max(data.seq.staged, ...Object.keys(data.staged).map((c) => Number(/\d+$/.exec(c)?.[0] ?? 0)));
  if (highest > 0) await client.query("SELECT setval('staged_plan_seq', $1::bigint)", [highest]);
  await client.query('UPDATE content_revision SET revision = greatest(revision, $1::bigint) + 1 WHERE id = 1', [data.contentRevision]);
}
