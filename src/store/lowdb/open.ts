/**
 * Opening the database file: the lock (one writer per file), temp files of a killed process, the
 * read, the upgrade to the current schema and a backup of a valid file. A missing file starts
 * empty; an empty or corrupt file stops the start with a message naming the file and the last
 * backup, and is never overwritten. Every stop is a {@link StoreError}.
 */
import { basename, dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { Clock } from '../../core/clock.js';
import { backupDir, listBackups, prefixOf, takeBackup } from '../backup.js';
import { describeFsError, remedyOf, StoreError } from '../errors.js';
import { takeLock } from '../lock.js';
import { privateDir, removeTemps, SafeFile, type FileIo } from '../safe-file.js';
import { emptyData, migrate, type StoreData } from '../schema.js';
import { LowdbFile } from './file.js';

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

async function load(file: string, options: OpenOptions): Promise<{ file: LowdbFile; backup: string | undefined }> {
  let opened: Awaited<ReturnType<typeof SafeFile.open<StoreData>>>;
  try {
    opened = await SafeFile.open<StoreData>(file, options.io, options.lock === true, options.maxJson);
  } catch (error) {
    throw await storeError(file, `không đọc được: ${describeFsError(error, 'read')}`);
  }
  const { adapter, text } = opened;
  let data: StoreData;
  let backup: string | undefined;
  if (text === undefined) {
    data = emptyData();
  } else {
    if (text.trim() === '') throw await storeError(file, 'tệp rỗng');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw await storeError(file, `không phải JSON hợp lệ (${(error as Error).message})`);
    }
    try {
      data = migrate(raw);
    } catch (error) {
      throw await storeError(file, (error as Error).message);
    }
    try {
      backup = await takeBackup(file, text, options.clock.now(), options.keepBackups ?? 5);
    } catch (error) {
      throw new StoreError(
        `Không sao lưu được tệp dữ liệu ${file} vào ${backupDir(file)}: ${describeFsError(error)}. ` +
          `Loa chỉ chạy khi đã sao lưu được. ${remedyOf(error)}`,
        file,
        undefined,
      );
    }
  }
  adapter.accept(data);
  const db = new Low<StoreData>(adapter, data);
  db.data = data;
  return { file: new LowdbFile(db, adapter, options.clock, file), backup };
}

async function storeError(file: string, reason: string): Promise<StoreError> {
  const backups = await listBackups(file);
  const last = backups[0];
  const hint = last
    ? `Bản sao lưu gần nhất: ${last}. Khôi phục: cp "${last}" "${file}"`
    : 'Chưa có bản sao lưu nào (thư mục backups/ cạnh tệp trống).';
  return new StoreError(`Không mở được tệp dữ liệu ${file}: ${reason}. Loa dừng lại và không ghi đè tệp này. ${hint}`, file, last);
}
