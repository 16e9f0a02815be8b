/**
 * The unit × deadline matrix's period filter: reading the bounds (dd/mm/yyyy or yyyy-mm-dd, one
 * bound alone, wrong order, not a date, over a year), the columns it shows (every occurrence in
 * the period, done ones too), the refusals shown on the page, and the paging links keeping it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContent, type Content } from '../src/core/content.js';
import { parsePeriod } from '../src/web/pages/overview-period.js';
import { testWebApp } from './web-app.js';
import { ADMIN, DATA_DIR, harness } from './helpers.js';

const BASE = 'http://127.0.0.1:8080';

async function setUp(content?: Content) {
  const h = await harness('2023-10-05T09:00:00+07:00', { webBaseUrl: BASE });
  const { app } = testWebApp(h, { base: BASE, ...(content ? { content } : {}) });
  const text = await h.ask('/web', { chat: { channel: 'telegram', chatId: ADMIN.id }, chatType: 'private', user: ADMIN });
  const link = new URL(/https?:\/\/\S+\/dang-nhap\?t=[A-Za-z0-9_-]{43}/.exec(text)![0]);
  const cookie = (await app.request(link.pathname + link.search)).headers.get('set-cookie')!.split(';')[0]!;
  const page = async (path: string) => {
    const res = await app.request(path, { headers: { cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The matrix's column headers (deadline ids). */
  const columns = (html: string) => [...(/<table class="matrix">[\s\S]*?<\/thead>/.exec(html)?.[0] ?? '').matchAll(/<th title="[^"]*">([A-Z0-9]+)<br>/g)].map((m) => m[1]);
  return { h, page, columns };
}

describe('matrix period filter', () => {
  it('reads the bounds strictly', () => {
    expect(parsePeriod('01/09/2023', '30/09/2023')).toEqual({ from: '2023-09-01', to: '2023-09-30' });
    expect(parsePeriod('2023-09-01', '2023-09-30')).toEqual({ from: '2023-09-01', to: '2023-09-30' });
    expect(parsePeriod(undefined, undefined)).toEqual({});
    expect(parsePeriod('01/09/2023', undefined)).toEqual({ from: '2023-09-01', to: '2024-08-31' });
    expect(parsePeriod(undefined, '30/09/2023')).toEqual({ from: '2022-09-30', to: '2023-09-30' });
    expect(parsePeriod('30/09/2023', '01/09/2023')).toEqual({ periodError: '“Từ ngày” phải trước hoặc trùng “Đến ngày”.' });
    expect(parsePeriod('31/02/2023', '01/09/2023').periodError).toMatch(/^“Từ ngày” không hợp lệ: “31\/02\/2023”/);
    expect(parsePeriod('01/09/2023', 'mai').from).toBeUndefined();
    expect(parsePeriod('01/01/2020', '31/12/2023')).toEqual({ from: '2020-01-01', to: '2020-12-31', periodError: 'Chỉ xem được tối đa một năm: đang xem từ 01/01/2020 đến 31/12/2020.' });
  });

  it('shows every occurrence of the period, done ones too, with the other filters', async () => {
    const { h, page, columns } = await setUp();
    await h.stores.confirmations.confirm({ deadline: 'H10', occurrence: '2023-09-30', unit: 'VP', kind: 'xong', user: ADMIN, chat: { channel: 'telegram', chatId: '-100' } });
    expect(columns(await page('/tong-quan'))).not.toContain('H10');
    const september = await page('/tong-quan?from=01%2F09%2F2023&to=30%2F09%2F2023');
    expect(columns(september)).toEqual(['H8', 'H10']);
    expect(september).toContain('name="from" value="01/09/2023"');
    expect(september).toContain('name="to" value="30/09/2023"');
    expect(september).toContain('Các kỳ hạn từ 01/09/2023 đến 30/09/2023, kể cả kỳ đã xong.');
    const vp = /<tr><th class="unit">Văn phòng Sở[\s\S]*?<\/tr>/.exec(september)![0];
    expect(vp).toMatch(/<td class="chua" title="chưa xác nhận">•<\/td><td class="xong" title="hoàn thành">✔️<\/td>/);
    expect(columns(await page('/tong-quan?from=2023-10-01&to=2023-10-31&plan=bac-giang-2023'))).toEqual(['H9', 'H11']);
    // Only units with a cell in the state asked for.
    const done = await page('/tong-quan?from=01/09/2023&to=30/09/2023&state=xong');
    expect([...done.matchAll(/<tr><th class="unit">([^<]+)</g)].map((m) => m[1]!.trim())).toEqual(['Đơn vị', 'Văn phòng Sở']);
  });

  it('says why a period typed wrong is not taken, as text, and shows the open deadlines', async () => {
    const { page, columns } = await setUp();
    const open = columns(await page('/tong-quan'));
    const bad = await page(`/tong-quan?from=${encodeURIComponent('<script>alert(1)</script>')}&to=30/09/2023`);
    expect(bad).toContain('“Từ ngày” không hợp lệ: “&lt;script&gt;alert(1)&lt;/s…”');
    expect(bad).not.toContain('<script>alert');
    expect(columns(bad)).toEqual(open);
    expect(await page('/tong-quan?from=30/09/2023&to=01/09/2023')).toContain('“Từ ngày” phải trước hoặc trùng “Đến ngày”.');
  });

  it('keeps the period in the paging links', async () => {
    const org = JSON.parse(readFileSync(join(DATA_DIR, 'org.json'), 'utf8'));
    const extra = Array.from({ length: 120 }, (_, i) => ({ code: `X${i + 1}`, name: `Xã số ${i + 1}`, kind: 'xa', aliases: [] }));
    org.units.push(...extra);
    const plan = { id: 'xa-2023', number: null, title: 'Kế hoạch các xã', issuer: 'Sở', place: null, issued: '2023-09-01', deadlines: [{ id: 'X1', task: 'Báo cáo', due: '2023-09-15', recurrence: null, assignees: extra.map((u) => u.code) }] };
    const { page, columns } = await setUp(buildContent('org.json', org, [{ file: 'plans/xa-2023.json', raw: plan }]));
    const first = await page('/tong-quan?from=01/09/2023&to=30/09/2023&state=chua');
    expect(columns(first)).toEqual(['X1']);
    expect(first).toContain('href="/tong-quan?state=chua&amp;from=2023-09-01&amp;to=2023-09-30&amp;trang=2"');
    const second = await page('/tong-quan?state=chua&from=2023-09-01&to=2023-09-30&trang=2');
    expect(second).toContain('Đơn vị 101–120 / 120');
    expect(second).toContain('href="/tong-quan?state=chua&amp;from=2023-09-01&amp;to=2023-09-30"');
  });
});
