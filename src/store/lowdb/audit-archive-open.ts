/**
 * Opening the audit archive with the database file (see audit-archive.ts): the lines a crash left
 * in both the archive and the file are found (the file's first entries that the archive already
 * holds, see {@link archivedHead}); a new file does not continue an archive left beside it (the
 * lock holder moves that one aside); the lock holder narrows it to 0600 and brings its copy in
 * backups/ level. Every stop is a {@link StoreError}.
 */
import type { Clock } from '../../core/clock.js';
import type { AuditEntry } from '../../core/ports.js';
import { backupArchive } from '../archive-backup.js';
import { archivedHead, auditArchiveOf, auditText, freeJsonlPath, linesBackward, wholeLinesEnd } from '../audit-archive.js';
import { codeOf, describeFsError, remedyOf, StoreError } from '../errors.js';
import { tighten, type FileIo } from '../safe-file.js';
import { AuditArchive } from './audit-archive.js';

export interface ArchiveOptions {
  io: FileIo;
  lock: boolean;
  /** The database file did not exist: it starts now. */
  fresh: boolean;
  clock: Clock;
}

/** Opens the archive of `file`, whose audit log is `head` (as read, oldest first). */
export async function openAuditArchive(file: string, head: readonly AuditEntry[], options: ArchiveOptions): Promise<AuditArchive> {
  try {
    const archive = await open(file, head, options);
    if (options.lock) await backupArchive(file, options.clock.now());
    return archive;
  } catch (error) {
    throw new StoreError(
      `Không mở hoặc sao lưu được kho lưu nhật ký thay đổi ${auditArchiveOf(file)}: ${describeFsError(error)}. Loa chỉ chạy khi đã sao lưu được. ${remedyOf(error)}`,
      file,
      undefined,
    );
  }
}

async function open(file: string, head: readonly AuditEntry[], options: ArchiveOptions): Promise<AuditArchive> {
  const { io } = options;
  const path = auditArchiveOf(file);
  let stats = await io.stat(path).catch((error: unknown) => {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  });
  if (stats && options.fresh && options.lock) {
    // Moved to a free `<file>.audit-archive.before-<time>[-n].jsonl`.
    const stem = `${file}.audit-archive.before-${options.clock.now().toISOString().replace(/[:.]/g, '-')}`;
    await io.rename(path, await freeJsonlPath(stem, (p) => io.stat(p)));
    stats = undefined;
  }
  if (!stats) return new AuditArchive(file, io, { size: 0, ino: undefined }, []);
  if (options.lock) await tighten(path, 0o600);
  const handle = await io.open(path, 'r');
  try {
    const size = await wholeLinesEnd(handle, stats.size);
    const held = await archivedHead(linesBackward(handle, size), head);
    return new AuditArchive(file, io, { size, ino: stats.ino }, head.slice(0, held).map(auditText));
  } finally {
    await handle.close();
  }
}
