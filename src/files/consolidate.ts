/**
 * The office's merged table of a form (`/tonghop H8`): every unit's rows in the layout of the
 * plan's appendix, ready to send upward as is. The header block names the organisation, the
 * appendix and the plan ("Kèm theo Kế hoạch …"), then the title "TỔNG HỢP <form title>", the
 * table `STT | Đơn vị | <columns…>` (one row per unit row), and the units that have not handed in.
 * This file writes the .xlsx (exceljs); the .docx is in consolidate-docx.ts, the input and the
 * texts both share in merged-texts.ts. Pure: bytes out, nothing stored or sent.
 */
import ExcelJS from 'exceljs';
import { mergedTexts, type MergedInput } from './merged-texts.js';

export { mergedDocx } from './consolidate-docx.js';
export type { MergedInput } from './merged-texts.js';

const THIN: Partial<ExcelJS.Border> = { style: 'thin' };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'Times New Roman';

/** A column's width in characters: enough for its header and typical values, within 14..40. */
function widthOf(texts: readonly string[]): number {
  const longest = Math.max(0, ...texts.map((t) => Math.max(...t.split('\n').map((l) => l.length))));
  return Math.min(40, Math.max(14, Math.ceil(longest * 0.6)));
}

/**
 * The merged table as .xlsx: the header block merged across the table's width, bold wrapped
 * header with borders (repeated on every printed page), column widths, landscape A4 fitted to
 * the page width.
 */
export async function mergedXlsx(input: MergedInput): Promise<Buffer> {
  const t = mergedTexts(input);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Loa';
  const sheet = workbook.addWorksheet('Tổng hợp', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
  });
  const last = t.header.length;
  sheet.columns = t.header.map((h, c) => ({ width: c === 0 ? 6 : c === 1 ? 28 : widthOf([h, ...t.body.map((r) => r[c]!)]) }));
  const line = (text: string, font: Partial<ExcelJS.Font>, align: ExcelJS.Alignment['horizontal'], height?: number) => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, last);
    row.getCell(1).font = { name: FONT, size: 13, ...font };
    row.getCell(1).alignment = { horizontal: align, vertical: 'middle', wrapText: true };
    if (height) row.height = height;
    return row;
  };
  line(t.org, { bold: true }, 'left');
  line(t.appendix, { bold: true }, 'center');
  line(t.title, { bold: true, size: 14 }, 'center', 40);
  line(t.attached, { italic: true }, 'center', 32);
  line(t.deadline, {}, 'center', 32);
  sheet.addRow([]);
  const header = sheet.addRow(t.header);
  header.eachCell((cell) => {
    cell.font = { name: FONT, size: 12, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
  });
  sheet.pageSetup.printTitlesRow = `${header.number}:${header.number}`;
  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  for (const values of t.body) {
    const row = sheet.addRow(values);
    for (let c = 1; c <= last; c++) {
      const cell = row.getCell(c);
      cell.font = { name: FONT, size: 12 };
      cell.alignment = { horizontal: c === 1 ? 'center' : 'left', vertical: 'top', wrapText: true };
      cell.border = BORDER;
    }
  }
  sheet.addRow([]);
  const totalWidth = sheet.columns.reduce((sum, col) => sum + (col.width ?? 10), 0);
  line(t.missing, { bold: input.missing.length > 0 }, 'left', Math.min(400, 18 * Math.ceil(t.missing.length / totalWidth + 0.5)));
  line(t.generated, { italic: true, size: 11 }, 'left');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
