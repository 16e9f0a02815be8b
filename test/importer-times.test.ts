/**
 * Completion times in prose, reporting periods, Party date forms (issue 13, items 2–3) and one
 * item per (action, time) across a task table and the prose (item 4): our own plans, field by field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSchema } from '../src/core/plans.js';
import { importPlan } from '../src/importer/index.js';
import { ROOT, sampleContent } from './helpers.js';

const DIR = join(ROOT, 'test', 'fixtures', 'tables');
const ALL_BUT_VP = ['TTRA', 'KHTC', 'QLKH', 'QLCN', 'CCTDC', 'TTKHCN', 'TTTT', 'CDCS', 'CDTN'];

async function read(text: string) {
  const { org } = await sampleContent();
  const { plan } = importPlan(text, org);
  expect(planSchema.safeParse(plan).success).toBe(true);
  return plan;
}

describe('times in prose', () => {
  it('Quý in prose, monthly and quarterly day leads, a covered quarter, Party dates (05-3-2027) and ranges', async () => {
    const plan = await read(readFileSync(join(DIR, 'prose-times.txt'), 'utf8'));
    expect([plan.number, plan.place, plan.issued]).toEqual(['14-KH/CB', 'Sơn La', '2027-01-05']);
    expect(plan.deadlines.map((d) => [d.due, d.recurrence, d.assignees, d.quote])).toEqual([
      ['2027-03-31', null, ['TTTT'], 'trong Quý I/2027'],
      ['2027-12-31', null, ['QLKH'], 'trong Quý IV/2027'],
      [null, { freq: 'monthly', day: 25 }, ['VP'], 'trước ngày 25 hằng tháng'],
      ['2027-03-05', null, ['CDTN'], 'trước ngày 05-3-2027'],
      // "báo cáo quý I/2027" names what the report covers: its own date is the deadline.
      ['2027-03-10', null, ['CDCS'], 'trước ngày 10-3-2027'],
      [null, { freq: 'quarterly', month: 3, day: 15 }, ALL_BUT_VP, 'định kỳ hằng quý (trước ngày 15 của tháng cuối quý)'],
      ['2027-06-15', null, ALL_BUT_VP, 'trước ngày 15/6'],
      ['2027-11-15', null, ALL_BUT_VP, 'trước ngày 15/11'],
    ]);
    expect(plan.deadlines.map((d) => d.task)).toContain('Văn phòng Sở tổng hợp tình hình thực hiện nhiệm vụ');
    // The anniversary range and the ceremony day are no deadlines.
    expect(plan.deadlines.map((d) => d.due)).not.toContain('2027-03-26');
  });

  it('"Định kỳ hằng tháng, trước ngày 25" is monthly on the 25th; a plan for several years repeats days without a year yearly', async () => {
    const text = [
      'Số: 50/KH-SKHCN',
      'Sơn La, ngày 10 tháng 3 năm 2026',
      'KẾ HOẠCH',
      'Thực hiện Đề án chuyển đổi số giai đoạn 2026 - 2030',
      'Căn cứ Quyết định số 10/QĐ-UBND ngày 02/01/2026 của UBND tỉnh.',
      'III. TỔ CHỨC THỰC HIỆN',
      '1. Định kỳ hằng tháng, trước ngày 25, Trung tâm Thông tin cập nhật số liệu lên hệ thống.',
      '2. Các phòng, đơn vị gửi báo cáo 6 tháng trước ngày 15/6 và báo cáo năm trước ngày 15/11 về Văn phòng Sở.',
    ].join('\n');
    const plan = await read(text);
    expect(plan.deadlines.map((d) => [d.due, d.recurrence, d.assignees])).toEqual([
      [null, { freq: 'monthly', day: 25 }, ['TTTT']],
      [null, { freq: 'yearly', month: 6, day: 15 }, ALL_BUT_VP],
      [null, { freq: 'yearly', month: 11, day: 15 }, ALL_BUT_VP],
    ]);
  });
});

describe('one item per (action, time)', () => {
  it('the same report in the task table and in the prose is one deadline with the units of both', async () => {
    const text = readFileSync(join(DIR, 'word-text.txt'), 'utf8').replace(
      'Văn phòng Sở theo dõi, đôn đốc việc thực hiện kế hoạch này.',
      'Các phòng, đơn vị báo cáo kết quả công tác phổ biến, giáo dục pháp luật năm 2027 về Văn phòng Sở trước ngày 15/11/2027.',
    );
    const plan = await read(text);
    const reports = plan.deadlines.filter((d) => d.due === '2027-11-15');
    expect(reports.map((d) => [d.task, [...d.assignees].sort()])).toEqual([
      ['Báo cáo kết quả công tác phổ biến, giáo dục pháp luật năm 2027', ['VP', ...ALL_BUT_VP].sort()],
    ]);
    expect(plan.deadlines.map((d) => d.id)).toEqual(['H1', 'H2', 'H3', 'H4']);
  });

  it('different actions on the same day stay apart', async () => {
    const text = 'KẾ HOẠCH\nThử nghiệm\nCăn cứ abc.\nIII. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Sở tổ chức hội nghị sơ kết trước ngày 15/11/2027.\n2. Chi cục TĐC gửi báo cáo kết quả kiểm tra đo lường trước ngày 15/11/2027.\n';
    expect((await read(text)).deadlines.map((d) => d.assignees)).toEqual([['VP'], ['CCTDC']]);
  });
});

describe('the lead unit named in brackets', () => {
  const plan = (sentence: string) => `SỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 3/KH-SKHCN\nHà Nam, ngày 05 tháng 01 năm 2027\nKẾ HOẠCH\nChuyển đổi số năm 2027\n\nII. NỘI DUNG\n1. ${sentence}\n`;

  it('“(Văn phòng Sở chủ trì)” after the time gives the unit, even on the next clause or line', async () => {
    const { org } = await sampleContent();
    const one = importPlan(plan('Hệ thống quản lý văn bản được đưa vào vận hành trong Quý I/2027 (Văn phòng Sở chủ trì).'), org).plan;
    expect(one.deadlines.map((d) => [d.due, d.assignees])).toEqual([['2027-03-31', ['VP']]]);
    const two = importPlan(plan('Cổng thông tin được nâng cấp, hoàn thành trước ngày 30/6/2027 (Trung tâm Thông tin thực hiện, Văn phòng Sở phối hợp).'), org).plan;
    expect(two.deadlines.map((d) => [d.due, d.assignees])).toEqual([['2027-06-30', ['TTTT']]]);
    // A bracket that names no unit of the org leaves the phrase to map, never a guess.
    const three = importPlan(plan('Cơ sở dữ liệu được đưa vào vận hành trong Quý II/2027 (Sở Tư pháp chủ trì).'), org).plan;
    expect(three.deadlines[0]!.assignees).not.toContain('VP');
  });
});
