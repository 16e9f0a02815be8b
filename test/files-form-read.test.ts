/**
 * A unit sends back Phụ lục II filled in, as .docx or .xlsx (src/files/form-read.ts): the table
 * is found by its header (diacritics, case, small differences, extra Stt and Đơn vị columns, a
 * different order), its filled rows come back aligned to the form's columns, and hostile or
 * wrong files get a Vietnamese error, within a few seconds.
 */
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readFormRows } from '../src/files/form-read.js';
import { similarity } from '../src/files/form-match.js';
import { openZip } from '../src/files/zip-check.js';
import { MB, PHU_LUC_II, deflatedZeros, docxWith, handDocx, makeZip, xlsxWith } from './files-fixture.js';

const OPTIONS = { appendix: 'Phụ lục II', name: 'dang-ky.docx' };

/** The header as a unit's copy of the template may have it: Stt first, words a little off, two columns swapped. */
const LOOSE_HEADER = ['Stt', 'TÊN NỘI DUNG/HOẠT ĐỘNG', 'Thoi gian to chuc trien khai', 'Đơn vị', 'Quy mô, phạm vi', 'Mục tiêu hướng đến hoặc dự kiến kết quả đạt được', 'Đối tượng thực hiện hoặc thụ hưởng', 'Ghi chú'];

