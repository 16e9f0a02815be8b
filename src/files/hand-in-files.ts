/**
 * The core's {@link HandInFiles} port (src/core/hand-in-ports.ts) over this folder's functions:
 * what the composition root hands to the engine and the web console, so the core names no file
 * library. Refusals and errors are passed on as their Vietnamese sentences.
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
