/**
 * The Kế hoạch pages through Hono's `app.request()`: the list (in force, ended, reference,
 * staged), one plan, its original text, unknown plans, hostile plan texts.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { contentEditor } from '../src/core/content-editor.js';
import type { SignedIn, WebEnv } from '../src/web/auth.js';
import { registerPlanRoutes } from '../src/web/routes/plans.js';
import { ADMIN, harness, silentLogger } from './helpers.js';
import { BG, HOSTILE, sectionOf, setUp } from './web-plans-setup.js';

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

