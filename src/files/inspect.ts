/**
 * What a handed-in file is, decided by its BYTES (issue 14: everything a file brings is hostile
 * input). {@link precheck} runs on what the platform declares, before anything is downloaded;
 * {@link inspectFile} on the downloaded bytes: the magic bytes (file-type) must agree with the
 * name's extension, a zip container (.docx, .xlsx, .odt) must keep the zip budget and hold its
 * main part, an image's header (image-size, nothing decoded) must be readable and of a sane size.
 * Pure: nothing is stored and nothing is sent; a refusal's `reason` is Vietnamese and names the file.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { checkImage, imageSignature } from './image-check.js';
import { cleanName, extensionOf, photoName, withExtension } from './names.js';
import { openZip, zipProblemText } from './zip-check.js';
import { MAX_REPORT_BYTES } from '../core/hand-in.js';

const MB = 1024 * 1024;

/** The size limit callers use by default: the core's limit of a report file (20 MB). */
export const DEFAULT_FILE_LIMIT = MAX_REPORT_BYTES;

export type FileKind = 'document' | 'spreadsheet' | 'pdf' | 'image';

/** The accepted extensions, with what each is and the MIME type it is kept under. */
export const ACCEPTED: Readonly<Record<string, { kind: FileKind; type: string }>> = {
  docx: { kind: 'document', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  doc: { kind: 'document', type: 'application/msword' },
  odt: { kind: 'document', type: 'application/vnd.oasis.opendocument.text' },
  xlsx: { kind: 'spreadsheet', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  xls: { kind: 'spreadsheet', type: 'application/vnd.ms-excel' },
  pdf: { kind: 'pdf', type: 'application/pdf' },
  jpg: { kind: 'image', type: 'image/jpeg' },
  jpeg: { kind: 'image', type: 'image/jpeg' },
  png: { kind: 'image', type: 'image/png' },
  webp: { kind: 'image', type: 'image/webp' },
  heic: { kind: 'image', type: 'image/heic' },
  heif: { kind: 'image', type: 'image/heif' },
};

/** An accepted file: `name` cleaned (see cleanName), `ext` without its dot, `type` its MIME type. */
export interface InspectedFile {
  name: string;
  size: number;
  type: string;
  ext: string;
  kind: FileKind;
  /** SHA-256 of the bytes, lowercase hex (the key a FileStorePort keeps them under). */
  sha256: string;
}

/** Why a file is refused: `code` for the caller's logic and logs, `reason` to show as is. */
export interface Refusal {
  ok: false;
  code: 'type' | 'size' | 'empty' | 'mismatch' | 'zip' | 'image';
  reason: string;
}

export type Inspection = { ok: true; file: InspectedFile } | Refusal;

export interface InspectOptions {
  /** Most bytes accepted; default {@link DEFAULT_FILE_LIMIT}. */
  limit?: number | undefined;
  /**
   * A photo (Telegram's compressed photo, Zalo's image, `Attachment.photo`): whatever name the
   * channel made up is dropped and it is named `anh-<first 8 hex of its SHA-256>.<ext>`.
   */
  photo?: boolean | undefined;
}

const ACCEPTED_LIST = 'Loa chỉ nhận báo cáo dạng .docx, .doc, .pdf, .xlsx, .xls, .odt hoặc ảnh chụp (.jpg, .png).';
const quoted = (name: string) => `Tệp “${name}”`;
const megabytes = (bytes: number) => (bytes / MB).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
const refuse = (code: Refusal['code'], reason: string): Refusal => ({ ok: false, code, reason });

function tooLarge(name: string, size: number, limit: number): Refusal {
  return refuse('size', `${quoted(name)} quá lớn (${megabytes(size)} MB): Loa nhận tệp tối đa ${megabytes(limit)} MB. Nén ảnh, bỏ bớt hình hoặc tách tệp rồi gửi lại.`);
}

/** The refusal of bytes that are not what the name's extension (if any) says. */
function mismatch(name: string, nameExt: string, what: string): Refusal {
  const promised = nameExt ? `có đuôi .${nameExt} nhưng nội dung là ${what}` : `có nội dung là ${what}`;
  return refuse('mismatch', `${quoted(name)} ${promised}, nên không được nhận. ${ACCEPTED_LIST} Gửi đúng tệp báo cáo, với đúng đuôi tệp.`);
}

/**
 * Before anything is downloaded: a name whose extension is not accepted, or a declared size over
 * `limit`, is refused. A name without an extension (a photo has none) passes: its bytes decide.
 */
export function precheck(name: string, declaredSize: number, limit: number = DEFAULT_FILE_LIMIT): Refusal | undefined {
  const clean = cleanName(name);
  const ext = extensionOf(clean);
  if (ext && !ACCEPTED[ext]) return refuse('type', `${quoted(clean)} không được nhận: ${ACCEPTED_LIST}`);
  if (declaredSize > limit) return tooLarge(clean, declaredSize, limit);
  return undefined;
}

/** What the bytes are: an accepted extension, or a phrase saying what they are instead. */
type Sniffed = { ext: string } | { other: string };

const ODT = 'application/vnd.oasis.opendocument.text';

async function sniff(bytes: Buffer, nameExt: string): Promise<Sniffed | Refusal> {
  if (bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    // Only a name promising a zip container (or no extension) gets its zip opened.
    if (nameExt && !['docx', 'xlsx', 'odt'].includes(nameExt)) return { other: 'một tệp nén (zip, .docx hoặc .xlsx)' };
    const opened = openZip(bytes);
    if (!opened.ok) return refuse('zip', zipProblemText(opened.problem));
    const zip = opened.zip;
    // A macro-enabled file (.docm, .xlsm) renamed: Office would refuse it, and its macros are code.
    if (zip.entries.some((e) => /vbaProject\.bin$/i.test(e.name))) return { other: 'một tệp có macro (.docm, .xlsm)' };
    // Every entry was unpacked once within its bound by openZip: being listed is enough here.
    const has = (name: string) => zip.entries.some((e) => e.name === name);
    if (nameExt === 'docx' || !nameExt) if (has('word/document.xml')) return { ext: 'docx' };
    if (nameExt === 'xlsx' || !nameExt) if (has('xl/workbook.xml')) return { ext: 'xlsx' };
    if (nameExt === 'odt' || !nameExt) if (zip.read('mimetype')?.toString('latin1').trim() === ODT) return { ext: 'odt' };
    if (has('word/document.xml')) return { other: 'một tệp Word (.docx)' };
    if (has('xl/workbook.xml')) return { other: 'một tệp Excel (.xlsx)' };
    return { other: 'một tệp nén (zip) không phải văn bản Word, Excel hay OpenDocument' };
  }
  const found = (await fileTypeFromBuffer(bytes))?.ext;
  switch (found) {
    case undefined:
      // An image's signature with no readable image after it: still an image, refused as unreadable.
      if (imageSignature(bytes)) return { ext: imageSignature(bytes)! };
      return { other: 'không rõ loại (không phải văn bản, bảng tính, PDF hay ảnh)' };
    case 'pdf':
      return { ext: 'pdf' };
    case 'cfb':
      // An OLE compound file is a .doc or an .xls (or another Office 97 file): the name says which.
      if (nameExt === 'doc' || nameExt === 'xls') return { ext: nameExt };
      return { other: 'một tệp Word hoặc Excel đời cũ, mà tên tệp không có đuôi .doc hay .xls' };
    case 'jpg':
    case 'png':
    case 'webp':
    case 'heic':
      return { ext: found };
    case 'exe':
    case 'elf':
    case 'mach':
    case 'msi':
      return { other: `một tệp chương trình (.${found})` };
    default:
      return { other: `một tệp .${found}` };
  }
}

/**
 * Inspects downloaded bytes sent under `name` ('' when there is none). A photo (option `photo`,
 * or no name) is named `anh-<first 8 hex of its SHA-256>.<ext>`. Accepted: .docx, .doc, .pdf,
 * .xlsx, .xls, .odt and photos (.jpg, .png, .webp, .heic), when the bytes are what the extension says; a photo whose
 * extension names another image type is renamed to what it is. A name without an extension gets
 * the one its bytes show (except an OLE file, which could be .doc or .xls).
 */
export async function inspectFile(name: string, bytes: Buffer, options: InspectOptions = {}): Promise<Inspection> {
  const limit = options.limit ?? DEFAULT_FILE_LIMIT;
  let clean = name.trim() && !options.photo ? cleanName(name) : '';
  const shown = clean || 'ảnh';
  const nameExt = extensionOf(clean);
  if (nameExt && !ACCEPTED[nameExt]) return refuse('type', `${quoted(shown)} không được nhận: ${ACCEPTED_LIST}`);
  if (bytes.length === 0) return refuse('empty', `${quoted(shown)} rỗng (0 byte): kiểm tra tệp trên máy rồi gửi lại.`);
  if (bytes.length > limit) return tooLarge(shown, bytes.length, limit);
  const sniffed = await sniff(bytes, nameExt);
  if ('ok' in sniffed) return { ...sniffed, reason: `${quoted(shown)} ${sniffed.reason}` };
  if ('other' in sniffed) return mismatch(shown, nameExt, sniffed.other);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const accepted = ACCEPTED[sniffed.ext]!;
  let ext = nameExt || sniffed.ext;
  if (ACCEPTED[ext]!.type !== accepted.type) {
    // The bytes are another accepted type than the name says: only an image is renamed to what it is.
    if (accepted.kind !== 'image' || ACCEPTED[ext]!.kind !== 'image') return mismatch(shown, nameExt, `một tệp .${sniffed.ext}`);
    ext = sniffed.ext;
    clean = withExtension(clean, ext);
  }
  const badImage = accepted.kind === 'image' ? checkImage(shown, bytes) : undefined;
  if (badImage) return refuse('image', badImage);
  const finalName = !clean ? photoName(sha256, ext) : nameExt ? cleanName(clean) : cleanName(withExtension(clean, ext));
  return { ok: true, file: { name: finalName, size: bytes.length, type: accepted.type, ext, kind: accepted.kind, sha256 } };
}
