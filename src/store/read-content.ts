/**
 * The content a deployment's store serves, read without writing it (for `loa import`, which
 * prepares a plan file against the plans Loa really has, while the bot may hold the store): the
 * store's org and plans with their texts, plus what the data folder would add at the next start
 * (see content-seed.ts). A store that does not exist yet is the data folder's content.
 */
import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import { contentOf } from '../content-files.js';
import type { Clock } from '../core/clock.js';
import type { Content } from '../core/content.js';
import { contentSeed, type StoredContent } from './content-seed.js';
import { StoreError } from './errors.js';
import { readWholeState } from './lowdb/journal-format.js';
import { openPostgresStores } from './postgres/index.js';

export interface StoreContent {
  content: Content;
  /** Plan id → original text. */
  texts: Record<string, string>;
  /** Whether the store has, or had and deleted, a plan of this id: a file of that id is not added at start. */
  knows(id: string): boolean;
}

type Stored = StoredContent & { texts: Record<string, string> };

const none: Stored = { org: undefined, plans: [], known: () => false, texts: {} };

/** The lowdb file's content (file and journal), or nothing when there is no file yet. */
async function fromFile(file: string): Promise<Stored> {
  if (!existsSync(file)) return none;
  let data;
  try {
    data = await readWholeState(file);
  } catch (error) {
    throw new StoreError(`Không đọc được tệp dữ liệu ${file}: ${(error as Error).message}.`, file, undefined);
  }
  const entries = Object.entries(data.plans);
  return {
    org: data.org ?? undefined,
    plans: entries.map(([, p]) => ({ file: p.file, raw: p.raw })),
    known: (id) => Object.hasOwn(data.plans, id) || Object.hasOwn(data.deletedPlans, id),
    texts: Object.fromEntries(entries.map(([id, p]) => [id, p.text])),
  };
}

/** PostgreSQL's content (migrated when needed, not seeded). */
async function fromPostgres(url: string, schema: string | undefined, clock: Clock): Promise<Stored> {
  const stores = await openPostgresStores(url, { clock, schema, poolSize: 1 });
  try {
    const q = async <R extends object>(sql: string) => (await stores.pool.query<R & Record<string, unknown>>(sql)).rows;
    const [org] = await q<{ file: string; raw: unknown }>('SELECT file, raw FROM content_org WHERE id = 1');
    const plans = await q<{ file: string; id: string; raw: unknown; text: string }>('SELECT file, id, raw, text FROM content_plans ORDER BY file');
    const known = new Set([...plans, ...(await q<{ id: string }>('SELECT id FROM content_deleted_plans'))].map((p) => p.id));
    return { org, plans, known: (id) => known.has(id), texts: Object.fromEntries(plans.map((p) => [p.id, p.text])) };
  } finally {
    await stores.close();
  }
}

/** Reads the content of `config`'s store (PostgreSQL when `DATABASE_URL` is set, else `DB_FILE`) merged with the data folder's new plans. */
export async function readStoreContent(config: Config, clock: Clock): Promise<StoreContent> {
  const stored = config.database ? await fromPostgres(config.database.url, config.database.schema, clock) : await fromFile(config.dbFile);
  const seed = await contentSeed(config.dataDir, stored);
  const org = seed.org ?? stored.org!;
  const plans = [...stored.plans, ...seed.plans.map((p) => ({ file: p.file, raw: p.raw }))];
  const texts = { ...stored.texts, ...Object.fromEntries(seed.plans.map((p) => [p.id, p.text])) };
  return { content: contentOf({ org, plans, revision: '0' }), texts, knows: stored.known };
}
