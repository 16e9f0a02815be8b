/**
 * Finding a form's table among the tables of a filled-in file, and reading its body rows aligned
 * to the form's columns. A header cell matches a column when their folded words (no diacritics,
 * no case, no punctuation) are close: the same up to a typo, most words shared, or one naming a
 * part of the other ("Tên hoạt động" for "Tên nội dung, hoạt động"). Extra columns (Stt, TT,
 * "Đơn vị", anything else) are ignored; a column no header cell matches reads as ''.
 */
import { distance } from 'fastest-levenshtein';
import { searchKey } from '../core/text.js';

/** A table as a grid of cell texts, rows of cells (merged cells already spread by the reader). */
export type Grid = string[][];

/** Where the form's table is: grid `table`, header row `row`, and each column's cell index (-1: none). */
export interface FormTable {
  table: number;
  row: number;
  cells: number[];
}

/** Lowest similarity (0..1) of a header cell that matches a column. */
const MIN_SCORE = 0.6;
/** Rows looked at for a header, from the top of each table or sheet (titles may come first). */
const HEADER_ROWS = 30;
/** Rows looked at for a header in all, so thousands of small tables cost no more than a few. */
const MAX_CANDIDATES = 2000;

const words = (key: string) => new Set(key.split(' ').filter(Boolean));

/** How alike a column's name and a header cell are, 0..1 (see the file's comment). */
export function similarity(column: string, cell: string): number {
  return keySimilarity(searchKey(column), searchKey(cell));
}

/** {@link similarity} of two search keys. */
function keySimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const typo = 1 - distance(a, b) / Math.max(a.length, b.length);
  const wa = words(a);
  const wb = words(b);
  const shared = [...wa].filter((w) => wb.has(w)).length;
  const dice = (2 * shared) / (wa.size + wb.size);
  const smaller = Math.min(wa.size, wb.size);
  const part = smaller >= 2 && shared === smaller ? 0.8 : 0;
  return Math.max(typo, dice, part);
}

/** Each column's (by its search key) matching cell of `row` (one cell per column, the best pairs first), and the total score. */
function matchRow(columns: readonly string[], row: readonly string[]): { cells: number[]; matched: number; score: number } {
  const pairs: { c: number; j: number; s: number }[] = [];
  const keys = row.map((cell) => (cell.length > 300 ? '' : searchKey(cell)));
  columns.forEach((col, c) =>
    keys.forEach((key, j) => {
      const s = keySimilarity(col, key);
      if (s >= MIN_SCORE) pairs.push({ c, j, s });
    }),
  );
  pairs.sort((x, y) => y.s - x.s || x.j - y.j);
  const cells = columns.map(() => -1);
  const used = new Set<number>();
  let score = 0;
  for (const p of pairs) {
    if (cells[p.c] !== -1 || used.has(p.j)) continue;
    cells[p.c] = p.j;
    used.add(p.j);
    score += p.s;
  }
  return { cells, matched: cells.filter((j) => j >= 0).length, score };
}

/**
 * The table and row that best serve as the form's header: at least two thirds of the columns
 * matched (rounded up), most columns then highest score; undefined when no row does.
 */
export function findFormTable(grids: readonly Grid[], columns: readonly string[]): FormTable | undefined {
  const needed = Math.ceil((columns.length * 2) / 3);
  const keys = columns.map(searchKey);
  let best: (FormTable & { matched: number; score: number }) | undefined;
  let candidates = 0;
  grids.forEach((grid, table) => {
    grid.slice(0, HEADER_ROWS).forEach((cellsOfRow, row) => {
      if (++candidates > MAX_CANDIDATES) return;
      if (cellsOfRow.filter((cell) => cell.trim()).length < needed) return;
      const m = matchRow(keys, cellsOfRow);
      if (m.matched < needed) return;
      if (!best || m.matched > best.matched || (m.matched === best.matched && m.score > best.score)) best = { table, row, ...m };
    });
  });
  return best && { table: best.table, row: best.row, cells: best.cells };
}

/** A cell that fills nothing: empty, a number ("1", "(2)", "3."), or dots ("…", "..."), or a dash. */
const FILLS_NOTHING = /^[\s([]*(\d{1,4}[.)\]]*|…+|\.{2,}|[-–—]+)?\s*$/;

export interface BodyOptions {
  /** Stop at this many wholly empty rows in a row, once a row was read (a sheet has no table end). */
  stopAfterBlank?: number | undefined;
  /** Stop once this many rows are read (the caller refuses more than it takes: no need to read on). */
  maxRows?: number | undefined;
}

/**
 * The rows under the header, aligned to the columns: a row that fills nothing (see
 * {@link FILLS_NOTHING}) is dropped, and so is a row repeating the header (a second header line,
 * a header repeated further down).
 */
export function bodyRows(grid: Grid, at: FormTable, options: BodyOptions = {}): string[][] {
  const header = grid[at.row] ?? [];
  const rows: string[][] = [];
  let blank = 0;
  for (const row of grid.slice(at.row + 1)) {
    if (options.maxRows !== undefined && rows.length >= options.maxRows) break;
    if (row.every((cell) => !cell.trim())) {
      blank++;
      if (options.stopAfterBlank && rows.length > 0 && blank >= options.stopAfterBlank) break;
      continue;
    }
    blank = 0;
    const values = at.cells.map((j) => (j >= 0 ? (row[j] ?? '') : ''));
    if (values.every((v) => FILLS_NOTHING.test(v))) continue;
    if (at.cells.some((j, c) => j >= 0 && values[c] && searchKey(values[c]!) === searchKey(header[j] ?? ''))) continue;
    rows.push(values);
  }
  return rows;
}
