/**
 * A .docx through mammoth and htmlparser2: the header block and the signature block set in
 * borderless tables, a task table whose content cell has two paragraphs; and the HTML reading
 * itself (numeric entities, nested tables, line breaks and "|" in cells, list items).
 */
import { Document, Packer, Paragraph, Table, TableBorders, TableCell, TableRow, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { docxHtmlText } from '../src/importer/docx-text.js';
import { textFromBuffer } from '../src/importer/files.js';
import { importPlan } from '../src/importer/index.js';
import { sampleContent } from './helpers.js';

const ALL_BUT_VP = ['TTRA', 'KHTC', 'QLKH', 'QLCN', 'CCTDC', 'TTKHCN', 'TTTT', 'CDCS', 'CDTN'];
const p = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });
const cell = (paragraphs: string | string[]) => new TableCell({ children: [paragraphs].flat().map((t) => p(t)) });
const borderless = (...cells: string[][]) => new Table({ borders: TableBorders.NONE, rows: [new TableRow({ children: cells.map(cell) })] });

async function planDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          borderless(['UBND TỈNH YÊN BÁI', 'SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'Số: 45/KH-SKHCN'], ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Yên Bái, ngày 12 tháng 01 năm 2027']),
          p('KẾ HOẠCH', true),
          p('Phổ biến, giáo dục pháp luật năm 2027', true),
          p('Thực hiện Kế hoạch số 05/KH-UBND ngày 06/01/2027 của UBND tỉnh, Sở Khoa học và Công nghệ ban hành Kế hoạch phổ biến, giáo dục pháp luật năm 2027 như sau:'),
          p('I. MỤC ĐÍCH, YÊU CẦU'),
          p('1. Nâng cao ý thức tôn trọng và chấp hành pháp luật của công chức, viên chức, người lao động.'),
          p('II. NỘI DUNG VÀ PHÂN CÔNG'),
          new Table({
            rows: [
              ['STT', 'Nội dung', 'Đơn vị chủ trì', 'Thời gian'],
              ['1', ['Tổ chức hội nghị phổ biến Luật Khoa học, công nghệ và đổi mới sáng tạo', 'cho công chức, viên chức'], 'Văn phòng Sở', 'Trước 30/4/2027'],
              ['2', 'Biên soạn tài liệu hỏi - đáp pháp luật về tiêu chuẩn, đo lường', 'Chi cục TĐC', 'Trước ngày 30/6/2027'],
              ['3', 'Đăng tải văn bản pháp luật mới trên Cổng thông tin điện tử của Sở', 'Trung tâm Thông tin và Thống kê', 'Thường xuyên'],
            ].map((r) => new TableRow({ children: r.map(cell) })),
          }),
          p('III. TỔ CHỨC THỰC HIỆN'),
          p('1. Các phòng, đơn vị thuộc Sở báo cáo kết quả thực hiện về Văn phòng Sở trước ngày 25/11/2027.'),
          borderless(['Nơi nhận:', '- UBND tỉnh (b/c);', '- Giám đốc, các PGĐ Sở;', '- Lưu: VT, VP.'], ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '(Đã ký)', 'Lê Thị Hồng Nhung']),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

describe('a .docx with borderless header and signature tables', () => {
  it('gives the tables as pipe rows: a layout table line by line, a task table row by row', async () => {
    const lines = (await textFromBuffer('pbgdpl.docx', await planDocx())).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '| UBND TỈNH YÊN BÁI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |',
      '| SỞ KHOA HỌC VÀ CÔNG NGHỆ | Độc lập - Tự do - Hạnh phúc |',
      '| Số: 45/KH-SKHCN | Yên Bái, ngày 12 tháng 01 năm 2027 |',
      'KẾ HOẠCH',
      'Phổ biến, giáo dục pháp luật năm 2027',
    ]);
    expect(lines).toContain('| 1 | Tổ chức hội nghị phổ biến Luật Khoa học, công nghệ và đổi mới sáng tạo cho công chức, viên chức | Văn phòng Sở | Trước 30/4/2027 |');
    expect(lines.slice(-4)).toEqual(['| Nơi nhận: | KT. GIÁM ĐỐC |', '| - UBND tỉnh (b/c); | PHÓ GIÁM ĐỐC |', '| - Giám đốc, các PGĐ Sở; | (Đã ký) |', '| - Lưu: VT, VP. | Lê Thị Hồng Nhung |']);
  });

  it('is imported field by field: number, place, date, title, signer, the deadlines of the table and the prose', async () => {
    const { org } = await sampleContent();
    const { plan } = importPlan(await textFromBuffer('pbgdpl.docx', await planDocx()), org);
    expect([plan.number, plan.place, plan.issued, plan.issuer]).toEqual(['45/KH-SKHCN', 'Yên Bái', '2027-01-12', 'Sở Khoa học và Công nghệ tỉnh Yên Bái']);
    expect(plan.title).toBe('Phổ biến, giáo dục pháp luật năm 2027');
    expect(plan.signer).toEqual({ position: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC', name: 'Lê Thị Hồng Nhung' });
    expect(plan.deadlines.map((d) => [d.due, d.recurrence, d.assignees, d.task])).toEqual([
      ['2027-04-30', null, ['VP'], 'Tổ chức hội nghị phổ biến Luật Khoa học, công nghệ và đổi mới sáng tạo cho công chức, viên chức'],
      ['2027-06-30', null, ['CCTDC'], 'Biên soạn tài liệu hỏi - đáp pháp luật về tiêu chuẩn, đo lường'],
      ['2027-11-25', null, ALL_BUT_VP, expect.stringMatching(/báo cáo kết quả thực hiện về Văn phòng Sở/)],
    ]);
  });
});

