/**
 * The glue between a request for "Xuất báo cáo" and the export: the query read into a filter
 * (with Vietnamese errors), and the file to answer with (bytes, type, name). Free of any web
 * framework, so a route only passes the query in and the file out.
 */
import type { Day } from '../core/dates.js';
import { reportCsv } from './export-csv.js';
import { validDay } from './export-scope.js';
import { reportXlsx } from './export-xlsx.js';
import { ExportError, type ExportFilter, type ExportReport } from './export.js';

export type ExportFormat = 'xlsx' | 'csv';

export interface ExportRequest {
  format: ExportFormat;
  filter: ExportFilter;
}

/** A day from a form: `YYYY-MM-DD` (a date input) or `dd/mm/yyyy` (typed by hand); empty is none. */
export function formDay(text: string | null | undefined, label: string): Day | undefined {
  const t = (text ?? '').trim();
  if (!t) return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2]!.padStart(2, '0'), vn[1]!.padStart(2, '0')] : [];
  const day = `${y}-${m}-${d}`;
  if (!y || !validDay(day)) {
    throw new ExportError(`${label} "${t}" không hợp lệ: nhập ngày dạng dd/mm/yyyy.`);
  }
  return day;
}

/** Reads `format`, `plan`, `deadline`, `from`, `to` of a query; throws {@link ExportError} on a bad value. */
export function exportRequest(query: URLSearchParams): ExportRequest {
  const format = (query.get('format') ?? 'xlsx').trim().toLowerCase();
  if (format !== 'xlsx' && format !== 'csv') throw new ExportError(`Định dạng "${format}" không được hỗ trợ: chọn XLSX hoặc CSV.`);
  const plan = query.get('plan')?.trim() || undefined;
  const deadline = query.get('deadline')?.trim().toUpperCase() || undefined;
  return { format, filter: { plan, deadline, from: formDay(query.get('from'), 'Từ ngày'), to: formDay(query.get('to'), 'Đến ngày') } };
}

export interface ExportFile {
  body: Buffer;
  contentType: string;
  /** ASCII file name, e.g. `bao-cao-tien-do_ke-hoach-2026_2026-05-10.xlsx`. */
  filename: string;
  /** The `Content-Disposition` header value (attachment, with the name). */
  disposition: string;
}

const TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** The file name: what was exported and the day (`today`, YYYY-MM-DD, organisation zone). */
export function exportFilename(filter: ExportFilter, today: Day, format: ExportFormat): string {
  const what = [filter.plan, filter.deadline?.toLowerCase(), filter.from && `tu-${filter.from}`, filter.to && `den-${filter.to}`]
    .filter((x): x is string => Boolean(x))
    .map((x) => x.replace(/[^a-z0-9-]/gi, ''))
    .filter(Boolean);
  return `bao-cao-tien-do_${what.length ? what.join('_') : 'tat-ca'}_${today}.${format}`;
}

/** The report as a file to download. */
export async function exportFile(report: ExportReport, request: ExportRequest, today: Day): Promise<ExportFile> {
  const body = request.format === 'xlsx' ? await reportXlsx(report) : Buffer.from(reportCsv(report), 'utf8');
  const filename = exportFilename(request.filter, today, request.format);
  return { body, contentType: TYPES[request.format], filename, disposition: `attachment; filename="${filename}"` };
}
