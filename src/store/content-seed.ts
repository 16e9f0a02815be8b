/**
 * Seeding a store's content from the data folder, the same way for lowdb and PostgreSQL. The
 * store holds the organisation and the plans in use; the data folder is only their seed and
 * the way new plan files arrive:
 * - at the first open (the store has no organisation yet), `org.json` and every `plans/*.json`
 *   (with its original text) go into the store;
 * - at every later open, a plan file whose id the store never had (neither has nor deleted) is
 *   added: `loa import` or a hand-placed file. A plan deleted in the store never comes back, a
 *   plan the store has is never overwritten by its file, and `org.json` is not read again.
 * What would be added is checked with the store's content by the start-up rules first: a bad
 * file stops the start with the error naming it, and nothing is added.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readJson } from '../content-files.js';
import { buildContent } from '../core/content.js';

/** A plan file of the data folder. */
export interface FolderPlan {
  /** Its name as the store keeps it: `plans/<name>.json`. */
  file: string;
  /** Its path, for messages. */
  path: string;
  id: string;
  raw: unknown;
  /** The original text beside it (`source`, else `<name>.txt`); empty when there is none. */
  text: string;
}

/** The organisation of the data folder (`org.json`); a ContentError naming the file when it cannot be read. */
export async function readFolderOrg(dataDir: string): Promise<{ file: string; raw: unknown }> {
  return { file: 'org.json', raw: await readJson(join(dataDir, 'org.json')) };
}

/** Every plan file of the data folder, by name; a ContentError naming a file that is not valid JSON. */
export async function readFolderPlans(dataDir: string): Promise<FolderPlan[]> {
  const dir = join(dataDir, 'plans');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const raw = await readJson(path);
      const fields = (raw ?? {}) as { id?: unknown; source?: unknown };
      const id = typeof fields.id === 'string' ? fields.id : basename(name, '.json');
      const source = typeof fields.source === 'string' ? basename(fields.source) : `${basename(name, '.json')}.txt`;
      const text = await readFile(join(dir, source), 'utf8').catch(() => '');
      return { file: `plans/${name}`, path, id, raw, text };
    }),
  );
}

/** What a store holds, as the seed needs to know it. */
export interface StoredContent {
  org: { file: string; raw: unknown } | undefined;
  plans: Array<{ file: string; raw: unknown }>;
  /** Whether the store has, or had and deleted, a plan of this id. */
  known(id: string): boolean;
}

/** What a store holds, with each plan's original text by plan id (what `loa import` reads too). */
export interface StoredContentWithTexts extends StoredContent {
  texts: Record<string, string>;
}

/** What the data folder adds to a store. */
export interface ContentSeed {
  /** The organisation, at the first open only. */
  org?: { file: string; raw: unknown } | undefined;
  plans: FolderPlan[];
}

/** What a store took from the data folder at its open, for the log. */
export interface SeedReport {
  /** The store was empty and got the organisation (and every plan file). */
  seeded: boolean;
  /** The plans added, with the file each came from. */
  added: Array<{ id: string; file: string }>;
}

/**
 * What `dataDir` adds to the stored content (see the module's comment), checked together with
 * it by the start-up rules; throws the ContentError of a bad file.
 */
export async function contentSeed(dataDir: string, stored: StoredContent): Promise<ContentSeed> {
  const org = stored.org ? undefined : await readFolderOrg(dataDir);
  const plans = (await readFolderPlans(dataDir)).filter((p) => !stored.known(p.id));
  if (org || plans.length) {
    const orgFile = org ? join(dataDir, org.file) : stored.org!.file;
    buildContent(orgFile, (org ?? stored.org)!.raw, [...stored.plans, ...plans.map((p) => ({ file: p.path, raw: p.raw }))]);
  }
  return { org, plans };
}

/** The report of a seed applied. */
export function seedReport(seed: ContentSeed): SeedReport {
  return { seeded: seed.org !== undefined, added: seed.plans.map((p) => ({ id: p.id, file: p.path })) };
}

/** One log line per plan added at a later start, or one line for the first seed. */
export function seedLogLines(report: SeedReport, dataDir: string): string[] {
  if (report.seeded) return [`content seeded from ${dataDir}: the organisation and ${report.added.length} plan(s); from now on the store's copy is used`];
  return report.added.map((p) => `plan ${p.id} added from ${p.file} (a plan file the store did not have)`);
}