describe("mammoth's HTML read as a tree", () => {
  it('decodes numeric and named entities, keeps list items, line breaks and nested tables apart', () => {
    const html =
      '<h1>K&#7870; HO&#7840;CH</h1><p>T&#x1ED5; ch&#7913;c &amp; tri&#7875;n khai<br />d&ograve;ng hai</p><ul><li>Khẩu hiệu một</li><li>Khẩu hiệu hai</li></ul>' +
      '<table><thead><tr><th><p>STT</p></th><th><p>Nội dung</p></th><th><p>Thời gian</p></th></tr></thead><tbody>' +
      '<tr><td><p>1</p></td><td><p>Báo cáo A|B</p><table><tr><td><p>ô lồng</p></td></tr></table></td><td><p>Trước<br />20/11/2027</p></td></tr>' +
      '<tr><td colspan="3"><p>II. Nhiệm vụ khác</p></td></tr></tbody></table><p></p><p>Hết</p>';
    expect(docxHtmlText(html).split('\n')).toEqual([
      'KẾ HOẠCH',
      'Tổ chức & triển khai',
      'dòng hai',
      '- Khẩu hiệu một',
      '- Khẩu hiệu hai',
      '| STT | Nội dung | Thời gian |',
      '| 1 | Báo cáo A/B ô lồng | Trước 20/11/2027 |',
      'II. Nhiệm vụ khác',
      'Hết',
    ]);
  });

  it('numeric entities in a pasted HTML-ish text are read too, composed (&#7897;, &#x1ED9;, a combining accent)', async () => {
    const { org } = await sampleContent();
    const text = 'K&#7870; HO&#7840;CH\nTuy&#xEA;n truy&#7873;n c&#417; ch&#x1EBF; m&#7897;t c&#7917;a na&#774;m 2027\nC&#259;n c&#7913; K&#7871; ho&#7841;ch c&#7911;a UBND t&#7881;nh.\nI. T&#7892; CH&#7912;C TH&#7920;C HI&#7878;N\n1. V&#259;n ph&#242;ng S&#7903; b&#225;o c&#225;o tr&#432;&#7899;c ng&#224;y 30/11/2027.';
    const { plan } = importPlan(text, org);
    expect(plan.title).toBe('Tuyên truyền cơ chế một cửa năm 2027');
    expect(plan.deadlines.map((d) => [d.due, d.assignees])).toEqual([['2027-11-30', ['VP']]]);
  });

  it('a small table that names its columns is data, not layout, even with cells of several paragraphs', () => {
    const html = '<table><tr><td><p>Nội dung</p></td><td><p>Thời gian</p></td></tr><tr><td><p>Gửi báo cáo</p><p>sơ kết</p></td><td><p>Quý II/2027</p></td></tr></table>';
    expect(docxHtmlText(html).split('\n')).toEqual(['| Nội dung | Thời gian |', '| Gửi báo cáo sơ kết | Quý II/2027 |']);
    const units = '<table><tr><td><p>Đơn vị</p></td><td><p>Nhiệm vụ</p></td></tr><tr><td><p>Văn phòng Sở</p></td><td><p>Tổng hợp</p><p>báo cáo</p></td></tr></table>';
    expect(docxHtmlText(units).split('\n')).toEqual(['| Đơn vị | Nhiệm vụ |', '| Văn phòng Sở | Tổng hợp báo cáo |']);
  });
});
