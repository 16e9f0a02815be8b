/**
 * `loa store copy --from A --to B [--replace]`: moves a deployment between the lowdb file and
 * PostgreSQL (either way, or between two databases). Every record is read from the source and
 * written into the target in ONE transaction (PostgreSQL) or ONE file write (lowdb); the row
 * counts are checked after, and a target that already holds records is refused unless
 * `replace`. The content (org, plans and their texts, deleted plan ids, staged plans) is copied
 * with the records; only a file older than schema 8 (no content yet) leaves a PostgreSQL target
 * its own content, seeded from the data folder when it has none. The data folder is never written.
 * The audit log goes along both ways, whole and in order (see copy-audit.ts for what a file
 * cannot keep in itself and what PostgreSQL cannot hold). Hand-ins go along with the bytes of the
 * files they name (a lowdb side's files folder ↔ PostgreSQL's `files` table), one file at a time;
 * form sessions in progress and one-time download links, short-lived, stay behind.
 */
import { access, copyFile, readFile, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { FileStorePort } from '../core/ports.js';
import { filesStoreFor } from './files-dir.js';
import { takeLock } from './lock.js';
import { carriesContent } from './postgres/content-dump.js';
import { countsOf, exportPostgres, type StoreSnapshot } from './postgres/dump.js';
import { openPostgresStores } from './postgres/index.js';
import { importPostgres, TargetNotEmptyError } from './postgres/restore.js';
import { copyFiles, describeFiles, type CopiedFiles } from './copy-files.js';
import { privateDir, writePrivate } from './safe-file.js';
import { journalOf, readWholeState } from './lowdb/journal-format.js';
import { moveArchiveAside, splitForFile, unstorableInPostgres, withArchive, writeAuditArchive } from './copy-audit.js';
import { auditArchiveOf, readAuditArchive } from './audit-archive.js';
import { MAX_AUDIT, type StoreData } from './schema.js';

export { TargetNotEmptyError } from './postgres/restore.js';

/** A copy that cannot be made: the message says why and what to do, in Vietnamese. */
export class CopyError extends Error {
  override name = 'CopyError';
}

export interface CopyOptions {
  /** A lowdb file path or a `postgres://` URL. */
  from: string;
  to: string;
  /** Empty a target that holds records, then copy (a replaced file is kept beside it). */
  replace?: boolean | undefined;
  clock: Clock;
  /** The data folder (org.json, plans/): seeds a PostgreSQL target's content when the source has none (read only). */
  dataDir?: string | undefined;
  /** Schema of the PostgreSQL side(s) (default `public`). */
  schema?: string | undefined;
  /** The files folder of a lowdb side (`FILES_DIR`); default `files/` beside that side's file. */
  filesDir?: string | undefined;
}

export interface CopyReport {
  /** Records by kind, read back from the target (`audit`: the file's entries and its archive's). */
  counts: Record<string, number>;
  /**
   * A file target keeps the newest {@link MAX_AUDIT} audit entries: the older ones were written,
   * unchanged and in order, to this archive beside it (where the file's own later drops go too).
   */
  auditArchive?: { file: string; entries: number } | undefined;
  /** Where a replaced file was kept. */
  keptAs?: string | undefined;
  /** Where the audit archive that was beside the target file was kept. */
  archiveKeptAs?: string | undefined;
  /** The bytes of the hand-ins' files: how many were copied, which the source lacked. */
  files: CopiedFiles;
  /** Where they went: a folder, or the database's `files` table (undefined). */
  filesDir?: string | undefined;
}

export const isDatabaseUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target);

