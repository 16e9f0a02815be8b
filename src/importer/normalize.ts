/**
 * Text cleanup for plan documents as offices receive them (Word or PDF text): CRLF, odd
 * spaces, markdown and HTML fragments, stray URLs and page numbers, and PDF hard line breaks
 * in the middle of sentences.
 */
import { htmlRows, tableRows } from './table-lines.js';

/** A numeric character reference ("&#7897;", "&#x1ED9;") as its character, composed; an invalid one as written. */
function numericEntity(entity: string, hex: string | undefined, decimal: string | undefined): string {
  const code = hex ? parseInt(hex, 16) : Number(decimal);
  if (code < 0x20 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return entity;
  return String.fromCodePoint(code) === '\u00a0' ? ' ' : String.fromCodePoint(code);
}

/** Raw lines: newlines unified, odd spaces and markdown emphasis removed, HTML cells kept apart. */
export function rawLines(text: string): string[] {
  const unified = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  // Markdown table rows become tab-separated cells; separator rows disappear.
  const split = htmlRows(unified)
    .split('\n')
    .map((line) => (/^\s*\|.*\|\s*$/.test(line) ? (/^[\s|:-]+$/.test(line) ? '' : line.trim().slice(1, -1).split('|').map((c) => c.trim()).join('\t')) : line));
  // Every other table form (Word rows split over lines, PDF layout columns) one tab row per table row.
  return tableRows(split).map((line) =>
    line
      .replace(/<\/(p|td|th|div)>\s*<(p|td|th|div)[^>]*>/gi, '\t')
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<[^>]{1,200}>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&#(?:x([0-9a-f]{1,6})|(\d{1,7}));/gi, numericEntity)
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/^\s{0,3}#{1,6}\s+/, '')
      .replace(/\*+/g, '')
      .replace(/[ ]{2,}/g, (m) => (m.length >= 4 ? '\t' : ' '))
      .trim()
      .normalize('NFC'),
  );
}

/** A line that starts a new paragraph: list markers, numbered headings, closing blocks. */
export function startsBlock(line: string): boolean {
  return (
    /^[-+•–*]\s/.test(line) ||
    /^(\d{1,2}(\.\d{1,2}){0,3}|[IVX]{1,5})[.)]\s*\S/.test(line) ||
    /^[a-zđ]\)\s/.test(line) ||
    /^(KẾ HOẠCH|Nơi nhận|Phụ lục|PHỤ LỤC|KT\.|TM\.|Q\.|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|Số:)/.test(line) ||
    /^(Căn cứ|Thực hiện|Trên đây|Trong quá trình|Yêu cầu)\b/.test(line)
  );
}

const SENTENCE_END = /[.:;!?…]["”)]?$|\.\/\.$/;

/** A short heading on a line of its own ("1. Mục đích", "II. NỘI DUNG"): never joined with the next line. */
function isShortHeading(line: string): boolean {
  const m = /^(?:\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5})[.)]\s+(.+)$/.exec(line);
  if (!m) return false;
  const words = m[1]!.split(/\s+/).length;
  return words <= 6 || m[1] === m[1]!.toUpperCase();
}

/**
 * Paragraphs: raw lines joined where a PDF broke a sentence (the previous line does not end a
 * sentence and the next does not start a block). URL lines and page-number lines are dropped.
 * Linear in the text: whether the paragraph so far ends a sentence is read from its last line
 * (lines are joined with a space, which no sentence end contains), and whether it is a short
 * heading or has cells from its first line (a paragraph that is neither never becomes either by
 * growing, and one with cells never grows).
 */
export function paragraphs(lines: readonly string[]): string[] {
  const out: string[] = [];
  let parts: string[] = [];
  /** Whether the paragraph so far may take the next line: it has no cells, is no short heading and ends no sentence. */
  let open = false;
  const close = () => {
    if (parts.length) out.push(parts.join(' '));
  };
  for (const line of lines) {
    if (!line) continue;
    if (/^(https?:\/\/|www\.)\S+$/i.test(line) || /^-?\s*\d{1,3}\s*-?$/.test(line)) continue;
    if (open && !startsBlock(line) && !line.includes('\t')) {
      parts.push(line);
    } else {
      close();
      parts = [line];
      open = !line.includes('\t') && !isShortHeading(line);
    }
    open &&= !SENTENCE_END.test(line);
  }
  close();
  // Spacing becomes one space; tabs stay, one per cell boundary (an empty cell keeps its column).
  return out.map((p) => p.replace(/\s+/g, (m) => '\t'.repeat(m.split('\t').length - 1) || ' ').trim());
}
