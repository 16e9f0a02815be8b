/**
 * A day stated with a monthly or quarterly period ("Định kỳ hằng tháng, trước ngày 25",
 * "hằng quý (trước ngày 15 của tháng cuối quý)") is kept: the report is due on that day, not at
 * the period's end. Our own plan in the genre, field by field.
 */
import { describe, expect, it } from 'vitest';
import { planSchema } from '../src/core/plans.js';
import { importPlan } from '../src/importer/index.js';
import { sampleContent } from './helpers.js';

const PLAN = [
  'UBND TỈNH SƠN LA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'SỞ KHOA HỌC VÀ CÔNG NGHỆ\tĐộc lập - Tự do - Hạnh phúc',
  'Số: 88/KH-SKHCN\tSơn La, ngày 12 tháng 01 năm 2027',
  'KẾ HOẠCH',
  'Theo dõi, đánh giá việc thực hiện nhiệm vụ năm 2027',
  'Căn cứ Quyết định số 25/QĐ-UBND ngày 05/01/2027 của UBND tỉnh Sơn La.',
  'I. MỤC ĐÍCH, YÊU CẦU',
  'Nắm bắt kịp thời tiến độ thực hiện các nhiệm vụ của ngành.',
  'II. NỘI DUNG',
  '1. Định kỳ hằng tháng, trước ngày 25, Trung tâm Thông tin và Thống kê cập nhật số liệu thống kê lên hệ thống báo cáo của tỉnh.',
  '2. Chi cục Tiêu chuẩn Đo lường Chất lượng gửi báo cáo kết quả kiểm tra đo lường định kỳ hằng quý (trước ngày 15 của tháng cuối quý) về Văn phòng Sở.',
  '3. Phòng Quản lý Khoa học báo cáo tiến độ các nhiệm vụ khoa học hằng quý, trước ngày 10 tháng đầu quý sau.',
  '4. Thanh tra Sở gửi báo cáo công tác thanh tra trước ngày 05 hằng tháng.',
  'III. TỔ CHỨC THỰC HIỆN',
  'Văn phòng Sở theo dõi, đôn đốc việc thực hiện Kế hoạch này.',
  'Nơi nhận:\tGIÁM ĐỐC',
  '- UBND tỉnh;',
  '- Lưu: VT, VP.\tNguyễn Văn Bình',
].join('\n');

describe('a day with a monthly or quarterly period', () => {
  it('is the day the report is due', async () => {
    const { org } = await sampleContent();
    const { plan } = importPlan(PLAN, org);
    expect(planSchema.safeParse(plan).success).toBe(true);
    expect(plan.deadlines.map((d) => [d.due, d.recurrence, d.assignees, d.quote])).toEqual([
      [null, { freq: 'monthly', day: 25 }, ['TTTT'], 'Định kỳ hằng tháng, trước ngày 25'],
      [null, { freq: 'quarterly', month: 3, day: 15 }, ['CCTDC'], 'định kỳ hằng quý (trước ngày 15 của tháng cuối quý)'],
      // The report of a quarter due in the first month of the next one: the same days, the 10th of January, April, July, October.
      [null, { freq: 'quarterly', month: 1, day: 10 }, ['QLKH'], 'hằng quý, trước ngày 10 tháng đầu quý sau'],
      [null, { freq: 'monthly', day: 5 }, ['TTRA'], 'trước ngày 05 hằng tháng'],
    ]);
    expect(plan.deadlines.map((d) => d.task)).toEqual([
      'Trung tâm Thông tin và Thống kê cập nhật số liệu thống kê lên hệ thống báo cáo của tỉnh',
      'Chi cục Tiêu chuẩn Đo lường Chất lượng gửi báo cáo kết quả kiểm tra đo lường về Văn phòng Sở',
      'Phòng Quản lý Khoa học báo cáo tiến độ các nhiệm vụ khoa học',
      'Thanh tra Sở gửi báo cáo công tác thanh tra',
    ]);
  });

  it('in the time column of a task table', async () => {
    const { org } = await sampleContent();
    const rows = [
      ['STT', 'Nội dung công việc', 'Đơn vị chủ trì', 'Thời gian thực hiện'],
      ['1', 'Cập nhật số liệu thống kê lên hệ thống báo cáo của tỉnh', 'Trung tâm Thông tin và Thống kê', 'Trước ngày 25 hằng tháng'],
      ['2', 'Báo cáo kết quả kiểm tra đo lường', 'Chi cục TĐC', 'Hằng quý, trước ngày 15 tháng cuối quý'],
      ['3', 'Báo cáo tình hình thực hiện nhiệm vụ', 'Văn phòng Sở', 'Hằng quý'],
    ];
    const text = PLAN.replace(/\n1\. .*\n2\. .*\n3\. .*\n4\. .*/, `\n${rows.map((r) => r.join('\t')).join('\n')}`);
    const { plan } = importPlan(text, org);
    expect(plan.deadlines.map((d) => [d.due, d.recurrence, d.assignees, d.task])).toEqual([
      [null, { freq: 'monthly', day: 25 }, ['TTTT'], 'Cập nhật số liệu thống kê lên hệ thống báo cáo của tỉnh'],
      [null, { freq: 'quarterly', month: 3, day: 15 }, ['CCTDC'], 'Báo cáo kết quả kiểm tra đo lường'],
      [null, { freq: 'quarterly' }, ['VP'], 'Báo cáo tình hình thực hiện nhiệm vụ'],
    ]);
  });

  it('a period without a day still ends the period', async () => {
    const { org } = await sampleContent();
    const text = PLAN.replace(/\n1\. .*\n2\. .*\n3\. .*\n4\. .*/, '\n1. Các phòng, đơn vị báo cáo kết quả thực hiện hằng quý về Văn phòng Sở.');
    const { plan } = importPlan(text, org);
    expect(plan.deadlines.map((d) => d.recurrence)).toEqual([{ freq: 'quarterly' }]);
  });
});