describe('reading a filled Phụ lục II from a .docx', () => {
  it('finds the table by its header and reads the filled rows aligned to the columns', async () => {
    const docx = await docxWith('PHỤ LỤC II\nĐĂNG KÝ HOẠT ĐỘNG', [
      LOOSE_HEADER,
      ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)'],
      ['1', 'Hội nghị tuyên truyền\nvề Tháng Dân vận', '15/9/2023', 'Trung tâm', 'Toàn Sở', 'Nâng cao nhận thức', 'Cán bộ, công chức', ''],
      ['2', 'Ra quân vệ sinh môi trường', 'Tháng 9/2023', 'Trung tâm', 'Xã Tân Yên', 'Xanh – sạch – đẹp', 'Đoàn viên', 'Phối hợp Đoàn xã'],
      ['3', '', '', '', '', '', '', ''],
      ['…', '…', '', '', '', '', '', ''],
    ]);
    const read = await readFormRows(docx, 'docx', PHU_LUC_II, OPTIONS);
    expect(read).toEqual({
      rows: [
        ['Hội nghị tuyên truyền\nvề Tháng Dân vận', '15/9/2023', 'Toàn Sở', 'Cán bộ, công chức', 'Nâng cao nhận thức', ''],
        ['Ra quân vệ sinh môi trường', 'Tháng 9/2023', 'Xã Tân Yên', 'Đoàn viên', 'Xanh – sạch – đẹp', 'Phối hợp Đoàn xã'],
      ],
    });
  });

  it('skips a table of another shape (the header block set in a table) and reads the form after it', async () => {
    const xml = (rows: string[][]) =>
      `<w:tbl>${rows.map((r) => `<w:tr>${r.map((c) => `<w:tc><w:p><w:r><w:t>${c}</w:t></w:r></w:p></w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;
    const merged = `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Hội thi</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Quý</w:t><w:tab/><w:t>IV</w:t></w:r></w:p></w:tc><w:tc/><w:tc/><w:tc/></w:tr>`;
    const continued = `<w:tr><w:tc><w:p><w:r><w:t>Tọa đàm</w:t></w:r></w:p></w:tc><w:tc/><w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc><w:tc/><w:tc/><w:tc/></w:tr>`;
    const form = xml([PHU_LUC_II]).replace('</w:tbl>', `${merged}${continued}</w:tbl>`);
    const document = `<?xml version="1.0"?><w:document xmlns:w="w"><w:body>${xml([['SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']])}${form}</w:body></w:document>`;
    expect(await readFormRows(handDocx(document), 'docx', PHU_LUC_II, OPTIONS)).toEqual({
      rows: [
        ['Hội thi', '', 'Quý IV', '', '', ''],
        ['Tọa đàm', '', 'Quý IV', '', '', ''],
      ],
    });
  });

  it('says so when no table matches, when nothing is filled, when there are too many rows or too long a cell', async () => {
    const other = await docxWith('Báo cáo', [['STT', 'Nội dung', 'Kết quả'], ['1', 'Tuyên truyền', 'Đạt']]);
    expect(await readFormRows(other, 'docx', PHU_LUC_II, OPTIONS)).toEqual({
      error:
        'Không thấy bảng theo mẫu Phụ lục II trong tệp “dang-ky.docx”: bảng cần có dòng tiêu đề gồm các cột “Tên nội dung, hoạt động”, “Thời gian tổ chức, triển khai”, “Quy mô, phạm vi triển khai”, “Đối tượng thực hiện hoặc đối tượng thụ hưởng”, “Mục tiêu hướng đến hoặc dự kiến kết quả đạt được”, “Ghi chú”. Điền vào đúng bảng của mẫu rồi gửi lại.',
    });
    const empty = await docxWith('Mẫu', [['TT', ...PHU_LUC_II], ['1', '', '', '', '', '', ''], ['2', '', '', '', '', '', '']]);
    expect(await readFormRows(empty, 'docx', PHU_LUC_II, OPTIONS)).toEqual({ error: 'Bảng theo mẫu Phụ lục II trong tệp “dang-ky.docx” chưa có dòng nào được điền: điền ít nhất một dòng rồi gửi lại.' });
    const many = await docxWith('Mẫu', [PHU_LUC_II, ...Array.from({ length: 501 }, (_, i) => [`Hoạt động ${i + 1}`, '', '', '', '', ''])]);
    expect(await readFormRows(many, 'docx', PHU_LUC_II, OPTIONS)).toEqual({ error: 'Bảng theo mẫu Phụ lục II trong tệp “dang-ky.docx” có hơn 500 dòng đã điền, quá số dòng Loa nhận trong một tệp: tách thành nhiều tệp rồi gửi lại.' });
    const long = await docxWith('Mẫu', [PHU_LUC_II, ['Hội nghị', '', 'Toàn Sở', 'x'.repeat(2001), '', '']]);
    expect(await readFormRows(long, 'docx', PHU_LUC_II, OPTIONS)).toEqual({
      error: 'Ô “Đối tượng thực hiện hoặc đối tượng thụ hưởng” ở dòng 1 của bảng trong tệp “dang-ky.docx” dài 2.001 ký tự, quá 2.000 ký tự: rút gọn rồi gửi lại.',
    });
  });

  it('refuses a zip bomb, a .xlsx sent as .docx and bytes that are no zip, within a few seconds', async () => {
    const started = performance.now();
    const bomb = handDocx({ name: 'word/document.xml', data: Buffer.alloc(0), packed: deflatedZeros(500), size: 500 * MB });
    expect(await readFormRows(bomb, 'docx', PHU_LUC_II, OPTIONS)).toEqual({ error: expect.stringMatching(/^Tệp “dang-ky\.docx” khi giải nén lớn hơn 30 MB nên có thể là tệp độc hại \(bom nén\)/) });
    const liar = handDocx({ name: 'word/document.xml', data: Buffer.alloc(0), packed: deflatedZeros(500), size: 5000 });
    expect(await readFormRows(liar, 'docx', PHU_LUC_II, OPTIONS)).toEqual({ error: expect.stringMatching(/^Tệp “dang-ky\.docx” có phần giải nén ra nhiều hơn kích thước tệp tự khai/) });
    expect(performance.now() - started).toBeLessThan(3000);
    const xlsx = await xlsxWith([PHU_LUC_II]);
    expect(await readFormRows(xlsx, 'docx', PHU_LUC_II, OPTIONS)).toEqual({ error: expect.stringMatching(/^Tệp “dang-ky\.docx” không phải tệp Word \(\.docx\) hợp lệ/) });
    expect(await readFormRows(Buffer.from('%PDF-1.7'), 'docx', PHU_LUC_II, OPTIONS)).toEqual({ error: expect.stringMatching(/^Tệp “dang-ky\.docx” bị hỏng hoặc không đầy đủ/) });
  });
});

describe('a hostile .docx costs a bounded time', () => {
  /** A cell of text that does not compress (a repetitive part is refused by its ratio before any parsing). */
  const cell = (text: string) => `<w:tc><w:p><w:r><w:t>${text} ${randomBytes(6).toString('hex')}</w:t></w:r></w:p></w:tc>`;
  const docx = (body: string) => handDocx(`<?xml version="1.0"?><w:document xmlns:w="w"><w:body>${body}</w:body></w:document>`);
  const timed = async (bytes: Buffer) => {
    const started = performance.now();
    const read = await readFormRows(bytes, 'docx', PHU_LUC_II, OPTIONS);
    return { read, ms: performance.now() - started };
  };

  it('7 MB of rows under the header: read up to the limit, refused in under 5 seconds (a busy machine included)', async () => {
    const rows: string[] = [`<w:tr>${PHU_LUC_II.map((c) => `<w:tc><w:p><w:r><w:t>${c}</w:t></w:r></w:p></w:tc>`).join('')}</w:tr>`];
    for (let size = 0; size < 7 * MB; size += rows[rows.length - 1]!.length) rows.push(`<w:tr>${PHU_LUC_II.map(() => cell('Hoạt động')).join('')}</w:tr>`);
    const { read, ms } = await timed(docx(`<w:tbl>${rows.join('')}</w:tbl>`));
    expect(read).toEqual({ error: expect.stringMatching(/có hơn 500 dòng đã điền/) });
    expect(ms).toBeLessThan(5000);
  });

  it('7 MB of small tables whose rows look like the header: refused in under 5 seconds (a busy machine included)', async () => {
    const tables: string[] = [];
    for (let size = 0; size < 7 * MB; size += tables[tables.length - 1]!.length) tables.push(`<w:tbl><w:tr>${PHU_LUC_II.map((c) => cell(c)).join('')}</w:tr></w:tbl>`);
    const { read, ms } = await timed(docx(tables.join('')));
    expect(read).toEqual({ error: expect.stringMatching(/chưa có dòng nào được điền/) });
    expect(ms).toBeLessThan(5000);
  });

  it('tables nested 100,000 deep: refused as unreadable in under 5 seconds (a busy machine included)', async () => {
    const { read, ms } = await timed(docx(Array.from({ length: 100_000 }, () => `<w:tbl><w:tr>${cell('x').replace('</w:tc>', '')}`).join('')));
    expect(read).toEqual({ error: 'Tệp “dang-ky.docx” không đọc được (cấu trúc tệp bất thường): mở bằng Word, lưu lại rồi gửi lại.' });
    expect(ms).toBeLessThan(5000);
  });
});

describe('reading a filled Phụ lục II from an .xlsx', () => {
  it('reads text, numbers, dates, rich text, formula results and merged cells as text; stops before the signature', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Đăng ký');
    sheet.addRow(['PHỤ LỤC II']);
    sheet.addRow(['ĐĂNG KÝ HOẠT ĐỘNG TRIỂN KHAI HƯỞNG ỨNG “THÁNG DÂN VẬN” NĂM 2023']);
    sheet.addRow([]);
    sheet.addRow(['TT', 'Đơn vị', ...PHU_LUC_II.map((c) => c.toUpperCase())]);
    sheet.addRow([1, 'Trung tâm', { richText: [{ text: 'Hội nghị ', font: { bold: true } }, { text: 'tuyên truyền' }] }, new Date(Date.UTC(2023, 8, 15)), 200, 'Cán bộ', 'Nâng cao nhận thức', null]);
    sheet.addRow([2, 'Trung tâm', 'Ra quân', { formula: 'D5', result: new Date(Date.UTC(2023, 8, 15)) }, { formula: 'E5+1', result: 201 }, null, 'Xanh – sạch – đẹp', 'Lần 2\nbuổi sáng']);
    sheet.mergeCells('F5:F6');
    sheet.addRow([3]);
    for (let i = 0; i < 3; i++) sheet.addRow([]);
    sheet.addRow(['', '', 'Người lập biểu']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await readFormRows(xlsx, 'xlsx', PHU_LUC_II, { appendix: 'Phụ lục II', name: 'dang-ky.xlsx' })).toEqual({
      rows: [
        ['Hội nghị tuyên truyền', '15/09/2023', '200', 'Cán bộ', 'Nâng cao nhận thức', ''],
        ['Ra quân', '15/09/2023', '201', 'Cán bộ', 'Xanh – sạch – đẹp', 'Lần 2\nbuổi sáng'],
      ],
    });
  });

  it('a header a little off in its words still matches; one too far off does not', async () => {
    expect(similarity('Thời gian tổ chức, triển khai', 'thoi gian to chuc trien khai')).toBe(1);
    expect(similarity('Tên nội dung, hoạt động', 'Tên hoạt động')).toBeGreaterThanOrEqual(0.6);
    expect(similarity('Quy mô, phạm vi triển khai', 'Kinh phí')).toBeLessThan(0.6);
    const xlsx = await xlsxWith([LOOSE_HEADER, ['1', 'Hội thi', 'Quý IV', 'Trung tâm', 'Toàn tỉnh', 'Hiểu luật', 'Học sinh', '']]);
    expect(await readFormRows(xlsx, 'xlsx', PHU_LUC_II)).toEqual({ rows: [['Hội thi', 'Quý IV', 'Toàn tỉnh', 'Học sinh', 'Hiểu luật', '']] });
    const far = await xlsxWith([['STT', 'Nội dung', 'Kinh phí', 'Ghi chú'], ['1', 'Hội thi', '5 triệu', '']]);
    expect(await readFormRows(far, 'xlsx', PHU_LUC_II, { appendix: 'Phụ lục II', name: 'x.xlsx' })).toEqual({ error: expect.stringMatching(/^Không thấy bảng theo mẫu Phụ lục II trong tệp “x\.xlsx”/) });
  });

  it('a sheet of 10,000 rows is refused within a few seconds; one of 600 filled rows names the limit', async () => {
    const rows = (n: number) => [PHU_LUC_II, ...Array.from({ length: n }, (_, i) => [`Hoạt động ${i + 1}`, 'Tháng 9', 'Toàn Sở', 'Cán bộ', 'Kết quả', ''])];
    const huge = await xlsxWith(rows(10_000));
    const started = performance.now();
    expect(await readFormRows(huge, 'xlsx', PHU_LUC_II, { name: 'lon.xlsx' })).toEqual({ error: expect.stringMatching(/^Tệp “lon\.xlsx” có trang tính quá lớn \(10\.001 dòng, 60\.006 ô\)/) });
    expect(performance.now() - started).toBeLessThan(3000);
    // The same sheet under a path exceljs still reads as a sheet is counted all the same.
    const opened = openZip(huge);
    const moved = opened.ok ? makeZip(opened.zip.entries.map((e) => ({ name: e.name.replace(/^xl\/worksheets\//, 'a/xl/worksheets/'), data: opened.zip.read(e.name)! }))) : Buffer.alloc(0);
    expect(await readFormRows(moved, 'xlsx', PHU_LUC_II, { name: 'lon.xlsx' })).toEqual({ error: expect.stringMatching(/^Tệp “lon\.xlsx” có trang tính quá lớn \(10\.001 dòng/) });
    const big = await xlsxWith(rows(600));
    expect(await readFormRows(big, 'xlsx', PHU_LUC_II, { name: 'lon.xlsx' })).toEqual({ error: expect.stringMatching(/^Bảng theo mẫu trong tệp “lon\.xlsx” có hơn 500 dòng đã điền/) });
  });

  it('a .docx sent as .xlsx is not a valid .xlsx', async () => {
    const docx = await docxWith('x', [PHU_LUC_II]);
    expect(await readFormRows(docx, 'xlsx', PHU_LUC_II, { name: 'bang.xlsx' })).toEqual({ error: expect.stringMatching(/^Tệp “bang\.xlsx” không phải tệp Excel \(\.xlsx\) hợp lệ/) });
  });
});
