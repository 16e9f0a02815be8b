/**
 * A plan's changes through Hono's `app.request()`: ending and reopening (chat's /deadline,
 * /kehoach and the reminder planner follow at once), deleting with the typed id, and the
 * refusals (bad forms, viewer, missing CSRF).
 */
import { describe, expect, it } from 'vitest';
import { BG, HOSTILE, sectionOf, setUp, VIEWER } from './web-plans-setup.js';

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
