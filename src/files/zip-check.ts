/**
 * The budget a zip container (.docx, .xlsx, .odt) must keep before anything reads it: a zip bomb
 * unpacks a few hundred KB into gigabytes, an entry may lie about its size, a ZIP64 or encrypted
 * archive is never an office's report. Every entry is unpacked once with a bound (its declared
 * size, so a lie stops at the first byte past it) and dropped at once; entries are then read on
 * demand. Entry names are only compared, never used as paths.
 */
import { unpackEntry, zipEntries, type ZipEntry } from '../importer/zip.js';

const MB = 1024 * 1024;

export interface ZipLimits {
  /** Most entries (5,000: a long .docx has a few dozen). */
  maxEntries: number;
  /** Most bytes all entries unpack to, declared and actual (100 MB). */
  maxUnpacked: number;
  /** Highest unpacked/packed ratio of an entry over {@link ZipLimits.bigEntry} bytes (200:1). */
  maxRatio: number;
  /** An entry this large (1 MB unpacked) must keep to the ratio. */
  bigEntry: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 5000, maxUnpacked: 100 * MB, maxRatio: 200, bigEntry: MB };

/** Why a zip is refused. */
export type ZipProblem = 'broken' | 'zip64' | 'encrypted' | 'too-many-entries' | 'too-large' | 'ratio' | 'lying-size';

/** A zip that kept its budget: its entries, and their bytes by exact name. */
export interface CheckedZip {
  entries: ZipEntry[];
  /** The entry's bytes (within its declared size), or undefined when there is no such entry. */
  read(name: string): Buffer | undefined;
}

/** Opens a zip within `limits`, unpacking every entry once (see the file's comment). */
export function openZip(bytes: Buffer, limits: Partial<ZipLimits> = {}): { ok: true; zip: CheckedZip } | { ok: false; problem: ZipProblem } {
  const l = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const entries = zipEntries(bytes);
  if (entries === 'zip64') return { ok: false, problem: 'zip64' };
  if (!entries || entries.length === 0) return { ok: false, problem: 'broken' };
  if (entries.length > l.maxEntries) return { ok: false, problem: 'too-many-entries' };
  if (entries.some((e) => (e.flags & 1) === 1)) return { ok: false, problem: 'encrypted' };
  if (entries.reduce((sum, e) => sum + e.size, 0) > l.maxUnpacked) return { ok: false, problem: 'too-large' };
  if (entries.some((e) => e.size > l.bigEntry && e.size > l.maxRatio * Math.max(1, e.compressedSize))) return { ok: false, problem: 'ratio' };
  for (const e of entries) {
    const data = unpackEntry(bytes, e, e.size);
    if (data === 'broken') return { ok: false, problem: 'broken' };
    if (data === 'too-large' || data.length > e.size) return { ok: false, problem: 'lying-size' };
  }
  const read = (name: string) => {
    const e = entries.find((x) => x.name === name);
    const data = e && unpackEntry(bytes, e, e.size);
    return Buffer.isBuffer(data) ? data : undefined;
  };
  return { ok: true, zip: { entries, read } };
}

/** What a refused zip is, in words for the person who sent it (after "Tệp “x.docx” …"). */
export function zipProblemText(problem: ZipProblem, limits: Partial<ZipLimits> = {}): string {
  const l = { ...DEFAULT_ZIP_LIMITS, ...limits };
  switch (problem) {
    case 'broken':
      return 'bị hỏng hoặc không đầy đủ (có thể tải lên bị ngắt giữa chừng): mở lại tệp trên máy, lưu lại rồi gửi lại.';
    case 'zip64':
      return 'là tệp nén cỡ lớn (ZIP64), không phải một báo cáo thông thường: lưu lại bằng Word hoặc Excel rồi gửi lại.';
    case 'encrypted':
      return 'được đặt mật khẩu nên Loa không đọc được: bỏ mật khẩu (lưu lại không mật khẩu) rồi gửi lại.';
    case 'too-many-entries':
      return `chứa quá nhiều thành phần (hơn ${l.maxEntries.toLocaleString('vi-VN')}) nên có thể là tệp độc hại: lưu lại bằng Word hoặc Excel rồi gửi lại.`;
    case 'too-large':
      return `khi giải nén lớn hơn ${l.maxUnpacked / MB} MB nên có thể là tệp độc hại (bom nén): bỏ bớt hình ảnh, tách tệp hoặc gửi bản PDF.`;
    case 'ratio':
      return `có phần nén quá mức (hơn ${l.maxRatio} lần) nên có thể là tệp độc hại (bom nén): lưu lại bằng Word hoặc Excel, hoặc gửi bản PDF.`;
    case 'lying-size':
      return 'có phần giải nén ra nhiều hơn kích thước tệp tự khai nên có thể là tệp độc hại (bom nén): lưu lại bằng Word hoặc Excel, hoặc gửi bản PDF.';
  }
}
