/**
 * The Kế hoạch pages through Hono's `app.request()`: the list (in force, ended either way,
 * reference, staged), one plan, its original text, ending and reopening (chat's /deadline and
 * the reminder planner follow at once), deleting with the typed id, and the refusals (viewer,
 * missing CSRF, unknown plan, bad forms) and hostile plan texts.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../src/core/catalog.js';
import { contentEditor } from '../src/core/content-editor.js';
import { planAt } from '../src/scheduler/jobs.js';
import type { SignedIn, WebEnv } from '../src/web/auth.js';
import { registerPlanRoutes } from '../src/web/routes/plans.js';
import { testWebApp } from './web-app.js';
import { ADMIN, harness, silentLogger } from './helpers.js';

const BASE = 'http://127.0.0.1:8080';
const VIEWER = { id: '3003', name: 'Phó Giám đốc Sở' };
const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
const BG = '/ke-hoach/bac-giang-2023';

async function setUp() {
  const h = await harness('2023-09-27T09:00:00+07:00', { viewerIds: [`telegram:${VIEWER.id}`], webBaseUrl: BASE });
  const { app } = testWebApp(h, { base: BASE });
  const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
  const post = (path: string, form: Record<string, string>, cookie: string) =>
    app.request(path, { method: 'POST', body: new URLSearchParams(form), headers: { origin: BASE, 'content-type': 'application/x-www-form-urlencoded', cookie } });
  const signIn = async (user = ADMIN) => {
    const text = await h.ask('/web', { chat: { channel: 'telegram', chatId: user.id }, chatType: 'private', user });
    const url = new URL(/https?:\/\/\S+\/dang-nhap\?t=[A-Za-z0-9_-]{43}/.exec(text)![0]);
    const res = await get(url.pathname + url.search);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await get('/tong-quan', cookie)).text();
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
  };
  const text = async (path: string, cookie: string) => (await get(path, cookie)).text();
  /** The card of one plan on the list. */
  const cardOf = (page: string, id: string) => new RegExp(`<section class="card" data-plan="${id}">[\\s\\S]*?</section>`).exec(page)?.[0] ?? '';
  /** The reminder steps due now, by deadline id. */
  const reminded = async () => {
    const deps = { content: h.content, stores: h.stores, catalog: async () => catalogOf(h.content, await h.stores.announcements.announcements()) };
    return new Set((await planAt(deps, h.clock.now())).map((s) => s.deadline.id));
  };
  return { h, get, post, signIn, text, cardOf, reminded };
}

/** The part of a page after its heading `h2` and before the next one. */
const sectionOf = (page: string, heading: string) => new RegExp(`<h2>${heading}[\\s\\S]*?(?=<h2>|$)`).exec(page)?.[0] ?? '';

describe('Kế hoạch list', () => {
  it('groups plans in force, ended (period over) and reference, with their facts, counts and progress', async () => {
    const { h, post, signIn, text, cardOf } = await setUp();
    const { cookie, csrf } = await signIn();
    const page = await text('/ke-hoach', cookie);
    const active = sectionOf(page, 'Đang thực hiện');
    expect(active).toContain('(3)');
    for (const id of ['bac-giang-2023', 'tay-ninh-2023', 'quang-ngai-dan-van']) expect(active).toContain(`data-plan="${id}"`);
    expect(sectionOf(page, 'Đã kết thúc')).toContain('data-plan="dak-nong-2022"');
    expect(sectionOf(page, 'Kế hoạch tham khảo')).toContain('data-plan="binh-phuoc-2022"');

    const bg = cardOf(page, 'bac-giang-2023');
    const plan = h.content.plans.find((p) => p.id === 'bac-giang-2023')!;
    const slogans = h.content.slogans.filter((s) => s.sources.includes(plan)).length;
    expect(bg).toContain(`Số ${plan.number}`);
    expect(bg).toContain('Ban hành: 09/2023 · Thời gian thực hiện: năm 2023');
    expect(bg).toContain('4 hạn');
    expect(bg).toContain(`${slogans} khẩu hiệu`);
    expect(bg).toContain('Tiến độ 1 kỳ đã đến hạn: <strong>0/10</strong>');
    expect(bg).toContain(`href="${BG}/sua"`);
    expect(cardOf(page, 'dak-nong-2022')).toContain('Hết thời gian thực hiện (đến hết 31/12/2022)');
    expect(cardOf(page, 'dak-nong-2022')).toContain('Tiến độ 3 kỳ đã đến hạn: <strong>0/30</strong>');
    expect(cardOf(page, 'binh-phuoc-2022')).toContain('2 mốc thời gian (không giao hạn)');
    expect(cardOf(page, 'binh-phuoc-2022')).not.toContain('Tiến độ');
    expect(page).toContain('href="/ke-hoach/tai-len"');

    // Confirmations count: one unit completed H8, one received it.
    await post('/han/H8/2023-09-25/xac-nhan', { csrf, unit: 'TTRA', kind: 'xong' }, cookie);
    await post('/han/H8/2023-09-25/xac-nhan', { csrf, unit: 'VP', kind: 'nhan' }, cookie);
    const after = cardOf(await text('/ke-hoach', cookie), 'bac-giang-2023');
    expect(after).toContain('<strong>1/10</strong> lượt đơn vị hoàn thành (10%)');
    expect(after).toContain('✅ đã nhận: 1');
    expect(after).toContain('• chưa: 8');
  });

  it('lists staged plans with a link to their review, escaped', async () => {
    const { h, signIn, text } = await setUp();
    const { cookie } = await signIn();
    const { staged } = await h.stores.content.stagePlan({ text: 'KẾ HOẠCH', summary: `📄 KẾ HOẠCH ${HOSTILE}\nthêm`, key: 'k1' });
    const page = await text('/ke-hoach', cookie);
    expect(page).toContain(`href="/ke-hoach/duyet/${staged.code}"`);
    expect(page).toContain('Tải lên lúc 27/09/2023 09:00');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toMatch(/<script|<img/);
  });
});

