/**
 * Seeding PostgreSQL's content from the data folder (see ../content-seed.ts): at the first open
 * the organisation and every plan file, at every later open the plan files whose id the
 * database never had. Runs in the migration's transaction, under its lock, so replicas starting
 * at once seed once.
 */
import type pg from 'pg';
import { contentSeed, seedReport, type SeedReport, type StoredContent, type StoredContentWithTexts } from '../content-seed.js';

/**
 * The file name a plan is kept under: `file`, unless another plan has it (a plan file whose id
 * is not its name), then one of its own. Parameters: $1 the file, $2 the id.
 */
export const PLAN_FILE_SQL = `CASE WHEN EXISTS (SELECT 1 FROM content_plans WHERE file = $1 AND id <> $2) THEN $1 || '#' || $2 ELSE $1 END`;

/**
 * What the seed needs to know of PostgreSQL's content: the migration's seed and `loa import`
 * (read-content.ts) read it alike; only `loa import` asks for the plans' texts, so a start does
 * not read every plan's text.
 */
export async function storedContentIn(db: Pick<pg.ClientBase, 'query'>): Promise<StoredContent>;
export async function storedContentIn(db: Pick<pg.ClientBase, 'query'>, withTexts: true): Promise<StoredContentWithTexts>;
export async function storedContentIn(db: Pick<pg.ClientBase, 'query'>, withTexts = false): Promise<StoredContent | StoredContentWithTexts> {
  const { rows: org } = await db.query<{ file: string; raw: unknown }>('SELECT file, raw FROM content_org WHERE id = 1');
  const { rows: plans } = await db.query<{ file: string; id: string; raw: unknown; text?: string }>(
    `SELECT file, id, raw${withTexts ? ', text' : ''} FROM content_plans ORDER BY file`,
  );
  const { rows: deleted } = await db.query<{ id: string }>('SELECT id FROM content_deleted_plans');
  const known = new Set([...plans.map((p) => p.id), ...deleted.map((d) => d.id)]);
  const stored: StoredContent = { org: org[0], plans, known: (id) => known.has(id) };
  return withTexts ? { ...stored, texts: Object.fromEntries(plans.map((p) => [p.id, p.text ?? ''])) } : stored;
}

/** Adds what the data folder seeds; returns what was added. */
export async function seedContent(client: pg.ClientBase, dataDir: string, at: string): Promise<SeedReport> {
  const seed = await contentSeed(dataDir, await storedContentIn(client));
  if (seed.org) await client.query('INSERT INTO content_org (id, file, raw) VALUES (1, $1, $2::json)', [seed.org.file, JSON.stringify(seed.org.raw)]);
  for (const p of seed.plans) {
    await client.query(`INSERT INTO content_plans (file, id, raw, text, updated_at) VALUES (${PLAN_FILE_SQL}, $2, $3::json, $4, $5)`, [
      p.file,
      p.id,
      JSON.stringify(p.raw),
      p.text,
      at,
    ]);
  }
  if (seed.org || seed.plans.length) await client.query('UPDATE content_revision SET revision = revision + 1 WHERE id = 1');
  return seedReport(seed);
}
