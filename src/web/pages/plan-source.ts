/**
 * The source text of a plan with each deadline's quote highlighted: the words the importer read
 * the deadline from (`quote`), found in the text whatever its spacing, line breaks or markdown
 * emphasis, each as a `<mark id="q-N">` with links back to its deadlines. Everything is escaped.
 */
import { html } from 'hono/html';
import type { Html } from '../layout.js';

/** Whether a character is one the importer reads as a space (see normalize.ts). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `text` with spaces collapsed and `*` dropped, and where each of its characters came from. */
function keyed(text: string): { key: string; from: Int32Array } {
  const from = new Int32Array(text.length + 1);
  const parts: string[] = [];
  let n = 0;
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Markdown emphasis, which the importer drops.
    if (c === 42) continue;
    if (isSpace(c)) {
      if (space) continue;
      space = true;
      parts.push(' ');
    } else {
      space = false;
      parts.push(text[i]!);
    }
    from[n++] = i;
  }
  return { key: parts.join(''), from };
}

const keyOf = (quote: string) => keyed(quote.normalize('NFC')).key.trim();

interface Range {
  start: number;
  end: number;
  mark: string;
  ids: string[];
}

export interface MarkedSource {
  /** The text with its marks. */
  body: Html;
  /** The mark of each deadline found in the text, by deadline id. */
  markOf: Map<string, string>;
}

/**
 * Marks each deadline's quote, in the deadlines' order (the importer's, which is the text's): a
 * quote is looked for after the previous one, then from the start; the pair the importer reads
 * from one phrase ("định kỳ 6 tháng, năm") shares its mark. A quote that overlaps another mark,
 * or is not in the text, is left unmarked (the page says so).
 */
export function markedSource(text: string, deadlines: ReadonlyArray<{ id: string; quote?: string | undefined; due: string | null }>): MarkedSource {
  const source = text.normalize('NFC');
  const { key, from } = keyed(source);
  const ranges: Range[] = [];
  const markOf = new Map<string, string>();
  let cursor = 0;
  let previous: { q: string; range: Range; due: string | null } | undefined;
  for (const d of deadlines) {
    const q = d.quote ? keyOf(d.quote) : '';
    if (!q) continue;
    if (previous && previous.q === q && previous.due === null && d.due === null) {
      previous.range.ids.push(d.id);
      markOf.set(d.id, previous.range.mark);
      continue;
    }
    let at = key.indexOf(q, cursor);
    if (at < 0) at = key.indexOf(q);
    if (at < 0) continue;
    const start = from[at]!;
    const end = from[at + q.length - 1]! + 1;
    if (ranges.some((r) => r.start < end && start < r.end)) continue;
    const range: Range = { start, end, mark: `q-${ranges.length + 1}`, ids: [d.id] };
    ranges.push(range);
    markOf.set(d.id, range.mark);
    previous = { q, range, due: d.due };
    cursor = at + q.length;
  }
  ranges.sort((a, b) => a.start - b.start);
  const parts: Html[] = [];
  let at = 0;
  for (const r of ranges) {
    const back = r.ids.map((id) => html` <a class="ref" href="#h-${id}">${id}</a>`);
    parts.push(html`${source.slice(at, r.start)}<mark id="${r.mark}">${source.slice(r.start, r.end)}</mark><sup>${back}</sup>`);
    at = r.end;
  }
  parts.push(html`${source.slice(at)}`);
  return { body: html`${parts}`, markOf };
}