describe('one plan', () => {
  it('shows the summary, deadlines as chat says them with their Hạn links, slogans and the text link', async () => {
    const { h, signIn, text } = await setUp();
    const { cookie } = await signIn();
    const page = await text(BG, cookie);
    const plan = h.content.plans.find((p) => p.id === 'bac-giang-2023')!;
    expect(page).toContain('<dt>Nơi ban hành</dt><dd>Bắc Giang</dd>');
    expect(page).toContain('<dt>Ngày ban hành</dt><dd>09/2023</dd>');
    expect(page).toContain('<dt>Người ký</dt><dd>KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC Triệu Ngọc Trung</dd>');
    expect(page).toContain(plan.sections[0]!.heading);
    expect(page).toContain(plan.purposes[0]!.slice(0, 40));
    expect(page).toContain('href="/han/H8/2023-09-25"');
    expect(page).toContain('href="/han/H9/2023-10-22"');
    expect(page).toContain('📅 trước 25/09/2023');
    expect(page).toContain('👥 tất cả đơn vị (10)');
    const h9 = /data-deadline="H9">[\s\S]*?<\/section>/.exec(page)![0];
    expect(h9).toContain(h.content.unit('TTRA')!.name);
    expect(h9).toContain(`📨 Gửi báo cáo: ${h.content.unit('VP')!.name}`);
    expect(page).toContain(`href="${BG}/van-ban"`);
    expect(page).toContain(`action="${BG}/ket-thuc"`);
    const recurring = await text('/ke-hoach/dak-nong-2022', cookie);
    expect(recurring).toContain('định kỳ 6 tháng (cuối tháng 6 và cuối năm), đến hết 31/12/2022');
    const reference = await text('/ke-hoach/binh-phuoc-2022', cookie);
    expect(reference).toContain('Mốc thời gian trong văn bản (2)');
    expect(reference).not.toContain('href="/han/');
  });

  it('shows the original text escaped, and 404s for an unknown plan or a missing text', async () => {
    const { h, get, post, signIn, text } = await setUp();
    const { cookie, csrf } = await signIn();
    const source = await text(`${BG}/van-ban`, cookie);
    expect(source).toContain('<pre class="source">');
    expect(source).toContain('Tháng Dân vận');
    for (const path of ['/ke-hoach/khong-co', '/ke-hoach/khong-co/van-ban', '/ke-hoach/khong-co/xoa', `/ke-hoach/${encodeURIComponent(HOSTILE)}`]) {
      const res = await get(path, cookie);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(/<script|<img/);
    }
    expect((await post('/ke-hoach/khong-co/ket-thuc', { csrf, reason: 'x', dongy: 'co' }, cookie)).status).toBe(404);
    const editor = contentEditor(h.content, h.stores);
    const raw = { id: 'khong-van-ban', number: null, title: 'Không có văn bản', issuer: 'Sở', place: null, issued: '2023', deadlines: [] };
    expect(await editor.addPlan({ id: 'x', name: 'x' }, raw, '', { action: 'publish-plan', subject: 'khong-van-ban' })).toEqual({ ok: true });
    const missing = await get('/ke-hoach/khong-van-ban/van-ban', cookie);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('không lưu văn bản gốc');
    expect((await get(`${BG}`, undefined)).headers.get('location')).toBe('/dang-nhap');
  });

  it('passes the upload and review addresses on to their routes, even when those are registered later', async () => {
    const h = await harness('2023-09-27T09:00:00+07:00');
    const app = new Hono<WebEnv>();
    const session = { user: { id: 'telegram:1001', name: ADMIN.name }, role: 'admin', csrf: 'x', hash: 'y' } as unknown as SignedIn;
    app.use('*', async (c, next) => {
      c.set('session', session);
      await next();
    });
    registerPlanRoutes(app, { content: h.content, stores: h.stores, clock: h.clock, editor: contentEditor(h.content, h.stores), logger: silentLogger });
    app.get('/ke-hoach/tai-len', (c) => c.text('trang tải lên'));
    app.get('/ke-hoach/duyet/:code', (c) => c.text(`duyệt ${c.req.param('code')}`));
    expect(await (await app.request('/ke-hoach/tai-len')).text()).toBe('trang tải lên');
    expect(await (await app.request('/ke-hoach/duyet/I1')).text()).toBe('duyệt I1');
    expect((await app.request('/ke-hoach/khong-co')).status).toBe(404);
    expect((await app.request('/ke-hoach/bac-giang-2023')).status).toBe(200);
  });

  it('renders a hostile plan (title, issuer, task, slogan, sections, text) as text', async () => {
    const { h, signIn, text } = await setUp();
    const { cookie } = await signIn();
    const raw = {
      id: 'hostile', number: HOSTILE, title: `Kế hoạch ${HOSTILE}`, issuer: HOSTILE, place: HOSTILE, issued: '2023-09', purposes: [HOSTILE],
      sections: [{ numbering: 'I', heading: HOSTILE, text: HOSTILE }], signer: { position: HOSTILE, name: HOSTILE }, slogans: [`Khẩu hiệu ${HOSTILE}`],
      deadlines: [{ id: 'X1', task: HOSTILE, due: '2023-10-30', recurrence: null, assignees: ['VP'], reportTo: HOSTILE }],
    };
    const editor = contentEditor(h.content, h.stores);
    expect(await editor.addPlan({ id: 'x', name: 'x' }, raw, `Văn bản ${HOSTILE}\n${HOSTILE}`, { action: 'publish-plan', subject: 'hostile' })).toEqual({ ok: true });
    for (const path of ['/ke-hoach', '/ke-hoach/hostile', '/ke-hoach/hostile/van-ban', '/ke-hoach/hostile/xoa']) {
      const page = await text(path, cookie);
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).not.toMatch(/<script|<img/);
    }
  });
});

