/**
 * PDF "layout" text tables (`pdftotext -layout`, or a PDF's text rebuilt from its positions):
 * columns are runs of two or more spaces. The columns are the runs of positions the table's
 * lines fill (a river of spaces separates two columns); a line whose first column holds a number
 * starts a row, and every other line adds its pieces to the cells of the row above, so a wrapped
 * cell (`Trước` / `20/11/2027`) is whole again. Each row comes out as one tab-separated line.
 */

interface Segment {
  at: number;
  text: string;
}

/** The pieces of a line between runs of two or more spaces, with where each starts. */
function segments(line: string): Segment[] {
  const out: Segment[] = [];
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) out.push({ at: m.index, text: m[0] });
  return out;
}

const ROW_NUMBER = /^(?:\d{1,3}|[IVX]{1,5}|[a-zđ])[.)]?$/u;
const ENDS_TABLE = /^(?:[IVX]{1,5}\.\s|\d{1,2}\.\s|\d{1,2}\.\d{1,2}\.?\s|Nơi nhận|Trên đây|KT\.|TM\.|T\/M|K\/T|PHỤ LỤC|Phụ lục)/u;
const PAGE_NUMBER = /^-?\s*\d{1,3}\s*-?$/;
const MAX_ROWS_LINES = 3000;

/**
 * Whether a piece covers a whole river between two header cells: a cell stays inside its column,
 * so such a piece is prose (an indented paragraph under the table), not a row.
 */
function crossesRiver(s: Segment, header: readonly Segment[]): boolean {
  const end = s.at + s.text.length;
  for (let k = 0; k + 1 < header.length; k++) if (s.at <= header[k]!.at + header[k]!.text.length && end >= header[k + 1]!.at) return true;
  return false;
}

/** Where the table that starts at `start` (its header line, cut in `header`) ends: prose, a heading, or the signature. */
function tableEnd(lines: readonly string[], start: number, header: readonly Segment[]): number {
  const width = header.at(-1)!.at + header.at(-1)!.text.length;
  let blanks = 0;
  for (let j = start + 1; j < lines.length && j < start + MAX_ROWS_LINES; j++) {
    const line = lines[j]!;
    const text = line.trim();
    if (!text) {
      if (++blanks >= 3) return j;
      continue;
    }
    blanks = 0;
    if (line.includes('\t')) return j;
    const segs = segments(line);
    if (ENDS_TABLE.test(text) && (segs.length === 1 || /^(Nơi nhận|Trên đây)/u.test(text))) return j;
    if (segs.length === 1 && segs[0]!.at < 2 && segs[0]!.text.length >= Math.max(40, width * 0.6)) return j;
    if (segs.some((s) => crossesRiver(s, header))) return j;
  }
  return Math.min(lines.length, start + MAX_ROWS_LINES);
}

/** The columns: runs of positions filled by the table's lines (by two of them once there are a few lines). */
function columns(rows: readonly Segment[][]): Array<[number, number]> {
  let width = 0;
  for (const r of rows) for (const s of r) width = Math.max(width, s.at + s.text.length);
  const filled = new Uint16Array(width + 1);
  for (const r of rows) for (const s of r) for (let k = s.at; k < s.at + s.text.length; k++) filled[k]!++;
  const least = rows.length >= 6 ? 2 : 1;
  const spans: Array<[number, number]> = [];
  for (let k = 0; k <= width; k++) {
    if (filled[k]! < least) continue;
    const last = spans.at(-1);
    if (last && last[1] === k) last[1] = k + 1;
    else spans.push([k, k + 1]);
  }
  return spans;
}

/** The rows of one table (header first), each as tab-separated cells. */
function rowsOf(lines: readonly string[]): string[] {
  const segs = lines.map(segments);
  const spans = columns(segs);
  // Not a table that columns tell apart: too few or too many columns (a task table has a handful).
  if (spans.length < 2 || spans.length > 12) return [...lines];
  // A piece belongs to the column it overlaps most (header cells are centred, data cells wrap),
  // else to the one it starts in (or the next one, if it starts in a river).
  const colOf = (s: Segment) => {
    const end = s.at + s.text.length;
    let best = -1;
    let most = 0;
    for (const [k, [from, to]] of spans.entries()) {
      const overlap = Math.min(end, to) - Math.max(s.at, from);
      if (overlap > most) [best, most] = [k, overlap];
    }
    if (best >= 0) return best;
    const k = spans.findIndex(([, to]) => s.at < to);
    return k < 0 ? spans.length - 1 : k;
  };
  const numbered = /^(?:STT|TT|Số TT)\.?$/iu.test(segs[0]![0]?.text ?? '');
  const header: string[][] = spans.map(() => []);
  const rows: string[][][] = [];
  for (const [i, line] of segs.entries()) {
    if (line.length === 0) continue;
    if (i > 0 && line.length === 1 && PAGE_NUMBER.test(line[0]!.text) && colOf(line[0]!) > 0) continue;
    const first = colOf(line[0]!);
    // With a numbering column a row starts at its number; without one, at a capital (or a list mark)
    // in the first column of a line that fills other columns too (a wrapped line fills one).
    const starts = i > 0 && first === 0 && (numbered ? ROW_NUMBER.test(line[0]!.text) : line.length > 1 && /^[\p{Lu}\d+•-]/u.test(line[0]!.text));
    const cells = rows.length === 0 && !starts ? header : (starts ? rows[rows.push(spans.map(() => [])) - 1]! : rows.at(-1)!);
    for (const s of line) cells[colOf(s)]!.push(s.text);
  }
  return [header, ...rows].map((r) => r.map((c) => c.join(' ')).join('\t'));
}

/** Lines with each layout table's rows made tab-separated lines; `isHeader` tells a task table's header. */
export function layoutTable(lines: readonly string[], isHeader: (cells: string[]) => boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const segs = line.includes('\t') || !/ {2,}\S/.test(line) ? [] : segments(line);
    if (segs.length < 3 || !isHeader(segs.map((s) => s.text))) {
      out.push(line);
      continue;
    }
    const end = tableEnd(lines, i, segs);
    out.push(...rowsOf(lines.slice(i, end)));
    i = end - 1;
  }
  return out;
}
