/**
 * File names as people send them are hostile input: a path (`../../etc/passwd`, `C:\x\y.docx`),
 * a right-to-left override that shows `invoice‮fdp.exe` as "invoiceexe.pdf", control characters,
 * or 10,000 characters. A cleaned name is only ever shown or kept as a label; it is never used as
 * a path (stored bytes are keyed by their SHA-256).
 */

/** Longest cleaned name, in characters, extension included. */
export const MAX_NAME_CHARS = 120;

/** The name used when nothing of the sent name is left. */
export const FALLBACK_NAME = 'tep';

// Control characters (C0, DEL, C1), bidirectional marks, overrides and isolates, zero-width
// characters and the byte-order mark: invisible, or able to reorder what a name shows.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** Half of an emoji (a lone UTF-16 surrogate) is no character. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A name fit to show and keep: its last path segment only (either slash, a drive letter and `..`
 * removed), no control or bidi characters, NFC, trimmed of spaces and dots, at most
 * {@link MAX_NAME_CHARS} characters with the extension kept, never empty (`tep`).
 */
export function cleanName(name: string): string {
  let s = name.normalize('NFC').replace(LONE_SURROGATE, '').replace(/[\t\n\v\f\r]+/g, ' ').replace(INVISIBLE, '');
  s = s.split(/[/\\]/).pop() ?? '';
  s = s.replace(/^[A-Za-z]:/, '').replace(/\.{2,}/g, '.').replace(/\s+/g, ' ');
  s = s.replace(/^[\s.]+|[\s.]+$/g, '');
  const chars = Array.from(s);
  if (chars.length > MAX_NAME_CHARS) {
    const ext = extensionOf(s);
    const keep = ext && ext.length < 16 ? `.${ext}` : '';
    s = chars.slice(0, MAX_NAME_CHARS - keep.length).join('').trimEnd() + keep;
  }
  return s || FALLBACK_NAME;
}

/** The extension of a name, lower case and without its dot (`Báo cáo.DOCX` → `docx`); '' when none. */
export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name.trim());
  return m ? m[1]!.toLowerCase() : '';
}

/** The name with its extension replaced (or added): `scan.png` → `scan.jpg`. */
export function withExtension(name: string, ext: string): string {
  const base = extensionOf(name) ? name.slice(0, name.lastIndexOf('.')) : name;
  return `${base}.${ext}`;
}

/**
 * The name of a photo sent without one (Telegram photos have none): `anh-<first 8 hex of its
 * SHA-256>.<ext>`, so the same photo always gets the same name.
 */
export function photoName(sha256: string, ext: string): string {
  return `anh-${sha256.slice(0, 8)}.${ext}`;
}
