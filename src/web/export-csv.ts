/**
 * The CSV of an {@link ExportReport}: the rows of the sheet "Xác nhận" under the same Vietnamese
 * headers. UTF-8 with a byte-order mark (without it Excel reads the file as the ANSI code page
 * and the Vietnamese letters break), RFC 4180 quoting and CRLF line ends, and a guard against
 * CSV injection: a cell a spreadsheet would take as a formula gets a leading apostrophe.
 */
import { formatDay, formatInstant } from '../core/dates.js';
import type { ExportReport, ExportRow } from './export.js';

export const BOM = '\uFEFF';

/**
 * A cell made safe from formula injection (OWASP "CSV Injection"): text starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return gets a leading apostrophe, so Excel and LibreOffice
 * show it as text instead of running it.
 */
export function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A field quoted as RFC 4180 says: in double quotes when it holds a comma, a quote or a line end; quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function fields(r: ExportRow, zone: string): string[] {
  return [String(r.stt), r.deadline, r.task, formatDay(r.due), r.unit, r.state, r.by, r.at ? formatInstant(r.at, zone) : '', r.channel];
}

/** The CSV text, starting with the byte-order mark; every line ends with CRLF. */
export function reportCsv(report: ExportReport): string {
  const lines = [report.headers, ...report.rows.map((r) => fields(r, report.zone))].map((cells) => cells.map((c) => csvField(defuse(c))).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
