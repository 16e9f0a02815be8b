/**
 * Files and photos sent to the bot on Telegram, as {@link Attachment}s: described from the update
 * (nothing downloaded), read on demand through `getFile` and `<apiRoot>/file/bot<token>/<path>`
 * on the configured Bot API server, bounded by Telegram's 20 MB download limit. A file Telegram
 * says is over the limit is refused before any call. The token is part of the file URL: no message
 * or log line built here holds the URL.
 */
import type { Attachment } from '../../core/types.js';
import { ImportError } from '../../importer/errors.js';
import { boundedDownload, boundOf, tooLargeError, type Fetch } from '../download.js';
import { classify } from './errors.js';
import { obj, type Obj } from '../json-fields.js';

/** The Bot API's `getFile` limit: a bot cannot download more. */
export const TELEGRAM_MAX_DOWNLOAD = 20 * 1024 * 1024;
const LIMIT_NOTE = 'giới hạn tải tệp của bot Telegram';

/** A file or photo as an update describes it. */
export interface TelegramFile {
  fileId: string;
  name: string;
  /** Bytes as declared (0 when Telegram does not say). */
  size: number;
  type?: string | undefined;
  photo?: boolean | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const size = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : 0);

/** A document (any file sent as a file): its name, declared size and type. */
function documentOf(message: Obj): TelegramFile | undefined {
  const doc = obj(message.document);
  const fileId = str(doc?.file_id);
  if (!doc || !fileId) return undefined;
  const type = str(doc.mime_type);
  return { fileId, name: str(doc.file_name) ?? 'tep', size: size(doc.file_size), ...(type ? { type } : {}) };
}

/**
 * A photo (Telegram's compressed JPEG, sent as several sizes): the largest one a bot may download,
 * else the largest (refused when read). Photos have no name: `anh.jpg`.
 */
function photoOf(message: Obj): TelegramFile | undefined {
  const sizes = (Array.isArray(message.photo) ? message.photo : [])
    .map(obj)
    .filter((p): p is Obj => Boolean(str(p?.file_id)))
    .map((p) => ({ fileId: str(p.file_id)!, size: size(p.file_size), pixels: size(p.width) * size(p.height) }))
    .sort((a, b) => b.pixels - a.pixels || b.size - a.size);
  const best = sizes.find((p) => p.size <= TELEGRAM_MAX_DOWNLOAD) ?? sizes[0];
  return best ? { fileId: best.fileId, name: 'anh.jpg', size: best.size, type: 'image/jpeg', photo: true } : undefined;
}

/** The file a message carries: its document, else its photo; none for text and other kinds. */
export function fileOf(message: Obj): TelegramFile | undefined {
  return documentOf(message) ?? photoOf(message);
}

export interface TelegramFileDeps {
  /** The Bot API root (`TELEGRAM_API_ROOT`), the one every other call uses. */
  apiRoot: string;
  token: string;
  /** `getFile`: the file's path on the Bot API server; throws like telegraf (`TelegramError`). */
  getFile: (fileId: string) => Promise<{ file_path?: string | undefined; file_size?: number | undefined }>;
  fetch?: Fetch;
  timeoutMs?: number;
}

/**
 * The download URL of a file on the configured server: `<apiRoot>/file/bot<token>/<path>`. An
 * apiRoot with a path works with or without its trailing slash; each path segment is encoded.
 */
export function fileUrl(apiRoot: string, token: string, filePath: string): string {
  const root = apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`;
  // Segments only: no `..` can climb out of the file path (Telegram never sends one; a proxy might).
  const path = filePath.split('/').filter((part) => part !== '' && part !== '.' && part !== '..').map(encodeURIComponent).join('/');
  return new URL(`file/bot${token}/${path}`, root).toString();
}

/** Why `getFile` failed, in words for the sender (never the token, never the URL). */
function getFileError(error: unknown): ImportError {
  const failure = classify(error);
  if (failure.kind === 'rejected' && /too big/i.test(failure.description)) return tooLargeError(TELEGRAM_MAX_DOWNLOAD, LIMIT_NOTE);
  if (failure.kind === 'rejected') return new ImportError('Telegram không cho tải tệp này (tệp đã hết hạn hoặc không còn): hãy gửi lại tệp.');
  return new ImportError('Không lấy được tệp từ Telegram (Telegram không trả lời hoặc lỗi mạng): hãy gửi lại sau ít phút.');
}

/** The attachment of a sent file: `read(maxBytes)` downloads at most min(maxBytes, 20 MB). */
export function telegramAttachment(file: TelegramFile, deps: TelegramFileDeps): Attachment {
  return {
    name: file.name,
    size: file.size,
    ...(file.type ? { type: file.type } : {}),
    ...(file.photo ? { photo: true } : {}),
    async read(maxBytes?: number): Promise<Buffer> {
      const bound = boundOf(maxBytes, TELEGRAM_MAX_DOWNLOAD);
      const tooLarge = () => (bound < TELEGRAM_MAX_DOWNLOAD ? tooLargeError(bound) : tooLargeError(TELEGRAM_MAX_DOWNLOAD, LIMIT_NOTE));
      // Known before any call: Telegram would refuse, and Loa would refuse the bytes anyway.
      if (file.size > bound) throw tooLarge();
      let info: { file_path?: string | undefined; file_size?: number | undefined };
      try {
        info = await deps.getFile(file.fileId);
      } catch (error) {
        throw getFileError(error);
      }
      if (typeof info.file_size === 'number' && info.file_size > bound) throw tooLarge();
      if (!info.file_path) throw new ImportError('Telegram không cho tải tệp này (không có đường dẫn tệp): hãy gửi lại tệp.');
      return boundedDownload(fileUrl(deps.apiRoot, deps.token, info.file_path), {
        maxBytes: bound,
        tooLarge,
        source: 'Telegram',
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
      });
    },
  };
}
