/**
 * The web console through Hono's `app.request()`: sign-in by a `/web` link from chat (single use,
 * expiry, rate limit, cookie flags), sessions, CSRF and roles, security headers, and hostile
 * unit names and plan texts rendered as text on the Tổng quan page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContent } from '../src/core/content.js';
import { testWebApp } from './web-app.js';
import { ADMIN, DATA_DIR, harness, STAFF, type Harness } from './helpers.js';

const BASE = 'http://127.0.0.1:8080';
const VIEWER = { id: '3003', name: 'Phó Giám đốc Sở' };
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

async function setUp(options: { base?: string; content?: Harness['content']; signInPerMinute?: number; rateNow?: () => number } = {}) {
  const base = options.base ?? BASE;
  const h = await harness('2023-09-27T09:00:00+07:00', { viewerIds: [`telegram:${VIEWER.id}`], webBaseUrl: base });
  const { app } = testWebApp(h, { base, ...(options.content ? { content: options.content } : {}), signInPerMinute: options.signInPerMinute ?? 1000, ...(options.rateNow ? { rateNow: options.rateNow } : {}) });
  /** A sign-in link as `/web` gives it in a private chat. */
  const link = async (user = ADMIN) => {
    const text = await h.ask('/web', { chat: { channel: 'telegram', chatId: user.id }, chatType: 'private', user });
    const url = /https?:\/\/\S+\/dang-nhap\?t=[A-Za-z0-9_-]{43}/.exec(text)?.[0];
    if (!url) throw new Error(`no link in: ${text}`);
    return url;
  };
  const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
  const post = (path: string, form: Record<string, string>, cookie?: string, origin = new URL(base).origin) =>
    app.request(path, { method: 'POST', body: new URLSearchParams(form), headers: { origin, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) } });
  /** Signs in with a fresh link; the session cookie and the page's CSRF token. */
  const signIn = async (user = ADMIN) => {
    const res = await get(pathOf(await link(user)));
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await get('/tong-quan', cookie)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    return { cookie, csrf };
  };
  return { h, app, link, get, post, signIn };
}

const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

