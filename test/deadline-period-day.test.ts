/** /deadline and /kehoach say a recurring deadline's stated day ("hằng tháng, trước ngày 25") and show it on that day. */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, harness, tempDir } from './helpers.js';

const PLAN = {
  id: 'son-la-bao-cao-2027',
  number: '88/KH-SKHCN',
  title: 'Theo dõi, đánh giá việc thực hiện nhiệm vụ năm 2027',
  issuer: 'Sở Khoa học và Công nghệ tỉnh Sơn La',
  place: 'Sơn La',
  issued: '2027-01-12',
  deadlines: [
    { id: 'M1', task: 'Cập nhật số liệu thống kê lên hệ thống báo cáo của tỉnh', due: null, recurrence: { freq: 'monthly', day: 25 }, assignees: ['VP'] },
    { id: 'Q1', task: 'Gửi báo cáo kết quả kiểm tra đo lường', due: null, recurrence: { freq: 'quarterly', month: 3, day: 15 }, assignees: ['VP'] },
  ],
};

async function open(nowIso: string) {
  const dataDir = join(tempDir(), 'data');
  cpSync(DATA_DIR, dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'plans', `${PLAN.id}.json`), JSON.stringify(PLAN));
  return harness(nowIso, { dataDir });
}

describe('a recurring deadline with a stated day', () => {
  it('/deadline shows it on its day, with its day in words', async () => {
    const h = await open('2027-02-20T09:00:00+07:00');
    const text = await h.ask('/deadline tatca');
    expect(text).toMatch(/M1 — [^\n]*\n\s+📅 Thứ Năm, 25\/02\/2027 · còn 5 ngày · hằng tháng, trước ngày 25/);
    expect(text).toMatch(/Q1 — [^\n]*\n\s+📅 Thứ Hai, 15\/03\/2027 · còn 23 ngày · hằng quý, trước ngày 15 tháng cuối quý/);
  });

  it('/kehoach says it with the plan\'s end', async () => {
    const h = await open('2027-02-20T09:00:00+07:00');
    const text = await h.ask(`/kehoach ${PLAN.id}`);
    expect(text).toContain('hằng tháng, trước ngày 25, đến hết 31/12/2027');
    expect(text).toContain('hằng quý, trước ngày 15 tháng cuối quý, đến hết 31/12/2027');
  });
});
