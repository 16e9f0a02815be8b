/**
 * The Hạn page's reminders: "Nhắc ngay" (the scheduled reminder's message to the units not
 * finished, recorded and audited, never twice for one press, once per occurrence in 30 minutes),
 * the reminder history of scheduled steps (each step, when, to which chat by name, how it ended),
 * marking a received unit completed on its behalf, and chats named by title instead of their key.
 */
import { describe, expect, it } from 'vitest';
import type { ChatRef } from '../src/core/types.js';
import { queueReminders } from '../src/scheduler/jobs.js';
import { reminderMessage } from '../src/scheduler/messages.js';
import { ADMIN, type Harness } from './helpers.js';
import { jobDeps, VIEWER, webSession } from './web-session.js';

const PAGE = '/han/H8/2023-09-25';
const tg = (id: string): ChatRef => ({ channel: 'telegram', chatId: id });
const TITLE = 'Tổ Thanh tra <b>';

/** TTRA's group has a title; VP's, QLKH's and CDCS's have none; the others have no chat. QLKH received, CDCS completed. */
async function chats(h: Harness) {
  await h.stores.bindings.requestBinding(tg('-201'), 'group', 'TTRA', ADMIN, TITLE);
  await h.stores.bindings.bind(tg('-201'), 'TTRA', ADMIN);
  await h.stores.bindings.bind(tg('-100'), 'VP', ADMIN);
  await h.stores.bindings.bind(tg('-202'), 'QLKH', ADMIN);
  await h.stores.bindings.bind(tg('-203'), 'CDCS', ADMIN);
  await h.ask('/xacnhan H8 nhan', { chat: tg('-202') });
  await h.ask('/xacnhan H8 xong', { chat: tg('-203') });
}

const nowRows = async (h: Harness) => (await h.stores.outbox.outboxRows()).filter((r) => r.key?.includes('#now:'));
const nonceOf = (page: string) => /name="nonce" value="([^"]+)"/.exec(page)?.[1];

