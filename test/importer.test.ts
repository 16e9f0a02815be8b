/** The plan importer against the curated seeds, our own documents in each format, and fuzz. */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { planSchema } from '../src/core/plans.js';
import { importPlan } from '../src/importer/index.js';
import { readPlanFile } from '../src/importer/files.js';
import { DATA_DIR, ROOT, sampleContent, tempDir } from './helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');
const ALL = ['VP', 'TTRA', 'KHTC', 'QLKH', 'QLCN', 'CCTDC', 'TTKHCN', 'TTTT', 'CDCS', 'CDTN'];
/** Every unit but the office, which a report "về Văn phòng Sở" goes to (a unit never reports to itself). */
const ALL_BUT_VP = ALL.filter((u) => u !== 'VP');
const times = (plan: { deadlines: Array<{ due: string | null; recurrence: unknown }> }) => plan.deadlines.map((d) => ({ due: d.due, recurrence: d.recurrence }));

describe('importer on the five seed plans (field by field against data/plans)', () => {
  it('finds exactly the curated deadlines, units, slogans, signer and title', async () => {
    const content = await sampleContent();
    for (const curated of content.plans) {
      const text = readFileSync(join(DATA_DIR, 'plans', curated.source!), 'utf8');
      const { plan } = importPlan(text, content.org);
      expect(times(plan), curated.id).toEqual(times(curated));
      expect(plan.deadlines.map((d) => d.assignees), curated.id).toEqual(curated.deadlines.map((d) => d.assignees));
      expect(plan.slogans, curated.id).toEqual(curated.slogans);
      expect(plan.signer, curated.id).toEqual(curated.signer);
      expect(plan.title, curated.id).toBe(curated.title);
      expect([plan.number, plan.place, plan.issued], curated.id).toEqual([curated.number, curated.place, curated.issued]);
      expect(planSchema.safeParse(plan).success).toBe(true);
    }
  });
});

