/**
 * Tổng quan's completion chart on a small constructed case: the day-by-day counts (a pair done
 * early counts from its due day, a completion's day is the org zone's, a receipt or a unit not
 * responsible does not count, recurring occurrences, ended or long-over plans left out), and the
 * SVG on the page (its path, title, description, figures and table).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContent } from '../src/core/content.js';
import type { ConfirmKind } from '../src/core/records.js';
import { dayOf } from '../src/core/dates.js';
import { completionOverTime, dayNumber, localDayOf } from '../src/web/pages/overview-chart-data.js';
import { sampleDays } from '../src/web/pages/overview-chart.js';
import { testWebApp } from './web-app.js';
import { ADMIN, DATA_DIR, harness } from './helpers.js';

const BASE = 'http://127.0.0.1:8080';
const NOW = '2023-09-12T09:00:00+07:00';
const base = { number: null, issuer: 'Sở Khoa học và Công nghệ', place: null };
const PLANS = [
  {
    ...base,
    id: 'ke-hoach-thu',
    title: 'Kế hoạch thử <b>tháng 9</b>',
    issued: '2023-09-01',
    period: { from: '2023-09-01', to: '2023-09-30' },
    deadlines: [
      { id: 'A1', task: 'Việc một', due: '2023-09-05', recurrence: null, assignees: ['VP', 'TTRA'] },
      { id: 'A2', task: 'Việc hai', due: '2023-09-10', recurrence: null, assignees: ['VP', 'TTRA', 'KHTC'] },
      { id: 'A3', task: 'Việc chưa tới', due: '2023-09-20', recurrence: null, assignees: ['VP'] },
    ],
  },
  { ...base, id: 'bao-cao-thang', title: 'Báo cáo hằng tháng', issued: '2023-01', period: { from: '2023-01-01', to: '2023-12-31' }, deadlines: [{ id: 'M1', task: 'Báo cáo tháng', due: null, recurrence: { freq: 'monthly' }, assignees: ['VP'] }] },
  { ...base, id: 'da-xong', title: 'Kế hoạch đã kết thúc', issued: '2023-01-01', ended: '2023-06-30', deadlines: [{ id: 'E1', task: 'Cũ', due: '2023-03-01', recurrence: null, assignees: ['VP'] }] },
  { ...base, id: 'nam-2022', title: 'Kế hoạch năm 2022', issued: '2022-01-01', deadlines: [{ id: 'G1', task: 'Năm cũ', due: null, recurrence: { freq: 'yearly' }, assignees: ['VP'] }] },
  { ...base, id: 'chua-toi', title: 'Kế hoạch chưa tới hạn', issued: '2023-09-01', deadlines: [{ id: 'F1', task: 'Sau này', due: '2023-10-01', recurrence: null, assignees: ['VP'] }] },
];

async function setUp() {
  const org = JSON.parse(readFileSync(join(DATA_DIR, 'org.json'), 'utf8'));
  const content = buildContent('org.json', org, PLANS.map((raw) => ({ file: `plans/${raw.id}.json`, raw })));
  const h = await harness(NOW, { webBaseUrl: BASE });
  /** A unit's confirmation made at `iso` (the store stamps it with the clock). */
  const confirm = async (deadline: string, occurrence: string, unit: string, kind: ConfirmKind, iso: string) => {
    h.clock.set(iso);
    await h.stores.confirmations.confirm({ deadline, occurrence, unit, kind, user: ADMIN, chat: { channel: 'telegram', chatId: '-100' } });
  };
  await confirm('A1', '2023-09-05', 'VP', 'xong', '2023-09-03T10:00:00+07:00'); // early: counts from 05/09
  await confirm('A1', '2023-09-05', 'TTRA', 'xong', '2023-09-06T23:30:00Z'); // 07/09 06:30 in Hà Nội
  await confirm('A1', '2023-09-05', 'KHTC', 'xong', '2023-09-05T10:00:00+07:00'); // not responsible
  await confirm('A2', '2023-09-10', 'VP', 'xong', '2023-09-11T08:00:00+07:00');
  await confirm('A2', '2023-09-10', 'KHTC', 'nhan', '2023-09-10T08:00:00+07:00'); // received only
  await confirm('M1', '2023-03-31', 'VP', 'nhan', '2023-03-30T08:00:00+07:00');
  await confirm('M1', '2023-03-31', 'VP', 'xong', '2023-04-02T08:00:00+07:00');
  h.clock.set(NOW);
  return { h, content };
}