describe('web console sign-in', () => {
  it('gives a link only to admins and viewers, only in a private chat', async () => {
    const { h } = await setUp();
    expect(await h.ask('/web', { chatType: 'group' })).toMatch(/nhắn riêng/);
    expect(await h.ask('/quanly', { chat: { channel: 'telegram', chatId: STAFF.id }, chatType: 'private', user: STAFF })).toMatch(/chỉ dành cho quản trị viên và lãnh đạo/);
    const viewer = await h.ask('/web', { chat: { channel: 'telegram', chatId: VIEWER.id }, chatType: 'private', user: VIEWER });
    expect(viewer).toMatch(/quyền chỉ xem/);
    expect(viewer).toMatch(/hết hạn lúc 27\/09\/2023 09:10/);
  });

  it('opens a session once per link, with a safe cookie, and refuses the link again', async () => {
    const { link, get } = await setUp();
    const url = await link();
    expect(url.startsWith(`${BASE}/dang-nhap?t=`)).toBe(true);
    const res = await get(pathOf(url));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/tong-quan');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^loa_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/Max-Age=28800/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const page = await get('/tong-quan', cookie.split(';')[0]);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(ADMIN.name);
    const again = await get(pathOf(url));
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toMatch(/không còn hiệu lực[\s\S]*\/web/);
  });

  it('marks the cookie Secure when the console is served over https', async () => {
    const { link, get } = await setUp({ base: 'https://loa.example.gov.vn' });
    const url = await link();
    expect(url.startsWith('https://loa.example.gov.vn/dang-nhap?t=')).toBe(true);
    expect((await get(pathOf(url))).headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('refuses a link after 10 minutes, and a session after 8 hours', async () => {
    const { h, link, get, signIn } = await setUp();
    const late = await link();
    h.clock.set('2023-09-27T09:10:00+07:00');
    expect((await get(pathOf(late))).status).toBe(403);
    const { cookie } = await signIn();
    h.clock.set('2023-09-27T17:09:59+07:00');
    expect((await get('/tong-quan', cookie)).status).toBe(200);
    h.clock.set('2023-09-27T17:10:00+07:00');
    const expired = await get('/tong-quan', cookie);
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toBe('/dang-nhap');
  });

  it('limits sign-in attempts per address, per minute', async () => {
    let t = 0;
    const { get, link } = await setUp({ signInPerMinute: 3, rateNow: () => t });
    const bad = `/dang-nhap?t=${'A'.repeat(43)}`;
    for (let i = 0; i < 3; i++) expect((await get(bad)).status).toBe(403);
    const res = await get(bad);
    expect(res.status).toBe(429);
    expect(await res.text()).toMatch(/Quá nhiều lần đăng nhập/);
    // Even a good link waits for the next minute.
    const good = pathOf(await link());
    t = 59_999;
    expect((await get(good)).status).toBe(429);
    t = 60_000;
    expect((await get(good)).status).toBe(303);
  });

  it('sends a signed-out visitor to the sign-in help page', async () => {
    const { get } = await setUp();
    const res = await get('/tong-quan');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dang-nhap');
    const help = await get('/dang-nhap');
    expect(help.status).toBe(200);
    expect(await help.text()).toMatch(/Gõ <code>\/web<\/code>/);
  });
});

describe('web console changes (POST)', () => {
  it('refuses a POST without a session, without the CSRF token, or from another origin', async () => {
    const { post, get, signIn } = await setUp();
    expect((await post('/thoat', {})).status).toBe(403);
    const { cookie, csrf } = await signIn();
    expect((await post('/thoat', {}, cookie)).status).toBe(403);
    expect((await post('/thoat', { csrf: 'x'.repeat(43) }, cookie)).status).toBe(403);
    expect((await post('/thoat', { csrf }, cookie, 'https://evil.example')).status).toBe(403);
    // Still signed in after all of these.
    expect((await get('/tong-quan', cookie)).status).toBe(200);
    const out = await post('/thoat', { csrf }, cookie);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/dang-nhap');
    expect(out.headers.get('set-cookie')).toMatch(/loa_session=;.*Max-Age=0/);
    expect((await get('/tong-quan', cookie)).status).toBe(303);
  });

  it("refuses a viewer's change, not an admin's", async () => {
    const { post, signIn } = await setUp();
    const viewer = await signIn(VIEWER);
    const admin = await signIn(ADMIN);
    // An admin's POST reaches the route (an empty unit form: 400), a viewer's is stopped before (403).
    expect((await post('/don-vi/them', { csrf: admin.csrf }, admin.cookie)).status).toBe(400);
    const refused = await post('/don-vi/them', { csrf: viewer.csrf }, viewer.cookie);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/chỉ xem/);
    // A viewer may sign out.
    expect((await post('/thoat', { csrf: viewer.csrf }, viewer.cookie)).status).toBe(303);
  });
});

describe('web console pages', () => {
  it('sends the security headers on every page, the style sheet included', async () => {
    const { get, signIn } = await setUp();
    const { cookie } = await signIn();
    for (const [path, withCookie] of [['/dang-nhap', false], ['/tong-quan', true], ['/khong-co', false], ['/static/loa.css', false]] as const) {
      const res = await get(path, withCookie ? cookie : undefined);
      expect(res.headers.get('content-security-policy'), path).toBe(CSP);
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    expect((await get('/static/loa.css')).headers.get('content-type')).toMatch(/^text\/css/);
    const page = await (await get('/tong-quan', cookie)).text();
    expect(page).not.toMatch(/<script|style=/);
  });

  it('lists open deadlines, overdue first and marked, with counts and the matrix', async () => {
    const { h, get, signIn } = await setUp();
    const unitChat = { channel: 'telegram', chatId: '-200' };
    await h.stores.bindings.bind(unitChat, 'TTRA', ADMIN);
    await h.ask('/xacnhan H8 xong', { chat: unitChat, user: STAFF });
    const { cookie } = await signIn();
    const page = await (await get('/tong-quan', cookie)).text();
    const h8 = page.indexOf('<span class="tag">H8</span>');
    expect(h8).toBeGreaterThan(0);
    expect(page.slice(h8 - 60, h8)).toContain('Quá hạn');
    expect(page.slice(h8, h8 + 1200)).toMatch(/hoàn thành: 1<\/span><span>✅ đã nhận: 0<\/span><span>• chưa: 9</);
    expect(page).toContain('<td class="xong" title="hoàn thành">✔️</td>');
    // The matrix of one plan has only its deadlines as columns.
    const plan = h.content.deadline('H12')!.plan.id;
    const ofPlan = await (await get(`/tong-quan?plan=${plan}`, cookie)).text();
    const head = ofPlan.slice(ofPlan.indexOf('<table class="matrix">'), ofPlan.indexOf('</thead>'));
    expect(head).toContain('>H12<');
    expect(head).not.toContain('>H8<');
    expect(ofPlan).toContain(`<option value="${plan}" selected>`);
    const only = await (await get('/tong-quan?unit=TTRA&state=xong', cookie)).text();
    expect(only).toContain('Thanh tra Sở');
    expect(only).not.toContain('Văn phòng Sở <span');
  });

  it('pages the matrix by 100 units, keeping the filter, so a province is not one huge page', async () => {
    const org = JSON.parse(readFileSync(join(DATA_DIR, 'org.json'), 'utf8'));
    const communes = Array.from({ length: 240 }, (_, i) => `X${String(i + 1).padStart(3, '0')}`);
    for (const code of communes) org.units.push({ code, name: `Xã ${code}`, kind: 'xa', aliases: [] });
    const plan = JSON.parse(readFileSync(join(DATA_DIR, 'plans', 'bac-giang-2023.json'), 'utf8'));
    plan.deadlines[0].assignees = [...plan.deadlines[0].assignees, ...communes];
    const content = buildContent('org.json', org, [{ file: 'plans/bac-giang-2023.json', raw: plan }]);
    const { signIn, get } = await setUp({ content });
    const { cookie } = await signIn();
    const rowsOf = (page: string) => [...page.matchAll(/<tr><th class="unit">[^<]*<span class="muted">\(/g)].length;
    const first = await (await get('/tong-quan', cookie)).text();
    expect(first).toContain('Đơn vị 1–100 / 250 · trang 1/3');
    expect(rowsOf(first)).toBe(100);
    expect(first).toContain('<a href="/tong-quan?trang=2">Trang sau »</a>');
    const last = await (await get('/tong-quan?state=chua&trang=3', cookie)).text();
    expect(last).toContain('Đơn vị 201–250 / 250 · trang 3/3');
    expect(rowsOf(last)).toBe(50);
    expect(last).toContain('<a href="/tong-quan?state=chua&amp;trang=2">« Trang trước</a>');
    // A page past the end shows the last one.
    expect(await (await get('/tong-quan?trang=99', cookie)).text()).toContain('trang 3/3');
  });

  it('renders hostile unit names and plan texts as text', async () => {
    const org = JSON.parse(readFileSync(join(DATA_DIR, 'org.json'), 'utf8'));
    org.units[0].name = `VP ${HOSTILE}`;
    const plan = JSON.parse(readFileSync(join(DATA_DIR, 'plans', 'bac-giang-2023.json'), 'utf8'));
    plan.title = `Kế hoạch ${HOSTILE}`;
    plan.deadlines[0].task = `Việc ${HOSTILE}`;
    const content = buildContent('org.json', org, [{ file: 'plans/bac-giang-2023.json', raw: plan }]);
    const { get, signIn } = await setUp({ content });
    const { cookie } = await signIn();
    const page = await (await get('/tong-quan', cookie)).text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(page).toContain('Việc &lt;script&gt;');
    expect(page).toContain('Kế hoạch &lt;script&gt;');
    expect(page).toContain('VP &lt;script&gt;');
  });
});
