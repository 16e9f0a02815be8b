/**
 * Titles, signers, slogans and the plan's period on documents the importer has never seen:
 * a Party commune plan copied from a web page, an anniversary plan in PDF text with a body
 * slogan section, a commune UBND plan in Markdown from Word with borderless tables, a .docx.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { describe, expect, it } from 'vitest';
import type { Deadline } from '../src/core/content.js';
import { nextOccurrence } from '../src/core/occurrences.js';
import { planSchema } from '../src/core/plans.js';
import { readPlanFile } from '../src/importer/files.js';
import { parseSigner, parseTitle } from '../src/importer/header.js';
import { importPlan } from '../src/importer/index.js';
import { importSummary } from '../src/importer/summary.js';
import { ROOT, sampleContent, tempDir } from './helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const fields = (plan: ReturnType<typeof importPlan>['plan']) => ({
  title: plan.title,
  number: plan.number,
  place: plan.place,
  issued: plan.issued,
  period: plan.period,
  signer: plan.signer,
  slogans: plan.slogans,
});
const year = (y: number) => ({ from: `${y}-01-01`, to: `${y}-12-31` });

describe('plans in the shapes offices receive', () => {
  it('a Party commune plan copied from a web page: the subject once, no page lines, T/M and PHÓ BÍ THƯ are positions', async () => {
    const { org } = await sampleContent();
    const { plan } = importPlan(read('web-dang-uy.txt'), org);
    expect(fields(plan)).toEqual({
      title: 'Thực hiện công tác dân vận đợt II năm 2026',
      number: '42-KH/ĐU',
      place: 'Phú Hòa',
      issued: '2026-07-05',
      // "đợt II năm 2026", not the cited programme's "giai đoạn 2026 - 2030".
      period: year(2026),
      signer: { position: 'T/M BAN THƯỜNG VỤ - PHÓ BÍ THƯ', name: 'Nguyễn Thị Hồng Nhung' },
      // Straight quotes count; the names after "Hội thi", "Cuộc thi" and "mô hình" are not mottos.
      slogans: ['Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng'],
    });
    // The other posts listed under the plan (one says "hoàn thành trước ngày 15/7/2026") are not the plan's.
    expect(plan.deadlines.map((d) => [d.due, d.quote])).toEqual([['2026-11-30', 'trước ngày 30/11/2026']]);
    expect(plan.sections.map((s) => s.numbering)).toEqual(['I', 'I.1', 'I.2', 'II', 'II.1', 'II.2', 'II.3', 'III', 'III.1', 'III.2']);
    expect(JSON.stringify(plan)).not.toMatch(/Tác giả|Nguồn tin|Lượt xem|15:42|Các tin khác/);
    expect(planSchema.safeParse(plan).success).toBe(true);
  });

  it('an anniversary plan in PDF text: a body slogan section ending at an unnumbered heading, wrapped items joined, the name on a Nơi nhận line', async () => {
    const { org } = await sampleContent();
    const { plan } = importPlan(read('anniversary-pdf.txt'), org);
    expect(fields(plan)).toEqual({
      title: 'Tổ chức các hoạt động kỷ niệm 80 năm Ngày thành lập Đảng bộ tỉnh (1946 - 2026)',
      number: '35/KH-SVHTTDL',
      place: 'Lâm Đồng',
      issued: '2026-01-12',
      // The anniversary span counts by its last year.
      period: year(2026),
      signer: { position: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC', name: 'Phạm Thị Thu Trang' },
      slogans: [
        'Nhiệt liệt chào mừng kỷ niệm 80 năm Ngày thành lập Đảng bộ tỉnh (1946 - 2026)!',
        'Đảng Cộng sản Việt Nam quang vinh muôn năm!',
        'Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta!',
        'Phát huy truyền thống 80 năm, xây dựng Đảng bộ tỉnh trong sạch, vững mạnh, quê hương ngày càng giàu đẹp, văn minh!',
        'Toàn Đảng, toàn dân, toàn quân thi đua lập thành tích chào mừng Đại hội Đảng bộ tỉnh lần thứ XIII!',
      ],
    });
    expect(plan.deadlines.map((d) => d.due)).toEqual(['2026-04-15']);
  });

  it('a commune UBND plan in Markdown from Word: title over lines, a borderless signature cell, a slogan table with its header cell', async () => {
    const { org } = await sampleContent();
    const text = read('ubnd-cchc.md');
    const { plan } = importPlan(text, org);
    expect(fields(plan)).toEqual({
      title: 'Tuyên truyền cải cách hành chính năm 2027',
      number: '18/KH-UBND',
      place: 'Tân Phước',
      issued: '2027-01-15',
      period: year(2027),
      signer: { position: 'TM. ỦY BAN NHÂN DÂN - KT. CHỦ TỊCH - PHÓ CHỦ TỊCH', name: 'Võ Thị Ngọc Hân' },
      slogans: ['Cải cách hành chính vì Nhân dân phục vụ', 'Công khai, minh bạch, phục vụ Nhân dân ngày càng tốt hơn', 'Cán bộ, công chức tận tụy, trách nhiệm, chuyên nghiệp'],
    });
    // Without the appendix the quoted mottos count: not the names after "ứng dụng", "Đề án", "chương trình".
    const body = importPlan(text.slice(0, text.indexOf('## PHỤ LỤC')), org).plan;
    expect(body.slogans).toEqual(['Lấy người dân, doanh nghiệp làm trung tâm phục vụ']);
    expect(importSummary({ unit: () => undefined }, { plan, warnings: [], titled: true })).toMatch(/Thời gian thực hiện: năm 2027/);
  });

  it('a .docx with borderless header and signature tables', async () => {
    const { org } = await sampleContent();
    const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
    const borders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
    const p = (text: string, bold = false) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold })] });
    const cell = (...lines: Paragraph[]) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: lines });
    const grid = (rows: Paragraph[][][]) => new Table({ borders, rows: rows.map((r) => new TableRow({ children: r.map((c) => cell(...c)) })) });
    const doc = new Document({
      sections: [
        {
          children: [
            grid([
              [
                [p('ĐẢNG BỘ TỈNH BÌNH ĐỊNH'), p('ĐẢNG ỦY XÃ CÁT HẢI', true), p('*'), p('Số 27-KH/ĐU')],
                [p('ĐẢNG CỘNG SẢN VIỆT NAM', true), p('Cát Hải, ngày 10 tháng 3 năm 2027')],
              ],
            ]),
            p('KẾ HOẠCH', true),
            p('Tuyên truyền, phổ biến, giáo dục pháp luật', true),
            p('giai đoạn 2027 - 2030', true),
            p('-----'),
            p('Thực hiện Kế hoạch số 88-KH/HU ngày 15-02-2027 của Ban Thường vụ Huyện ủy, Ban Thường vụ Đảng ủy xã ban hành kế hoạch như sau:'),
            p('I. TỔ CHỨC THỰC HIỆN'),
            p('1. Văn phòng Đảng ủy tổng hợp báo cáo kết quả trước ngày 15/11 hằng năm.'),
            grid([
              [
                [p('Nơi nhận:', true), p('- Ban Thường vụ Huyện ủy (b/c);'), p('- Lưu Văn phòng Đảng ủy.')],
                [p('T/M ĐẢNG ỦY', true), p('K/T BÍ THƯ', true), p('PHÓ BÍ THƯ', true), p('(Đã ký)'), p('Huỳnh Văn Lộc', true)],
              ],
            ]),
          ],
        },
      ],
    });
    const file = join(tempDir(), 'dang-uy.docx');
    writeFileSync(file, await Packer.toBuffer(doc));
    const { plan } = importPlan(await readPlanFile(file), org);
    expect(fields(plan)).toEqual({
      title: 'Tuyên truyền, phổ biến, giáo dục pháp luật giai đoạn 2027 - 2030',
      number: '27-KH/ĐU',
      place: 'Cát Hải',
      issued: '2027-03-10',
      period: { from: '2027-01-01', to: '2030-12-31' },
      signer: { position: 'T/M ĐẢNG ỦY - K/T BÍ THƯ - PHÓ BÍ THƯ', name: 'Huỳnh Văn Lộc' },
      slogans: [],
    });
  });
});

describe('rules one by one', () => {
  it('title: header-block lines and separators are skipped, a repeated subject is taken once', () => {
    const lines = (t: string) => t.split('\n');
    expect(parseTitle(lines('KẾ HOẠCH\nHUYỆN ỦY CHƯ SÊ\nSố: 12-KH/HU\nĐộc lập - Tự do - Hạnh phúc\n____\nChuyển đổi số năm 2027\nCăn cứ …'))).toBe('Chuyển đổi số năm 2027');
    expect(parseTitle(lines('KẾ HOẠCH\nChuyển đổi số năm 2027\nChuyển đổi số năm 2027\n* * *\nThực hiện …'))).toBe('Chuyển đổi số năm 2027');
    expect(parseTitle(lines('KẾ HOẠCH PHÒNG, CHỐNG THIÊN TAI NĂM 2027\nCăn cứ …'))).toBe('PHÒNG, CHỐNG THIÊN TAI NĂM 2027');
  });

  it('signer: TM./KT. and T/M/K/T blocks, TRƯỞNG BAN, a block in one cell, a name or position on a Nơi nhận line', () => {
    const signer = (t: string) => parseSigner(t.split('\n'));
    expect(signer('TM. BAN CHỈ ĐẠO\nTRƯỞNG BAN\n(Đã ký)\nĐặng Minh Khoa')).toEqual({ position: 'TM. BAN CHỈ ĐẠO - TRƯỞNG BAN', name: 'Đặng Minh Khoa' });
    expect(signer('Nơi nhận:\tKT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Thị Hoa')).toEqual({ position: 'KT. CHỦ TỊCH - PHÓ CHỦ TỊCH', name: 'Lê Thị Hoa' });
    expect(signer('Nơi nhận: K/T BÍ THƯ\n- Huyện ủy (b/c); PHÓ BÍ THƯ\n- Lưu: VT. Lê Văn Tám')).toEqual({ position: 'K/T BÍ THƯ - PHÓ BÍ THƯ', name: 'Lê Văn Tám' });
    expect(signer('T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nĐã ký')).toEqual({ position: 'T/M BAN THƯỜNG VỤ - PHÓ BÍ THƯ', name: null });
  });

  it('slogan list: a mixed-case heading without numbering or a number out of sequence ends it; a header cell is no slogan', async () => {
    const { org } = await sampleContent();
    const slogans = (t: string) => importPlan(`KẾ HOẠCH\nThử\nCăn cứ abc.\n${t}`, org).plan.slogans;
    expect(slogans('4. Khẩu hiệu tuyên truyền\n- Nhiệt liệt chào mừng Ngày Pháp luật Việt Nam\n- Sống và làm việc theo Hiến pháp\nvà pháp luật\nKinh phí thực hiện\nTừ ngân sách xã năm 2027 theo quy định hiện hành')).toEqual([
      'Nhiệt liệt chào mừng Ngày Pháp luật Việt Nam',
      'Sống và làm việc theo Hiến pháp và pháp luật',
    ]);
    expect(slogans('III. KHẨU HIỆU\n1. Chung tay xây dựng chính quyền số\n2. Chuyển đổi số vì người dân phục vụ\n4. Trách nhiệm của các phòng, ban chuyên môn thuộc huyện')).toEqual([
      'Chung tay xây dựng chính quyền số',
      'Chuyển đổi số vì người dân phục vụ',
    ]);
    expect(slogans('Phụ lục: KHẨU HIỆU\nTT\tNội dung khẩu hiệu\n1\tVì Nhân dân phục vụ hết lòng\nTỔ CHỨC THỰC HIỆN\nCác xã báo cáo')).toEqual(['Vì Nhân dân phục vụ hết lòng']);
  });

  it('period: read from the opening sentence when the title has none; recurring deadlines stop after it', async () => {
    const { org } = await sampleContent();
    const text = [
      'KẾ HOẠCH',
      'Tuyên truyền, phổ biến, giáo dục pháp luật',
      'Căn cứ Chương trình số 3/CTr-UBND về cải cách hành chính giai đoạn 2021 - 2030, Sở Khoa học và Công nghệ xây dựng Kế hoạch tuyên truyền, phổ biến, giáo dục pháp luật giai đoạn 2026 - 2028 như sau:',
      'I. TỔ CHỨC THỰC HIỆN',
      '1. Văn phòng Sở báo cáo kết quả trước ngày 15/11 hằng năm.',
    ].join('\n');
    const { plan } = importPlan(text, org);
    expect(plan.period).toEqual({ from: '2026-01-01', to: '2028-12-31' });
    const d = { ...plan.deadlines[0]!, plan } as unknown as Deadline;
    expect(d.recurrence).toEqual({ freq: 'yearly', month: 11, day: 15 });
    expect(nextOccurrence(d, '2028-06-01')).toBe('2028-11-15');
    expect(nextOccurrence(d, '2028-11-16')).toBeUndefined();
    // No year anywhere: no period stated (the build derives one).
    expect(importPlan('KẾ HOẠCH\nTuyên truyền\nCăn cứ abc.\n', org).plan.period).toBeUndefined();
  });
});

describe('the seed plans', () => {
  it('state the curated period, or none where the text gives none (Quảng Ngãi: its period is curated)', async () => {
    const content = await sampleContent();
    const got = Object.fromEntries(content.plans.map((p) => [p.id, importPlan(readFileSync(join(ROOT, 'data', 'plans', p.source!), 'utf8'), content.org).plan.period ?? null]));
    expect(got).toEqual({
      'dak-nong-2022': year(2022),
      'binh-phuoc-2022': year(2022),
      'quang-ngai-dan-van': null,
      'bac-giang-2023': year(2023),
      'tay-ninh-2023': year(2023),
    });
  });
});

describe('the new documents mutated', () => {
  it('never throw, always give a valid plan, and stay fast on long bullet and slogan lines', async () => {
    const { org } = await sampleContent();
    const docs = ['web-dang-uy.txt', 'anniversary-pdf.txt', 'ubnd-cchc.md'].map(read);
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const inputs = [`Nơi nhận:\n- ${'Lưu VT '.repeat(30_000)}`, `III. KHẨU HIỆU\n- Một hai ba bốn\n${'và năm sáu bảy tám\n'.repeat(20_000)}`];
    for (let i = 0; i < 300; i++) {
      const lines = docs[rand(docs.length)]!.split('\n');
      inputs.push(i % 2 ? lines.sort(() => rand(3) - 1).join('\n') : lines.filter(() => rand(4) > 0).join(rand(2) ? '\r\n' : '\n'));
    }
    const started = Date.now();
    for (const text of inputs) expect(planSchema.safeParse(importPlan(text, org).plan).success).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);
});
