/**
 * The input of the office's merged table of a form and the texts its .xlsx and .docx share (see
 * consolidate.ts for the layout).
 */
import type { MergedTable } from '../core/hand-in-ports.js';

/** What a merged table is made of: the core's {@link MergedTable}. */
export type MergedInput = MergedTable;

/** Characters XML 1.0 refuses (control characters, lone surrogates): dropped, or the file would not open. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text safe to write into either format, NFC. */
export function safeText(s: string): string {
  return s.normalize('NFC').replace(NOT_XML, '').replace(/\r\n?/g, '\n');
}

/** "Triển khai …" → "triển khai …" to follow "về"; an acronym or a name in capitals ("UBND …") is kept. */
function lowerFirst(s: string): string {
  const word = s.split(/\s/)[0] ?? '';
  return word.length > 1 && word === word.toLocaleUpperCase('vi') ? s : s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}

/** The lines both formats show around the table. */
export function mergedTexts(input: MergedInput) {
  const number = input.planNumber?.trim();
  const upper = (s: string) => safeText(s).toLocaleUpperCase('vi');
  const missing = input.missing.map((u) => `${u.name} (${u.code})`).join(', ');
  return {
    org: upper(input.orgName),
    appendix: upper(input.appendix),
    title: `TỔNG HỢP ${upper(input.formTitle)}`,
    attached: safeText(`(Kèm theo Kế hoạch ${number ? `số ${number} ` : ''}về ${lowerFirst(input.planTitle.trim())})`),
    deadline: safeText(`Hạn ${input.deadline.id}: ${input.deadline.task} (hạn gửi ${input.deadline.due})`),
    header: ['STT', 'Đơn vị', ...input.columns.map(safeText)],
    body: input.rows.map((r, i) => [String(i + 1), safeText(r.unitName), ...input.columns.map((_, c) => safeText(r.values[c] ?? ''))]),
    missing: input.missing.length ? safeText(`Đơn vị chưa gửi (${input.missing.length}): ${missing}.`) : 'Tất cả đơn vị đã gửi.',
    generated: `Loa tổng hợp lúc ${input.generatedAt}.`,
  };
}
