/**
 * The sheets of an .xlsx as grids of cell texts, read with exceljs (`workbook.xlsx.load`) once the
 * zip has kept its budget and its sheets were counted (see {@link countSheetRows}: exceljs builds
 * an object per cell, so a sheet of a million tiny rows is refused before it is loaded). Rich text,
 * hyperlinks and formula results read as their text, dates as dd/mm/yyyy. A merged range reads
 * as Excel shows it: its text in the first column, repeated down the rows it spans ('' in the
 * columns it covers to the right).
 */
import ExcelJS from 'exceljs';
import type { CheckedZip } from './zip-check.js';
import type { Grid } from './form-match.js';

/** Most columns read from a sheet (a form has at most 20 columns, plus numbering and unit). */
const MAX_COLUMNS = 60;
/** Longest run of missing rows kept as blank rows (a longer gap reads like this many). */
const MAX_GAP = 3;

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as dd/mm/yyyy (with HH:mm when it has a time): exceljs reads a date cell as its UTC instant. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  return d.getUTCHours() || d.getUTCMinutes() ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : day;
}

/** A value as text (see the file's comment); an error value (#N/A) reads as ''. */
export function valueText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((r) => r.text ?? '').join('');
  if ('formula' in value || 'sharedFormula' in value) return valueText((value as ExcelJS.CellFormulaValue).result ?? null);
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : valueText(value.text as ExcelJS.CellValue);
  return '';
}

/** A cell's text, lines trimmed and spaces squeezed, its merged range read as the file's comment says. */
function cellText(cell: ExcelJS.Cell): string {
  let value: ExcelJS.CellValue = cell.value;
  if (cell.isMerged && cell.master !== cell) value = cell.master.col === cell.col ? cell.master.value : null;
  return valueText(value)
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** How many rows and cells the largest sheet of the zip holds, counted in its XML (nothing parsed). */
export function countSheetRows(zip: CheckedZip): { rows: number; cells: number } {
  let rows = 0;
  let cells = 0;
  const count = (xml: Buffer, tag: string) => {
    let n = 0;
    for (let at = xml.indexOf(tag); at >= 0; at = xml.indexOf(tag, at + tag.length)) n++;
    return n;
  };
  for (const e of zip.entries) {
    // Unanchored, as exceljs matches sheet names (`a/xl/worksheets/sheet1.xml` is a sheet to it).
    if (!/xl\/worksheets\/.*\.xml/.test(e.name)) continue;
    const xml = zip.read(e.name);
    if (!xml) continue;
    rows = Math.max(rows, count(xml, '<row ') + count(xml, '<row>'));
    cells = Math.max(cells, count(xml, '<c ') + count(xml, '<c>'));
  }
  return { rows, cells };
}

/** Every sheet of the workbook as a grid (see the file's comment). */
export async function xlsxGrids(bytes: Buffer): Promise<Grid[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const grids: Grid[] = [];
  workbook.eachSheet((sheet) => {
    const grid: Grid = [];
    let last = 0;
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      for (let gap = Math.min(number - last - 1, MAX_GAP); gap > 0; gap--) grid.push([]);
      last = number;
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col <= MAX_COLUMNS) cells[col - 1] = cellText(cell);
      });
      grid.push(Array.from(cells, (c) => c ?? ''));
    });
    grids.push(grid);
  });
  return grids;
}