describe('completion over time', () => {
  it('counts the pairs due and completed by each day, per plan', async () => {
    const { h, content } = await setUp();
    const charts = await completionOverTime(content, h.stores.confirmations, h.clock.now());
    expect(charts.map((c) => c.plan.id).sort()).toEqual(['bao-cao-thang', 'ke-hoach-thu']);
    const sep = charts.find((c) => c.plan.id === 'ke-hoach-thu')!;
    expect([sep.from, sep.to]).toEqual(['2023-09-01', '2023-09-12']);
    expect(sep.points).toEqual([
      { day: '2023-09-01', due: 0, done: 0 },
      { day: '2023-09-05', due: 2, done: 1 },
      { day: '2023-09-07', due: 2, done: 2 },
      { day: '2023-09-10', due: 5, done: 2 },
      { day: '2023-09-11', due: 5, done: 3 },
    ]);
    const monthly = charts.find((c) => c.plan.id === 'bao-cao-thang')!;
    expect([monthly.from, monthly.to]).toEqual(['2023-01-01', '2023-09-12']);
    expect(monthly.points.map((p) => `${p.day} ${p.done}/${p.due}`)).toEqual([
      '2023-01-01 0/0',
      '2023-01-31 0/1',
      '2023-02-28 0/2',
      '2023-03-31 0/3',
      '2023-04-02 1/3',
      '2023-04-30 1/4',
      '2023-05-31 1/5',
      '2023-06-30 1/6',
      '2023-07-31 1/7',
      '2023-08-31 1/8',
    ]);
    expect((await completionOverTime(content, h.stores.confirmations, h.clock.now(), 'bao-cao-thang')).map((c) => c.plan.id)).toEqual(['bao-cao-thang']);
  });

  it('finds an instant’s local day as Intl does, across clock changes (skipped and repeated midnights too)', () => {
    for (const zone of ['Asia/Ho_Chi_Minh', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Kiritimati', 'America/Santiago']) {
      const localDay = localDayOf(zone);
      const wrong: string[] = [];
      // One year holds each zone's two clock changes; a step under an hour lands in every changed hour.
      const t0 = Date.parse('2022-03-01T00:00:00Z');
      for (let ms = t0; ms < t0 + 366 * 86_400_000; ms += 41 * 60_000 + 13_000) {
        if (localDay(ms) !== dayNumber(dayOf(new Date(ms), zone))) wrong.push(new Date(ms).toISOString());
      }
      expect(wrong, zone).toEqual([]);
    }
  });

  it('samples the table by week over a short period and by month over a long one', () => {
    expect(sampleDays('2023-09-01', '2023-09-12')).toEqual(['2023-09-07', '2023-09-12']);
    expect(sampleDays('2023-01-01', '2023-04-10')).toEqual(['2023-01-31', '2023-02-28', '2023-03-31', '2023-04-10']);
    expect(sampleDays('2020-01-01', '2023-04-10')).toHaveLength(12);
  });

  it('draws each plan as SVG on Tổng quan, with its title, description, figures and table', async () => {
    const { h, content } = await setUp();
    const { app } = testWebApp(h, { base: BASE, content });
    const text = await h.ask('/web', { chat: { channel: 'telegram', chatId: ADMIN.id }, chatType: 'private', user: ADMIN });
    const link = new URL(/https?:\/\/\S+\/dang-nhap\?t=[A-Za-z0-9_-]{43}/.exec(text)![0]);
    const cookie = (await app.request(link.pathname + link.search)).headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await app.request('/tong-quan', { headers: { cookie } })).text();
    const figure = /<figure class="chart-card" data-plan="ke-hoach-thu">[\s\S]*?<\/figure>/.exec(page)?.[0] ?? '';
    expect(figure).toContain('<svg class="chart" viewBox="0 0 320 140" role="img" aria-labelledby="ht-ke-hoach-thu-t ht-ke-hoach-thu-d">');
    expect(figure).toContain('<title id="ht-ke-hoach-thu-t">Hoàn thành theo thời gian: Kế hoạch thử &lt;b&gt;tháng 9&lt;/b&gt;</title>');
    const summary = 'Từ 01/09/2023 đến 12/09/2023: 3/5 lượt (đơn vị × kỳ hạn) đã đến hạn được báo hoàn thành, 60%.';
    expect(figure).toContain(`<desc id="ht-ke-hoach-thu-d">${summary}</desc>`);
    expect(figure).toContain(`<p class="muted">${summary}</p>`);
    // 50% from 05/09, 100% from 07/09, 40% from 10/09, 60% from 11/09, to the right edge (12/09).
    expect(figure).toContain('<path d="M135.1 63.0 H185.6 V8.0 H261.5 V74.0 H286.7 V52.0 H312" fill="none" stroke="#2e7d32" stroke-width="2">');
    expect(figure).toContain('<tr><td>07/09/2023</td><td>2/2</td><td>100%</td></tr><tr><td>12/09/2023</td><td>3/5</td><td>60%</td></tr>');
    expect(page).toContain('data-plan="bao-cao-thang"');
    expect(page).not.toContain('data-plan="da-xong"');
    expect(page).not.toContain('data-plan="nam-2022"');
    expect(page).not.toContain('data-plan="chua-toi"');
    expect(page).not.toMatch(/style="/);
    const one = await (await app.request('/tong-quan?plan=bao-cao-thang', { headers: { cookie } })).text();
    expect(one).toContain('data-plan="bao-cao-thang"');
    expect(one).not.toContain('data-plan="ke-hoach-thu"');
    expect(one).toContain('Từ 01/01/2023 đến 12/09/2023: 1/8 lượt');
  });
});
