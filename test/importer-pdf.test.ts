/**
 * PDF files read directly: a plan made here with pdfkit (header block in two columns, a task
 * table on page 2 with wrapped cells, the signature beside "Nơi nhận") comes back as layout text
 * and as a plan, field by field; a scan, a damaged file, a password and too many pages are
 * refused with what to do. The line rebuilding itself (pdf-layout.ts) on hand-placed runs.
 */
import { describe, expect, it } from 'vitest';
import { ImportError } from '../src/importer/errors.js';
import { textFromBuffer } from '../src/importer/files.js';
import { importPlan } from '../src/importer/index.js';
import { pageLines } from '../src/importer/pdf-layout.js';
import { MAX_PDF_PAGES } from '../src/importer/pdf-text.js';
import { makePdf } from './pdf-fixture.js';
import { PLAN_BLOCKS, TABLE } from './pdf-plan.js';
import { sampleContent } from './helpers.js';

const ALL_BUT_VP = ['TTRA', 'KHTC', 'QLKH', 'QLCN', 'CCTDC', 'TTKHCN', 'TTTT', 'CDCS', 'CDTN'];
const cells = (line: string) => line.trim().split(/ {4,}/);

describe('a PDF with a text layer', () => {
  it('comes back as layout text: columns apart, a wrapped cell under its column, sentences whole, pages in order', async () => {
    const text = await textFromBuffer('ke-hoach-cchc.pdf', await makePdf(PLAN_BLOCKS));
    const lines = text.split('\n');
    expect(lines.map(cells)).toContainEqual(['UBND TỈNH LÀO CAI', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
    expect(lines.map(cells)).toContainEqual(['Số: 31/KH-SKHCN', 'Lào Cai, ngày 08 tháng 01 năm 2027']);
    expect(lines.map(cells)).toContainEqual(TABLE[0]);
    expect(lines.map(cells)).toContainEqual(['2', 'Cập nhật, niêm yết công khai thủ', 'Chi cục TĐC', 'Thường xuyên']);
    expect(lines.map(cells)).toContainEqual(['Nơi nhận:', 'KT. GIÁM ĐỐC']);
    // Row 3's time cell wraps: its second line starts in the time column, as its first line does.
    const first = lines.findIndex((l) => l.includes('Trước ngày') && l.includes('Chi đoàn Thanh niên'));
    expect(lines[first + 1]!.trim().split(/ {4,}/)).toEqual(['hành chính cho đoàn viên thanh niên', '20/10/2027']);
    expect(lines[first + 1]!.indexOf('20/10/2027')).toBe(lines[first]!.indexOf('Trước ngày'));
    expect(lines[first + 1]!.indexOf('hành chính')).toBe(lines[first]!.indexOf('Tổ chức Hội thi'));
    // Justified prose keeps one space between words; page 2 follows page 1.
    const prose = lines.map((l) => l.trim()).join(' ');
    expect(prose).toContain('Căn cứ Kế hoạch số 12/KH-UBND ngày 04/01/2027 của Ủy ban nhân dân tỉnh về cải cách hành chính năm 2027, Sở Khoa học và Công nghệ xây dựng Kế hoạch tuyên truyền cải cách hành chính năm 2027 như sau:');
    expect(text.indexOf('II. NỘI DUNG VÀ PHÂN CÔNG THỰC HIỆN')).toBeLessThan(text.indexOf('STT'));
    expect(text.indexOf('STT')).toBeLessThan(text.indexOf('III. TỔ CHỨC THỰC HIỆN'));
  });

  it('is imported: number, place, date, issuer, title, signer and the deadlines', async () => {
    const { org } = await sampleContent();
    const { plan } = importPlan(await textFromBuffer('ke-hoach-cchc.pdf', await makePdf(PLAN_BLOCKS)), org);
    expect(plan.title).toBe('Tuyên truyền cải cách hành chính năm 2027');
    expect([plan.number, plan.place, plan.issued, plan.issuer]).toEqual(['31/KH-SKHCN', 'Lào Cai', '2027-01-08', 'Sở Khoa học và Công nghệ tỉnh Lào Cai']);
    expect(plan.signer).toEqual({ position: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC', name: 'Hoàng Văn Minh' });
    // Every deadline of the table, the wrapped time cells (`Trước ngày` / `20/10/2027`) included, and the prose one.
    expect(plan.deadlines.map((d) => [d.due, d.recurrence, d.assignees])).toEqual([
      ['2027-03-31', null, ['TTTT']],
      ['2027-10-20', null, ['CDTN']],
      ['2027-11-15', null, ['VP']],
      ['2027-11-20', null, ALL_BUT_VP],
    ]);
    // The cited plan's date and the issue date are no deadlines.
    expect(plan.deadlines.map((d) => d.due)).not.toContain('2027-01-04');
    expect(plan.deadlines.map((d) => d.due)).not.toContain('2027-01-08');
  });

  it('Vietnamese survives in every form the PDF keeps it (composed on reading)', async () => {
    const words = 'Thường xuyên cập nhật, hướng dẫn nghiệp vụ; Ủy ban nhân dân; Quý IV/2027';
    const text = await textFromBuffer('a.pdf', await makePdf([{ p: words }, { p: words.normalize('NFD') }]));
    expect(text.split('\n')).toEqual([words, words]);
  });
});

describe('PDF files Loa refuses', () => {
  it('a scan (pages of images and lines, no text layer): says so and what to send instead', async () => {
    const scan = await makePdf([{ table: [['', ''], ['', '']], widths: [200, 200] }, { page: true }, { table: [['', '']], widths: [300, 100] }]);
    await expect(textFromBuffer('ban-scan.pdf', scan)).rejects.toThrow(
      'Tệp ban-scan.pdf: tệp PDF là ảnh quét, không có lớp chữ, nên Loa không đọc được nội dung. Hãy gửi bản Word (.docx) hoặc bản PDF xuất từ Word của văn bản, hoặc gõ lại văn bản ra tệp .txt, rồi nhập lại.',
    );
  });

  it('a damaged file, a file that is no PDF, a password, too many pages', async () => {
    const pdf = await makePdf(PLAN_BLOCKS);
    const damaged = /^Tệp hong.pdf không phải tệp PDF hợp lệ \(có thể tệp bị hỏng hoặc tải về chưa hết\)/;
    await expect(textFromBuffer('hong.pdf', Buffer.concat([pdf.subarray(0, 20), Buffer.alloc(4000, 0x41)]))).rejects.toThrow(damaged);
    await expect(textFromBuffer('hong.pdf', Buffer.from('<html>Kế hoạch</html>'))).rejects.toThrow(damaged);
    const locked = await makePdf(PLAN_BLOCKS, { userPassword: 'bi-mat', ownerPassword: 'bi-mat' });
    await expect(textFromBuffer('mat-khau.pdf', locked)).rejects.toThrow(/^Tệp mat-khau.pdf là PDF có mật khẩu, Loa không mở được: .*lưu một bản không đặt mật khẩu/);
    const many = await makePdf(Array.from({ length: MAX_PDF_PAGES + 1 }, () => ({ page: true as const })));
    await expect(textFromBuffer('dai.pdf', many)).rejects.toThrow(`Tệp dai.pdf quá lớn hoặc quá phức tạp để đọc: tệp có ${MAX_PDF_PAGES + 2} trang, Loa đọc tối đa ${MAX_PDF_PAGES} trang`);
    // A PDF named .txt is not read as text.
    await expect(textFromBuffer('ke-hoach.txt', pdf)).rejects.toThrow('Tệp ke-hoach.txt là tệp PDF chứ không phải văn bản thường: đổi đuôi thành .pdf rồi nhập lại.');
  });
});

describe('damaged PDFs', () => {
  it('a real PDF with bytes changed, cut or repeated gives text or a Vietnamese refusal, never another error', async () => {
    const pdf = await makePdf(PLAN_BLOCKS);
    let seed = 13;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let refused = 0;
    for (let i = 0; i < 60; i++) {
      const bytes = Buffer.from(pdf);
      if (i % 3 === 0) for (let k = 0; k < 1 + rand(40); k++) bytes[rand(bytes.length)] = rand(256);
      const mutated = i % 3 === 1 ? bytes.subarray(0, rand(bytes.length)) : i % 3 === 2 ? Buffer.concat([bytes.subarray(0, rand(bytes.length)), bytes.subarray(rand(bytes.length))]) : bytes;
      try {
        expect(typeof (await textFromBuffer('hong.pdf', mutated))).toBe('string');
      } catch (error) {
        expect(error, String(error)).toBeInstanceOf(ImportError);
        expect((error as Error).message).toMatch(/^Tệp hong\.pdf/);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
  });
});

describe('lines rebuilt from text positions', () => {
  const run = (str: string, x: number, y: number, width = str.length * 6, size = 12) => ({ str, x, y, width, size });

  it('one baseline is one line, left to right; word gaps are a space, kerning gaps none, column gaps 4+ spaces at the column', () => {
    const lines = pageLines([
      run('Thời gian', 400, 700),
      run('Nội dung', 100, 700.4),
      run('Tổ chức', 100, 680),
      run('hội nghị', 100 + 7 * 6 + 4, 680),
      run('Trước', 400, 680),
      run('20/11/2027', 400, 666),
      run('Ngh', 100, 640),
      run('ị', 118.5, 640),
      run('   ', 200, 640),
    ]);
    expect(lines.map((l) => l.trim().split(/ {4,}/))).toEqual([['Nội dung', 'Thời gian'], ['Tổ chức hội nghị', 'Trước'], ['20/11/2027'], ['Nghị']]);
    expect(lines[2]!.indexOf('20/11/2027')).toBe(lines[1]!.indexOf('Trước'));
    expect(lines[1]!.indexOf('Trước')).toBe(lines[0]!.indexOf('Thời gian'));
  });

  it('text printed twice a hair apart is read once; a page without text has no lines', () => {
    expect(pageLines([run('KẾ HOẠCH', 200, 700), run('KẾ HOẠCH', 200.4, 700)]).map((l) => l.trim())).toEqual(['KẾ HOẠCH']);
    expect(pageLines([run(' ', 10, 10), run('', 20, 10)])).toEqual([]);
    // Text far off the page, or a run a hair wide, does not make a line of millions of spaces.
    const far = pageLines([run('Nơi nhận:', 50, 100), run('x', 1e9, 100, 0.001), run('iii', 3e6, 80, 1e-6)]);
    expect(far.map((l) => l.trim().split(/ {4,}/))).toEqual([['Nơi nhận:', 'x'], ['iii']]);
    expect(Math.max(...far.map((l) => l.length))).toBeLessThan(700);
  });
});
