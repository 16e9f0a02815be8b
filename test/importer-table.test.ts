/** A task table (content | unit | time): the task is the content cell, never the time, unit or number cell. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { isTimeCell } from '../src/importer/deadlines.js';
import { readPlanFile } from '../src/importer/files.js';
import { importPlan } from '../src/importer/index.js';
import { sampleContent, tempDir } from './helpers.js';

const ROWS: string[][] = [
  ['STT', 'Nội dung', 'Đơn vị thực hiện', 'Thời gian'],
  ['1', 'Gửi báo cáo hằng quý về kết quả tuyên truyền', 'Chi cục TĐC', 'Hằng quý'],
  ['2', 'Tổ chức hội nghị tuyên truyền Quy chế dân chủ', 'Văn phòng Sở', 'Trước 20/11/2027'],
  ['3', 'Báo cáo sơ kết 6 tháng trước ngày 15/6/2027', 'Trung tâm KH&CN', 'Trước ngày 15/6/2027'],
  ['4', 'Văn phòng Sở tổng hợp, báo cáo Ban Dân vận Tỉnh ủy', 'Văn phòng Sở', 'Trước ngày 05/12/2027'],
  ['5', 'Treo băng rôn, khẩu hiệu tại trụ sở', 'Công đoàn cơ sở', 'Tháng 9/2027'],
];

const HEAD = ['Số: 15/KH-SKHCN', 'Hà Nam, ngày 05 tháng 01 năm 2027', 'KẾ HOẠCH', 'Tuyên truyền công tác dân vận năm 2027', 'Căn cứ Hướng dẫn của Ban Dân vận Tỉnh ủy.', 'II. NỘI DUNG VÀ PHÂN CÔNG'];

const EXPECTED = [
  [null, { freq: 'quarterly' }, ['CCTDC'], 'Gửi báo cáo hằng quý về kết quả tuyên truyền'],
  ['2027-11-20', null, ['VP'], 'Tổ chức hội nghị tuyên truyền Quy chế dân chủ'],
  ['2027-06-15', null, ['TTKHCN'], 'Báo cáo sơ kết 6 tháng'],
  ['2027-12-05', null, ['VP'], 'Văn phòng Sở tổng hợp, báo cáo Ban Dân vận Tỉnh ủy'],
  // Issue 13: "Tháng M/Y" in the time column is due on the last day of that month.
  ['2027-09-30', null, ['CDCS'], 'Treo băng rôn, khẩu hiệu tại trụ sở'],
];

const rowsOf = (plan: ReturnType<typeof importPlan>['plan']) => plan.deadlines.map((d) => [d.due, d.recurrence, d.assignees, d.task]);

describe('a task table', () => {
  it('in a .docx: the task is the content column', async () => {
    const { org } = await sampleContent();
    const p = (text: string) => new Paragraph({ children: [new TextRun({ text })] });
    const doc = new Document({
      sections: [
        {
          children: [
            ...HEAD.map(p),
            new Table({ rows: ROWS.map((r) => new TableRow({ children: r.map((c) => new TableCell({ children: [p(c)] })) })) }),
          ],
        },
      ],
    });
    const file = join(tempDir(), 'bang.docx');
    writeFileSync(file, await Packer.toBuffer(doc));
    expect(rowsOf(importPlan(await readPlanFile(file), org).plan)).toEqual(EXPECTED);
  });

  it('as tab-separated text and as a markdown table: the same deadlines', async () => {
    const { org } = await sampleContent();
    const tabs = [...HEAD, ...ROWS.map((r) => r.join('\t'))].join('\n');
    expect(rowsOf(importPlan(tabs, org).plan)).toEqual(EXPECTED);
    const md = [...HEAD, '', `| ${ROWS[0]!.join(' | ')} |`, '|---|---|---|---|', ...ROWS.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n');
    expect(rowsOf(importPlan(md, org).plan)).toEqual(EXPECTED);
  });

  it('the unit column may come first and the time column second', async () => {
    const { org } = await sampleContent();
    const text = [...HEAD, 'Chi cục TĐC\tHằng quý\tGửi báo cáo hằng quý về kết quả tuyên truyền'].join('\n');
    expect(rowsOf(importPlan(text, org).plan)).toEqual([EXPECTED[0]]);
  });

  it('a cell that is only a time expression is the time column', () => {
    for (const c of ['Hằng quý', 'Trước 20/11/2027', 'Tháng 9/2027', 'Quý IV/2027', 'Thường xuyên', 'Trước ngày 05/11 hằng năm', 'Định kỳ 6 tháng', 'Từ tháng 9 đến tháng 12/2027', 'Năm 2027', '17h00 ngày 15/10/2027']) {
      expect(isTimeCell(c), c).toBe(true);
    }
    for (const c of ['Gửi báo cáo hằng quý', 'Chi cục TĐC', '1', 'Tuyên truyền trong tháng 9/2027', 'Nội dung', 'Thời gian']) expect(isTimeCell(c), c).toBe(false);
  });
});
