/**
 * Bounded downloads of files users send (a report, a photo of a signed page, a plan). A file from
 * a chat is hostile input: its declared size may lie and the server may send more than it said,
 * so the bytes are counted as they stream in and the download is aborted as soon as one byte too
 * many arrives; a `Content-Length` over the limit refuses before the body is read. Every failure
 * is an {@link ImportError} with a Vietnamese message that never holds the URL (a Telegram file
 * URL carries the bot token).
 */
import { ImportError } from '../importer/errors.js';
import { MAX_REPORT_BYTES } from '../core/hand-in.js';

/** What a bot may download by default: the most a report file may weigh (Telegram's `getFile` limit), on every channel. */
export const MAX_DOWNLOAD_BYTES = MAX_REPORT_BYTES;
/** Longest wait for one whole download (20 MB on a slow line). */
export const DOWNLOAD_TIMEOUT_MS = 120_000;

export type Fetch = typeof fetch;

/** A size as people read it: "800 KB", "20 MB", "1,5 MB". */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
  const mb = Math.round((bytes / 1024 / 1024) * 10) / 10;
  return `${String(mb).replace('.', ',')} MB`;
}

/**
 * The refusal of a file over the limit. `where` names whose limit it is ("giới hạn tải tệp của bot
 * Telegram"), when it is a platform's.
 */
export function tooLargeError(limit: number, where?: string): ImportError {
  return new ImportError(`Tệp lớn hơn ${sizeLabel(limit)}${where ? ` (${where})` : ''}, Loa không nhận tệp lớn như vậy: hãy nén, tách tệp hoặc chụp/xuất lại nhỏ hơn rồi gửi lại.`);
}

/** The bound a read honours: the caller's, never above the channel's own limit. */
export function boundOf(maxBytes: number | undefined, channelLimit: number): number {
  return maxBytes === undefined || !(maxBytes >= 0) ? channelLimit : Math.min(maxBytes, channelLimit);
}

export interface DownloadOptions {
  maxBytes: number;
  /** What refuses a file over `maxBytes` (see {@link tooLargeError}). */
  tooLarge: () => ImportError;
  /** Where it comes from, for messages: "Telegram", "Zalo". */
  source: string;
  fetch?: Fetch;
  timeoutMs?: number;
}

/**
 * Downloads `url` (http or https only) into memory, at most `maxBytes`. Rejects with an
 * {@link ImportError}: over the limit (declared or counted; the transfer is aborted at once),
 * an HTTP error, a timeout or a network failure.
 */
export async function boundedDownload(url: string, options: DownloadOptions): Promise<Buffer> {
  const { maxBytes, source } = options;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ImportError(`Đường dẫn tải tệp từ ${source} không hợp lệ: hãy gửi lại tệp.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ImportError(`Đường dẫn tải tệp từ ${source} không hợp lệ: hãy gửi lại tệp.`);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS);
  timer.unref();
  const failed = () =>
    new ImportError(
      abort.signal.aborted
        ? `Tải tệp từ ${source} quá lâu nên Loa đã dừng: hãy gửi lại sau ít phút.`
        : `Không tải được tệp từ ${source} (lỗi mạng): hãy gửi lại sau ít phút.`,
    );
  try {
    let res: Response;
    try {
      res = await (options.fetch ?? fetch)(parsed, { signal: abort.signal, redirect: 'follow' });
    } catch {
      throw failed();
    }
    if (!res.ok) {
      abort.abort();
      throw new ImportError(
        res.status === 404 || res.status === 410
          ? `${source} không còn giữ tệp này (HTTP ${res.status}): hãy gửi lại tệp.`
          : `Không tải được tệp từ ${source} (HTTP ${res.status}): hãy gửi lại sau ít phút.`,
      );
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      abort.abort();
      throw options.tooLarge();
    }
    if (!res.body) return Buffer.alloc(0);
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      let step: Awaited<ReturnType<typeof reader.read>>;
      try {
        step = await reader.read();
      } catch {
        throw failed();
      }
      if (step.done) break;
      total += step.value.byteLength;
      if (total > maxBytes) {
        // Stop reading now: the connection is dropped, nothing more is buffered.
        abort.abort();
        void reader.cancel().catch(() => undefined);
        throw options.tooLarge();
      }
      chunks.push(step.value);
    }
    return Buffer.concat(chunks, total);
  } finally {
    clearTimeout(timer);
  }
}
