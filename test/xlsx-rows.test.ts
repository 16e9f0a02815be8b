/**
 * The export's row writer (src/web/xlsx-rows.ts) against exceljs itself: the same rows written
 * through exceljs's `addRow` and through the writer give the same sheet text and style table,
 * byte for byte (the workbooks are stored, not compressed, so the XML can be read off the zip).
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { rowWriter, type RowValue } from '../src/web/xlsx-rows.js';

type Style = Partial<ExcelJS.Style>;
const WRAP: Style = { alignment: { vertical: 'top', wrapText: true } };
const DAY: Style = { ...WRAP, numFmt: 'dd/mm/yyyy' };
const RED: Style = { ...WRAP, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } } };
const BOLD: Style = { font: { bold: true } };

/** Hostile and awkward values: markup, a formula, quotes, control characters, a lone surrogate, emoji, empties. */
const ROWS: Array<{ values: RowValue[]; styles: Style[] }> = [
  { values: [1, '=HYPERLINK("http://evil.example","bấm")', new Date('2026-03-31T00:00:00Z'), '<script>alert(1)</script>', ''], styles: [WRAP, WRAP, DAY, RED, WRAP] },
  { values: [2, '"><img src=x onerror=alert(1)>', new Date('2026-03-31T06:30:00Z'), "Phòng 'A' & B", 'tab\tline\ncr\r'], styles: [WRAP, RED, DAY, WRAP, BOLD] },
  { values: [-3.25, 'ctl\u0001\u000B\u000C\u001F\u007F end', new Date('1969-12-31T23:59:00Z'), 'lẻ \uD800 🎉', 0], styles: [BOLD, WRAP, DAY, WRAP, WRAP] },
  { values: [1e21, 'ngắn'], styles: [WRAP, WRAP] },
  // 28 columns: past Z to AA and AB; an unstyled cell.
  { values: Array.from({ length: 28 }, (_, i) => (i % 2 ? `cột ${i + 1}` : i + 0.5)), styles: Array.from({ length: 27 }, () => WRAP) },
];

/** A stored (uncompressed) workbook: a title row and a header row through exceljs, then the rows by `write`. */
async function workbook(write: (book: ExcelJS.stream.xlsx.WorkbookWriter, sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => stream.on('end', resolve));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false, zip: { store: true } } as unknown as ExcelJS.stream.xlsx.WorkbookStreamWriterOptions);
  const sheet = book.addWorksheet('Xác nhận');
  sheet.columns = [{ width: 6 }, { width: 40 }];
  sheet.addRow(['BÁO CÁO']).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, 5);
  const header = sheet.addRow(['STT', 'Nội dung']);
  header.font = { bold: true };
  header.commit();
  write(book, sheet);
  sheet.commit();
  await book.commit();
  await done;
  return Buffer.concat(chunks);
}

/** A part's XML read off a stored zip: from its root element to the root's end (as bytes, one char a byte). */
function part(file: Buffer, root: string): string {
  const zip = file.toString('latin1');
  const start = zip.indexOf(`<${root} `);
  const end = zip.indexOf(`</${root}>`, start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return zip.slice(start, end);
}

describe('xlsx row writer', () => {
  it('writes the sheet text and styles exceljs writes for the same rows, byte for byte', async () => {
    const byExcelJS = await workbook((_, sheet) => {
      for (const { values, styles } of ROWS) {
        const row = sheet.addRow(values);
        row.eachCell({ includeEmpty: true }, (cell, column) => {
          const style = styles[column - 1];
          if (style) cell.style = style;
        });
        row.commit();
      }
    });
    const byWriter = await workbook((book, sheet) => {
      const rows = rowWriter(book, sheet);
      for (const { values, styles } of ROWS) rows.add(values, styles);
      rows.end();
    });
    const sheetOf = (zip: Buffer) => part(zip, 'worksheet');
    expect(sheetOf(byWriter)).toBe(sheetOf(byExcelJS));
    expect(part(byWriter, 'styleSheet')).toBe(part(byExcelJS, 'styleSheet'));
    // What the comparison covers: escaped markup, dropped control characters, a date serial, columns past Z.
    expect(sheetOf(byWriter)).toContain('<v>&lt;script&gt;alert(1)&lt;/script&gt;</v>');
    expect(sheetOf(byWriter)).toContain('<v>ctl end</v>');
    expect(sheetOf(byWriter)).toContain('<c r="C4" s="');
    expect(sheetOf(byWriter)).toContain('<v>46112.27083333333</v>');
    expect(sheetOf(byWriter)).toContain('<c r="AB7"');

    // And exceljs reads the rows back as written.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(byWriter as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('Xác nhận')!;
    expect(sheet.getCell('B3').value).toBe('=HYPERLINK("http://evil.example","bấm")');
    expect(sheet.getCell('B3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('B4').value).toBe('"><img src=x onerror=alert(1)>');
    expect((sheet.getCell('C4').value as Date).toISOString()).toBe('2026-03-31T06:30:00.000Z');
    expect(sheet.getCell('C4').numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getCell('D4').value).toBe("Phòng 'A' & B");
  });

  it('refuses to start while rows added through exceljs are not committed', async () => {
    await workbook((book, sheet) => {
      sheet.addRow(['chưa ghi']);
      expect(() => rowWriter(book, sheet)).toThrow(/commit the rows/);
      sheet.lastRow!.commit();
    });
  });
});
