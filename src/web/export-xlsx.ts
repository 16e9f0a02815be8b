/**
 * The XLSX of an {@link ExportReport}, written with exceljs's streaming writer (rows are
 * committed as they are written, so 100,000 rows do not sit in memory as cell objects).
 * Sheet "Xác nhận": title, issuer, export date, headers, one row per unit × occurrence.
 * Sheet "Tổng hợp theo đơn vị": counts and completion rate per unit.
 * Text cells stay text: a value starting with "=" is a string in the file, never a formula.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { wallClockMinute } from '../core/dates.js';
import type { ExportReport, ExportRow, ExportState } from './export.js';
import { remembered, SUMMARY_HEADERS } from './export.js';
import { rowWriter, type RowValue } from './xlsx-rows.js';

export const SHEET_ROWS = 'Xác nhận';
export const SHEET_SUMMARY = 'Tổng hợp theo đơn vị';
/** Rows above the headers of both sheets: title, issuer, export date, blank. */
export const HEADER_ROW = 5;

const MAX_CELL = 32_767; // Excel's limit on the characters of one cell
// XML 1.0 cannot carry these control characters: a unit name holding one would corrupt the file.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** A string as a cell can hold it (hostile text stays text, minus characters XML refuses). */
export function cellText(text: string): string {
  return text.replace(INVALID_XML, '').slice(0, MAX_CELL);
}

/** A calendar day as an Excel date (midnight UTC: Excel dates have no zone). */
function excelDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** An instant as the wall-clock time of the zone, to the minute, as an Excel date (Excel dates have no zone). */
function excelTime(iso: string, zone: string): Date {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`export: cannot read the time ${iso}`);
  return new Date(wallClockMinute(t, zone));
}

const ROW_WIDTHS = [6, 10, 60, 12, 32, 15, 24, 17, 16];
const TEXT_STYLE: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', wrapText: true } };
const ROW_STYLES: Array<Partial<ExcelJS.Style>> = ROW_WIDTHS.map((_, i) =>
  i === 3 ? { ...TEXT_STYLE, numFmt: 'dd/mm/yyyy' } : i === 7 ? { ...TEXT_STYLE, numFmt: 'dd/mm/yyyy hh:mm' } : TEXT_STYLE,
);
const stateStyle = (argb: string): Partial<ExcelJS.Style> => ({ ...TEXT_STYLE, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb } } });
const STATE_STYLES: Record<ExportState, Partial<ExcelJS.Style>> = {
  'Hoàn thành': stateStyle('FFC6EFCE'),
  'Đã nhận': stateStyle('FFFFEB9C'),
  'Chưa xác nhận': stateStyle('FFFFC7CE'),
};
/** A data row's styles by its state: one shared object per column (exceljs keys its style table by identity). */
const STATE_COLUMN = 5;
const withState = (state: ExportState) => ROW_STYLES.map((style, i) => (i === STATE_COLUMN ? STATE_STYLES[state] : style));
const ROW_STYLES_BY_STATE: Record<ExportState, Array<Partial<ExcelJS.Style>>> = {
  'Hoàn thành': withState('Hoàn thành'),
  'Đã nhận': withState('Đã nhận'),
  'Chưa xác nhận': withState('Chưa xác nhận'),
};
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } } as const;
const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function preamble(sheet: ExcelJS.Worksheet, report: ExportReport, columns: number, subtitle?: string): void {
  const title = sheet.addRow([cellText(subtitle ? `${report.title} – ${subtitle}` : report.title)]);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  title.height = 36;
  sheet.mergeCells(1, 1, 1, columns);
  sheet.addRow([`Đơn vị báo cáo: ${cellText(report.issuer)}`]).font = { italic: true };
  sheet.mergeCells(2, 1, 2, columns);
  sheet.addRow([`Ngày xuất: ${report.exportedAt}`]).font = { italic: true };
  sheet.mergeCells(3, 1, 3, columns);
  sheet.addRow([]);
}

function headerRow(sheet: ExcelJS.Worksheet, headers: readonly string[]): ExcelJS.Row {
  const row = sheet.addRow([...headers]);
  row.font = { bold: true };
  row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });
  return row;
}

/** The cells of a data row, made by one report's helpers. */
function rowValuesOf(zone: string): (r: ExportRow) => RowValue[] {
  const text = remembered(cellText);
  const day = remembered(excelDay);
  return (r) => [r.stt, r.deadline, text(r.task), day(r.due), text(r.unit), r.state, text(r.by), r.at ? excelTime(r.at, zone) : '', r.channel];
}

function writeRows(book: ExcelJS.stream.xlsx.WorkbookWriter, sheet: ExcelJS.Worksheet, report: ExportReport): void {
  sheet.columns = ROW_WIDTHS.map((width) => ({ width }));
  preamble(sheet, report, report.headers.length);
  headerRow(sheet, report.headers).commit();
  // 200,000 rows: written as sheet text, not through exceljs's per-cell objects (see xlsx-rows.ts).
  const rows = rowWriter(book, sheet);
  const values = rowValuesOf(report.zone);
  for (const r of report.rows) rows.add(values(r), ROW_STYLES_BY_STATE[r.state]);
  rows.end();
}

function writeSummary(sheet: ExcelJS.Worksheet, report: ExportReport): void {
  sheet.columns = [{ width: 6 }, { width: 12 }, { width: 36 }, { width: 10 }, { width: 12 }, { width: 10 }, { width: 14 }, { width: 14, style: { numFmt: '0.0' } }];
  preamble(sheet, report, SUMMARY_HEADERS.length, 'tổng hợp theo đơn vị');
  headerRow(sheet, SUMMARY_HEADERS);
  const totals = { total: 0, completed: 0, received: 0, none: 0 };
  report.summary.forEach((s, i) => {
    sheet.addRow([i + 1, s.unitCode, cellText(s.unit), s.total, s.completed, s.received, s.none, s.rate]).commit();
    totals.total += s.total;
    totals.completed += s.completed;
    totals.received += s.received;
    totals.none += s.none;
  });
  const rate = totals.total ? Math.round((totals.completed / totals.total) * 1000) / 10 : 0;
  const last = sheet.addRow(['', '', 'Tổng cộng', totals.total, totals.completed, totals.received, totals.none, rate]);
  last.font = { bold: true };
  last.commit();
}

/** The workbook as an XLSX file's bytes. */
export async function reportXlsx(report: ExportReport): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  book.creator = 'Loa';
  book.created = new Date(0); // the export date is in the sheet; a fixed stamp keeps the file a function of the report
  const frozen = [{ state: 'frozen' as const, ySplit: HEADER_ROW }];
  const rows = book.addWorksheet(SHEET_ROWS, { views: frozen, pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  rows.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: report.headers.length } };
  writeRows(book, rows, report);
  rows.commit();
  const summary = book.addWorksheet(SHEET_SUMMARY, { views: frozen });
  writeSummary(summary, report);
  summary.commit();
  await book.commit();
  await done;
  return Buffer.concat(chunks);
}