describe('Nhắc ngay', () => {
  it('sends the scheduled reminder to the chats of the units not finished, once per press, once in 30 minutes', async () => {
    const { h, post, signIn, text } = await webSession('2023-09-20T09:00:00+07:00');
    await chats(h);
    const { cookie, csrf } = await signIn();
    const page = await text(PAGE, cookie);
    expect(page).toContain('Nhắc ngay 9 đơn vị chưa hoàn thành</button>');
    expect(page).toContain('Mỗi kỳ chỉ nhắc ngay được một lần trong 30 phút; bấm hai lần hay tải lại trang cũng chỉ gửi một lần.');
    const nonce = nonceOf(page)!;

    const res = await post(`${PAGE}/nhac-ngay`, { csrf, nonce }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${PAGE}?tb=nhac&dv=3&nhom=3&ko=6`);
    const rows = await nowRows(h);
    expect(rows.map((r) => [r.key, r.chat]).sort()).toEqual([
      [`H8@2023-09-25#QLKH#now:${nonce}`, 'telegram:-202'],
      [`H8@2023-09-25#TTRA#now:${nonce}`, 'telegram:-201'],
      [`H8@2023-09-25#VP#now:${nonce}`, 'telegram:-100'],
    ]);
    // The very message of the scheduled reminder, with the buttons that still apply to each unit.
    const d = h.content.deadline('H8')!;
    for (const [unit, status] of [['TTRA', 'chua'], ['QLKH', 'nhan']] as const) {
      const expected = reminderMessage(h.content, { deadline: d, occurrence: '2023-09-25', unit, daysLeft: 5, status }, '2023-09-20');
      const row = rows.find((r) => r.key!.includes(`#${unit}#`))!;
      expect([row.text, row.buttons, row.ref]).toEqual([expected.text, expected.buttons, expected.ref]);
    }
    const [entry] = await h.stores.audit.recent(1);
    expect(entry).toMatchObject({ action: 'remind-now', subject: 'H8@2023-09-25', actor: { id: `telegram:${ADMIN.id}` } });
    expect([...(entry!.detail!.units as string[])].sort()).toEqual(['QLKH', 'TTRA', 'VP']);
    expect((entry!.detail!.noChat as string[]).length).toBe(6);

    const after = await text(res.headers.get('location')!, cookie);
    expect(after).toContain('Đã xếp gửi tin nhắc tới 3 đơn vị (3 nhóm chat). 6 đơn vị chưa có nhóm chat nên không nhận được.');
    expect(after).toContain('Đã nhắc ngay lúc 20/09/2023 09:00; nhắc lại được từ 20/09/2023 09:30.');
    expect(nonceOf(after)).toBeUndefined();
    expect(after).toContain('<strong>Nhắc ngay (từ bảng điều khiển)</strong> · 20/09/2023 09:00');
    expect(after).toContain(`Thanh tra Sở (TTRA) → Telegram · “Tổ Thanh tra &lt;b&gt;” — đang chờ gửi`);
    expect(after).toContain('Văn phòng Sở (VP) → Telegram · nhóm của Văn phòng Sở — đang chờ gửi');
    expect(after).not.toContain('-201');

    // The same press again (a second click, a resubmitted form): nothing more.
    const again = await post(`${PAGE}/nhac-ngay`, { csrf, nonce }, cookie);
    expect(again.headers.get('location')).toBe(`${PAGE}?tb=da-nhac`);
    expect(await text(again.headers.get('location')!, cookie)).toContain('Lần nhắc này đã được gửi rồi');
    // Another press within 30 minutes (a second tab): refused.
    h.clock.set('2023-09-20T09:29:00+07:00');
    const soon = await post(`${PAGE}/nhac-ngay`, { csrf, nonce: 'AAAAAAAAAAAAAAAA' }, cookie);
    expect(soon.status).toBe(400);
    expect(await soon.text()).toContain('Kỳ này vừa được nhắc ngay lúc 20/09/2023 09:00. Mỗi kỳ chỉ nhắc ngay một lần trong 30 phút; hãy thử lại từ 20/09/2023 09:30.');
    expect((await nowRows(h)).length).toBe(3);

    // Later: a new form; two presses of it at once queue one set.
    h.clock.set('2023-09-20T09:31:00+07:00');
    const next = nonceOf(await text(PAGE, cookie))!;
    expect(next).not.toBe(nonce);
    const both = await Promise.all([1, 2].map(() => post(`${PAGE}/nhac-ngay`, { csrf, nonce: next }, cookie)));
    expect(both.map((r) => r.status)).toEqual([303, 303]);
    expect((await nowRows(h)).length).toBe(6);
    expect((await h.stores.audit.recent(50)).filter((e) => e.action === 'remind-now').length).toBe(2);
  });

  it('refuses a bad form, a viewer, a POST without the CSRF token, and an occurrence with nobody left', async () => {
    const { h, post, signIn, text } = await webSession('2023-09-20T09:00:00+07:00');
    await chats(h);
    const admin = await signIn();
    const viewer = await signIn(VIEWER);
    const nonce = nonceOf(await text(PAGE, admin.cookie))!;
    const bad = await post(`${PAGE}/nhac-ngay`, { csrf: admin.csrf, nonce: '"><script>' }, admin.cookie);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Biểu mẫu nhắc không hợp lệ');
    expect((await post(`${PAGE}/nhac-ngay`, { csrf: viewer.csrf, nonce }, viewer.cookie)).status).toBe(403);
    expect((await post(`${PAGE}/nhac-ngay`, { nonce }, admin.cookie)).status).toBe(403);
    expect(await text(PAGE, viewer.cookie)).not.toContain('nhac-ngay');
    expect(await nowRows(h)).toEqual([]);
    for (const unit of h.content.deadline('H8')!.assignees) await post(`${PAGE}/xac-nhan`, { csrf: admin.csrf, unit, kind: 'xong', note: '' }, admin.cookie);
    expect(await text(PAGE, admin.cookie)).toContain('Mọi đơn vị đã hoàn thành kỳ này: không còn ai để nhắc.');
    const none = await post(`${PAGE}/nhac-ngay`, { csrf: admin.csrf, nonce }, admin.cookie);
    expect(none.status).toBe(400);
    expect(await nowRows(h)).toEqual([]);
  });
});


