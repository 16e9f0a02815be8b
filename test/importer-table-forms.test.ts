/**
 * Task tables in each surface form (issue 13, item 1): our own plans, each read field by field —
 * the task from the content column, the units from "chủ trì", the due time from the time column,
 * and no deadline from "Thường xuyên", "Khi có yêu cầu", a bare year, an activity period or an
 * event date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { planSchema } from '../src/core/plans.js';
import { readPlanFile } from '../src/importer/files.js';
import { importPlan } from '../src/importer/index.js';
import { ROOT, sampleContent, tempDir } from './helpers.js';

const DIR = join(ROOT, 'test', 'fixtures', 'tables');
const ALL = ['VP', 'TTRA', 'KHTC', 'QLKH', 'QLCN', 'CCTDC', 'TTKHCN', 'TTTT', 'CDCS', 'CDTN'];
type Row = [due: string | null, recurrence: unknown, assignees: string[], task: string, quote: string];

async function read(text: string) {
  const { org } = await sampleContent();
  const { plan } = importPlan(text, org);
  expect(planSchema.safeParse(plan).success).toBe(true);
  return { plan, rows: plan.deadlines.map((d): Row => [d.due, d.recurrence, d.assignees, d.task, d.quote!]) };
}

describe('task tables in every surface form', () => {
  it('markdown pipe table: Quý, Tháng 9 - 10/Y, 6 tháng cuối năm, two times in one cell; not Thường xuyên, Khi có yêu cầu, Năm 2027', async () => {
    const { plan, rows } = await read(readFileSync(join(DIR, 'markdown.md'), 'utf8'));
    expect(plan.title).toBe('Tuyên truyền cải cách hành chính năm 2027');
    expect(rows).toEqual<Row[]>([
      ['2027-03-31', null, ['TTTT'], 'Xây dựng chuyên mục cải cách hành chính trên Cổng thông tin điện tử của Sở', 'Quý I/2027'],
      ['2027-10-31', null, ['VP'], 'Tổ chức Hội nghị tuyên truyền cải cách hành chính năm 2027', 'Tháng 9 - 10/2027'],
      ['2027-12-31', null, ['KHTC'], 'Khảo sát mức độ hài lòng của người dân, doanh nghiệp', '6 tháng cuối năm 2027'],
      ['2027-06-10', null, ['VP'], 'Báo cáo kết quả công tác tuyên truyền cải cách hành chính', 'trước 10/6/2027'],
      ['2027-11-10', null, ['VP'], 'Báo cáo kết quả công tác tuyên truyền cải cách hành chính', 'trước 10/11/2027'],
    ]);
  });

  it('tab-separated Word text with the header and rows split over two lines; not an event day or an activity period', async () => {
    const { plan, rows } = await read(readFileSync(join(DIR, 'word-text.txt'), 'utf8'));
    expect([plan.number, plan.issued, plan.signer?.name]).toEqual(['20/KH-SKHCN', '2027-01-15', 'Lê Thị Hương']);
    expect(rows).toEqual<Row[]>([
      ['2027-03-31', null, ['VP'], 'Quán triệt các văn bản pháp luật mới ban hành', 'Tháng 3/2027'],
      ['2027-06-30', null, ['TTTT'], 'Xây dựng tủ sách pháp luật điện tử tại trụ sở Sở', 'Hoàn thành trước ngày 30/6/2027'],
      ['2027-11-20', null, ['CCTDC'], 'Phổ biến pháp luật về tiêu chuẩn, đo lường, chất lượng cho doanh nghiệp', 'Trước 20/11/2027'],
      ['2027-11-15', null, ['VP'], 'Báo cáo kết quả công tác phổ biến, giáo dục pháp luật năm 2027', 'Trước ngày 15/11/2027'],
    ]);
  });

  it('PDF layout text: columns as runs of spaces, wrapped cells (Trước / 20/7/2027) joined; not a ceremony hour', async () => {
    const { plan, rows } = await read(readFileSync(join(DIR, 'pdf-layout.txt'), 'utf8'));
    expect(plan.signer?.name).toBe('Đỗ Minh Tuấn');
    expect(rows).toEqual<Row[]>([
      ['2027-07-31', null, ['VP'], 'Treo băng rôn, khẩu hiệu tuyên truyền tại trụ sở cơ quan', 'Tháng 7/2027'],
      ['2027-07-20', null, ['CDCS'], 'Tổ chức thăm hỏi, tặng quà gia đình chính sách, người có công', 'Trước 20/7/2027'],
      ['2027-08-05', null, ['VP'], 'Báo cáo kết quả thực hiện kế hoạch', 'Trước ngày 05/8/2027'],
    ]);
  });

  it('PDF layout text without a numbering column: rows start at a capital with other columns; a span of months is due at its end', async () => {
    const { rows } = await read(readFileSync(join(DIR, 'pdf-layout-no-number.txt'), 'utf8'));
    expect(rows).toEqual<Row[]>([
      ['2027-05-31', null, ['QLKH'], 'Tổ chức tọa đàm về đổi mới sáng tạo trong doanh nghiệp', 'Tháng 4/2027 - Tháng 5/2027'],
      ['2027-05-30', null, ['VP'], 'Báo cáo kết quả tổ chức các hoạt động hưởng ứng', 'Trước ngày 30/5/2027'],
    ]);
  });

  it('HTML table over many lines: a report "Định kỳ hằng quý" recurs; not "Dự kiến ngày", not "Trong năm 2027"', async () => {
    const { plan, rows } = await read(readFileSync(join(DIR, 'web-table.html.txt'), 'utf8'));
    expect(plan.title).toBe('Thực hiện công tác dân vận chính quyền năm 2027');
    expect(rows).toEqual<Row[]>([
      ['2027-02-28', null, ALL, 'Đăng ký mô hình “Dân vận khéo” năm 2027', 'Trước ngày 28/02/2027'],
      ['2027-09-30', null, ['QLCN'], 'Tổ chức đối thoại với doanh nghiệp khoa học và công nghệ', 'Quý III/2027'],
      [null, { freq: 'quarterly' }, ['VP'], 'Báo cáo kết quả thực hiện công tác dân vận chính quyền', 'Định kỳ hằng quý'],
    ]);
  });

  it('.docx grid table: 6 tháng đầu năm, Quý II, a cell in two paragraphs; units never from "Phối hợp"', async () => {
    const p = (text: string) => new Paragraph({ children: [new TextRun({ text })] });
    const cell = (...texts: string[]) => new TableCell({ children: texts.map(p) });
    const rows = [
      ['STT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời hạn hoàn thành'],
      ['1', 'Đưa vào vận hành hệ thống quản lý văn bản và điều hành phiên bản mới', 'Văn phòng Sở', 'Trung tâm Thông tin', 'Quý II/2027'],
      ['2', 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', 'Sở Tư pháp', 'Trung tâm KH&CN', '6 tháng đầu năm 2027'],
      ['3', 'Tập huấn kỹ năng số cho công chức, viên chức', 'Trung tâm Thông tin', '', 'Dự kiến ngày 24/7/2027'],
      ['4', 'Hoàn thành cấp chữ ký số cho công chức', 'Phòng Kế hoạch - Tài chính', 'Văn phòng Sở', 'Hoàn thành trước ngày|31/3/2027'],
    ];
    const doc = new Document({
      sections: [
        {
          children: [
            ...['Số: 40/KH-SKHCN', 'Lai Châu, ngày 25 tháng 01 năm 2027', 'KẾ HOẠCH', 'Chuyển đổi số năm 2027', 'Căn cứ Kế hoạch của UBND tỉnh, Sở Khoa học và Công nghệ ban hành kế hoạch như sau:', 'II. NHIỆM VỤ'].map(p),
            new Table({ rows: rows.map((r) => new TableRow({ children: r.map((c) => cell(...c.split('|'))) })) }),
            p('III. TỔ CHỨC THỰC HIỆN'),
          ],
        },
      ],
    });
    const file = join(tempDir(), 'chuyen-doi-so.docx');
    writeFileSync(file, await Packer.toBuffer(doc));
    const { rows: found, plan } = await read(await readPlanFile(file));
    expect(found.map(([due, rec, units, task]) => [due, rec, units, task])).toEqual([
      ['2027-06-30', null, ['VP'], 'Đưa vào vận hành hệ thống quản lý văn bản và điều hành phiên bản mới'],
      // "Sở Tư pháp" is no unit of ours: kept as written to map, never the "Phối hợp" unit instead.
      ['2027-06-30', null, ['Sở Tư pháp'], 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính'],
      ['2027-03-31', null, ['KHTC'], 'Hoàn thành cấp chữ ký số cho công chức'],
    ]);
    expect(plan.deadlines.map((d) => d.quote)).toEqual(['Quý II/2027', '6 tháng đầu năm 2027', 'Hoàn thành trước ngày 31/3/2027']);
  });
});
