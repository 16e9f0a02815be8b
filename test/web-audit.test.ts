/**
 * Nhật ký through Hono's `app.request()`: sign-ins and sign-outs in the trail, filters (action,
 * person, subject prefix, days in the organisation's zone), paging by cursor, Vietnamese labels,
 * hostile details rendered as text, and a signed-out visitor sent to sign in.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Stores } from '../src/core/ports.js';
import { auditArchiveOf } from '../src/store/audit-archive.js';
import { openLowdbStores, type LowdbStores } from '../src/store/lowdb/stores.js';
import { testWebApp } from './web-app.js';
import { AUDIT_PAGE_SIZE } from '../src/web/routes/audit.js';
import { ADMIN, harness } from './helpers.js';
import { storeFactories, type StoreFactory } from './stores.js';

const BASE = 'http://127.0.0.1:8080';
const VIEWER = { id: '3003', name: 'Phó Giám đốc Sở' };
const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
const opened: Stores[] = [];
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((s) => s.close()));
});

async function setUp(store?: StoreFactory) {
  const h = await harness('2023-09-27T09:00:00+07:00', { viewerIds: [`telegram:${VIEWER.id}`], webBaseUrl: BASE, ...(store ? { store } : {}) });
  const { app } = testWebApp(h, { base: BASE });
  const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
  const signIn = async (user = ADMIN) => {
    const text = await h.ask('/web', { chat: { channel: 'telegram', chatId: user.id }, chatType: 'private', user });
    const url = new URL(/https?:\/\/\S+\/dang-nhap\?t=[A-Za-z0-9_-]{43}/.exec(text)![0]);
    const res = await get(url.pathname + url.search);
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await (await get('/nhat-ky', cookie)).text())![1]!;
    return { cookie, csrf };
  };
  /** Records an entry at a time (ISO with offset). */
  const record = async (at: string, action: string, subject: string, detail?: Record<string, unknown>, actor = { id: 'telegram:2002', name: 'Nguyễn Thị Hoa', chat: 'telegram:-200' }) => {
    h.clock.set(at);
    await h.stores.audit.record({ actor, action, subject, ...(detail ? { detail } : {}) });
  };
  const rows = (page: string) => page.split('<tbody>')[1]?.split('</tbody>')[0]?.split('<tr>').slice(1) ?? [];
  return { h, app, get, signIn, record, rows };
}

