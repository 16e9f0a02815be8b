/**
 * The office's merged table (src/files/consolidate.ts) read back by the libraries that read such
 * files: exceljs for the .xlsx, mammoth (to HTML, then htmlparser2) for the .docx, compared cell
 * by cell with every Vietnamese diacritic; its layout (landscape A4, header row repeated, fonts)
 * checked in the files' own parts; and read back once more by readFormRows, giving the rows.
 */
import { isTag, isText, type ChildNode, type Element } from 'domhandler';
import ExcelJS from 'exceljs';
import { parseDocument } from 'htmlparser2';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { mergedDocx, mergedXlsx, type MergedInput } from '../src/files/consolidate.js';
import { readFormRows } from '../src/files/form-read.js';
import { openZip } from '../src/files/zip-check.js';
import { PHU_LUC_II } from './files-fixture.js';

const INPUT: MergedInput = {
  orgName: 'Sở Khoa học và Công nghệ tỉnh Bắc Giang',
  planTitle: 'Triển khai các hoạt động “Tháng Dân vận” năm 2023',
  planNumber: '45/KH-KHCN',
  appendix: 'Phụ lục II',
  formTitle: 'Đăng ký hoạt động triển khai hưởng ứng “Tháng Dân vận” năm 2023',
  columns: PHU_LUC_II,
  deadline: { id: 'H8', task: 'Các đơn vị đăng ký hoạt động hưởng ứng “Tháng Dân vận” (mẫu Phụ lục II)', due: '25/09/2023' },
  rows: [
    { unitCode: 'TTTT', unitName: 'Trung tâm Thông tin và Thống kê KH&CN', values: ['Hội nghị tuyên truyền\nvề “Tháng Dân vận”', '15/09/2023', 'Toàn Sở', 'Cán bộ, công chức, viên chức', 'Nâng cao nhận thức', ''] },
    { unitCode: 'TTTT', unitName: 'Trung tâm Thông tin và Thống kê KH&CN', values: ['Ra quân vệ sinh môi trường', 'Tháng 9/2023', 'Xã Ngọc Thiện, huyện Tân Yên', 'Đoàn viên', 'Xanh – sạch – đẹp', 'Phối hợp Đoàn xã'] },
    { unitCode: 'CCTĐC', unitName: 'Chi cục Tiêu chuẩn Đo lường Chất lượng', values: ['Tọa đàm “Dân vận khéo” ở cơ sở', 'Quý IV/2023', 'Chi cục', 'Đảng viên, quần chúng', 'Đổi mới phương thức; giữ vững kỷ cương', 'Ghi chú: ưu tiên\u0007 ngày thứ Bảy'] },
  ],
  missing: [
    { code: 'VP', name: 'Văn phòng Sở' },
    { code: 'TTUD', name: 'Trung tâm Ứng dụng tiến bộ KH&CN' },
  ],
  generatedAt: '26/09/2023 08:30',
};

/** What the rows show: STT, the unit's name, the values (the control character dropped). */
const EXPECTED_BODY = INPUT.rows.map((r, i) => [String(i + 1), r.unitName, ...r.values.map((v) => v.replace('\u0007', ''))]);
const EXPECTED_HEADER = ['STT', 'Đơn vị', ...PHU_LUC_II];
const TITLE = 'TỔNG HỢP ĐĂNG KÝ HOẠT ĐỘNG TRIỂN KHAI HƯỞNG ỨNG “THÁNG DÂN VẬN” NĂM 2023';
const MISSING = 'Đơn vị chưa gửi (2): Văn phòng Sở (VP), Trung tâm Ứng dụng tiến bộ KH&CN (TTUD).';

const text = (nodes: readonly ChildNode[]): string => nodes.map((n) => (isText(n) ? n.data : isTag(n) ? (n.name === 'p' ? `${text(n.children)}\n` : text(n.children)) : '')).join('');
const find = (nodes: readonly ChildNode[], name: string): Element[] => nodes.filter(isTag).flatMap((n) => (n.name === name ? [n, ...find(n.children, name)] : find(n.children, name)));

