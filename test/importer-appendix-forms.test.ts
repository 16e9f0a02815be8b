/**
 * Registration forms in a plan's appendix (issue 14, item 3): our own documents in every form the
 * importer reads — Word tab text, markdown pipe rows, a .docx built here, PDF layout text, a real
 * PDF, a web page copy — each form compared field by field with the deadline it is tied to; the
 * seeds; tables that are not forms; the tie kept on re-import; and the import summary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { planSchema, type Plan } from '../src/core/plans.js';
import { settleDraft } from '../src/importer/draft.js';
import { importSummary, textFromBuffer } from '../src/importer/files.js';
import { importPlan } from '../src/importer/index.js';
import { importForContent } from '../src/importer/prepare.js';
import { makePdf } from './pdf-fixture.js';
import { DATA_DIR, ROOT, sampleContent } from './helpers.js';

const DIR = join(ROOT, 'test', 'fixtures', 'forms');
const fixture = (name: string) => readFileSync(join(DIR, name), 'utf8');

/** The plan read from `text`, checked against the schema, with the task of each form's deadline. */
async function read(text: string) {
  const { org } = await sampleContent();
  const result = importPlan(text, org);
  expect(planSchema.safeParse(result.plan).success).toBe(true);
  const taskOf = (id: string | null) => result.plan.deadlines.find((d) => d.id === id)?.task;
  return { ...result, forms: result.plan.forms, tasks: (result.plan.forms ?? []).map((f) => taskOf(f.deadline)) };
}

