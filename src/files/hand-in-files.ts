/**
 * Handed-in files: this folder holds pure functions over bytes, no store and no channel.
 * Everything a file brings is hostile input; every refusal or error is a Vietnamese sentence
 * naming the problem, shown as is, and nothing is kept when there is one.
 *
 * This module is the core's {@link HandInFiles} port (src/core/hand-in-ports.ts) over them, what
 * the composition root hands to the engine and the web console, so the core names no file
 * library:
 * 1. `precheck` (inspect.ts) before anything is downloaded: the name's extension, the declared size;
 * 2. `inspect` on the bytes (inspectFile): the type read from the bytes, the zip budget
 *    (zip-check.ts), the image header (image-check.ts), the cleaned name (names.ts);
 * 3. `readFormRows` (form-read.ts): a filled form's rows aligned to the form's columns;
 * 4. `mergedXlsx` / `mergedDocx` (consolidate*.ts): the office's merged table.
 */
import type { HandInFiles } from '../core/hand-in-ports.js';
import { mergedDocx, mergedXlsx } from './consolidate.js';
import { readFormRows } from './form-read.js';
import { DEFAULT_FILE_LIMIT, inspectFile, precheck } from './inspect.js';

export interface HandInFilesOptions {
  /** Most bytes of a handed-in file (default {@link DEFAULT_FILE_LIMIT}, Telegram's 20 MB). */
  limit?: number | undefined;
}

/** The port, with the bytes' limit of `options`. */
export function createHandInFiles(options: HandInFilesOptions = {}): HandInFiles {
  const limit = options.limit ?? DEFAULT_FILE_LIMIT;
  return {
    precheck: (name, declaredSize, max) => precheck(name, declaredSize, Math.min(max, limit))?.reason,
    async inspect(name, bytes, photo) {
      const checked = await inspectFile(name, bytes, { limit, photo });
      if (!checked.ok) return { refusal: checked.reason };
      const { name: clean, size, type, ext } = checked.file;
      return { file: { name: clean, size, type, ext } };
    },
    readFormRows(bytes, ext, columns) {
      if (ext !== 'docx' && ext !== 'xlsx') return Promise.resolve({ error: `Loa chỉ đọc bảng đăng ký từ tệp .docx hoặc .xlsx, không từ tệp .${ext}.` });
      return readFormRows(bytes, ext, columns);
    },
    mergedXlsx,
    mergedDocx,
  };
}