describe('ending, reopening and deleting a plan', () => {
  it('ends a plan today with a reason: chat, the list and the reminders follow at once; reopening brings it back', async () => {
    const { h, post, signIn, text, cardOf, reminded } = await setUp();
    const { cookie, csrf } = await signIn();
    expect(await h.ask('/deadline')).toContain('H9');
    expect(await reminded()).toContain('H8');

    const res = await post(`${BG}/ket-thuc`, { csrf, reason: '  Đã   xong đợt ', dongy: 'co' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${BG}?xong=ket-thuc`);
    expect(h.content.plans.find((p) => p.id === 'bac-giang-2023')?.ended).toBe('2023-09-27');
    const [entry] = await h.stores.audit.recent(1);
    expect(entry).toMatchObject({ action: 'plan-end', subject: 'bac-giang-2023', actor: { id: 'telegram:1001', chat: 'web:telegram:1001' }, detail: { before: null, after: '2023-09-27', reason: 'Đã xong đợt' } });
    const deadlines = await h.ask('/deadline');
    for (const id of ['H8', 'H9', 'H10', 'H11']) expect(deadlines).not.toMatch(new RegExp(`\\b${id}\\b`));
    expect(await reminded()).not.toContain('H8');
    expect(await h.ask('/kehoach')).toMatch(/Đã kết thúc \(3\):[\s\S]*Tháng Dân vận[^\n]*\n[^\n]*đã kết thúc ngày 27\/09\/2023/);

    const detail = await text(`${BG}?xong=ket-thuc`, cookie);
    expect(detail).toContain('Đã kết thúc kế hoạch');
    expect(detail).toContain('Đã kết thúc ngày 27/09/2023 (văn phòng kết thúc)');
    expect(detail).toContain(`action="${BG}/mo-lai"`);
    expect(detail).not.toContain('href="/han/H8');
    const list = await text('/ke-hoach', cookie);
    expect(sectionOf(list, 'Đã kết thúc')).toContain('data-plan="bac-giang-2023"');
    expect(cardOf(list, 'bac-giang-2023')).toContain('(văn phòng kết thúc)');
    expect((await post(`${BG}/ket-thuc`, { csrf, reason: 'lần nữa', dongy: 'co' }, cookie)).status).toBe(400);

    const reopen = await post(`${BG}/mo-lai`, { csrf }, cookie);
    expect(reopen.status).toBe(303);
    expect(reopen.headers.get('location')).toBe(`${BG}?xong=mo-lai`);
    expect(h.content.plans.find((p) => p.id === 'bac-giang-2023')?.ended).toBeUndefined();
    expect((await h.stores.audit.recent(1))[0]).toMatchObject({ action: 'plan-reopen', subject: 'bac-giang-2023', detail: { before: '2023-09-27', after: null } });
    expect(await h.ask('/deadline')).toContain('H9');
    expect(await reminded()).toContain('H8');
    expect((await post(`${BG}/mo-lai`, { csrf }, cookie)).status).toBe(400);
  });

  it('refuses an end without the ticked box, without a reason or with a huge one, and changes nothing', async () => {
    const { h, post, signIn } = await setUp();
    const { cookie, csrf } = await signIn();
    const cases: Array<{ form: Record<string, string>; says: string }> = [
      { form: { csrf, reason: 'hết năm' }, says: 'đánh dấu ô xác nhận' },
      { form: { csrf, reason: '   ', dongy: 'co' }, says: 'ghi lý do' },
      { form: { csrf, reason: 'x'.repeat(5000), dongy: 'co' }, says: 'tối đa 300 ký tự' },
      { form: { csrf, reason: HOSTILE, dongy: 'sai' }, says: 'đánh dấu ô xác nhận' },
    ];
    for (const { form, says } of cases) {
      const res = await post(`${BG}/ket-thuc`, form, cookie);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(says);
    }
    expect(h.content.plans.find((p) => p.id === 'bac-giang-2023')?.ended).toBeUndefined();
    expect((await h.stores.audit.recent(10)).filter((e) => e.action === 'plan-end')).toHaveLength(0);
  });

  it('deletes only when the typed id matches; confirmations stay in the store', async () => {
    const { h, get, post, signIn, text } = await setUp();
    const { cookie, csrf } = await signIn();
    await post('/han/H8/2023-09-25/xac-nhan', { csrf, unit: 'TTRA', kind: 'xong' }, cookie);
    const confirm = await text(`${BG}/xoa`, cookie);
    expect(confirm).toContain('vẫn được giữ trong lịch sử');
    expect(confirm).toContain(`action="${BG}/xoa"`);
    for (const ma of ['', 'bac-giang', 'BAC-GIANG-2023', HOSTILE]) {
      const res = await post(`${BG}/xoa`, { csrf, ma }, cookie);
      expect(res.status).toBe(400);
      expect(await res.text()).not.toMatch(/<script|<img/);
    }
    expect(h.content.plans.some((p) => p.id === 'bac-giang-2023')).toBe(true);

    const res = await post(`${BG}/xoa`, { csrf, ma: ' bac-giang-2023 ' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ke-hoach?xong=xoa');
    expect(h.content.plans.some((p) => p.id === 'bac-giang-2023')).toBe(false);
    expect((await h.stores.audit.recent(1))[0]).toMatchObject({ action: 'plan-delete', subject: 'bac-giang-2023', actor: { id: 'telegram:1001' } });
    expect(await h.confirmation('H8', '2023-09-25', 'TTRA')).toBeDefined();
    expect(await h.ask('/kehoach')).not.toContain('Tháng Dân vận');
    expect(await text('/ke-hoach?xong=xoa', cookie)).toContain('Đã xóa kế hoạch');
    expect((await get(BG, cookie)).status).toBe(404);
  });

  it('shows a viewer no forms and refuses every change with 403; a POST without the CSRF token is 403 too', async () => {
    const { h, post, signIn, text } = await setUp();
    const viewer = await signIn(VIEWER);
    for (const path of ['/ke-hoach', BG, `${BG}/xoa`]) {
      const page = await text(path, viewer.cookie);
      expect(page).not.toMatch(/<form method="post" action="\/ke-hoach/);
      expect(page).not.toContain('/sua"');
      expect(page).not.toContain('Tải lên kế hoạch');
    }
    const forms = { 'ket-thuc': { reason: 'x', dongy: 'co' }, 'mo-lai': {}, xoa: { ma: 'bac-giang-2023' } };
    for (const [action, form] of Object.entries(forms)) {
      expect((await post(`${BG}/${action}`, { csrf: viewer.csrf, ...form }, viewer.cookie)).status).toBe(403);
    }
    const admin = await signIn();
    for (const [action, form] of Object.entries(forms)) expect((await post(`${BG}/${action}`, form, admin.cookie)).status).toBe(403);
    const plan = h.content.plans.find((p) => p.id === 'bac-giang-2023');
    expect(plan?.ended).toBeUndefined();
    expect((await h.stores.audit.recent(20)).filter((e) => e.action.startsWith('plan-'))).toHaveLength(0);
  });
});