/** The whole state of a lowdb file: the file with its journal replayed (the changes since its last compaction). */
async function readFileSource(file: string): Promise<StoreSnapshot> {
  try {
    await access(file);
  } catch (error) {
    throw new CopyError(`Không đọc được tệp dữ liệu ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  let data: StoreData;
  try {
    data = await readWholeState(file);
  } catch (error) {
    throw new CopyError(`Tệp ${file} không phải dữ liệu Loa hợp lệ: ${(error as Error).message}.`);
  }
  try {
    // The entries the file no longer keeps are in its archive: they go first.
    return { data: { ...data, audit: await withArchive(file, data.audit) } };
  } catch (error) {
    throw new CopyError(`Không đọc được kho lưu nhật ký thay đổi ${auditArchiveOf(file)}: ${(error as Error).message}.`);
  }
}

async function writeFileTarget(file: string, snapshot: StoreSnapshot, source: FileStorePort, options: CopyOptions): Promise<CopyReport> {
  await privateDir(dirname(file));
  const lock = await takeLock(file);
  if ('heldBy' in lock) {
    throw new CopyError(`Tệp ${file} đang được một tiến trình Loa dùng${lock.heldBy > 0 ? ` (PID ${lock.heldBy})` : ''}: dừng Loa trước khi chép vào tệp này.`);
  }
  try {
    let keptAs: string | undefined;
    const old = await readFile(file, 'utf8').catch(() => undefined);
    if (old !== undefined && old.trim() !== '') {
      let held: string[] = ['nội dung không phải dữ liệu Loa'];
      let whole: string | undefined;
      try {
        const data = await readWholeState(file);
        whole = JSON.stringify(data);
        held = Object.entries(countsOf({ data })).filter(([, n]) => n > 0).map(([k, n]) => `${k}: ${n}`);
      } catch {
        // not a Loa file: refused as holding something unknown
      }
      if (held.length && !options.replace) {
        throw new TargetNotEmptyError(`Tệp đích ${file} đã có dữ liệu (${held.join(', ')}): không chép đè. Thêm --replace để thay (tệp cũ được giữ lại bên cạnh).`);
      }
      if (held.length) {
        keptAs = `${file}.before-copy-${options.clock.now().toISOString().replace(/[:.]/g, '-')}`;
        // The whole old state (the file with its journal replayed), or the file as it is.
        if (whole === undefined) await copyFile(file, keptAs);
        else await writePrivate(keptAs, whole);
      }
    }
    // The archive beside the file belonged to the file replaced (or to one removed): it goes aside with it.
    const archivedAside = await moveArchiveAside(file, keptAs, options.clock);
    // The entries the file cannot keep go to their archive first: no file without them.
    const { kept, older } = splitForFile(snapshot.data.audit);
    const archive = older.length ? await writeAuditArchive(file, older) : undefined;
    // The files' bytes before the records that name them (a file no record names is harmless).
    const folder = filesStoreFor(file, options.filesDir);
    // copyFiles hands over only bytes whose SHA-256 is the digest named.
    const files = await copyFiles(snapshot, source, async (_digest, bytes) => {
      await folder.putFile(bytes);
    });
    await writePrivate(file, JSON.stringify({ ...snapshot.data, audit: kept }));
    // The old file's journal belongs to it, not to the copy.
    await unlink(journalOf(file)).catch(() => undefined);
    // Read back: what is on disk (the file and the archive) must hold every record.
    const back = countsOf({ data: await readWholeState(file) });
    const archived = archive ? (await readAuditArchive(archive)).length : 0;
    back.audit = (back.audit ?? 0) + archived;
    const expected = countsOf(snapshot);
    const wrong = Object.keys(expected).filter((k) => expected[k] !== back[k]);
    if (wrong.length) throw new CopyError(`Số bản ghi trong ${file} sau khi chép không khớp: ${wrong.join(', ')}.`);
    return {
      counts: back,
      files,
      filesDir: folder.dir,
      ...(archive ? { auditArchive: { file: archive, entries: archived } } : {}),
      ...(keptAs ? { keptAs } : {}),
      ...(archivedAside ? { archiveKeptAs: archivedAside } : {}),
    };
  } finally {
    await lock.release();
  }
}

/** Copies every record from `from` to `to`; throws CopyError / TargetNotEmptyError / StoreUnavailableError. */
export async function copyStore(options: CopyOptions): Promise<CopyReport> {
  const { from, to } = options;
  if (from === to || (!isDatabaseUrl(from) && !isDatabaseUrl(to) && resolve(from) === resolve(to))) {
    throw new CopyError('Nguồn và đích là một: chọn nơi chép đến khác nơi chép đi.');
  }
  let snapshot: StoreSnapshot;
  // Where the files' bytes are read from: open until the copy is done.
  let source: FileStorePort;
  let closeSource = async (): Promise<void> => {};
  if (isDatabaseUrl(from)) {
    const db = await openPostgresStores(from, { clock: options.clock, schema: options.schema });
    try {
      snapshot = await exportPostgres(db.pool);
    } catch (error) {
      await db.close();
      throw error;
    }
    source = db.files;
    closeSource = () => db.close();
  } else {
    snapshot = await readFileSource(resolve(from));
    source = filesStoreFor(resolve(from), options.filesDir);
  }
  try {
    return await copyInto(to, snapshot, source, options);
  } finally {
    await closeSource();
  }
}

async function copyInto(to: string, snapshot: StoreSnapshot, source: FileStorePort, options: CopyOptions): Promise<CopyReport> {
  if (isDatabaseUrl(to)) {
    // Refused before anything is written: PostgreSQL would fail on it, or store it changed.
    // (Web sign-in links and sessions, form sessions and download links are not copied: they are not looked at.)
    const bad = unstorableInPostgres({ ...snapshot.data, webLinks: {}, webSessions: {}, formSessions: {}, downloadLinks: {} });
    if (bad !== undefined) {
      throw new CopyError(
        `Không chép được sang PostgreSQL: ${bad} có ký tự NUL hoặc nửa cặp ký tự UTF-16, PostgreSQL không lưu được nguyên vẹn. ` +
          'Chưa ghi gì vào đích; dữ liệu nguồn (kể cả nhật ký thay đổi) không bị sửa.',
      );
    }
    // Seeded from the folder only when the snapshot brings no content of its own.
    const seedFrom = carriesContent(snapshot.data) ? undefined : options.dataDir;
    const target = await openPostgresStores(to, { clock: options.clock, schema: options.schema, dataDir: seedFrom });
    try {
      return await importPostgres(target.pool, snapshot, { replace: options.replace, files: source });
    } finally {
      await target.close();
    }
  }
  return writeFileTarget(resolve(to), snapshot, source, options);
}

/** The report in a few Vietnamese lines, for the command line. */
export function describeCopy(options: Pick<CopyOptions, 'from' | 'to'>, report: CopyReport): string {
  const safe = (t: string) => (isDatabaseUrl(t) ? t.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@') : t);
  const lines = [`Đã chép dữ liệu từ ${safe(options.from)} sang ${safe(options.to)}; số bản ghi đã kiểm tra khớp:`];
  lines.push(...Object.entries(report.counts).map(([k, n]) => `  ${k}: ${n}`));
  const archive = report.auditArchive;
  if (archive) {
    const n = (v: number) => v.toLocaleString('vi-VN');
    lines.push(
      `Nhật ký thay đổi: tệp dữ liệu giữ ${n(MAX_AUDIT)} mục mới nhất; ` +
        `${n(archive.entries)} mục cũ hơn được lưu nguyên vẹn, theo thứ tự, tại ${archive.file} (mỗi dòng một mục). ` +
        'Trang Nhật ký đọc cả hai; từ nay mục cũ nhất trong tệp được ghi thêm vào đó trước khi rời tệp.',
    );
  }
  lines.push(...describeFiles(report.files, report.filesDir));
  if (report.keptAs) lines.push(`Tệp cũ được giữ tại ${report.keptAs}`);
  if (report.archiveKeptAs) lines.push(`Kho lưu nhật ký cũ cạnh tệp đích được giữ tại ${report.archiveKeptAs}`);
  return lines.join('\n') + '\n';
}
