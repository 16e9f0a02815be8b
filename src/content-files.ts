/** Reads `org.json` and `plans/*.json` from the data folder into {@link Content}. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildContent, ContentError, type Content } from './core/content.js';

async function readJson(file: string): Promise<unknown> {
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

export async function loadContent(dataDir: string): Promise<Content> {
  const orgFile = join(dataDir, 'org.json');
  const orgRaw = await readJson(orgFile);
  const plansDir = join(dataDir, 'plans');
  let names: string[] = [];
  try {
    names = (await readdir(plansDir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    names = [];
  }
  const planFiles = await Promise.all(names.map(async (n) => ({ file: join(plansDir, n), raw: await readJson(join(plansDir, n)) })));
  return buildContent(orgFile, orgRaw, planFiles);
}