describe('a registration form in each input form', () => {
  it('Word tab text: "PHỤ LỤC 02", a bare "MẪU ĐĂNG KÝ" heading, a fill-in line, blank lines, the signature under it; tied to the units\' deadline, not the office\'s', async () => {
    const { forms, tasks, warnings } = await read(fixture('word-tab.txt'));
    expect(forms).toEqual([
      {
        appendix: 'Phụ lục 02',
        title: 'Mẫu đăng ký danh sách thí sinh Hội thi tìm hiểu pháp luật năm 2027',
        columns: ['Họ và tên', 'Chức vụ', 'Đơn vị công tác', 'Số điện thoại', 'Ghi chú'],
        deadline: 'H2',
      },
    ]);
    expect(tasks).toEqual(['Đăng ký danh sách thí sinh dự thi theo mẫu tại Phụ lục 02 gửi về Văn phòng Sở']);
    expect(warnings).toEqual([]);
  });

  it('markdown pipe rows: "Phụ lục I" named "Phụ lục 01" by its deadline, a column-index row, "..." rows', async () => {
    const { forms, tasks } = await read(fixture('markdown.md'));
    expect(forms).toEqual([
      {
        appendix: 'Phụ lục I',
        title: 'Biểu đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2028',
        columns: ['Tên nhiệm vụ', 'Mục tiêu', 'Nội dung chính', 'Dự kiến sản phẩm', 'Thời gian thực hiện', 'Kinh phí dự kiến (triệu đồng)'],
        deadline: 'H1',
      },
    ]);
    expect(tasks).toEqual(['Các phòng, đơn vị thuộc Sở gửi đề xuất nhiệm vụ (theo Phụ lục 01) về Phòng Quản lý khoa học']);
  });

  it('PDF layout text: header cells wrapped over two lines are joined, the numbering column left out', async () => {
    const { forms, tasks } = await read(fixture('pdf-layout.txt'));
    expect(forms).toEqual([
      {
        appendix: 'Phụ lục III',
        title: 'Đăng ký sản phẩm trưng bày tại Triển lãm năm 2027',
        columns: ['Tên sản phẩm', 'Đơn vị sản xuất, tác giả', 'Số lượng trưng bày', 'Diện tích gian hàng (m2)', 'Ghi chú'],
        deadline: 'H1',
      },
    ]);
    expect(tasks[0]).toMatch(/^Các phòng, đơn vị thuộc Sở đăng ký sản phẩm trưng bày \(theo mẫu Phụ lục 03\)/);
  });

  it('a web page copy with HTML rows: "BIỂU MẪU SỐ 03", named by no deadline, goes to the only registration', async () => {
    const { forms, tasks, warnings } = await read(fixture('web-copy.txt'));
    expect(forms).toEqual([
      {
        appendix: 'Biểu mẫu số 03',
        title: 'Đăng ký hoạt động hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam',
        columns: ['Tên hoạt động', 'Thời gian', 'Địa điểm', 'Số người tham gia dự kiến'],
        deadline: 'H1',
      },
    ]);
    expect(tasks).toEqual(['Các phòng, đơn vị thuộc Sở đăng ký hoạt động hưởng ứng về Văn phòng Sở']);
    expect(warnings).toEqual([]);
  });

  it('a .docx: two templates ("Mẫu số 01", "Mẫu số 02"), a header cell of two paragraphs, empty rows; "Biểu mẫu số 1" and "mẫu số 02" tie them', async () => {
    const p = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });
    const table = (rows: Array<Array<string | string[]>>) =>
      new Table({ rows: rows.map((r) => new TableRow({ children: r.map((c) => new TableCell({ children: [c].flat().map((t) => p(t)) })) })) });
    const doc = new Document({
      sections: [
        {
          children: [
            p('SỞ KHOA HỌC VÀ CÔNG NGHỆ'),
            p('Số: 88/KH-SKHCN'),
            p('Bắc Ninh, ngày 03 tháng 7 năm 2027'),
            p('KẾ HOẠCH', true),
            p('Tổ chức Ngày hội khởi nghiệp đổi mới sáng tạo năm 2027', true),
            p('Thực hiện Kế hoạch số 60/KH-UBND ngày 20/6/2027 của UBND tỉnh, Sở Khoa học và Công nghệ xây dựng kế hoạch như sau:'),
            p('I. TỔ CHỨC THỰC HIỆN'),
            p('1. Các phòng, đơn vị thuộc Sở đăng ký dự án tham gia theo Biểu mẫu số 1 trước ngày 20/8/2027.'),
            p('2. Các phòng, đơn vị thuộc Sở báo cáo kết quả tham gia theo mẫu số 02 trước ngày 30/9/2027.'),
            p('KT. GIÁM ĐỐC'),
            p('PHÓ GIÁM ĐỐC'),
            p('Ngô Thị Hà'),
            p('Mẫu số 01', true),
            p('Phiếu đăng ký tham gia Ngày hội khởi nghiệp đổi mới sáng tạo năm 2027', true),
            p('(Kèm theo Kế hoạch số 88/KH-SKHCN ngày 03/7/2027)'),
            table([
              ['TT', 'Tên dự án, ý tưởng', 'Lĩnh vực', ['Người đại diện', '(họ tên, điện thoại)'], 'Ghi chú'],
              ['1', '', '', '', ''],
              ['2', '', '', '', ''],
              ['', '', '', '', ''],
            ]),
            p('Mẫu số 02', true),
            p('BÁO CÁO KẾT QUẢ THAM GIA NGÀY HỘI', true),
            table([
              ['STT', 'Tên dự án', 'Số lượt giới thiệu', 'Kết quả kết nối đầu tư'],
              ['', '', '', ''],
            ]),
          ],
        },
      ],
    });
    const { forms, tasks } = await read(await textFromBuffer('ngay-hoi.docx', await Packer.toBuffer(doc)));
    expect(forms).toEqual([
      {
        appendix: 'Mẫu số 01',
        title: 'Phiếu đăng ký tham gia Ngày hội khởi nghiệp đổi mới sáng tạo năm 2027',
        columns: ['Tên dự án, ý tưởng', 'Lĩnh vực', 'Người đại diện (họ tên, điện thoại)', 'Ghi chú'],
        deadline: 'H1',
      },
      { appendix: 'Mẫu số 02', title: 'Báo cáo kết quả tham gia Ngày hội', columns: ['Tên dự án', 'Số lượt giới thiệu', 'Kết quả kết nối đầu tư'], deadline: 'H2' },
    ]);
    expect(tasks).toEqual(['Các phòng, đơn vị thuộc Sở đăng ký dự án tham gia theo Biểu mẫu số 1', 'Các phòng, đơn vị thuộc Sở báo cáo kết quả tham gia theo mẫu số 02']);
  });

  it('a real PDF (pdf.js positions): the template table with its header wrapped in narrow cells', async () => {
    const pdf = await makePdf([
      { left: ['SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'Số: 14/KH-SKHCN'], right: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Cao Bằng, ngày 09 tháng 5 năm 2027'] },
      { center: 'KẾ HOẠCH' },
      { center: 'Tập huấn chuyển đổi số năm 2027' },
      { p: 'Thực hiện Kế hoạch số 22/KH-UBND ngày 02/5/2027 của UBND tỉnh, Sở Khoa học và Công nghệ xây dựng kế hoạch như sau:' },
      { p: 'I. TỔ CHỨC THỰC HIỆN' },
      { p: '1. Các phòng, đơn vị thuộc Sở đăng ký học viên theo Phụ lục 2 gửi về Văn phòng Sở trước ngày 25/5/2027.' },
      { left: ['Nơi nhận:', '- Lưu: VT, VP.'], right: ['KT. GIÁM ĐỐC', 'Hoàng Văn Thụ'] },
      { page: true },
      { center: 'PHỤ LỤC II' },
      { center: 'DANH SÁCH ĐĂNG KÝ HỌC VIÊN TẬP HUẤN' },
      {
        table: [
          ['STT', 'Họ và tên học viên', 'Chức vụ, đơn vị công tác', 'Số điện thoại', 'Thư điện tử'],
          ['1', '', '', '', ''],
          ['2', '', '', '', ''],
        ],
        widths: [40, 120, 120, 90, 110],
      },
      { p: 'Ghi chú: mỗi đơn vị cử tối đa ba học viên; danh sách gửi qua hệ thống quản lý văn bản và điều hành của Sở.' },
    ]);
    const { forms, tasks } = await read(await textFromBuffer('tap-huan.pdf', pdf));
    expect(forms).toEqual([
      {
        appendix: 'Phụ lục II',
        title: 'Danh sách đăng ký học viên tập huấn',
        columns: ['Họ và tên học viên', 'Chức vụ, đơn vị công tác', 'Số điện thoại', 'Thư điện tử'],
        deadline: 'H1',
      },
    ]);
    expect(tasks).toEqual(['Các phòng, đơn vị thuộc Sở đăng ký học viên theo Phụ lục 2 gửi về Văn phòng Sở']);
  });
});

