/**
 * The CSV of an {@link ExportReport}: the rows of the sheet "Xác nhận" under the same Vietnamese
 * headers. UTF-8 with a byte-order mark (without it Excel reads the file as the ANSI code page
 * and the Vietnamese letters break), RFC 4180 quoting and CRLF line ends, and a guard against
 * CSV injection: a cell a spreadsheet would take as a formula gets a leading apostrophe.
 */
import { formatDay, formatInstant } from '../core/dates.js';
import { remembered, type ExportReport } from './export.js';

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

/** The CSV text, starting with the byte-order mark; every line ends with CRLF. */
export function reportCsv(report: ExportReport): string {
  // Texts and days repeat over the rows (a task on every unit's line): each is made safe once.
  const field = remembered((text) => csvField(defuse(text)));
  const day = remembered((due) => field(formatDay(due)));
  const lines = [report.headers.map(field).join(',')];
  for (const r of report.rows) {
    const at = r.at ? csvField(defuse(formatInstant(r.at, report.zone))) : '';
    lines.push(`${r.stt},${field(r.deadline)},${field(r.task)},${day(r.due)},${field(r.unit)},${field(r.state)},${field(r.by)},${at},${field(r.channel)}`);
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