describe('importer on documents it has never seen', () => {
  it('PDF-extracted text: CRLF, NBSP, broken lines, page numbers, URL, spelled-out dates, hour, month, quarter, quarterly', async () => {
    const { org } = await sampleContent();
    const { plan, warnings } = importPlan(await readPlanFile(join(FIXTURES, 'pdf-text.txt')), org);
    expect(plan.title).toBe('Tuyên truyền, vận động thực hiện Quy chế dân chủ ở cơ sở năm 2027 tại Sở Khoa học và Công nghệ');
    expect([plan.number, plan.place, plan.issued]).toEqual(['245/KH-SKHCN', 'Hà Giang', '2026-11-14']);
    expect(plan.signer).toEqual({ position: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC', name: 'Nguyễn Thị Minh Thu' });
    expect(plan.deadlines.map((d) => [d.due, d.recurrence, d.assignees])).toEqual([
      ['2027-01-15', null, ['VP']],
      ['2027-12-10', null, ['VP']],
      [null, { freq: 'quarterly' }, ALL_BUT_VP],
      ['2027-11-25', null, ALL],
      ['2027-06-30', null, ['TTRA']],
      ['2027-03-31', null, ['TTKHCN', 'CCTDC']],
    ]);
    // Not deadlines: cited documents, the effective date, the anniversary, the event and activity dates.
    const dues = plan.deadlines.map((d) => d.due);
    for (const d of ['2022-11-10', '2023-07-01', '2026-03-05', '2026-12-19', '2026-12-20']) expect(dues).not.toContain(d);
    expect(plan.deadlines[1]!.reportTo).toBe('Ban Dân vận Tỉnh ủy');
    expect(plan.deadlines[4]!.task).toBe('Thanh tra Sở hoàn thành kiểm tra việc thực hiện Quy chế');
    expect(plan.slogans).toEqual([
      'Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng',
      'Trọng dân, gần dân, hiểu dân, học dân và có trách nhiệm với dân',
    ]);
    expect(warnings).toEqual([]);
  });

  it('Markdown: headings, bold, a table with a responsible-unit column, a slogan list', async () => {
    const { org } = await sampleContent();
    const { plan } = importPlan(await readPlanFile(join(FIXTURES, 'markdown.md')), org);
    expect(plan.title).toBe('Tổ chức “Tháng Dân vận” năm 2027');
    expect(plan.signer).toEqual({ position: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC', name: 'Lê Văn Bình' });
    expect(plan.deadlines.map((d) => [d.due, d.assignees, d.task])).toEqual([
      ['2027-03-15', ['VP'], 'Xây dựng và gửi kế hoạch chi tiết'],
      ['2027-10-01', ['TTKHCN'], 'Treo băng rôn, khẩu hiệu tại trụ sở'],
      ['2027-11-05', ALL, 'Báo cáo kết quả'],
    ]);
    expect(plan.slogans).toEqual(['Dân vận khéo thì việc gì cũng thành công', 'Nghe dân nói, nói dân hiểu, làm dân tin', 'Xây dựng chính quyền thân thiện, gần dân, vì dân phục vụ']);
  });

  it('Text copied from Word: tabbed header block, "hạn nộp …: D", "chậm nhất vào ngày", dotted dates, a plain slogan list', async () => {
    const { org } = await sampleContent();
    const { plan } = importPlan(await readPlanFile(join(FIXTURES, 'word-text.txt')), org);
    expect(plan.title).toBe('TUYÊN TRUYỀN CÔNG TÁC DÂN VẬN NĂM 2027');
    expect([plan.number, plan.place, plan.issued]).toEqual(['31/KH-SKHCN', 'Thái Bình', '2027-01-08']);
    expect(plan.signer).toEqual({ position: 'GIÁM ĐỐC', name: 'Phạm Văn Hùng' });
    expect(plan.deadlines.map((d) => [d.due, d.assignees, d.reportTo])).toEqual([
      ['2027-03-15', ['QLKH'], 'VP'],
      ['2027-06-20', ['QLKH'], 'VP'],
      ['2027-12-10', ['VP'], 'Sở Nội vụ'],
    ]);
    // A slogan list exists, so quoted phrases elsewhere (and the movement name) are not slogans.
    expect(plan.slogans).toEqual(['Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng', 'Cán bộ gần dân, hiểu dân, vì dân phục vụ']);
  });

  it('variants: "Giao/Đề nghị" before the unit, a day without a year, a yearly day, "Quý IV", "17h00"', async () => {
    const { org } = await sampleContent();
    const { plan, warnings } = importPlan(await readPlanFile(join(FIXTURES, 'variants.txt')), org);
    expect(plan.deadlines.map((d) => [d.due, d.recurrence, d.assignees])).toEqual([
      ['2027-11-30', null, ['VP']],
      [null, { freq: 'yearly', month: 6, day: 15 }, ALL],
      ['2028-01-20', null, ['TTTT']],
      // No unit named anywhere: listed to map, never given to the office silently.
      ['2027-12-31', null, ['chưa rõ đơn vị']],
      ['2027-12-05', null, ['QLCN']],
    ]);
    expect(plan.deadlines.map((d) => d.due)).not.toContain('2027-01-05'); // the cited document
    expect(warnings.some((w) => /không ghi năm/.test(w) && /30\/11/.test(w))).toBe(true);
    expect(warnings.some((w) => /Chưa gán đơn vị cho “chưa rõ đơn vị”[^"]*: "Thời gian thực hiện: Quý IV\/2027/.test(w))).toBe(true);
    expect(plan.deadlines.map((d) => d.confidence)).toEqual(['cần xem lại', 'chắc chắn', 'cần xem lại', 'cần xem lại', 'chắc chắn']);
  });

  it('a numbered slogan list ends at the next section; «…» quotes count as quotes', async () => {
    const { org } = await sampleContent();
    const listed = importPlan('KẾ HOẠCH\nThử\n\nCăn cứ abc.\n\nIII. KHẨU HIỆU\n1. Dân vận khéo thì việc gì cũng thành công\n2. Nghe dân nói, nói dân hiểu, làm dân tin\nIV. TỔ CHỨC\n1. Văn phòng Sở báo cáo trước ngày 01/12/2027.\n', org).plan;
    expect(listed.slogans).toEqual(['Dân vận khéo thì việc gì cũng thành công', 'Nghe dân nói, nói dân hiểu, làm dân tin']);
    expect(listed.deadlines.map((d) => [d.due, d.assignees])).toEqual([['2027-12-01', ['VP']]]);
    const quoted = importPlan('KẾ HOẠCH\nThử\n\nCăn cứ abc.\n\nTheo phương châm «Dân biết, dân bàn, dân làm, dân kiểm tra» và phong trào «Toàn dân đoàn kết xây dựng đời sống văn hóa».\n', org).plan;
    expect(quoted.slogans).toEqual(['Dân biết, dân bàn, dân làm, dân kiểm tra']);
  });

  it('Word (.docx through mammoth): paragraphs, a slogan table with a label column, the signer', async () => {
    const { org } = await sampleContent();
    const p = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });
    const row = (a: string, b: string) => new TableRow({ children: [new TableCell({ children: [p(a)] }), new TableCell({ children: [p(b)] })] });
    const doc = new Document({
      sections: [
        {
          children: [
            p('Số: 07/KH-SKHCN'),
            p('Cao Bằng, ngày 10 tháng 01 năm 2027'),
            p('KẾ HOẠCH', true),
            p('Hưởng ứng Ngày Dân vận năm 2027', true),
            p('Thực hiện Hướng dẫn số 15-HD/BDVTU ngày 02/01/2027 của Ban Dân vận Tỉnh ủy, Sở Khoa học và Công nghệ xây dựng kế hoạch như sau:'),
            p('I. TỔ CHỨC THỰC HIỆN'),
            p('1. Các phòng, đơn vị thuộc Sở đăng ký mô hình "Dân vận khéo" gửi về Văn phòng Sở trước ngày 20-02-2027.'),
            p('2. Công đoàn cơ sở tổ chức tọa đàm, hoàn thành trước ngày 15/10/2027.'),
            p('PHỤ LỤC: KHẨU HIỆU TUYÊN TRUYỀN'),
            new Table({
              rows: [
                row('Khẩu hiệu', 'Nội dung'),
                row('NGÀY DÂN VẬN', '"Dân là gốc, dân là chủ, dân làm chủ"'),
                row('NGÀY DÂN VẬN', 'Cả hệ thống chính trị chung tay làm tốt công tác dân vận'),
              ],
            }),
          ],
        },
      ],
    });
    const file = join(tempDir(), 'ke-hoach.docx');
    writeFileSync(file, await Packer.toBuffer(doc));
    const text = await readPlanFile(file);
    const { plan } = importPlan(text, org);
    expect(plan.title).toBe('Hưởng ứng Ngày Dân vận năm 2027');
    expect([plan.number, plan.place, plan.issued]).toEqual(['07/KH-SKHCN', 'Cao Bằng', '2027-01-10']);
    expect(plan.deadlines.map((d) => [d.due, d.assignees])).toEqual([
      ['2027-02-20', ALL_BUT_VP],
      ['2027-10-15', ['CDCS']],
    ]);
    expect(plan.deadlines.map((d) => d.due)).not.toContain('2027-01-02');
    expect(plan.slogans).toEqual(['Dân là gốc, dân là chủ, dân làm chủ', 'Cả hệ thống chính trị chung tay làm tốt công tác dân vận']);
    await expect(readPlanFile(join(FIXTURES, 'markdown.md').replace('.md', '.pdf'))).rejects.toThrow(/Không tìm thấy tệp|Không đọc được tệp|Chưa đọc được định dạng/);
  });
});

describe('importer never throws', () => {
  it('on thousands of random and mutated inputs, always giving a valid plan', async () => {
    const content = await sampleContent();
    const seeds = content.plans.map((p) => readFileSync(join(DATA_DIR, 'plans', p.source!), 'utf8'));
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const inputs: string[] = ['', ' ', '\n\n', 'KẾ HOẠCH', 'trước ngày 31/02/2023', '“'.repeat(1000), '"'.repeat(999), 'x'.repeat(200_000), 'Số:', ', ngày tháng năm 2023'];
    for (let i = 0; i < 2500; i++) {
      const base = seeds[rand(seeds.length)]!;
      const lines = base.split('\n');
      switch (i % 5) {
        case 0:
          inputs.push(base.slice(rand(base.length), rand(base.length) + rand(3000)));
          break;
        case 1:
          inputs.push(lines.sort(() => rand(3) - 1).join('\n'));
          break;
        case 2:
          inputs.push(Array.from({ length: rand(400) }, () => String.fromCharCode(rand(0xffff))).join(''));
          break;
        case 3:
          inputs.push(lines.map((l) => (rand(4) === 0 ? l.split('').reverse().join('') : l)).join(rand(2) ? '\r\n' : '\n\n'));
          break;
        default:
          inputs.push(base.replace(/\d/g, () => String(rand(10))).replace(/ /g, () => (rand(20) === 0 ? '\n' : ' ')));
      }
    }
    for (const text of inputs) {
      const { plan } = importPlan(text, content.org);
      const parsed = planSchema.safeParse(plan);
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0])).toBe(true);
    }
  }, 120_000);
});

