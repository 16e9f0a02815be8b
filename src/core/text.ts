/** Text helpers for Vietnamese input: folding diacritics, cleaning user text, splitting long answers. */

/**
 * Lower-cases and removes Vietnamese diacritics ("Đã Nhận" → "da nhan"), so commands and
 * arguments match whether or not people type accents.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** A search key: folded, punctuation turned into single spaces ("Dân biết, dân bàn" → "dan biet dan ban"). */
export function searchKey(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Longest user text Loa looks at; the rest is ignored (a chat message is at most a few thousand characters). */
export const MAX_INPUT_CHARS = 4096;

/**
 * Cleans what a user typed: NFC, control characters (except newline and tab) and lone surrogates removed,
 * runs of spaces collapsed, cut to {@link MAX_INPUT_CHARS}.
 */
export function cleanInput(text: string): string {
  let s = text.normalize('NFC');
  if (s.length > MAX_INPUT_CHARS) s = s.slice(0, MAX_INPUT_CHARS);
  return s
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, '')
    // A lone UTF-16 surrogate (half an emoji) is not text: it would be echoed broken.
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .trim();
}

/** The text with its first letter in upper case ("nhóm chat này" → "Nhóm chat này"). */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** Collapses every whitespace run (line breaks included) to one space. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Shortens to at most `max` characters, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/**
 * Splits a long answer into messages of at most `limit` characters, on paragraph boundaries
 * first, then lines, then spaces; a single over-long word is cut hard. Never loses text.
 */
export function splitMessage(text: string, limit: number): string[] {
  if (limit < 1) throw new RangeError('limit must be positive');
  if (text.length <= limit) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = window.lastIndexOf('\n\n');
    let skip = 2;
    if (cut <= 0) {
      cut = window.lastIndexOf('\n');
      skip = 1;
    }
    if (cut <= 0) {
      cut = window.lastIndexOf(' ');
      skip = 1;
    }
    if (cut <= 0) {
      cut = limit;
      // Do not cut a surrogate pair (emoji) in half.
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
      skip = 0;
    }
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut + skip).replace(/^\n+/, '');
  }
  if (rest.trim().length > 0) out.push(rest);
  return out.filter((part) => part.length > 0);
}