describe('Lịch sử nhắc hạn', () => {
  it('shows each scheduled step, when, to which chat, and how each message ended', async () => {
    const { h, signIn, text } = await webSession('2023-09-25T08:00:00+07:00');
    await chats(h);
    await queueReminders(jobDeps(h), h.clock.now());
    const rows = await h.stores.outbox.outboxRows('pending');
    const row = (key: string) => rows.find((r) => r.key === key)!;
    await h.stores.outbox.finishOutbox(row('H8@2023-09-25#TTRA#d-0').id, 'sent', 'm1');
    const vp = row('H8@2023-09-25#VP#d-0');
    await h.stores.outbox.finishOutbox(vp.id, 'parked');
    await h.stores.parking.park(tg('-100'), { text: vp.text, outboxId: vp.id }, 'chờ', new Date('2023-09-25T02:30:00Z'));
    await h.stores.outbox.finishOutbox(row('H8@2023-09-25#VP#nochat:d-0').id, 'undelivered');
    h.clock.set('2023-09-26T08:00:00+07:00');
    await queueReminders(jobDeps(h), h.clock.now());

    const { cookie } = await signIn();
    const page = await text(PAGE, cookie);
    const steps = [...page.matchAll(/<li class="step"><strong>([^<]+)<\/strong> · ([^<]+)/g)].map((m) => `${m[1]} · ${m[2]!.trim()}`);
    expect(steps).toEqual([
      'Nhắc trước 7 ngày (T-7) · 25/09/2023 08:00',
      'Nhắc trước 3 ngày (T-3) · 25/09/2023 08:00',
      'Nhắc trước 1 ngày (T-1) · 25/09/2023 08:00',
      'Nhắc đúng ngày đến hạn · 25/09/2023 08:00',
      'Báo Văn phòng: đơn vị chưa có nhóm chat · Nhắc đúng ngày đến hạn · 25/09/2023 08:00',
      'Nhắc quá hạn 1 ngày · 26/09/2023 08:00',
      'Báo Văn phòng: đơn vị chưa có nhóm chat · Nhắc quá hạn 1 ngày · 26/09/2023 08:00',
      'Báo cáo lên Văn phòng: đơn vị chưa hoàn thành · 26/09/2023 08:00',
    ]);
    expect(page).toContain('<div class="muted">9 bỏ qua (đã quá giờ khi Loa chạy lại)</div>');
    expect(page).toContain('<li class="sent">Thanh tra Sở (TTRA) → Telegram · “Tổ Thanh tra &lt;b&gt;” — đã gửi · 25/09/2023 08:00</li>');
    expect(page).toContain('<li class="parked">Văn phòng Sở (VP) → Telegram · nhóm của Văn phòng Sở — tạm giữ, Loa tự gửi lại · gửi lại sau 25/09/2023 09:30</li>');
    expect(page).toContain('<li class="no-chat">Phòng Kế hoạch - Tài chính (KHTC) — chưa có nhóm chat, không gửi được</li>');
    expect(page).toContain('<li class="undelivered">Văn phòng Sở (VP) → Telegram · nhóm của Văn phòng Sở — không gửi được');
    expect(page).not.toMatch(/telegram:-|chat -\d/);
  });
});

describe('Xác nhận thay', () => {
  it('marks a unit that received it as completed, keeping who received it and from which chat (named)', async () => {
    const { h, post, signIn, text, cardOf } = await webSession('2023-09-27T09:00:00+07:00');
    await chats(h);
    h.clock.set('2023-09-20T10:00:00+07:00');
    await h.ask('/xacnhan H8 nhan', { chat: tg('-201'), user: { id: '2002', name: 'Nguyễn Thị Hoa' } });
    h.clock.set('2023-09-27T09:00:00+07:00');
    const { cookie, csrf } = await signIn();
    const card = cardOf(await text(PAGE, cookie), 'TTRA');
    expect(card).toContain('✅ đã nhận');
    expect(card).toContain('Nhận: <strong>Nguyễn Thị Hoa</strong> · 20/09/2023 10:00 · Telegram · “Tổ Thanh tra &lt;b&gt;”');
    expect(card).toContain('<input type="hidden" name="kind" value="xong">');
    expect(card).toContain('Đánh dấu hoàn thành thay</button>');
    expect(card).toContain('Hủy xác nhận');

    const res = await post(`${PAGE}/xac-nhan`, { csrf, unit: 'TTRA', kind: 'xong', note: 'nộp bản giấy' }, cookie);
    expect(res.status).toBe(303);
    const [entry] = await h.stores.audit.recent(1);
    expect(entry).toMatchObject({ action: 'confirm', subject: 'H8@2023-09-25#TTRA', detail: { kind: 'xong', outcome: 'upgraded', onBehalf: true, note: 'nộp bản giấy' } });
    const done = cardOf(await text(PAGE, cookie), 'TTRA');
    expect(done).toContain('✔️ hoàn thành');
    expect(done).toContain('Nhận: <strong>Nguyễn Thị Hoa</strong> · 20/09/2023 10:00 · Telegram · “Tổ Thanh tra &lt;b&gt;”');
    expect(done).toContain(`Hoàn thành: <strong>${ADMIN.name}</strong> · 27/09/2023 09:00 · Bảng điều khiển web`);
    expect(done).not.toContain('Đánh dấu hoàn thành thay');
    expect(await h.ask('/tiendo H8')).toMatch(/✔️ TTRA — [^\n]*hoàn thành 27\/09\/2023 09:00/);
  });
});
