/**
 * A unit sends back a plan's appendix table filled in (.docx or .xlsx): its rows, aligned to the
 * form's columns. The file is hostile input: its zip keeps a budget before anything parses it
 * (30 MB unpacked, its main part 10 MB), a sheet's rows and cells are counted before exceljs
 * builds them, and the rows read are bounded ({@link MAX_FORM_ROWS} rows, {@link MAX_CELL_CHARS}
 * characters a cell). Every failure is a Vietnamese sentence saying what to do.
 */
import { docxTables } from './docx-tables.js';
import { bodyRows, findFormTable, type Grid } from './form-match.js';
import { cleanName } from './names.js';
import { countSheetRows, xlsxGrids } from './xlsx-grid.js';
import { openZip, zipProblemText, type ZipLimits } from './zip-check.js';

const MB = 1024 * 1024;

/** Most filled rows one file may bring. */
export const MAX_FORM_ROWS = 500;
/** Longest text of one cell, in characters. */
export const MAX_CELL_CHARS = 2000;
/** Most rows (filled or not) a sheet may hold before exceljs is asked to load it. */
export const MAX_SHEET_ROWS = 5000;
/** Most cells a sheet may hold before exceljs is asked to load it. */
export const MAX_SHEET_CELLS = 50_000;
/** Most bytes a part that is parsed may unpack to (document.xml; a sheet, the shared strings, any .xlsx part but pictures). */
export const MAX_PART_BYTES = 10 * MB;
/** The zip budget of a filled form: a form is small, a few pictures at most. */
export const FORM_ZIP_LIMITS: Partial<ZipLimits> = { maxUnpacked: 30 * MB };

export type FormRead = { rows: string[][] } | { error: string };

export interface FormReadOptions {
  /** How the plan names the appendix ("Phụ lục II"), for the messages; default "mẫu". */
  appendix?: string | undefined;
  /** The file's name as sent, for the messages (cleaned before it is shown); absent: "tệp" alone. */
  name?: string | undefined;
}

/** The tables of a .docx or the sheets of an .xlsx, or the reason they cannot be read. */
async function gridsOf(bytes: Buffer, ext: 'docx' | 'xlsx', file: string): Promise<Grid[] | string> {
  const opened = openZip(bytes, FORM_ZIP_LIMITS);
  if (!opened.ok) return `${file} ${zipProblemText(opened.problem, FORM_ZIP_LIMITS)}`;
  const { zip } = opened;
  const kind = ext === 'docx' ? 'Word (.docx)' : 'Excel (.xlsx)';
  const main = ext === 'docx' ? 'word/document.xml' : 'xl/workbook.xml';
  const notIt = `${file} không phải tệp ${kind} hợp lệ: mở bằng ${ext === 'docx' ? 'Word' : 'Excel'}, lưu lại dưới dạng .${ext} rồi gửi lại.`;
  if (!zip.entries.some((e) => e.name === main)) return notIt;
  // exceljs parses every part but the pictures (matching names anywhere in the path), so each is bounded.
  const parsed = (name: string) => (ext === 'docx' ? name === main : !/xl\/media\//.test(name));
  if (zip.entries.some((e) => parsed(e.name) && e.size > MAX_PART_BYTES)) {
    return `${file} có phần nội dung lớn hơn ${MAX_PART_BYTES / MB} MB, quá lớn cho một bảng đăng ký: chỉ giữ bảng theo mẫu rồi gửi lại.`;
  }
  if (ext === 'docx') return docxTables(zip.read(main)!.toString('utf8'));
  const counted = countSheetRows(zip);
  if (counted.rows > MAX_SHEET_ROWS || counted.cells > MAX_SHEET_CELLS) {
    return `${file} có trang tính quá lớn (${counted.rows.toLocaleString('vi-VN')} dòng, ${counted.cells.toLocaleString('vi-VN')} ô), quá nhiều cho một bảng đăng ký (tối đa ${MAX_FORM_ROWS} dòng): chỉ giữ bảng theo mẫu rồi gửi lại.`;
  }
  try {
    return await xlsxGrids(bytes);
  } catch {
    return notIt;
  }
}

/**
 * Reads the rows of a filled-in form: finds the table (a .docx's tables, an .xlsx's sheets) whose
 * header row matches `columns` (see form-match.ts), and returns its body rows aligned to
 * `columns` ('' for an empty cell); rows that fill nothing (empty, only a number, "…") are
 * dropped. A file with no such table, no filled row, too many rows or too long a cell gets
 * `{ error }` in Vietnamese naming the file and the appendix.
 */
export async function readFormRows(bytes: Buffer, ext: 'docx' | 'xlsx', columns: readonly string[], options: FormReadOptions = {}): Promise<FormRead> {
  const quoted = options.name ? ` “${cleanName(options.name)}”` : '';
  const file = `Tệp${quoted}`;
  const where = `trong tệp${quoted}`;
  const form = options.appendix ? `mẫu ${options.appendix}` : 'mẫu';
  let grids: Grid[] | string;
  try {
    grids = await gridsOf(bytes, ext, file);
  } catch {
    // A structure the readers could not walk (nesting thousands deep, say): not a form.
    grids = `${file} không đọc được (cấu trúc tệp bất thường): mở bằng ${ext === 'docx' ? 'Word' : 'Excel'}, lưu lại rồi gửi lại.`;
  }
  if (typeof grids === 'string') return { error: grids };
  const at = findFormTable(grids, columns);
  if (!at) {
    return { error: `Không thấy bảng theo ${form} ${where}: bảng cần có dòng tiêu đề gồm các cột ${columns.map((c) => `“${c}”`).join(', ')}. Điền vào đúng bảng của mẫu rồi gửi lại.` };
  }
  const rows = bodyRows(grids[at.table]!, at, { stopAfterBlank: ext === 'xlsx' ? 3 : undefined, maxRows: MAX_FORM_ROWS + 1 });
  if (rows.length === 0) return { error: `Bảng theo ${form} ${where} chưa có dòng nào được điền: điền ít nhất một dòng rồi gửi lại.` };
  if (rows.length > MAX_FORM_ROWS) {
    return { error: `Bảng theo ${form} ${where} có hơn ${MAX_FORM_ROWS} dòng đã điền, quá số dòng Loa nhận trong một tệp: tách thành nhiều tệp rồi gửi lại.` };
  }
  for (const [i, row] of rows.entries()) {
    const c = row.findIndex((v) => v.length > MAX_CELL_CHARS);
    if (c >= 0) {
      return { error: `Ô “${columns[c]}” ở dòng ${i + 1} của bảng ${where} dài ${row[c]!.length.toLocaleString('vi-VN')} ký tự, quá ${MAX_CELL_CHARS.toLocaleString('vi-VN')} ký tự: rút gọn rồi gửi lại.` };
    }
  }
  return { rows };
}
