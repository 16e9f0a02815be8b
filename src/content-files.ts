/**
 * The content as files in the data folder: `org.json` and `plans/*.json` (each plan beside its
 * original text). The stores seed their content from it (src/store/content-seed.ts); the CLI's
 * read-only commands read it. Nothing here writes the folder.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildContent, ContentError, type Content } from './core/content.js';
import type { ContentSource } from './core/ports.js';

/** A JSON file of the data folder; a ContentError naming the file when it cannot be read or parsed. */
export async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ContentError(`${file}: không đọc được (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ContentError(`${file}: không phải JSON hợp lệ (${(error as Error).message})`);
  }
}

/** The raw org and plans of a data folder (`revision` as given: the folder does not know one). */
export async function readContentSource(dataDir: string, revision = '0'): Promise<ContentSource> {
  const orgFile = join(dataDir, 'org.json');
  const orgRaw = await readJson(orgFile);
  const plansDir = join(dataDir, 'plans');
  let names: string[] = [];
  try {
    names = (await readdir(plansDir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    names = [];
  }
  const plans = await Promise.all(names.map(async (n) => ({ file: join(plansDir, n), raw: await readJson(join(plansDir, n)) })));
  return { org: { file: orgFile, raw: orgRaw }, plans, revision };
}

/** Validates a content source into {@link Content}; throws ContentError naming the file. */
export function contentOf(source: ContentSource): Content {
  return buildContent(source.org.file, source.org.raw, source.plans);
}

/** Reads and validates the data folder (the CLI's read-only commands, tests). */
export async function loadContent(dataDir: string): Promise<Content> {
  return contentOf(await readContentSource(dataDir));
}
