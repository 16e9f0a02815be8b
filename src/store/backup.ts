/**
 * Dated copies of the database taken at each start; only the newest few are kept. They hold the
 * same secrets as the database (Zalo tokens), so they are written 0600 in a 0700 folder.
 */
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { privateDir, tighten, writePrivate } from './safe-file.js';

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

/** How the names of `dbFile`'s backups start (`db-` for db.json). */
export function prefixOf(dbFile: string): string {
  return basename(dbFile).replace(/\.json$/, '') + '-';
}

/** Backups of `dbFile`, newest first. */
export async function listBackups(dbFile: string): Promise<string[]> {
  const dir = backupDir(dbFile);
  const prefix = prefixOf(dbFile);
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

/** Whether the backup at `path` holds exactly `text` (the size is compared first, so a changed file costs no read). */
async function holds(path: string, text: string): Promise<boolean> {
  try {
    if ((await stat(path)).size !== Buffer.byteLength(text, 'utf8')) return false;
    return (await readFile(path, 'utf8')) === text;
  } catch {
    return false;
  }
}

/**
 * Writes `text` (the database as read at start) to `backups/<name>-<UTC stamp>[-n].json`, crash-safe
 * and 0600, narrows older backups to 0600 and removes all but the newest `keep`. A file unchanged
 * since the newest backup is not copied again (a restart would otherwise fill the `keep` slots with
 * copies of one state, pushing out the older, different ones): that backup is returned. The stamp
 * comes from the injected clock; a counter keeps names unique when the clock is fixed. Throws the
 * file system's error (the caller names the path and the cause); a failed backup leaves no partial file.
 */
export async function takeBackup(dbFile: string, text: string, now: Date, keep: number): Promise<string> {
  const dir = backupDir(dbFile);
  await privateDir(dir);
  const newest = (await listBackups(dbFile))[0];
  let target: string;
  if (newest && (await holds(newest, text))) {
    target = newest;
  } else {
    const base = `${prefixOf(dbFile)}${stampOf(now)}`;
    const existing = new Set(await readdir(dir));
    let name = `${base}.json`;
    for (let n = 2; existing.has(name); n++) name = `${base}-${n}.json`;
    target = join(dir, name);
    await writePrivate(target, text);
  }
  const all = await listBackups(dbFile);
  await Promise.all(all.slice(Math.max(keep, 1)).map((f) => unlink(f).catch(() => undefined)));
  await Promise.all(all.slice(0, Math.max(keep, 1)).map((f) => tighten(f, 0o600)));
  return target;
}
