/**
 * Opening the database file: the lock (one writer per file), temp files of a killed process, the
 * read, the upgrade to the current schema, the replay of its journal (then, for the lock holder,
 * the journal compacted into the file) and a backup of the whole state. A missing file starts
 * empty; an empty or corrupt file stops the start with a message naming the file and the last
 * backup, and is never overwritten. Every stop is a {@link StoreError}.
 */
import type { Stats } from 'node:fs';
import { stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { backupDir, listBackups, prefixOf, takeBackup } from '../backup.js';
import { codeOf, describeFsError, remedyOf, StoreError, StoreWriteError } from '../errors.js';
import { takeLock } from '../lock.js';
import { DEFAULT_MAX_JSON, nodeIo, privateDir, removeTemps, tighten, type FileIo } from '../safe-file.js';
import { emptyData, MAX_AUDIT, migrate, SCHEMA_VERSION, type StoreData } from '../schema.js';
import { openAuditArchive } from './audit-archive-open.js';
import { LowdbFile } from './file.js';
import { DEFAULT_JOURNAL_MAX, JournalFile } from './journal.js';
import { hashOf, JournalError, journalOf, parseJournal, readJournalText, replay, type ReadJournal } from './journal-format.js';

export interface OpenOptions {
  file: string;
  clock: Clock;
  /** Backups kept (default 5). */
  keepBackups?: number;
  /** Hold `<file>.lock` while open, refusing a second writer (the bot and `remind --send`). */
  lock?: boolean;
  /** Test seam: file operations of the write path, to inject a fault a machine cannot make. */
  io?: Partial<FileIo>;
  /** Largest JSON text written, in characters (default {@link DEFAULT_MAX_JSON}); a larger change is refused. */
  maxJson?: number;
  /** Journal size (bytes) past which the file is rewritten whole (default {@link DEFAULT_JOURNAL_MAX}). */
  journalMax?: number;
  /** Most audit entries the file keeps (default {@link MAX_AUDIT}); older ones go to its archive. */
  auditMax?: number;
}

export interface OpenedFile {
  file: LowdbFile;
  /** The backup taken at open (or the newest one, when the file had not changed since). */
  backup: string | undefined;
  release: (() => Promise<void>) | undefined;
}

/** Opens (or starts) the database file; with `lock`, the lock is taken first, so a refused second instance changes nothing. */
export async function openFile(options: OpenOptions): Promise<OpenedFile> {
  const file = resolve(options.file);
  const dir = dirname(file);
  try {
    await privateDir(dir);
  } catch (error) {
    throw new StoreError(`Không tạo được thư mục dữ liệu ${dir}: ${describeFsError(error)}. ${remedyOf(error)}`, file, undefined);
  }
  let release: (() => Promise<void>) | undefined;
  if (options.lock) {
    const lock = await takeLock(file);
    if ('heldBy' in lock) {
      throw new StoreError(
        `Tệp dữ liệu ${file} đang được một tiến trình Loa khác dùng${lock.heldBy > 0 ? ` (PID ${lock.heldBy})` : ''}. ` +
          'Mỗi tệp chỉ một tiến trình ghi: dừng tiến trình kia, hoặc dùng DB_FILE khác.',
        file,
        undefined,
      );
    }
    release = lock.release;
  }
  try {
    if (release) {
      // Temp files of a process killed mid-write (only the lock holder may remove them).
      await removeTemps(dir, basename(file) + '.');
      await removeTemps(backupDir(file), prefixOf(file));
    }
    return { ...(await load(file, options)), release };
  } catch (error) {
    await release?.();
    throw error;
  }
}

/** Reads the file (its text is undefined when there is none); the lock holder narrows it to 0600 first. */
async function readBase(file: string, io: FileIo, narrow: boolean): Promise<{ text: string | undefined; stats: Stats | undefined }> {
  let handle: FileHandle;
  try {
    handle = await io.open(file, 'r');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return { text: undefined, stats: undefined };
    throw error;
  }
  try {
    const text = await handle.readFile('utf8');
    if (narrow) await tighten(file, 0o600);
    return { text, stats: await handle.stat() };
  } finally {
    await handle.close();
  }
}

async function load(file: string, options: OpenOptions): Promise<{ file: LowdbFile; backup: string | undefined }> {
  const io = { ...nodeIo, ...options.io };
  const journal = journalOf(file);
  let base: Awaited<ReturnType<typeof readBase>>;
  let journalText: string | undefined;
  try {
    base = await readBase(file, io, options.lock === true);
  } catch (error) {
    throw await storeError(file, `không đọc được: ${describeFsError(error, 'read')}`);
  }
  try {
    journalText = await readJournalText(file);
  } catch (error) {
    throw await storeError(file, `không đọc được nhật ký ghi ${journal}: ${describeFsError(error, 'read')}`);
  }
  const { text, stats } = base;
  let data: StoreData;
  let read: ReadJournal = { lines: [], stale: false, torn: false };
  let hash: string | undefined;
  let upgraded = false;
  if (text === undefined) {
    if (journalText) throw await storeError(file, `tệp không còn nhưng nhật ký ghi ${journal} vẫn còn (tệp có thể đã bị xoá hoặc đổi tên)`);
    data = emptyData();
  } else {
    if (text.trim() === '') throw await storeError(file, 'tệp rỗng');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw await storeError(file, `không phải JSON hợp lệ (${(error as Error).message})`);
    }
    upgraded = (raw as { schemaVersion?: unknown } | null)?.schemaVersion !== SCHEMA_VERSION;
    try {
      data = migrate(raw);
    } catch (error) {
      throw await storeError(file, (error as Error).message);
    }
    hash = hashOf(text);
    try {
      if (journalText !== undefined) read = parseJournal(journalText, hash);
    } catch (error) {
      throw await journalError(file, error);
    }
  }
  const journalStats = journalText === undefined ? undefined : await stat(journal).catch(() => undefined);
  const start = { stats, hash, length: text?.length ?? 0, journal: journalStats, lines: read.lines, stale: read.stale, upgraded };
  const adapter = new JournalFile(file, io, start, options.maxJson ?? DEFAULT_MAX_JSON, options.journalMax ?? DEFAULT_JOURNAL_MAX);
  adapter.acceptBase(data);
  try {
    replay(data, read.lines);
  } catch (error) {
    throw await journalError(file, error);
  }
  let backupText = text;
  if (options.lock && adapter.hasJournal) {
    // The journal goes into the file now, so the backup holds every change.
    try {
      backupText = await adapter.compactNow(data);
    } catch (error) {
      throw new StoreError(
        `Không ghi được tệp dữ liệu ${file} khi gộp nhật ký ghi ${journal} vào tệp: ${error instanceof StoreWriteError ? error.message : describeFsError(error)}. ` +
          `Loa dừng lại; tệp và nhật ký vẫn nguyên vẹn. ${remedyOf(error)}`,
        file,
        undefined,
      );
    }
  } else if (read.lines.length) backupText = JSON.stringify(data);
  let backup: string | undefined;
  if (backupText !== undefined) {
    try {
      backup = await takeBackup(file, backupText, options.clock.now(), options.keepBackups ?? 5);
    } catch (error) {
      throw new StoreError(
        `Không sao lưu được tệp dữ liệu ${file} vào ${backupDir(file)}: ${describeFsError(error)}. ` +
          `Loa chỉ chạy khi đã sao lưu được. ${remedyOf(error)}`,
        file,
        undefined,
      );
    }
  }
  const archive = await openAuditArchive(file, data.audit, { io, lock: options.lock === true, fresh: text === undefined, clock: options.clock });
  return { file: new LowdbFile(data, adapter, options.clock, file, archive, options.auditMax ?? MAX_AUDIT), backup };
}

/** The journal cannot be replayed: the start stops, naming the journal and the last backup. */
async function journalError(file: string, error: unknown): Promise<StoreError> {
  if (!(error instanceof JournalError)) throw error;
  const journal = journalOf(file);
  const e = await storeError(file, `nhật ký ghi ${journal} hỏng: ${error.message}`);
  return new StoreError(`${e.message} Nếu đã khôi phục tệp từ bản sao lưu, hãy chuyển nhật ký ${journal} đi chỗ khác rồi chạy lại.`, file, e.lastBackup);
}

async function storeError(file: string, reason: string): Promise<StoreError> {
  const backups = await listBackups(file);
  const last = backups[0];
  const hint = last
    ? `Bản sao lưu gần nhất: ${last}. Khôi phục: cp "${last}" "${file}" && rm -f "${journalOf(file)}"`
    : 'Chưa có bản sao lưu nào (thư mục backups/ cạnh tệp trống).';
  return new StoreError(`Không mở được tệp dữ liệu ${file}: ${reason}. Loa dừng lại và không ghi đè tệp này. ${hint}`, file, last);
}
