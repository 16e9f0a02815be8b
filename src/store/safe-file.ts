/**
 * Crash-safe files for the store: a 0600 temp file, fsync, rename over the file, fsync of the
 * folder ({@link writePrivate}), and what tells a file is still the one we wrote (its identity,
 * {@link changeOf}): a restored backup, a deleted file, a file made read-only is never written
 * over; the write fails with a {@link StoreWriteError} instead. The lowdb file and its journal
 * are written through these (see lowdb/journal.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { causeOf, codeOf, describeFsError, StoreWriteError } from './errors.js';

/** The file operations used to write; tests replace one to inject a fault a machine cannot make. */
export interface FileIo {
  open(path: string, flags: string, mode?: number): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
  stat(path: string): Promise<Stats>;
  unlink(path: string): Promise<void>;
}

export const nodeIo: FileIo = { open, rename, stat, unlink };

/**
 * Largest JSON text the store writes, in characters: V8 cannot make a string much over 512 MB
 * (`JSON.stringify` throws near 1.35M confirmations), so past this a change is refused with a
 * message pointing to PostgreSQL, well before a write could fail for good.
 */
export const DEFAULT_MAX_JSON = 256 * 1024 * 1024;

const MB = 1024 * 1024;

/** The change that would make the file larger than one file can hold, refused. */
export function tooLarge(file: string, size: number | undefined, max: number): StoreWriteError {
  const grown = size === undefined ? 'quá lớn để ghi thành một chuỗi JSON' : `sẽ lớn ${Math.ceil(size / MB)} MB`;
  return new StoreWriteError(
    file,
    'dữ liệu đã vượt sức chứa của một tệp',
    'TOO_LARGE',
    false,
    `tệp dữ liệu ${grown}, vượt giới hạn ${Math.floor(max / MB)} MB mà một tệp JSON giữ được an toàn. ` +
      'Thay đổi này không được lưu; dữ liệu đã có vẫn nguyên vẹn. Hãy chuyển sang PostgreSQL: đặt DATABASE_URL=postgres://… ' +
      `rồi chạy "npm run cli -- store copy --from ${file} --to $DATABASE_URL", sau đó khởi động lại Loa.`,
  );
}

/** What tells us the file is still the one we wrote. (Not ctime: a hard link by a backup tool changes it.) */
export interface Identity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  mode: number;
}

export function identityOf(s: Stats): Identity {
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, mode: s.mode };
}

const RESTORE_HINT = '(có thể do khôi phục bản sao lưu)';

/** Why the file on disk is not the one we last wrote (or read), or undefined when it is. */
export function changeOf(before: Identity | undefined, now: Stats | undefined): string | undefined {
  if (!before) return now ? `một tệp khác đã được đặt vào chỗ tệp dữ liệu khi Loa đang chạy ${RESTORE_HINT}` : undefined;
  if (!now) return 'tệp đã bị xoá hoặc đổi tên khi Loa đang chạy';
  if (now.dev !== before.dev || now.ino !== before.ino) return `tệp đã bị thay bằng một tệp khác khi Loa đang chạy ${RESTORE_HINT}`;
  if ((now.mode & 0o7777) !== (before.mode & 0o7777)) {
    const octal = (m: number) => (m & 0o777).toString(8).padStart(3, '0');
    const readOnly = (now.mode & 0o222) === 0 ? ', thành chỉ đọc' : '';
    return `quyền của tệp đã bị đổi khi Loa đang chạy (${octal(before.mode)} → ${octal(now.mode)}${readOnly})`;
  }
  if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) return `nội dung tệp đã bị sửa từ bên ngoài khi Loa đang chạy ${RESTORE_HINT}`;
  return undefined;
}

/** The JSON text of `data`, refused when larger than `max` characters (or than one string can hold). */
export function jsonText(file: string, max: number, data: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(data);
  } catch (error) {
    // "Invalid string length": past what one string can hold.
    if (error instanceof RangeError) throw tooLarge(file, undefined, max);
    throw error;
  }
  if (text.length > max) throw tooLarge(file, text.length, max);
  return text;
}

/** A path's stats, or undefined when there is none; other errors are write errors of `file`. */
export async function statOrNone(io: FileIo, path: string, file = path): Promise<Stats | undefined> {
  try {
    return await io.stat(path);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw writeError(file, error);
    return undefined;
  }
}

/** The write refused because `file` (or its journal) is not the one we wrote: `what` says how. */
export function changedError(file: string, what: string): StoreWriteError {
  return new StoreWriteError(
    file,
    'tệp dữ liệu vừa bị thay đổi từ bên ngoài',
    'CHANGED',
    true,
    `${what}. Loa không ghi đè tệp này: khởi động lại Loa để dùng tệp hiện có; các thay đổi từ lúc này chưa được lưu.`,
  );
}

export function writeError(file: string, error: unknown): StoreWriteError {
  if (error instanceof StoreWriteError) return error;
  return new StoreWriteError(
    file,
    causeOf(error),
    codeOf(error) ?? 'EUNKNOWN',
    false,
    `${describeFsError(error)}. Các thay đổi từ lúc này chưa được lưu (người dùng được báo thử lại); Loa tự ghi tiếp khi lỗi được khắc phục.`,
  );
}

/**
 * Narrows the permission bits of a path we own to `mask` (never widens them; a shared folder with
 * the sticky bit, like /tmp, is left alone). Best effort: a file we cannot change is left as it is.
 */
export async function tighten(path: string, mask: number): Promise<void> {
  try {
    const s = await stat(path);
    const uid = process.getuid?.();
    if (uid === undefined || s.uid !== uid || s.mode & 0o1000) return;
    const mode = s.mode & 0o777;
    if ((mode & ~mask) !== 0) await chmod(path, mode & mask);
  } catch {
    // not ours to change, or a read-only disk: the write path reports what matters
  }
}

/** Creates a folder (and its parents) 0700, or narrows an existing one we own to 0700. */
export async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await tighten(dir, 0o700);
}

/** fsync of a folder, so a rename in it survives a power cut. Not every platform allows it. */
export async function syncDir(dir: string, io: FileIo): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await io.open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EINVAL/EPERM where folders cannot be synced: the rename is still atomic
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Writes `content` (a string as UTF-8, or bytes) to `file` crash-safe: a 0600 temp file beside it,
 * fsync, rename over `file`, fsync of the folder. On failure the temp file is removed and `file` is
 * as it was. Returns the identity of the file written.
 */
export async function writePrivate(file: string, content: string | Uint8Array, io: FileIo = nodeIo): Promise<Stats> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  let written: Stats;
  try {
    handle = await io.open(tmp, 'wx', 0o600);
    await (typeof content === 'string' ? handle.writeFile(content, 'utf8') : handle.writeFile(content));
    await handle.sync();
    written = await handle.stat();
    await handle.close();
    handle = undefined;
    await io.rename(tmp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await io.unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncDir(dir, io);
  return written;
}

/** Removes temp files a killed process left beside `file` (names starting with `.<prefix>`). */
export async function removeTemps(dir: string, prefix: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(`.${prefix}`) && n.endsWith('.tmp')).map((n) => unlink(join(dir, n)).catch(() => undefined)));
}
