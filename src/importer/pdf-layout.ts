/**
 * Lines of a PDF page rebuilt from its text items' positions, as "PDF layout text" shows them:
 * items on one baseline make one line, ordered left to right; a word gap is one space, and a gap
 * of a column (a table cell, the signer beside "Nơi nhận") is a run of at least four spaces that
 * brings the text to its column, so cells of one column start at the same place on every line
 * (a cell wrapped onto the next line, `Trước` / `20/11/2027`, stays under its column).
 */

/** A run of text on a page: its baseline's left end (PDF units, y upwards), its width, its font size. */
export interface PositionedText {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** A gap at least this many font sizes wide separates columns; a narrower one is a space between words. */
const COLUMN_GAP = 0.75;
/** A gap narrower than this many font sizes joins the two runs (letters of one word set apart by kerning). */
const WORD_GAP = 0.1;
/** Spaces written for a column gap, at least: the importer reads 4+ spaces as a cell boundary. */
const MIN_COLUMN_SPACES = 4;
/** The rightmost column a run is placed at: text set far off the page does not make a line of millions of spaces. */
const MAX_COLUMN = 600;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The page's lines, top to bottom, trailing spaces dropped; no line for a page without text. */
export function pageLines(items: readonly PositionedText[]): string[] {
  const runs = items.filter((i) => i.str.trim() !== '' && Number.isFinite(i.x) && Number.isFinite(i.y) && i.size > 0);
  if (runs.length === 0) return [];
  runs.sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PositionedText[][] = [];
  let top = Infinity;
  let size = 0;
  for (const run of runs) {
    const current = lines[lines.length - 1];
    if (current && Math.abs(top - run.y) <= 0.5 * Math.max(size, run.size)) {
      current.push(run);
      size = Math.max(size, run.size);
    } else {
      lines.push([run]);
      top = run.y;
      size = run.size;
    }
  }
  // One character column: narrow enough that no run's text is longer than its place on the page
  // (the narrowest run's character width), and that a column gap is at least four of them, so a
  // column starts at the same place on every line.
  const runWidth = runs.filter((r) => r.str.trim().length >= 3).map((r) => r.width / [...r.str].length).filter((w) => w > 0);
  const typical = median(runs.map((r) => r.size));
  const charWidth = Math.max(0.1 * typical, Math.min(runWidth.reduce((a, b) => Math.min(a, b), Infinity), (COLUMN_GAP * typical) / MIN_COLUMN_SPACES));
  // (No spread: a page may hold more runs than a call takes arguments.)
  const left = runs.reduce((a, r) => Math.min(a, r.x), Infinity);
  return lines.map((line) => {
    line.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    let previous: PositionedText | undefined;
    for (const run of line) {
      // Text printed twice a hair apart (Word's bold for some fonts) is one text.
      if (previous && run.str === previous.str && Math.abs(run.x - previous.x) < 0.3 * run.size) continue;
      const column = Math.min(MAX_COLUMN, Math.max(0, Math.round((run.x - left) / charWidth)));
      const gap = run.x - end;
      if (!previous) text = ' '.repeat(column);
      else if (gap >= COLUMN_GAP * run.size) text = text.trimEnd() + ' '.repeat(Math.max(column - text.trimEnd().length, MIN_COLUMN_SPACES));
      else if (gap >= WORD_GAP * run.size && !/\s$/.test(text) && !/^\s/.test(run.str)) text += ' ';
      text += run.str;
      end = Math.max(end, run.x + run.width);
      previous = run;
    }
    return text.trimEnd();
  });
}
