/**
 * The data rows of a sheet of exceljs's streaming writer, written as SpreadsheetML text straight
 * into the sheet's part. Through `addRow`, exceljs makes a Row, its Cells, their values, models
 * and an XML stream for every row: for a province's export (200,000 rows × 9 cells) that was
 * 3.5 s of a 4 s export. The text written here is what exceljs writes for the same values and
 * styles (the same elements and attributes, style ids from its own style table, numbers and
 * dates in its form), so the file is the same; exceljs still writes everything else (styles,
 * columns, merges, views, the zip).
 *
 * It reaches into three members exceljs 4 has but does not declare (the sheet's part stream,
 * its committed-row counter and the workbook's style table); {@link rowWriter} checks them and
 * fails loudly if an exceljs update moved them. test/xlsx-rows.test.ts compares the result byte
 * for byte with the same rows written through exceljs's `addRow`.
 */
import ExcelJS from 'exceljs';

/** A cell's value: text (a string cell, never a formula), a number, or a date (zoneless, as Excel's). */
export type RowValue = string | number | Date;
type Style = Partial<ExcelJS.Style>;

interface SheetInternals {
  stream?: { write(chunk: string, encoding: BufferEncoding): unknown };
  /** The number of the next row to write: every row before it is committed. */
  _rowZero?: number;
  _rows?: unknown[];
}
interface BookInternals {
  styles?: { addStyleModel?(style: Style, type: ExcelJS.ValueType): number };
}

export interface RowWriter {
  /** Writes the next row: values from column A on, each cell with the style at its index (reuse the objects). */
  add(values: readonly RowValue[], styles: readonly Style[]): void;
  /** Writes out what is buffered; call it before the sheet's `commit()`. */
  end(): void;
}

// exceljs's xmlEncode: the five markup characters escaped; control characters XML 1.0 refuses dropped.
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const XML_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };
const xmlText = (text: string) => text.replace(XML_SPECIAL, (ch) => XML_ESCAPES[ch] ?? '');

/** Excel's serial day number of a date (1900 system), as exceljs's `dateToExcel` computes it. */
const excelSerial = (d: Date) => 25569 + d.getTime() / (24 * 3600 * 1000);

/** `A`…`Z`, `AA`… for column `n` (1-based). */
function columnName(n: number): string {
  let name = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) name = String.fromCharCode(65 + ((k - 1) % 26)) + name;
  return name;
}

const FLUSH_CHARS = 1 << 16;
const NO_STYLE: Style = {};

/**
 * A writer of the rows after the last committed one of `sheet` (commit the header row first).
 * Nothing may be added to the sheet through exceljs after it.
 */
export function rowWriter(book: ExcelJS.stream.xlsx.WorkbookWriter, sheet: ExcelJS.Worksheet): RowWriter {
  const s = sheet as unknown as SheetInternals;
  const styles = (book as unknown as BookInternals).styles;
  const stream = s.stream;
  if (!stream || typeof stream.write !== 'function' || typeof s._rowZero !== 'number' || !Array.isArray(s._rows) || typeof styles?.addStyleModel !== 'function') {
    throw new Error('xlsx rows: this exceljs has no streaming sheet internals (stream, _rowZero, _rows, styles.addStyleModel)');
  }
  if (s._rows.length) throw new Error('xlsx rows: commit the rows added through exceljs first');
  let next = s._rowZero;
  const attrs = new Map<Style, string>();
  const texts = new Map<string, string>();
  const columns: string[] = [];
  let buffer = '';

  /** ` s="id"` of a style, registered in exceljs's table the first time it is seen (as exceljs does, by identity). */
  const styleAttr = (style: Style, type: ExcelJS.ValueType) => {
    let attr = attrs.get(style);
    if (attr === undefined) {
      const id = styles.addStyleModel!(style, type);
      attrs.set(style, (attr = id ? ` s="${id}"` : ''));
    }
    return attr;
  };
  /**
   * A text escaped and encoded once (texts repeat: a task on every unit's row). The row text is
   * kept as bytes, one character a byte (UTF-8 seen as Latin-1), and written as such: the same
   * bytes, without turning 100 MB of Vietnamese text into UTF-8 again chunk by chunk.
   */
  const escaped = (text: string) => {
    let bytes = texts.get(text);
    if (bytes === undefined) texts.set(text, (bytes = Buffer.from(xmlText(text), 'utf8').toString('latin1')));
    return bytes;
  };

  const flush = () => {
    if (buffer) stream.write(buffer, 'latin1');
    buffer = '';
  };

  return {
    add(values, rowStyles) {
      const r = String(next++);
      let xml = `<row r="${r}" spans="1:${values.length}" x14ac:dyDescent="0.25">`;
      for (let i = 0; i < values.length; i++) {
        const value = values[i]!;
        const ref = `${(columns[i] ??= columnName(i + 1))}${r}`;
        const style = rowStyles[i] ?? NO_STYLE;
        if (typeof value === 'string') xml += `<c r="${ref}"${styleAttr(style, ExcelJS.ValueType.String)} t="str"><v>${escaped(value)}</v></c>`;
        else if (typeof value === 'number') xml += `<c r="${ref}"${styleAttr(style, ExcelJS.ValueType.Number)}><v>${value}</v></c>`;
        else xml += `<c r="${ref}"${styleAttr(style, ExcelJS.ValueType.Date)}><v>${excelSerial(value)}</v></c>`;
      }
      buffer += `${xml}</row>`;
      if (buffer.length >= FLUSH_CHARS) flush();
    },
    end: flush,
  };
}