describe('tables that are not forms', () => {
  it('a task table, a slogan table, a list of units and a numbered list without header give no form', async () => {
    const { forms } = await read(fixture('negatives.txt'));
    expect(forms).toBeUndefined();
  });

  it('the seeds: Bắc Giang has its Phụ lục II as the curated form of H8 (its slogans appendix is none); the four others have none', async () => {
    const content = await sampleContent();
    for (const curated of content.plans) {
      const text = readFileSync(join(DATA_DIR, 'plans', curated.source!), 'utf8');
      const { plan } = importForContent(text, content, curated.id);
      expect(plan.forms, curated.id).toEqual(curated.forms);
    }
    expect(content.plans.filter((p) => p.forms).map((p) => p.id)).toEqual(['bac-giang-2023']);
  });

  it('a form no deadline names, with two registrations: tied to none, and the office is told', async () => {
    const text = fixture('web-copy.txt').replace('2. Văn phòng Sở báo cáo kết quả', '2. Các phòng, đơn vị thuộc Sở đăng ký tham gia Hội sách');
    const { forms, warnings, plan } = await read(text);
    expect(forms?.map((f) => [f.appendix, f.deadline])).toEqual([['Biểu mẫu số 03', null]]);
    expect(warnings).toContain('Mẫu đăng ký Biểu mẫu số 03 (“Đăng ký hoạt động hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam”) chưa gắn với hạn nào: văn phòng cần chọn hạn nộp mẫu này trên trang xem lại kế hoạch.');
    const content = await sampleContent();
    expect(importSummary(content, { plan, warnings, titled: true })).toContain('- Biểu mẫu số 03 — Đăng ký hoạt động hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam (4 cột): chưa gắn với hạn nào (cần chọn hạn trước khi công bố)');
  });
});