describe('Nhật ký', () => {
  it('sends a signed-out visitor to sign in, and shows the trail to admins and viewers', async () => {
    const { get, signIn, rows } = await setUp();
    const out = await get('/nhat-ky');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/dang-nhap');
    const admin = await signIn();
    const viewer = await signIn(VIEWER);
    const res = await get('/nhat-ky', viewer.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    expect(page).toContain('<a href="/nhat-ky">Nhật ký</a>');
    const [first, second] = rows(page);
    expect(rows(page)).toHaveLength(2);
    expect(first).toMatch(/27\/09\/2023 09:00:00[\s\S]*Phó Giám đốc Sở<br><span class="muted">telegram:3003<\/span>[\s\S]*Đăng nhập web[\s\S]*<code>\{&quot;role&quot;:&quot;viewer&quot;\}<\/code>/);
    expect(second).toMatch(/Chánh Văn phòng[\s\S]*telegram:1001[\s\S]*Đăng nhập web/);
    expect(admin.cookie).not.toBe(viewer.cookie);
  });

  it.each(storeFactories)('records a sign-in and a sign-out with the person of the session ($name)', async (store) => {
    const { h, app, signIn } = await setUp(store);
    const { cookie, csrf } = await signIn(VIEWER);
    h.clock.set('2023-09-27T10:15:00+07:00');
    const res = await app.request('/thoat', { method: 'POST', body: new URLSearchParams({ csrf }), headers: { origin: BASE, 'content-type': 'application/x-www-form-urlencoded', cookie } });
    expect(res.status).toBe(303);
    const { entries } = await h.stores.audit.search({ action: 'web-sign-out' }, 10);
    expect(entries).toEqual([{ at: '2023-09-27T03:15:00.000Z', actor: { id: 'telegram:3003', name: VIEWER.name }, action: 'web-sign-out', subject: 'web', detail: { role: 'viewer' } }]);
    // A link refused records nothing.
    expect((await app.request(`/dang-nhap?t=${'A'.repeat(43)}`)).status).toBe(403);
    expect((await h.stores.audit.search({}, 10)).entries.map((e) => e.action)).toEqual(['web-sign-out', 'web-sign-in']);
  });

  it('names known actions in Vietnamese, shows before → after, and filters by action, person, subject and days', async () => {
    const { h, get, signIn, record, rows } = await setUp();
    await record('2023-09-26T23:59:59+07:00', 'confirm', 'H8@2023-09-30#VP', { kind: 'xong', outcome: 'new' });
    await record('2023-09-27T00:00:00+07:00', 'bind', 'telegram:-200', { unit: 'VP' });
    await record('2023-09-27T10:00:00+07:00', 'publish-plan', 'KH-12', { replaces: null }, { id: 'telegram:1001', name: ADMIN.name, chat: 'telegram:1001' });
    await record('2023-09-28T08:00:00+07:00', 'undo-confirm', 'H8@2023-09-30#TC', { before: 'xong', after: 'chưa', note: 'nhầm đơn vị' });
    await record('2023-09-28T09:00:00+07:00', 'reset-things', 'X1');
    h.clock.set('2023-09-28T09:30:00+07:00');
    const { cookie } = await signIn();
    const all = rows(await (await get('/nhat-ky', cookie)).text());
    expect(all.map((r) => /<td>[^<]*<\/td>\n<td>[^]*?<\/td>\n<td>([^<]*)<\/td>/.exec(r)?.[1])).toEqual([
      'Đăng nhập web', 'reset-things', 'Hủy xác nhận', 'Công bố kế hoạch', 'Gắn nhóm', 'Xác nhận',
    ]);
    expect(all[2]).toMatch(/<span>xong → chưa<\/span> <code class="muted">\{&quot;note&quot;:&quot;nhầm đơn vị&quot;\}<\/code>/);
    expect(all[5]).toMatch(/^\n<td>26\/09\/2023 23:59:59<\/td>/);
    const titles = async (query: string) => rows(await (await get(`/nhat-ky?${query}`, cookie)).text()).map((r) => /<td>([^<]*)<\/td>\n<td>(?:(?!<\/td>)[^])*<\/td>\n<td>/.exec(r)?.[1]);
    expect(await titles('action=confirm')).toEqual(['26/09/2023 23:59:59']);
    expect(await titles('actor=hoa')).toHaveLength(4);
    expect(await titles('actor=telegram%3A1001')).toEqual(['28/09/2023 09:30:00', '27/09/2023 10:00:00']);
    expect(await titles('subject=H8%40')).toEqual(['28/09/2023 08:00:00', '26/09/2023 23:59:59']);
    // Days are whole days in Asia/Ho_Chi_Minh, whatever the server's zone.
    expect(await titles('from=27%2F09%2F2023&to=27%2F09%2F2023')).toEqual(['27/09/2023 10:00:00', '27/09/2023 00:00:00']);
    expect(await titles('from=28/09/2023')).toEqual(['28/09/2023 09:30:00', '28/09/2023 09:00:00', '28/09/2023 08:00:00']);
    expect(await titles('action=bind&to=26%2F09%2F2023')).toEqual([]);
    const form = await (await get('/nhat-ky?action=reset-things&actor=hoa', cookie)).text();
    expect(form).toContain('<option value="reset-things" selected>reset-things</option>');
    expect(form).toContain('name="actor" value="hoa"');
  });

  it('answers a bad day on the page (400) and searches nothing', async () => {
    const { get, signIn } = await setUp();
    const { cookie } = await signIn();
    const bad = await get('/nhat-ky?from=31%2F02%2F2023', cookie);
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toMatch(/&quot;Từ ngày&quot; không hợp lệ: hãy nhập theo dạng dd\/mm\/yyyy/);
    expect(text).not.toContain('<tbody>');
    const reversed = await get('/nhat-ky?from=28/09/2023&to=27/09/2023', cookie);
    expect(reversed.status).toBe(400);
    expect(await reversed.text()).toMatch(/phải trước hoặc trùng/);
  });

  it('pages by cursor, newest first, keeping the filter', async () => {
    const { get, signIn, record, rows } = await setUp();
    const { cookie } = await signIn();
    const total = AUDIT_PAGE_SIZE + 7;
    for (let i = 0; i < total; i++) await record(`2023-09-27T10:${String(i % 60).padStart(2, '0')}:00+07:00`, 'confirm', `H${i}@2023-09-30#VP`);
    const first = await (await get('/nhat-ky?action=confirm', cookie)).text();
    expect(rows(first)).toHaveLength(AUDIT_PAGE_SIZE);
    expect(rows(first)[0]).toContain(`H${total - 1}@`);
    const href = /<a class="button" href="([^"]+)">Trang sau<\/a>/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    expect(href).toMatch(/^\/nhat-ky\?action=confirm&before=/);
    const second = await (await get(href!, cookie)).text();
    expect(rows(second).map((r) => /H(\d+)@/.exec(r)?.[1])).toEqual(['6', '5', '4', '3', '2', '1', '0']);
    expect(second).not.toContain('Trang sau');
    expect(second).toContain('<a href="/nhat-ky?action=confirm">« Về trang đầu</a>');
  });

  it('pages on into the lowdb archive past the entries the file keeps, with the filter, hostile text still as text', async () => {
    // A file that keeps 5 entries: every older one is in its archive.
    let lowdb: LowdbStores | undefined;
    const capped: StoreFactory = {
      name: 'lowdb',
      async open(dir, { clock, dataDir }) {
        lowdb = await openLowdbStores({ file: join(dir, 'db.json'), clock, dataDir, auditMax: 5 });
        opened.push(lowdb);
        return lowdb;
      },
    };
    const { h, get, signIn, record, rows } = await setUp(capped);
    const { cookie } = await signIn();
    const total = AUDIT_PAGE_SIZE + 7;
    await record('2023-09-27T09:59:00+07:00', 'confirm', HOSTILE, { note: HOSTILE }, { id: 'telegram:9', name: HOSTILE, chat: 'telegram:9' });
    for (let i = 0; i < total; i++) {
      await record(`2023-09-27T10:${String(i % 60).padStart(2, '0')}:00+07:00`, i % 2 ? 'bind' : 'confirm', `H${i}@2023-09-30#VP`);
      await lowdb!.flush();
    }
    expect(existsSync(auditArchiveOf(h.file!))).toBe(true);
    const numbers = (page: string) => rows(page).map((r) => /H(\d+)@/.exec(r)?.[1] ?? 'x');
    let page = await (await get('/nhat-ky?action=confirm', cookie)).text();
    const seen = numbers(page);
    for (let next = /<a class="button" href="([^"]+)">Trang sau<\/a>/.exec(page)?.[1]; next; next = /<a class="button" href="([^"]+)">Trang sau<\/a>/.exec(page)?.[1]) {
      page = await (await get(next.replaceAll('&amp;', '&'), cookie)).text();
      seen.push(...numbers(page));
    }
    const confirms = Array.from({ length: total }, (_, i) => total - 1 - i).filter((i) => i % 2 === 0).map(String);
    expect(seen).toEqual([...confirms, 'x']);
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('renders hostile names, subjects and details as text', async () => {
    const { get, signIn, record } = await setUp();
    const { cookie } = await signIn();
    await record('2023-09-27T11:00:00+07:00', HOSTILE, HOSTILE, { before: HOSTILE, after: 'x', more: HOSTILE }, { id: HOSTILE, name: HOSTILE, chat: HOSTILE });
    await record('2023-09-27T11:01:00+07:00', 'confirm', 'H1', { note: HOSTILE });
    const page = await (await get(`/nhat-ky?actor=${encodeURIComponent(HOSTILE.slice(0, 20))}`, cookie)).text();
    const all = await (await get('/nhat-ky', cookie)).text();
    for (const p of [page, all]) {
      expect(p).not.toContain('<script>alert');
      expect(p).not.toContain('<img src=x');
      expect(p).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    }
    expect(all).toContain('\\&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&quot;}</code>');
  });
});
