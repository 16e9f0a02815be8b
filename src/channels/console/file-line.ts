/**
 * `/tep <đường dẫn tệp> [chú thích]` in the console: a unit "sends" a local file into its chat, as
 * it would send a report on Telegram or Zalo. The path may be quoted (it has spaces) and `~` is the
 * home directory; the caption is the message's text. The file is checked (exists, is a readable
 * file) before anything reaches the engine, and read, bounded, only when the engine asks.
 */
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import type { Attachment } from '../../core/types.js';
import { boundOf, MAX_DOWNLOAD_BYTES, tooLargeError } from '../download.js';

export const FILE_COMMAND_USAGE = 'Cách gửi tệp: /tep <đường dẫn tệp> [chú thích], ví dụ: /tep ~/bao-cao.docx xong H8 (đường dẫn có dấu cách thì đặt trong ngoặc kép).';

export type FileLine = { path: string; caption: string } | { error: string };

const FILE_COMMAND = /^\s*\/tep(?=\s|$)/i;

/** Whether a typed line is a `/tep` line (then it never goes to the engine as typed). */
export function isFileLine(line: string): boolean {
  return FILE_COMMAND.test(line);
}

/** `~` and `~/…` as the home directory; a relative path from the working directory. */
export function expandPath(path: string, home = homedir(), cwd = process.cwd()): string {
  const expanded = path === '~' ? home : path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
  return resolve(cwd, expanded);
}

/**
 * Parses a `/tep` line: the path (in double or single quotes when it has spaces) and the caption
 * after it. Undefined when the line is not `/tep`; `{ error }` when the path is missing or its
 * quote is not closed.
 */
export function parseFileLine(line: string): FileLine | undefined {
  const m = FILE_COMMAND.exec(line);
  if (!m) return undefined;
  const rest = line.slice(m[0].length).trim();
  if (!rest) return { error: FILE_COMMAND_USAGE };
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const end = rest.indexOf(quote, 1);
    if (end < 0) return { error: `Thiếu dấu ${quote} đóng đường dẫn tệp. ${FILE_COMMAND_USAGE}` };
    const path = rest.slice(1, end);
    if (!path.trim()) return { error: FILE_COMMAND_USAGE };
    return { path, caption: rest.slice(end + 1).trim() };
  }
  const space = rest.search(/\s/);
  return space < 0 ? { path: rest, caption: '' } : { path: rest.slice(0, space), caption: rest.slice(space + 1).trim() };
}

/**
 * A local file as an attachment: checked now (a missing, unreadable or non-regular file throws an
 * Error with a Vietnamese message to print), read later, at most min(maxBytes, 20 MB) like a file
 * a bot downloads (a file that grows past the bound while read is refused too).
 */
export async function localAttachment(path: string, shown: string): Promise<Attachment> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error(`“${shown}” không phải là một tệp (có thể là thư mục): hãy ghi đường dẫn tới tệp cần gửi.`);
    await access(path, constants.R_OK);
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new Error(`Không tìm thấy tệp “${shown}”: kiểm tra lại đường dẫn (đường dẫn có dấu cách thì đặt trong ngoặc kép).`);
    if (code === 'EACCES' || code === 'EPERM') throw new Error(`Không đọc được tệp “${shown}” (không có quyền đọc).`);
    if (code === undefined) throw error;
    throw new Error(`Không đọc được tệp “${shown}” (${code}).`);
  }
  return {
    name: basename(path),
    size,
    async read(maxBytes?: number): Promise<Buffer> {
      const bound = boundOf(maxBytes, MAX_DOWNLOAD_BYTES);
      if (size > bound) throw tooLargeError(bound);
      const handle = await open(path, 'r');
      try {
        const chunks: Buffer[] = [];
        let total = 0;
        for (;;) {
          const chunk = Buffer.alloc(64 * 1024);
          const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
          if (bytesRead === 0) break;
          total += bytesRead;
          // The file grew past the bound since it was looked at: refused, and not read further.
          if (total > bound) throw tooLargeError(bound);
          chunks.push(chunk.subarray(0, bytesRead));
        }
        return Buffer.concat(chunks, total);
      } finally {
        await handle.close();
      }
    },
  };
}
