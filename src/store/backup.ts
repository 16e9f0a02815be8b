/** Dated copies of the database taken at each start; only the newest few are kept. */
import { copyFile, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function backupDir(dbFile: string): string {
  return join(dirname(dbFile), 'backups');
}

function stampOf(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
}

function counterOf(name: string): number {
  const m = /-(\d+)\.json$/.exec(name.replace(/-\d{8}-\d{6}Z/, ''));
  return m ? Number(m[1]) : 1;
}

/** Backups of `dbFile`, newest first. */
export async function listBackups(dbFile: string): Promise<string[]> {
  const dir = backupDir(dbFile);
  const prefix = basename(dbFile).replace(/\.json$/, '') + '-';
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files = await Promise.all(
    names
      .filter((n) => n.startsWith(prefix) && n.endsWith('.json'))
      .map(async (n) => ({ path: join(dir, n), mtime: (await stat(join(dir, n))).mtimeMs, n: counterOf(n) })),
  );
  return files.sort((a, b) => b.mtime - a.mtime || b.n - a.n).map((f) => f.path);
}

/**
 * Copies `dbFile` to `backups/<name>-<UTC stamp>[-n].json` and removes all but the newest `keep`.
 * The stamp comes from the injected clock; a counter keeps names unique when the clock is fixed.
 */
export async function takeBackup(dbFile: string, now: Date, keep: number): Promise<string> {
  const dir = backupDir(dbFile);
  await mkdir(dir, { recursive: true });
  const base = `${basename(dbFile).replace(/\.json$/, '')}-${stampOf(now)}`;
  const existing = new Set(await readdir(dir));
  let name = `${base}.json`;
  for (let n = 2; existing.has(name); n++) name = `${base}-${n}.json`;
  const target = join(dir, name);
  await copyFile(dbFile, target);
  const all = await listBackups(dbFile);
  await Promise.all(all.slice(Math.max(keep, 1)).map((f) => unlink(f).catch(() => undefined)));
  return target;
}