describe('the tie and the summary', () => {
  it('the summary names each form, its columns count and its deadline', async () => {
    const content = await sampleContent();
    const bacGiang = content.plans.find((p) => p.id === 'bac-giang-2023')!;
    const result = importForContent(readFileSync(join(DATA_DIR, 'plans', bacGiang.source!), 'utf8'), content, bacGiang.id);
    expect(importSummary(content, result)).toContain('📝 Mẫu đăng ký (1):\n- Phụ lục II — Đăng ký hoạt động triển khai hưởng ứng “Tháng Dân vận” năm 2023 (6 cột): nộp theo hạn H8');
  });

  it('a re-import whose deadline ids are renumbered keeps the form on the same deadline', async () => {
    const content = await sampleContent();
    const first = importForContent(fixture('word-tab.txt'), content, 'yen-bai-2027').plan;
    const registration = first.forms![0]!.deadline!;
    // The office keeps the plan; a changed text adds a deadline before the registration.
    const previous: Plan = { ...first, deadlines: first.deadlines.map((d) => ({ ...d })) };
    const changed = fixture('word-tab.txt').replace('2. Các phòng, đơn vị thuộc Sở\n', '2. Các phòng, đơn vị thuộc Sở\nPhổ biến thể lệ Hội thi đến công chức trước ngày 01/4/2027.\n');
    const again = importForContent(changed, { org: content.org, plans: [...content.plans, previous] }, 'yen-bai-2027').plan;
    const tied = again.deadlines.find((d) => d.id === again.forms![0]!.deadline);
    expect(again.forms![0]!.deadline).toBe(registration);
    expect(tied?.task).toBe('Đăng ký danh sách thí sinh dự thi theo mẫu tại Phụ lục 02 gửi về Văn phòng Sở');
    // Without the kept ids the registration would be the third deadline read.
    expect(importPlan(changed, content.org, { firstDeadline: 1 }).plan.forms![0]!.deadline).toBe('H3');
    expect(planSchema.safeParse(again).success).toBe(true);
  });

  it('a draft published after another plan took its deadline ids: the form follows its deadline to the new id', async () => {
    const content = await sampleContent();
    const { plan } = importPlan(fixture('word-tab.txt'), content.org, { id: 'yen-bai-2027' });
    expect(plan.forms![0]!.deadline).toBe('H2');
    const draft = { plan: JSON.parse(JSON.stringify(plan)) as Record<string, unknown>, warnings: [], replaces: null, takenId: null };
    // The seeds hold H1…H40-odd: both of the draft's ids are taken, so both are renumbered.
    const settled = settleDraft(draft, { id: 'yen-bai-2027', source: 'yen-bai-2027.txt' }, content.plans);
    if (!('plan' in settled)) throw new Error(settled.refused);
    const tied = settled.plan.deadlines.find((d) => d.id === settled.plan.forms![0]!.deadline);
    expect(settled.plan.forms![0]!.deadline).not.toBe('H2');
    expect(tied?.task).toBe('Đăng ký danh sách thí sinh dự thi theo mẫu tại Phụ lục 02 gửi về Văn phòng Sở');
  });
});

describe('hostile appendices', () => {
  it('many appendices, long shouting headings over a long body, endless empty rows: a valid plan, in bounded time', async () => {
    const { org } = await sampleContent();
    const shout = Array.from({ length: 60 }, (_, k) => `TỪ${k} "THÁNG DÂN VẬN"`).join(' ');
    const body = `KẾ HOẠCH\nTháng Dân vận\n${'Các đơn vị hưởng ứng “Tháng Dân vận” và Ngày Sách Việt Nam; tháng dân vận của Đảng.\n'.repeat(20_000)}`;
    const hostile = [
      'PHỤ LỤC 02\nĐĂNG KÝ "THÁNG DÂN VẬN"\nSTT\tHọ và tên\tChức vụ\n1\n'.repeat(20_000),
      `${body}${`Phụ lục ${'I'.repeat(3)}\n${shout}\n${shout}\nTT\tTên hoạt động\tThời gian\n1\n`.repeat(200)}`,
      `Phụ lục II\nĐĂNG KÝ\nSTT\tTên hoạt động\tGhi chú\n${'\t\t\n…\n'.repeat(50_000)}`,
      `Phụ lục II\nSTT    Họ và tên    Chức vụ    Số điện thoại\n${'  1\n            tiếp\n'.repeat(20_000)}`,
      `${'Mẫu số 01\n'.repeat(50_000)}STT\tA b\tC d\n`,
    ];
    for (const text of hostile) {
      const started = performance.now();
      const { plan } = importPlan(text, org);
      expect(planSchema.safeParse(plan).success).toBe(true);
      expect(plan.forms?.length ?? 0).toBeLessThanOrEqual(20);
      expect(performance.now() - started, text.slice(0, 40)).toBeLessThan(5_000);
    }
  }, 60_000);
});
