/**
 * Task tables under fuzz: random and hostile table shapes in every surface form (markdown,
 * tabs, PDF layout, HTML) never make the importer throw, hang or give an invalid plan.
 */
import { describe, expect, it } from 'vitest';
import { planSchema } from '../src/core/plans.js';
import { importPlan } from '../src/importer/index.js';
import { sampleContent } from './helpers.js';

const CELLS = [
  'STT', 'Nội dung', 'Cơ quan chủ trì', 'Phối hợp', 'Thời gian thực hiện', 'Thời hạn', '1', 'II', 'a)', '',
  'Tổ chức hội nghị tuyên truyền', 'Báo cáo kết quả thực hiện', 'Văn phòng Sở', 'Chi cục TĐC', 'Sở Tư pháp', 'Các phòng, đơn vị',
  'Quý I/2027', 'Quý V/2027', 'Tháng 13/2027', 'Tháng 9 - 10/2027', '6 tháng đầu năm 2027', 'Trước', '20/11/2027', 'Trước ngày 31/02/2027',
  'Hoàn thành trước ngày 30/6/2027', '6 tháng: trước 10/6/2027; năm: trước 10/11/2027', 'Thường xuyên', 'Khi có yêu cầu', 'Năm 2027',
  'Từ ngày 01/10/2027 đến ngày 31/10/2027', 'Ngày 09/10/2026', '20 giờ 00 ngày 26/7/2027', 'Định kỳ hằng quý', 'trước ngày 25 hằng tháng',
  '<td>', '</tr>', '|', '\t', '   ', '“', '<tr>', 'x'.repeat(300),
];

function generator(seed: number) {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
}

/** A random table in one of the surface forms, with random rows, cells and wraps. */
function table(rand: (n: number) => number): string {
  const width = 1 + rand(7);
  const rows = Array.from({ length: rand(12) }, (_, i) => Array.from({ length: i === 0 ? width : 1 + rand(width + 2) }, () => CELLS[rand(CELLS.length)]!));
  rows.unshift(['STT', 'Nội dung', 'Đơn vị chủ trì', 'Phối hợp', 'Thời gian'].slice(0, Math.max(3, width)));
  switch (rand(5)) {
    case 0:
      return rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
    case 1:
      return rows.map((r) => r.join('\t')).join(rand(2) ? '\n' : '\n\n').replace(/ /g, () => (rand(15) === 0 ? '\n' : ' '));
    case 2:
      return rows.map((r) => r.map((c) => c.padEnd(rand(30))).join(' '.repeat(2 + rand(4)))).join('\n').replace(/ (?=\S)/g, () => (rand(12) === 0 ? '\n     ' : ' '));
    case 3:
      return `<table>${rows.map((r) => `<tr>\n${r.map((c) => `<td>${c}</td>`).join('\n')}${rand(4) ? '</tr>' : ''}`).join('\n')}</table>`;
    default:
      return rows.map((r) => r.join(['\t', '  ', ' | ', '</td><td>'][rand(4)]!)).join('\n');
  }
}

describe('task tables under fuzz', () => {
  it('random table shapes in every form: a valid plan, every time', async () => {
    const { org } = await sampleContent();
    const rand = generator(13);
    for (let i = 0; i < 1000; i++) {
      const text = `KẾ HOẠCH\nThử nghiệm năm 2027\nCăn cứ abc.\nII. NỘI DUNG\n${table(rand)}\n${rand(2) ? table(rand) : ''}\nIII. TỔ CHỨC THỰC HIỆN\n`;
      const { plan } = importPlan(text, org);
      const parsed = planSchema.safeParse(plan);
      expect(parsed.success, parsed.success ? '' : `${JSON.stringify(parsed.error.issues[0])}\n${text}`).toBe(true);
    }
  }, 60_000);

  it('hostile shapes stay linear: unclosed rows, a huge header, endless wrapped lines, many columns', async () => {
    const { org } = await sampleContent();
    const hostile = [
      '<tr>'.repeat(50_000),
      `<table>${'<tr><td>1</td><td>Nội dung'.repeat(20_000)}`,
      `Nội dung\tChủ trì\t${'\t'.repeat(100_000)}\n1\t${'a\t'.repeat(100_000)}`,
      `STT  Nội dung  Chủ trì  Thời gian\n${'     tiếp tục dòng bị ngắt\n'.repeat(20_000)}`,
      `STT  Nội dung  Chủ trì  Thời gian\n${'1  a  b  c  d  e  f  g  h  i  j  k  l  m  n  '.repeat(5_000)}`,
      `STT  Nội dung  Chủ trì  Thời gian\n${'1  Việc  Văn phòng Sở  Trước\n'.repeat(20_000)}`,
      `| STT | Nội dung | Chủ trì | Thời gian |\n${'| 1 | Việc | Văn phòng Sở | Quý I/2027 |\n'.repeat(20_000)}`,
    ];
    for (const text of hostile) {
      const started = performance.now();
      const { plan } = importPlan(text, org);
      expect(planSchema.safeParse(plan).success).toBe(true);
      expect(performance.now() - started, text.slice(0, 40)).toBeLessThan(5_000);
    }
  }, 60_000);
});
