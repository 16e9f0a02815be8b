/**
 * The Đơn vị pages through Hono's `app.request()`, on every store: the list (chats, last activity,
 * the mark of a unit without an active chat, filters, pages for 2,000 units), the requests waiting
 * (approve and reject as chat /duyet does, the chat's message queued), one unit's chats (title,
 * channel, inactive since and why) and unbinding, the refusals (viewer, CSRF), and the activity
 * the engine records (at most hourly, nothing for an unbound chat).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildContent } from '../src/core/content.js';
import { ADMIN, DATA_DIR, STAFF } from './helpers.js';
import { storeFactories } from './stores.js';
import { rowOf, unitsSetUp, VIEWER } from './web-units-setup.js';

const tg = (chatId: string) => ({ channel: 'telegram', chatId });

describe.each(storeFactories)('Đơn vị pages ($name)', (store) => {
  it('lists every unit with its chats and last activity, and marks the units without an active chat', async () => {
    const { h, signIn, inGroup, text } = await unitsSetUp(store);
    await h.stores.bindings.bind(tg('-1'), 'TTRA', ADMIN, 'Tổ Thanh tra');
    await h.stores.bindings.bind(tg('-2'), 'KHTC', ADMIN);
    await h.stores.bindings.bind(tg('-3'), 'KHTC', ADMIN);
    await inGroup('-1', 'Tổ Thanh tra', '/deadline');
    await h.stores.chats.markInactive(tg('-2'), 'Forbidden: bot was kicked from the group chat');
    const { cookie } = await signIn();
    const page = await text('/don-vi', cookie);
    expect(page).toContain('Đơn vị (10)');
    const ttra = rowOf(page, 'unit', 'TTRA');
    expect(ttra).toContain('Thanh tra Sở');
    expect(ttra).toContain('Thanh tra, Thanh tra Sở');
    expect(ttra).toContain('20/09/2023 09:00');
    expect(ttra).not.toContain('Chưa có nhóm chat hoạt động');
    expect(rowOf(page, 'unit', 'KHTC')).toContain('(1 hoạt động)');
    expect(rowOf(page, 'unit', 'QLKH')).toContain('⚠ Chưa có nhóm chat hoạt động');
    await h.stores.chats.markInactive(tg('-3'), 'Forbidden: bot was blocked by the user');
    const after = rowOf(await text('/don-vi', cookie), 'unit', 'KHTC');
    expect(after).toContain('⚠ Chưa có nhóm chat hoạt động');
    expect(after).toContain('2 nhóm ngừng nhận tin');
  });

  it('filters by text (diacritics ignored), kind and units without an active chat', async () => {
    const { h, signIn, text } = await unitsSetUp(store);
    await h.stores.bindings.bind(tg('-1'), 'TTKHCN', ADMIN);
    const { cookie } = await signIn();
    const units = (page: string) => [...page.matchAll(/<tr data-unit="([A-Z0-9]+)"/g)].map((m) => m[1]);
    expect(units(await text('/don-vi?q=trung%20tam', cookie))).toEqual(['TTKHCN', 'TTTT']);
    expect(units(await text('/don-vi?q=KH%26CN', cookie))).toEqual(['VP', 'TTKHCN', 'TTTT', 'CDCS']);
    expect(units(await text('/don-vi?loai=doan-the', cookie))).toEqual(['CDCS', 'CDTN']);
    expect(units(await text('/don-vi?loai=su-nghiep&chat=khong', cookie))).toEqual(['TTTT']);
    expect(units(await text('/don-vi?loai=khong-co', cookie))).toHaveLength(10);
    expect(await text('/don-vi?q=zzz', cookie)).toContain('Không có đơn vị nào khớp bộ lọc.');
  });

  it('approves a request as /duyet does: the chat is bound, audited, told, and uses its unit in chat', async () => {
    const { h, web, post, signIn, inGroup, text } = await unitsSetUp(store);
    expect(await inGroup('-300', 'Tổ Thanh tra', '/dangky TTRA')).toContain('Đã gửi yêu cầu R1');
    await inGroup('-400', 'Nhóm lạ', '/dangky KHTC');
    const { cookie, csrf } = await signIn();
    const page = await text('/don-vi', cookie);
    expect(page).toContain('Yêu cầu đăng ký đang chờ (2)');
    const r1 = rowOf(page, 'request', 'R1');
    expect(r1).toContain(`${STAFF.name}</strong> xin gắn nhóm “Tổ Thanh tra” với`);
    expect(r1).toContain('action="/don-vi/yeu-cau/R1/duyet"');
    expect(r1).toContain('action="/don-vi/yeu-cau/R1/tu-choi"');

    const res = await post('/don-vi/yeu-cau/R1/duyet', { csrf }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/don-vi?tb=duyet&ma=R1');
    expect(await h.stores.bindings.bindingOf(tg('-300'))).toMatchObject({ unit: 'TTRA', by: { id: 'telegram:1001' }, title: 'Tổ Thanh tra' });
    expect(web.sent).toEqual([{ chat: tg('-300'), out: { text: expect.stringContaining('✅ Yêu cầu R1 đã được duyệt: nhóm chat này thuộc Thanh tra Sở (TTRA).') } }]);
    expect((await h.stores.outbox.outboxRows('pending')).map((r) => r.chat)).toContain('telegram:-300');
    const [entry] = await h.stores.audit.recent(1);
    expect(entry).toMatchObject({ action: 'approve', subject: 'R1', actor: { id: 'telegram:1001', chat: 'web:telegram:1001' }, detail: { chat: 'telegram:-300', unit: 'TTRA' } });
    const flashed = await text('/don-vi?tb=duyet&ma=R1', cookie);
    expect(flashed).toContain('Đã duyệt yêu cầu R1');
    expect(flashed).toContain('Yêu cầu đăng ký đang chờ (1)');
    expect(await inGroup('-300', 'Tổ Thanh tra', '/deadline')).toContain('Thanh tra Sở (TTRA)');

    // Rejecting: no binding, the chat is told; deciding again changes nothing.
    expect((await post('/don-vi/yeu-cau/R2/tu-choi', { csrf }, cookie)).headers.get('location')).toBe('/don-vi?tb=tu-choi&ma=R2');
    expect(await h.stores.bindings.bindingOf(tg('-400'))).toBeUndefined();
    expect(web.sent[1]).toEqual({ chat: tg('-400'), out: { text: expect.stringContaining('❌ Yêu cầu R2 (gắn với Phòng Kế hoạch - Tài chính (KHTC)) không được duyệt.') } });
    const again = await post('/don-vi/yeu-cau/R2/duyet', { csrf }, cookie);
    expect(again.headers.get('location')).toBe('/don-vi?tb=da-quyet&ma=R2');
    expect(await h.stores.bindings.bindingOf(tg('-400'))).toBeUndefined();
    expect(web.sent).toHaveLength(2);
    expect((await post('/don-vi/yeu-cau/R99/duyet', { csrf }, cookie)).status).toBe(404);
    expect((await post('/don-vi/yeu-cau/%3Cscript%3E/duyet', { csrf }, cookie)).status).toBe(404);
    expect((await h.stores.audit.recent(10)).filter((e) => e.action === 'approve' || e.action === 'reject')).toHaveLength(2);
  });

  it('shows a unit’s chats (title, channel, who bound it, activity, inactive since and why) and unbinds one', async () => {
    const { h, web, post, signIn, inGroup, text } = await unitsSetUp(store);
    await h.stores.bindings.bind(tg('-1'), 'TTRA', ADMIN, 'Tổ Thanh tra');
    await h.stores.bindings.bind(tg('-2'), 'TTRA', ADMIN);
    await h.stores.bindings.bind(tg('-9'), 'VP', ADMIN);
    h.clock.set('2023-09-20T10:30:00+07:00');
    await inGroup('-1', 'Tổ Thanh tra (mới)', '/deadline');
    await h.stores.chats.markInactive(tg('-2'), 'Forbidden: bot was kicked from the group chat');
    const { cookie, csrf } = await signIn();
    const page = await text('/don-vi/TTRA', cookie);
    const one = rowOf(page, 'chat', 'telegram:-1');
    expect(one).toContain('Tổ Thanh tra (mới)');
    expect(one).toContain('Telegram · chat -1');
    expect(one).toContain(`Gắn bởi ${ADMIN.name} lúc 20/09/2023 09:00`);
    expect(one).toContain('Hoạt động gần nhất: 20/09/2023 10:30');
    const two = rowOf(page, 'chat', 'telegram:-2');
    expect(two).toContain('Nhóm chat chưa rõ tên');
    expect(two).toContain('chưa ghi nhận');
    expect(two).toContain('Ngừng nhận tin</span> từ 20/09/2023 10:30 · Loa đã bị xóa khỏi nhóm');

    // A chat of another unit (a stale page) is refused and nothing changes.
    const wrong = await post('/don-vi/TTRA/bo-gan', { csrf, chat: 'telegram:-9' }, cookie);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('không (còn) gắn với đơn vị TTRA');
    expect((await post('/don-vi/TTRA/bo-gan', { csrf, chat: 'rác' }, cookie)).status).toBe(400);
    expect(await h.stores.bindings.bindingOf(tg('-9'))).toBeDefined();

    const res = await post('/don-vi/TTRA/bo-gan', { csrf, chat: 'telegram:-1' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/don-vi/TTRA?tb=bo-gan');
    expect(await h.stores.bindings.bindingOf(tg('-1'))).toBeUndefined();
    expect(web.sent).toEqual([{ chat: tg('-1'), out: { text: expect.stringContaining('bỏ gắn chat này khỏi đơn vị Thanh tra Sở (TTRA)') } }]);
    const [entry] = await h.stores.audit.recent(1);
    expect(entry).toMatchObject({ action: 'unbind', subject: 'telegram:-1', detail: { unit: 'TTRA', before: { unit: 'TTRA', title: 'Tổ Thanh tra (mới)' } } });
    const left = await text('/don-vi/TTRA?tb=bo-gan', cookie);
    expect(left).toContain('Đã bỏ gắn nhóm chat');
    expect(left).toContain('Nhóm chat đã gắn (1)');
    expect(left).toContain('Đơn vị chưa có nhóm chat nào nhận tin của Loa');
    expect(await inGroup('-1', 'Tổ Thanh tra (mới)', '/dangky')).toContain('chưa đăng ký đơn vị');
  });

  it('records a bound chat’s activity at most hourly, a new title at once, and nothing for an unbound chat', async () => {
    const { h, inGroup } = await unitsSetUp(store);
    const spy = vi.spyOn(h.stores.bindings, 'noteActivity');
    await inGroup('-7', 'Chưa gắn', '/deadline');
    expect(spy).not.toHaveBeenCalled();
    await h.stores.bindings.bind(tg('-7'), 'VP', ADMIN);
    await inGroup('-7', 'Nhóm VP', '/deadline');
    expect((await h.stores.bindings.bindingOf(tg('-7')))?.lastActive).toBe('2023-09-20T02:00:00.000Z');
    h.clock.set('2023-09-20T09:59:00+07:00');
    await inGroup('-7', 'Nhóm VP', 'xin chào');
    expect(spy).toHaveBeenCalledTimes(1);
    await inGroup('-7', 'Nhóm VP mới', 'xin chào');
    expect(spy).toHaveBeenCalledTimes(2);
    expect(await h.stores.bindings.bindingOf(tg('-7'))).toMatchObject({ title: 'Nhóm VP mới', lastActive: '2023-09-20T02:59:00.000Z' });
    h.clock.set('2023-09-20T10:59:00+07:00');
    await inGroup('-7', 'Nhóm VP mới', '/khauhieu');
    expect(spy).toHaveBeenCalledTimes(3);
    expect((await h.stores.bindings.bindingOf(tg('-7')))?.lastActive).toBe('2023-09-20T03:59:00.000Z');
  });

  it('refuses every change to a viewer and without the CSRF token, and shows a viewer no form', async () => {
    const { h, get, post, signIn, inGroup, text } = await unitsSetUp(store);
    await inGroup('-300', 'Tổ Thanh tra', '/dangky TTRA');
    await h.stores.bindings.bind(tg('-1'), 'VP', ADMIN);
    const admin = await signIn();
    const viewer = await signIn(VIEWER);
    const changes: Array<[string, Record<string, string>]> = [
      ['/don-vi/yeu-cau/R1/duyet', {}],
      ['/don-vi/yeu-cau/R1/tu-choi', {}],
      ['/don-vi/VP/bo-gan', { chat: 'telegram:-1' }],
      ['/don-vi/them', { code: 'MOI', name: 'Đơn vị mới', kind: 'phong' }],
      ['/don-vi/VP/sua', { name: 'Văn phòng mới', kind: 'phong' }],
    ];
    for (const [path, form] of changes) {
      expect((await post(path, { ...form, csrf: viewer.csrf }, viewer.cookie)).status).toBe(403);
      expect((await post(path, form, admin.cookie)).status).toBe(403);
    }
    expect(await h.stores.bindings.pendingRequests()).toHaveLength(1);
    expect(await h.stores.bindings.bindingOf(tg('-1'))).toBeDefined();
    expect(h.content.unit('MOI')).toBeUndefined();
    expect(h.content.unit('VP')?.name).toBe('Văn phòng Sở');
    const list = await text('/don-vi', viewer.cookie);
    expect(list).toContain('data-request="R1"');
    expect(list).not.toContain('/duyet"');
    expect(list).not.toContain('Thêm đơn vị');
    const unit = await text('/don-vi/VP', viewer.cookie);
    expect(unit).not.toContain('Bỏ gắn');
    expect(unit).not.toContain('Sửa thông tin');
    expect((await get('/don-vi/them', viewer.cookie)).status).toBe(403);
    expect((await get('/don-vi', undefined)).headers.get('location')).toBe('/dang-nhap');
    expect((await get('/don-vi/VP', undefined)).headers.get('location')).toBe('/dang-nhap');
    expect((await get('/don-vi/KHONGCO', admin.cookie)).status).toBe(404);
  });
});

describe('Đơn vị list of 2,000 units', () => {
  it('pages 100 units at a time, keeps the filter in the links, and shows the last page past the end', async () => {
    const org = JSON.parse(readFileSync(join(DATA_DIR, 'org.json'), 'utf8'));
    for (let i = 1; org.units.length < 2000; i++) org.units.push({ code: `X${String(i).padStart(4, '0')}`, name: `Xã số ${i}`, kind: 'xa', aliases: [] });
    const { signIn, text } = await unitsSetUp(storeFactories[0]!, { content: buildContent('org.json', org, []) });
    const { cookie } = await signIn();
    const rows = (page: string) => [...page.matchAll(/<tr data-unit="/g)].length;
    const first = await text('/don-vi', cookie);
    expect(rows(first)).toBe(100);
    expect(first).toContain('Đơn vị 1–100 / 2000 · trang 1/20');
    expect(first).toContain('href="/don-vi?trang=2"');
    const last = await text('/don-vi?trang=999', cookie);
    expect(last).toContain('Đơn vị 1901–2000 / 2000 · trang 20/20');
    expect(last).toContain('data-unit="X1990"');
    const xa = await text('/don-vi?loai=xa&trang=2', cookie);
    expect(xa).toContain('Đơn vị 101–200 / 1990 · trang 2/20');
    expect(xa).toContain('href="/don-vi?loai=xa&amp;trang=3"');
    expect(xa).toContain('href="/don-vi?loai=xa"');
    expect(first.length).toBeLessThan(200_000);
  });
});