describe('npm run cli -- import', () => {
  it('--json prints the plan and writes nothing; a save re-imported keeps its deadline ids', () => {
    const dir = tempDir();
    cpSync(DATA_DIR, join(dir, 'data'), { recursive: true });
    const env = { ...process.env, DATA_DIR: join(dir, 'data'), DB_FILE: join(dir, 'db.json') };
    const cli = (...args: string[]) => execFileSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), ...args], { env, encoding: 'utf8' });
    const json = JSON.parse(cli('import', join(FIXTURES, 'markdown.md'), '--json'));
    expect(json.deadlines.map((d: { id: string }) => d.id)).toEqual(['H14', 'H15', 'H16']);
    expect(() => readFileSync(join(dir, 'data', 'plans', `${json.id}.json`))).toThrow();
    const out = cli('import', join(FIXTURES, 'markdown.md'), '--id', 'lao-cai-2027');
    expect(out).toMatch(/📄 KẾ HOẠCH Tổ chức “Tháng Dân vận” năm 2027/);
    expect(out).toMatch(/- H14 · 15\/03\/2027 · Xây dựng và gửi kế hoạch chi tiết · VP/);
    expect(out).toMatch(/Khẩu hiệu \(3\)/);
    const saved = JSON.parse(readFileSync(join(dir, 'data', 'plans', 'lao-cai-2027.json'), 'utf8'));
    expect(readFileSync(join(dir, 'data', 'plans', 'lao-cai-2027.txt'), 'utf8')).toBe(readFileSync(join(FIXTURES, 'markdown.md'), 'utf8'));
    // The bot loads it, and a re-import keeps the ids (so stored confirmations stay attached).
    expect(cli('deadlines', '--json')).toContain('"plan": "lao-cai-2027"');
    cli('import', join(FIXTURES, 'markdown.md'), '--id', 'lao-cai-2027');
    const again = JSON.parse(readFileSync(join(dir, 'data', 'plans', 'lao-cai-2027.json'), 'utf8'));
    expect(again.deadlines.map((d: { id: string }) => d.id)).toEqual(saved.deadlines.map((d: { id: string }) => d.id));
  });
});
