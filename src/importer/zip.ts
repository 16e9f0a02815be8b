/**
 * What a .docx (a zip) unpacks to, so a "zip bomb" — a few hundred KB that unpack to gigabytes
 * of one repeated character — is refused before mammoth unpacks it into memory. The sizes the
 * zip declares are read from its central directory, unpacking nothing; since they can lie, the
 * entries are then unpacked with a budget that stops at the limit (Node's zlib `maxOutputLength`).
 * The reader is ours: jszip (mammoth's) keeps these sizes private, and the format is small
 * (PKWARE APPNOTE 4.3.12 central directory, 4.3.16 end record).
 */
import { inflateRawSync } from 'node:zlib';

/** Most bytes a plan's .docx may unpack to, all its parts together (a long plan's text is a few MB of XML). */
export const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** As declared: may lie. */
  size: number;
  /** Where its local header starts. */
  offset: number;
  /** General purpose bit flags (bit 0: encrypted). */
  flags: number;
}

const END_RECORD = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** A ZIP64 placeholder: the real value is elsewhere, and only a file of gigabytes needs it. */
const ZIP64 = 0xffffffff;

/**
 * The entries of a zip's central directory: undefined when the bytes are no readable zip;
 * 'zip64' for a ZIP64 archive (4 GB or 65,535 entries: never a plan).
 */
export function zipEntries(zip: Buffer): ZipEntry[] | 'zip64' | undefined {
  // The end record is the last 22 bytes, before a comment of at most 65,535 bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_RECORD) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === ZIP64) return 'zip64';
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_HEADER) return undefined;
    const nameLength = zip.readUInt16LE(at + 28);
    const entry = {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      flags: zip.readUInt16LE(at + 8),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
    };
    if (entry.compressedSize === ZIP64 || entry.size === ZIP64 || entry.offset === ZIP64) return 'zip64';
    entries.push(entry);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

export type UnpackCheck = { ok: true; declared: number } | { ok: false; reason: 'broken' | 'too-large'; declared: number };

/**
 * Whether the zip unpacks to at most `limit` bytes: first by the sizes it declares (nothing is
 * unpacked when they exceed the limit), then by the bytes its entries really give, each entry
 * unpacked with what is left of the budget and the unpacked bytes dropped at once.
 */
export function checkUnpacked(zip: Buffer, limit = MAX_UNPACKED_BYTES): UnpackCheck {
  const entries = zipEntries(zip);
  if (entries === 'zip64') return { ok: false, reason: 'too-large', declared: Infinity };
  if (!entries) return { ok: false, reason: 'broken', declared: 0 };
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > limit) return { ok: false, reason: 'too-large', declared };
  let left = limit;
  for (const e of entries) {
    const data = unpackEntry(zip, e, Math.max(1, left));
    if (typeof data === 'string') return { ok: false, reason: data, declared };
    left -= data.length;
    if (left < 0) return { ok: false, reason: 'too-large', declared };
  }
  return { ok: true, declared };
}

/**
 * The bytes of one entry, unpacked with at most `maxBytes` of output: 'too-large' when it gives
 * more, 'broken' when its local header or data are missing or its method is neither stored nor
 * deflated. Encryption is the caller's to refuse (the bytes would be noise).
 */
export function unpackEntry(zip: Buffer, e: ZipEntry, maxBytes: number): Buffer | 'broken' | 'too-large' {
  if (e.offset + 30 > zip.length || zip.readUInt32LE(e.offset) !== LOCAL_HEADER) return 'broken';
  const start = e.offset + 30 + zip.readUInt16LE(e.offset + 26) + zip.readUInt16LE(e.offset + 28);
  if (start + e.compressedSize > zip.length) return 'broken';
  const data = zip.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data.length > maxBytes ? 'too-large' : data;
  if (e.method !== 8) return 'broken';
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'broken';
  }
}
