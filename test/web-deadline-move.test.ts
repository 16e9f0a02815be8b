/**
 * Đổi ngày hạn on the Hạn page, on every store: a one-off deadline's due date and one occurrence
 * of a recurring deadline move with a required reason, confirmations and the reminder history
 * follow, chat (/deadline, an old button) and the planner see the new day at once; bad input
 * changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, UNIT_CHAT } from './helpers.js';
import { planAt, queueReminders } from '../src/scheduler/jobs.js';
import { storeFactories } from './stores.js';
import { HOSTILE, jobDeps, VIEWER, webSession } from './web-session.js';

const OLD = '/han/H8/2023-09-25';
const NEW = '/han/H8/2023-09-28';
const at = (local: string) => new Date(`${local}+07:00`);


describe.each(storeFactories)('Đổi ngày hạn ($name)', (store) => {
  it('moves a one-off deadline: confirmations, history, chat, old buttons and the planner follow', async () => {
    const { h, post, signIn, text, get } = await webSession('2023-09-20T09:00:00+07:00', { store, ownContent: true });
    await h.stores.bindings.bind(UNIT_CHAT, 'TTKHCN', ADMIN);
    // The T-7 reminder of the old day went out before the move.
    h.clock.set('2023-09-18T08:00:00+07:00');
    await queueReminders(jobDeps(h), at('2023-09-18T08:00:00'));
    h.clock.set('2023-09-20T09:00:00+07:00');
    await h.ask('/xacnhan H8 xong', { chat: UNIT_CHAT });
    const { cookie, csrf } = await signIn();
    await post(`${OLD}/xac-nhan`, { csrf, unit: 'TTRA', kind: 'nhan', note: '' }, cookie);

    const res = await post(`${OLD}/doi-han`, { csrf, day: '28/09/2023', reason: '  Theo   công văn số 123 ' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${NEW}?tb=doi-han&tu=2023-09-25&xn=2`);
    expect((await h.confirmationsOf('H8', '2023-09-28')).map((c) => c.unit).sort()).toEqual(['TTKHCN', 'TTRA']);
    expect(await h.confirmationsOf('H8', '2023-09-25')).toEqual([]);
    const [entry] = await h.stores.audit.recent(1);
    expect(entry).toMatchObject({
      actor: { id: `telegram:${ADMIN.id}`, chat: `web:telegram:${ADMIN.id}` },
      action: 'deadline-move',
      subject: 'H8@2023-09-25',
      detail: { before: '2023-09-25', after: '2023-09-28', reason: 'Theo công văn số 123', confirmations: 2 },
    });

    const page = await text(res.headers.get('location')!, cookie);
    expect(page).toContain('Đã đổi ngày hạn từ 25/09/2023; 2 xác nhận được giữ nguyên.');
    expect(page).toContain('Hạn H8 · Thứ Năm, 28/09/2023');
    expect(page).toContain('Kỳ này đã được dời từ ngày 25/09/2023');
    expect(page).toMatch(/Nhắc trước 7 ngày \(T-7\)<\/strong> · 18\/09\/2023 08:00 <span class="tag">cho ngày hạn cũ 25\/09\/2023<\/span>/);
    // The old address leads to the new one.
    const old = await get(OLD, cookie);
    expect(old.status).toBe(303);
    expect(old.headers.get('location')).toBe(NEW);

    const chat = await h.ask('/deadline H8');
    expect(chat).toContain('28/09/2023');
    expect(chat).not.toContain('25/09/2023');
    // A button of a message sent before the move confirms the occurrence where it is now.
    await h.stores.bindings.bind({ channel: 'telegram', chatId: '-300' }, 'QLKH', ADMIN);
    const pressed = await h.ask('', { chat: { channel: 'telegram', chatId: '-300' }, button: '/xacnhan H8 nhan 2023-09-25' });
    expect(pressed).toContain('(28/09/2023)');
    expect(await h.confirmation('H8', '2023-09-28', 'QLKH')).toBeDefined();

    // The planner plans the new day's steps, by their own keys; none of the old day.
    const onOldDueDay = await planAt(jobDeps(h), at('2023-09-25T08:00:00'));
    const h8 = onOldDueDay.filter((s) => s.deadline.id === 'H8');
    expect(h8.length).toBeGreaterThan(0);
    expect(new Set(h8.map((s) => `${s.occurrence} ${s.step} ${s.action}`))).toEqual(new Set(['2023-09-28 d-3 send', '2023-09-28 d-7 skip']));
    expect(h8.map((s) => s.unit)).not.toContain('TTKHCN');
  });

  it('moves one occurrence of a recurring deadline; the others keep their day', async () => {
    const { h, post, signIn, text } = await webSession('2023-10-20T09:00:00+07:00', { store, ownContent: true });
    const { cookie, csrf } = await signIn();
    const before = await text('/han/H5/2023-11-05', cookie);
    expect(before).toContain('href="/han/H5/2022-11-05">← Kỳ trước (05/11/2022)');
    expect(before).toContain('href="/han/H5/2024-11-05">Kỳ sau (05/11/2024) →');
    await post('/han/H5/2023-11-05/xac-nhan', { csrf, unit: 'TTRA', kind: 'nhan', note: '' }, cookie);

    // It stays between its neighbours.
    for (const day of ['05/11/2024', '01/11/2022']) {
      const refused = await post('/han/H5/2023-11-05/doi-han', { csrf, day, reason: 'lý do' }, cookie);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('Hạn định kỳ: ngày mới của kỳ này phải sau kỳ trước (05/11/2022) và trước kỳ sau (05/11/2024).');
    }
    const res = await post('/han/H5/2023-11-05/doi-han', { csrf, day: '10/11/2023', reason: 'Trùng lịch họp' }, cookie);
    expect(res.headers.get('location')).toBe('/han/H5/2023-11-10?tb=doi-han&tu=2023-11-05&xn=1');
    expect(await h.confirmation('H5', '2023-11-10', 'TTRA')).toBeDefined();
    const after = await text('/han/H5/2023-11-10', cookie);
    expect(after).toContain('Hạn H5 · Thứ Sáu, 10/11/2023');
    expect(after).toContain('href="/han/H5/2024-11-05">Kỳ sau (05/11/2024) →');
    expect((await text('/han/H5/2024-11-05', cookie))).toContain('href="/han/H5/2023-11-10">← Kỳ trước (10/11/2023)');
    expect(await h.ask('/deadline H5')).toContain('10/11/2023');
    // Asked by the day it had, /tiendo answers about the occurrence where it is now.
    const progress = await h.ask('/tiendo H5 05/11/2023');
    expect(progress).toContain('10/11/2023');
    expect(progress).toMatch(/Đã nhận\s+▓░░░░░░░░░ 1\/9/);
    const steps = (await planAt(jobDeps(h), at('2023-11-07T08:00:00'))).filter((s) => s.deadline.id === 'H5' && s.action === 'send');
    expect(new Set(steps.map((s) => `${s.occurrence} ${s.step}`))).toEqual(new Set(['2023-11-10 d-3']));
    const nextYear = (await planAt(jobDeps(h), at('2024-11-02T08:00:00'))).filter((s) => s.deadline.id === 'H5' && s.action === 'send');
    expect(new Set(nextYear.map((s) => `${s.occurrence} ${s.step}`))).toEqual(new Set(['2024-11-05 d-3']));
  });
});

describe('Đổi ngày hạn: refusals', () => {
  it('refuses an empty reason, a day not dd/mm/yyyy, the same day, a day before the plan, a day holding confirmations; nothing changes', async () => {
    const { h, post, signIn } = await webSession('2023-09-20T09:00:00+07:00', { ownContent: true });
    const { cookie, csrf } = await signIn();
    await post(`${OLD}/xac-nhan`, { csrf, unit: 'TTRA', kind: 'nhan', note: '' }, cookie);
    const cases: Array<[Record<string, string>, string]> = [
      [{ day: '28/09/2023', reason: '   ' }, 'Hãy ghi lý do đổi hạn (bắt buộc)'],
      [{ day: '28/09/2023', reason: 'x'.repeat(501) }, 'Lý do dài quá 500 ký tự'],
      [{ day: '', reason: 'lý do' }, 'Hãy nhập ngày hạn mới, dạng dd/mm/yyyy'],
      [{ day: '2023/09/28', reason: 'lý do' }, '“2023/09/28” không phải một ngày dạng dd/mm/yyyy'],
      [{ day: 'ngày mai', reason: 'lý do' }, '“ngày mai” không phải một ngày dạng dd/mm/yyyy'],
      [{ day: '31/02/2024', reason: 'lý do' }, '“31/02/2024” không phải một ngày dạng dd/mm/yyyy'],
      [{ day: '25/09/2023', reason: 'lý do' }, 'Ngày mới trùng với ngày hạn hiện tại (25/09/2023).'],
      [{ day: '31/08/2023', reason: 'lý do' }, 'Ngày mới (31/08/2023) trước ngày bắt đầu của kế hoạch (01/09/2023).'],
    ];
    for (const [form, message] of cases) {
      const res = await post(`${OLD}/doi-han`, { csrf, ...form }, cookie);
      expect(res.status, message).toBe(400);
      expect(await res.text()).toContain(message);
    }
    // Stale confirmations on the day asked (a plan edited by hand, say) are never merged.
    await h.stores.confirmations.confirm({ deadline: 'H8', occurrence: '2023-09-29', unit: 'VP', kind: 'nhan', user: ADMIN, chat: UNIT_CHAT });
    const stale = await post(`${OLD}/doi-han`, { csrf, day: '29/09/2023', reason: 'lý do' }, cookie);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('Ngày 29/09/2023 còn giữ xác nhận cũ của hạn H8');
    // What was typed comes back escaped.
    const hostile = await (await post(`${OLD}/doi-han`, { csrf, day: HOSTILE, reason: HOSTILE }, cookie)).text();
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).not.toContain('<img src=x');
    expect(hostile).toContain('value="&lt;script&gt;alert(1)&lt;/s…"');
    expect(hostile).toContain('“&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x on” không phải một ngày');
    expect(h.content.deadline('H8')?.due).toBe('2023-09-25');
    expect(await h.confirmation('H8', '2023-09-25', 'TTRA')).toBeDefined();
    expect((await h.stores.audit.recent(50)).filter((e) => e.action === 'deadline-move')).toEqual([]);
  });

  it('refuses a viewer, a POST without the CSRF token, a notice, and an unknown day; a viewer sees no action form', async () => {
    const { h, post, signIn, text } = await webSession('2023-09-20T09:00:00+07:00', { ownContent: true });
    const admin = await signIn();
    const viewer = await signIn(VIEWER);
    expect((await post(`${OLD}/doi-han`, { csrf: viewer.csrf, day: '28/09/2023', reason: 'lý do' }, viewer.cookie)).status).toBe(403);
    expect((await post(`${OLD}/doi-han`, { day: '28/09/2023', reason: 'lý do' }, admin.cookie)).status).toBe(403);
    expect((await post('/han/H8/2023-09-26/doi-han', { csrf: admin.csrf, day: '28/09/2023', reason: 'lý do' }, admin.cookie)).status).toBe(404);
    expect(h.content.deadline('H8')?.due).toBe('2023-09-25');
    const page = await text(OLD, viewer.cookie);
    expect(page).not.toContain('Đổi ngày hạn</button>');
    expect(page).not.toContain('nhac-ngay');
    expect(page).toContain('Lịch sử nhắc hạn');
    // A notice's day is not a plan's: no form, and a POST is refused.
    await h.ask('/thongbao --han 30/09/2023 TTRA,VP Nộp báo cáo quý');
    const notice = (await h.stores.announcements.announcements())[0]!;
    const path = `/han/${notice.id}/${notice.due}`;
    expect(await text(path, admin.cookie)).not.toContain('Đổi ngày hạn</button>');
    const refused = await post(`${path}/doi-han`, { csrf: admin.csrf, day: '01/10/2023', reason: 'lý do' }, admin.cookie);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('là thông báo, không phải hạn của kế hoạch');
  });
});
