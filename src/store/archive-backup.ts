/**
 * The audit archive in the backups: at each start, `backups/<name>-audit-archive.jsonl` is brought
 * level with the archive beside the database file (`<file>.audit-archive.jsonl`). The archive is
 * only ever appended to, so only the bytes added since the last start are copied (fsync'd, 0600).
 * A backup copy that is no longer the start of the archive (the archive was replaced or cut) is
 * kept under a dated name and a fresh copy is made; no backup of the archive is ever removed.
 */
import { open, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { auditArchiveOf, freeJsonlPath, readAt, wholeLinesEnd } from './audit-archive.js';
import { backupDir, prefixOf } from './backup.js';
import { nodeIo, privateDir, syncDir, tighten } from './safe-file.js';

const CHUNK = 1024 * 1024;

/** The archive's backup copy of `dbFile`. */
export const archiveBackupOf = (dbFile: string): string => join(backupDir(dbFile), `${prefixOf(dbFile)}audit-archive.jsonl`);

/** Whether the `size` bytes of `copy` are the start of `source` (their last bytes compared: an append-only file). */
async function isStartOf(copy: FileHandle, source: FileHandle, size: number): Promise<boolean> {
  const n = Math.min(size, 64 * 1024);
  const a = Buffer.alloc(n);
  const b = Buffer.alloc(n);
  return (await readAt(copy, a, size - n)) === n && (await readAt(source, b, size - n)) === n && a.equals(b);
}

/** A free dated name for a backup copy kept aside: `<name>-audit-archive-<time>[-n].jsonl`. */
const keptName = (target: string, now: Date): Promise<string> =>
  freeJsonlPath(target.replace(/\.jsonl$/, `-${now.toISOString().replace(/[-:.]/g, '')}`));

/** Brings the backup copy of `dbFile`'s audit archive level with it; returns its path (undefined: no archive). */
export async function backupArchive(dbFile: string, now: Date): Promise<string | undefined> {
  const archive = auditArchiveOf(dbFile);
  let source: FileHandle;
  try {
    source = await open(archive, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const end = await wholeLinesEnd(source, (await source.stat()).size);
    const dir = backupDir(dbFile);
    await privateDir(dir);
    const target = archiveBackupOf(dbFile);
    let have = (await stat(target).catch(() => undefined))?.size ?? 0;
    if (have > 0) {
      const copy = await open(target, 'r');
      const same = await isStartOf(copy, source, have).finally(() => copy.close());
      if (have > end || !same) {
        await rename(target, await keptName(target, now));
        have = 0;
      }
    }
    if (have === end) return target;
    const out = await open(target, 'a', 0o600);
    try {
      const buffer = Buffer.allocUnsafe(CHUNK);
      for (let pos = have; pos < end; ) {
        const n = await readAt(source, buffer.subarray(0, Math.min(CHUNK, end - pos)), pos);
        if (n === 0) break;
        for (let done = 0; done < n; ) done += (await out.write(buffer, done, n - done)).bytesWritten;
        pos += n;
      }
      await out.datasync();
    } finally {
      await out.close();
    }
    if (have === 0) await syncDir(dir, nodeIo);
    await tighten(target, 0o600);
    return target;
  } finally {
    await source.close();
  }
}