describe('the merged .xlsx, read back by exceljs', () => {
  it('has the header block, the table cell by cell, the units missing, and a print setup', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await mergedXlsx(INPUT)) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const values = (r: number) => Array.from({ length: EXPECTED_HEADER.length }, (_, c) => String(sheet.getRow(r).getCell(c + 1).value ?? ''));
    expect(sheet.getCell('A1').value).toBe('SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH BẮC GIANG');
    expect(sheet.getCell('A2').value).toBe('PHỤ LỤC II');
    expect(sheet.getCell('A3').value).toBe(TITLE);
    expect(sheet.getCell('A4').value).toBe('(Kèm theo Kế hoạch số 45/KH-KHCN về triển khai các hoạt động “Tháng Dân vận” năm 2023)');
    expect(sheet.getCell('A5').value).toBe('Hạn H8: Các đơn vị đăng ký hoạt động hưởng ứng “Tháng Dân vận” (mẫu Phụ lục II) (hạn gửi 25/09/2023)');
    expect(values(7)).toEqual(EXPECTED_HEADER);
    expect([8, 9, 10].map(values)).toEqual(EXPECTED_BODY);
    expect(sheet.getCell('A12').value).toBe(MISSING);
    expect(sheet.getCell('A13').value).toBe('Loa tổng hợp lúc 26/09/2023 08:30.');
    expect(sheet.getCell('A3').isMerged && sheet.getCell('H3').master.address).toBe('A3');
    expect(sheet.getCell('C7').font.bold).toBe(true);
    expect(sheet.getCell('C7').font.name).toBe('Times New Roman');
    expect(sheet.getCell('D9').alignment.wrapText).toBe(true);
    expect(sheet.getCell('D9').border.bottom?.style).toBe('thin');
    expect(sheet.getColumn(2).width).toBe(28);
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(14);
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '7:7' });
  });

  it('says every unit sent when none is missing, and has no plan number when the plan has none', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await mergedXlsx({ ...INPUT, planNumber: null, missing: [] })) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A4').value).toBe('(Kèm theo Kế hoạch về triển khai các hoạt động “Tháng Dân vận” năm 2023)');
    expect(sheet.getCell('A12').value).toBe('Tất cả đơn vị đã gửi.');
  });
});

describe('the merged .docx, read back by mammoth', () => {
  it('has the header block, the table cell by cell and the units missing', async () => {
    const { value: html } = await mammoth.convertToHtml({ buffer: await mergedDocx(INPUT) });
    const dom = parseDocument(html).children;
    const [table, ...others] = find(dom, 'table');
    expect(others).toEqual([]);
    const cells = find([table!], 'tr').map((tr) => tr.children.filter(isTag).filter((c) => c.name === 'td' || c.name === 'th').map((c) => text(c.children).trim()));
    expect(cells).toEqual([EXPECTED_HEADER, ...EXPECTED_BODY]);
    const paragraphs = dom.filter(isTag).filter((n) => n.name === 'p').map((p) => text(p.children));
    expect(paragraphs).toEqual([
      'SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH BẮC GIANG',
      'PHỤ LỤC II',
      TITLE,
      '(Kèm theo Kế hoạch số 45/KH-KHCN về triển khai các hoạt động “Tháng Dân vận” năm 2023)',
      'Hạn H8: Các đơn vị đăng ký hoạt động hưởng ứng “Tháng Dân vận” (mẫu Phụ lục II) (hạn gửi 25/09/2023)',
      MISSING,
      'Loa tổng hợp lúc 26/09/2023 08:30.',
    ]);
  });

  it('is a landscape A4 page in Times New Roman, its table header repeated on every page', async () => {
    const opened = openZip(await mergedDocx(INPUT));
    const xml = opened.ok ? opened.zip.read('word/document.xml')!.toString('utf8') : '';
    const styles = opened.ok ? opened.zip.read('word/styles.xml')!.toString('utf8') : '';
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    expect(xml.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(xml).toMatch(/w:ascii="Times New Roman"/);
    expect(xml).toMatch(/<w:sz w:val="24"\/>/);
    expect(styles).toMatch(/<w:docDefaults>.*Times New Roman.*<w:sz w:val="26"\/>/s);
  });
});

describe('the merged table read back as a filled form', () => {
  it('gives the rows back from the .docx and from the .xlsx', async () => {
    const rows = EXPECTED_BODY.map((r) => r.slice(2));
    expect(await readFormRows(await mergedDocx(INPUT), 'docx', PHU_LUC_II)).toEqual({ rows });
    expect(await readFormRows(await mergedXlsx(INPUT), 'xlsx', PHU_LUC_II)).toEqual({ rows });
  });
});
