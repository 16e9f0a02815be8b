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
import { contentSeed, type StoredContentWithTexts } from './content-seed.js';
import { StoreError } from './errors.js';
import { storedContentOf } from './lowdb/content.js';
import { readWholeState } from './lowdb/journal-format.js';
import { storedContentIn } from './postgres/content-seed.js';
import { openPostgresStores } from './postgres/index.js';

export interface StoreContent {
  content: Content;
  /** Plan id → original text. */
  texts: Record<string, string>;
  /** Whether the store has, or had and deleted, a plan of this id: a file of that id is not added at start. */
  knows(id: string): boolean;
}

const none: StoredContentWithTexts = { org: undefined, plans: [], known: () => false, texts: {} };

/** The lowdb file's content (file and journal), or nothing when there is no file yet. */
async function fromFile(file: string): Promise<StoredContentWithTexts> {
  if (!existsSync(file)) return none;
  let data;
  try {
    data = await readWholeState(file);
  } catch (error) {
    throw new StoreError(`Không đọc được tệp dữ liệu ${file}: ${(error as Error).message}.`, file, undefined);
  }
  return storedContentOf(data);
}

/** PostgreSQL's content (migrated when needed, not seeded). */
async function fromPostgres(url: string, schema: string | undefined, clock: Clock): Promise<StoredContentWithTexts> {
  const stores = await openPostgresStores(url, { clock, schema, poolSize: 1 });
  try {
    return await storedContentIn(stores.pool, true);
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
