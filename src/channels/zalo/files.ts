/**
 * Files and photos sent on Zalo (OA `user_send_file` / `user_send_image` and their group forms,
 * Bot Platform `message.image.received`): what the event says about them, and an
 * {@link Attachment} that downloads the file from its URL, http(s) only, bounded by
 * {@link MAX_DOWNLOAD_BYTES} (Zalo documents no bot limit: Loa uses Telegram's 20 MB everywhere).
 */
import type { Attachment } from '../../core/types.js';
import { boundedDownload, boundOf, MAX_DOWNLOAD_BYTES, tooLargeError, type Fetch } from '../download.js';
import { obj, type Obj } from '../json-fields.js';

/** A file or photo a user sent, as the event describes it: where to download it, and what it says it is. */
export interface ZaloFile {
  url: string;
  name: string;
  /** Bytes as declared (0 when not said). */
  size: number;
  type?: string | undefined;
  photo?: boolean | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const httpUrl = (v: unknown): string | undefined => {
  const url = str(v);
  return url && /^https?:\/\//i.test(url) && URL.canParse(url) ? url : undefined;
};
const declaredSize = (v: unknown): number => {
  const n = Number(v ?? 0);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
};

/** A photo's name: none is sent, so `anh` with the URL's image extension (`.jpg` when it has none). */
function photoName(url: string): string {
  const ext = /\.(jpe?g|png|webp|gif|heic)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return `anh.${ext ?? 'jpg'}`;
}

/**
 * The file of an OA `user_send_file` / `user_send_image` event (or its `user_send_group_` form): the
 * first attachment's payload. Only an http(s) URL is kept: anything else is never downloaded.
 */
export function oaFileOf(event: Obj): ZaloFile | undefined {
  const message = obj(event.message);
  const attachments = Array.isArray(message?.attachments) ? (message!.attachments as unknown[]) : [];
  const payload = obj(obj(attachments[0])?.payload);
  const photo = event.event_name === 'user_send_image' || event.event_name === 'user_send_group_image';
  // An image's full size is `url`; `thumbnail` is the small preview, taken only when there is no url.
  const url = httpUrl(payload?.url) ?? (photo ? httpUrl(payload?.thumbnail) : undefined);
  if (!url) return undefined;
  if (photo) return { url, name: photoName(url), size: declaredSize(payload?.size), photo: true };
  const type = str(payload?.type);
  return { url, name: str(payload?.name) ?? 'tep', size: declaredSize(payload?.size), ...(type ? { type } : {}) };
}

/** The photo of a Bot Platform `message.image.received`: `photo` (a URL), or `photo_url` as some deliveries name it. */
export function botPhotoOf(message: Obj): ZaloFile | undefined {
  const url = httpUrl(message.photo) ?? httpUrl(message.photo_url) ?? httpUrl(obj(message.photo)?.url);
  return url ? { url, name: photoName(url), size: 0, photo: true } : undefined;
}

/** The attachment of a Zalo file: `read(maxBytes)` downloads at most min(maxBytes, 20 MB). */
export function zaloAttachment(file: ZaloFile, deps: { fetch?: Fetch; timeoutMs?: number } = {}): Attachment {
  return {
    name: file.name,
    size: file.size,
    ...(file.type ? { type: file.type } : {}),
    ...(file.photo ? { photo: true } : {}),
    async read(maxBytes?: number): Promise<Buffer> {
      const bound = boundOf(maxBytes, MAX_DOWNLOAD_BYTES);
      const tooLarge = () => tooLargeError(bound);
      if (file.size > bound) throw tooLarge();
      return boundedDownload(file.url, { maxBytes: bound, tooLarge, source: 'Zalo', ...(deps.fetch ? { fetch: deps.fetch } : {}), ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) });
    },
  };
}
