/**
 * The guided registration in chat (issue 14, item 3): `/dangkyhd H8` driven through the engine
 * over a real store, with a restart (the store closed and opened again) in the middle.
 * `BOT_NOW` 20/09/2023 09:00; H8 (Phụ lục II, 6 columns) is due 25/09/2023.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FORM_ROWS } from '../src/core/form-session.js';
import { DATA_DIR, harness as openHarness, STAFF, tempDir, UNIT_CHAT, type Harness, type SayOptions } from './helpers.js';
import { storeFactories, type StoreFactory } from './stores.js';

const NOW = '2023-09-20T09:00:00+07:00';
const OTHER = { id: '3003', name: 'Trần Văn Nam' };
const H8 = { deadline: 'H8', occurrence: '2023-09-25' };
const COLUMNS = [
  'Tên nội dung, hoạt động',
  'Thời gian tổ chức, triển khai',
  'Quy mô, phạm vi triển khai',
  'Đối tượng thực hiện hoặc đối tượng thụ hưởng',
  'Mục tiêu hướng đến hoặc dự kiến kết quả đạt được',
  'Ghi chú',
];

/** A copy of the sample data where H9 (VP not responsible) asks for a two-column form as well. */
function dataWithSecondForm(): string {
  const dir = join(tempDir(), 'data');
  cpSync(DATA_DIR, dir, { recursive: true });
  const file = join(dir, 'plans', 'bac-giang-2023.json');
  const plan = JSON.parse(readFileSync(file, 'utf8'));
  plan.forms.push({ appendix: 'Phụ lục III', title: 'Kết quả', columns: ['Nội dung', 'Kết quả'], deadline: 'H9' });
  writeFileSync(file, JSON.stringify(plan, null, 2));
  return dir;
}

describe.each(storeFactories)('/dangkyhd on the $name store', (store: StoreFactory) => {
  /** A bot with the office chat bound to VP and the unit chat to TTKHCN, and how to restart it on the same store. */
  async function start(): Promise<{ h: Harness; restart(from: Harness): Promise<Harness> }> {
    const dir = tempDir();
    const dataDir = dataWithSecondForm();
    const h = await openHarness(NOW, { store, dir, dataDir });
    await h.say('/dangky VP');
    await h.say('/dangky TTKHCN', { chat: UNIT_CHAT });
    return {
      h,
      async restart(from) {
        await from.flush();
        const at = from.clock.now().toISOString();
        await from.stores.close();
        return openHarness(at, { store, dir, dataDir });
      },
    };
  }
  const AS_STAFF: SayOptions = { chat: UNIT_CHAT, user: STAFF };
  const AS_OTHER: SayOptions = { chat: UNIT_CHAT, user: OTHER };
  const session = (h: Harness, user = STAFF) => h.stores.formSessions.formSession(UNIT_CHAT, user.id);

  it('takes a two-row registration with a skip, an edit and buttons, across a restart, and hands it in', async () => {
    const { h, restart } = await start();
    const [first] = await h.say('/dangkyhd H8', AS_STAFF);
    expect(first!.text).toMatch(/^📝 Đăng ký theo mẫu Phụ lục II — hạn H8 \(25\/09\/2023\) cho Trung tâm/);
    expect(first!.text).toMatch(/Dòng 1 · cột 1\/6: Tên nội dung, hoạt động\?\n\(gõ “bỏ qua” để trống, “hủy” để dừng/);
    expect(await h.ask('Hội nghị tuyên truyền', AS_STAFF)).toMatch(/^Dòng 1 · cột 2\/6: Thời gian tổ chức, triển khai\?/);
    await h.say('Tháng 9/2023', AS_STAFF);
    // A skip by button.
    expect(await h.ask('', { ...AS_STAFF, button: '/dangkyhd H8 boqua' })).toMatch(/^Dòng 1 · cột 4\/6/);

    // The bot restarts in the middle of the row: nothing is lost.
    const h2 = await restart(h);
    expect((await session(h2))!.draft).toEqual(['Hội nghị tuyên truyền', 'Tháng 9/2023', '']);
    await h2.say('Cán bộ, công chức', AS_STAFF);
    await h2.say('Nâng cao nhận thức', AS_STAFF);
    const [review] = await h2.say('bo qua', AS_STAFF);
    expect(review!.text).toMatch(/Dòng 1 — kiểm tra trước khi lưu:\n1\. Tên nội dung, hoạt động: Hội nghị tuyên truyền\n2\. Thời gian tổ chức, triển khai: Tháng 9\/2023\n3\. Quy mô, phạm vi triển khai: \(để trống\)/);
    expect(review!.buttons!.map((b) => b.label)).toEqual(['💾 Lưu dòng', '✏️ Sửa', '❌ Hủy']);

    // The edit button asks which column; "sửa 3" re-asks column 3 and shows the row back again.
    expect((await h2.say('', { ...AS_STAFF, button: '/dangkyhd H8 sua' }))[0]!.buttons!.map((b) => b.data)).toContain('/dangkyhd H8 sua 3');
    expect(await h2.ask('sửa 3', AS_STAFF)).toMatch(/Sửa dòng 1 · cột 3\/6: Quy mô, phạm vi triển khai\?/);
    expect(await h2.ask('Toàn Sở', AS_STAFF)).toMatch(/3\. Quy mô, phạm vi triển khai: Toàn Sở/);

    // Restart again with the row shown back: the buttons of the old message still work.
    const h3 = await restart(h2);
    const [saved] = await h3.say('', { ...AS_STAFF, button: '/dangkyhd H8 luu' });
    expect(saved!.text).toMatch(/^✅ Đã lưu dòng 1\./);
    expect(saved!.buttons!.map((b) => b.label)).toEqual(['➕ Thêm dòng', '📤 Gửi đăng ký (1 dòng)', '❌ Hủy']);
    expect(await h3.ask('them', AS_STAFF)).toMatch(/^Dòng 2 · cột 1\/6/);
    for (const answer of ['Ra quân “Ngày Chủ nhật xanh”', '24/9/2023', 'Khu dân cư', '-', '-', 'Phối hợp Đoàn Thanh niên']) await h3.say(answer, AS_STAFF);
    expect((await h3.say('lưu', AS_STAFF))[0]!.buttons!.map((b) => b.label)).toContain('📤 Gửi đăng ký (2 dòng)');
    expect(await h3.stores.submissions.submissionsOf([H8])).toEqual([]);

    const receipt = await h3.ask('gửi', AS_STAFF);
    expect(receipt).toMatch(/📥 Đã nhận bản đăng ký của Trung tâm .* cho hạn H8 \(25\/09\/2023\)/);
    expect(receipt).toMatch(/📝 2 dòng đăng ký:/);
    expect(receipt).toMatch(/đã HOÀN THÀNH hạn H8/);
    expect(await session(h3)).toBeUndefined();
    const subs = await h3.stores.submissions.submissionsOf([H8]);
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ unit: 'TTKHCN', by: STAFF, chat: 'telegram:-200' });
    expect(subs[0]!.form).toEqual({
      columns: COLUMNS,
      rows: [
        ['Hội nghị tuyên truyền', 'Tháng 9/2023', 'Toàn Sở', 'Cán bộ, công chức', 'Nâng cao nhận thức', ''],
        ['Ra quân “Ngày Chủ nhật xanh”', '24/9/2023', 'Khu dân cư', '', '', 'Phối hợp Đoàn Thanh niên'],
      ],
    });
    expect((await h3.confirmation('H8', '2023-09-25', 'TTKHCN'))?.completed?.by).toEqual(STAFF);
    expect(await h3.ask('/tiendo H8')).toMatch(/TTKHCN[^\n]*(hoàn thành|✔️)/);
    // After it ended, the person's plain text is no answer any more.
    expect(await h3.say('cảm ơn Loa', AS_STAFF)).toEqual([]);
  });

  it('stores nothing when cancelled, by word or by button', async () => {
    const { h } = await start();
    await h.say('/dangkyhd H8', AS_STAFF);
    for (const a of ['A', 'B', 'C', 'D', 'E', 'F', 'luu', 'thêm', 'G']) await h.say(a, AS_STAFF);
    expect(await h.ask('hủy', AS_STAFF)).toMatch(/Đã hủy đăng ký hạn H8; không có gì được lưu/);
    await h.say('/đăngkýhđ H8', AS_STAFF);
    expect(await h.ask('', { ...AS_STAFF, button: '/dangkyhd H8 huy' })).toMatch(/Đã hủy/);
    expect(await session(h)).toBeUndefined();
    expect(await h.stores.submissions.submissionsOf([H8])).toEqual([]);
    expect(await h.confirmation('H8', '2023-09-25', 'TTKHCN')).toBeUndefined();
  });

  it('leaves a second person in the group alone, and lets them fill their own', async () => {
    const { h } = await start();
    await h.say('/dangkyhd H8', AS_STAFF);
    await h.say('Hội nghị', AS_STAFF);
    // Their chat is not an answer, their "xong" confirms as usual, a button press of theirs finds no session.
    expect(await h.say('ok anh', AS_OTHER)).toEqual([]);
    expect(await h.ask('', { ...AS_OTHER, button: '/dangkyhd H8 luu' })).toMatch(/Bản đăng ký hạn H8 của bạn không còn mở ở đây/);
    expect(await h.ask('/dangkyhd luu', AS_OTHER)).toMatch(/Bạn không có bản đăng ký nào đang điền dở ở đây/);
    expect(await h.ask('đã nhận H9', AS_OTHER)).toMatch(/đã NHẬN hạn H9/);
    expect((await session(h))!.draft).toEqual(['Hội nghị']);
    // Their own session runs beside the first.
    expect(await h.ask('/dangkyhoatdong H8', AS_OTHER)).toMatch(/Dòng 1 · cột 1\/6/);
    await h.say('Tọa đàm', AS_OTHER);
    expect((await session(h))!.draft).toEqual(['Hội nghị']);
    expect((await session(h, OTHER))!.draft).toEqual(['Tọa đàm']);
    // A command is a command, even from someone filling a form.
    expect(await h.ask('/dangkyhd H8', AS_STAFF)).toMatch(/↩️ Tiếp tục bản đăng ký đang dở[\s\S]*Dòng 1 · cột 2\/6/);
  });

  it('refuses a huge answer, a 51st row, an empty row and a stale session, changing nothing', async () => {
    const { h } = await start();
    await h.say('/dangkyhd H8', AS_STAFF);
    const before = await session(h);
    expect(await h.ask('x'.repeat(1500), AS_STAFF)).toMatch(/quá 1000 ký tự[\s\S]*Dòng 1 · cột 1\/6/);
    expect(await session(h)).toEqual(before);

    for (let i = 0; i < 6; i++) await h.say('-', AS_STAFF);
    expect(await h.ask('luu', AS_STAFF)).toMatch(/Dòng 1 trống \(mọi cột đều bỏ qua\) nên không lưu được/);
    expect((await session(h))!.rows).toEqual([]);

    // 50 rows saved (as the store keeps them): no 51st.
    const full = { ...(await session(h))!, rows: Array.from({ length: MAX_FORM_ROWS }, (_, i) => [`Hoạt động ${i + 1}`, '', '', '', '', '']), draft: [], step: -1 };
    await h.stores.formSessions.saveFormSession(full);
    expect(await h.ask('thêm', AS_STAFF)).toMatch(/tối đa 50 dòng/);
    expect((await session(h))!.step).toBe(-1);
    expect(await h.ask('/dangkyhd gui', AS_STAFF)).toMatch(/📝 50 dòng đăng ký/);

    // A session left for more than a day is gone: the message is read as usual, and a press on
    // its buttons says what became of it and offers to start again.
    const [question] = await h.say('/dangkyhd H8', AS_STAFF);
    await h.say('Hội nghị', AS_STAFF);
    h.clock.set('2023-09-21T09:30:00+07:00');
    expect(await h.ask('xong H9', AS_STAFF)).toMatch(/^✔️ Đã ghi nhận: Trung tâm .* đã HOÀN THÀNH hạn H9/);
    expect(await h.say('cảm ơn', AS_STAFF)).toEqual([]);
    expect(await session(h)).toBeUndefined();
    const skip = question!.buttons!.find((b) => b.label.includes('Bỏ qua'))!.data;
    expect(await h.ask('', { ...AS_STAFF, button: skip })).toMatch(/Bản đăng ký hạn H8 của bạn không còn mở ở đây: đã gửi, đã hủy, hoặc bỏ dở quá 24 giờ[\s\S]*Đăng ký lại: \/dangkyhd H8/);
    expect(await h.ask('/dangkyhd H8', AS_STAFF)).toMatch(/Dòng 1 · cột 1\/6/);
    expect((await h.stores.submissions.submissionsOf([H8]))).toHaveLength(1);

    // Button data that is no command, or a command for nothing open.
    expect(await h.ask('', { ...AS_STAFF, button: 'dangkyhd luu' })).toMatch(/Nút bấm này không còn hợp lệ/);
    expect(await h.ask('', { ...AS_OTHER, button: '/dangkyhd sua 2' })).toMatch(/Bạn không có bản đăng ký nào đang điền dở/);
    expect(await h.ask('', { ...AS_STAFF, button: '/dangkyhd zzz' })).toMatch(/Không có hạn “zzz”[\s\S]*Cách dùng: \/dangkyhd/);
  });

  it('lists the unit’s forms, says how else to hand in, and refuses where the chat cannot register', async () => {
    const { h } = await start();
    const list = await h.ask('/dangkyhd', AS_STAFF);
    expect(list).toMatch(/📝 Các hạn có mẫu đăng ký của Trung tâm/);
    expect(list).toMatch(/• H8 \(25\/09\/2023\)[\s\S]*Mẫu Phụ lục II, 6 cột: \/dangkyhd H8/);
    expect(list).toMatch(/• H9 \(22\/10\/2023\)[\s\S]*\/dangkyhd H9/);
    // VP is not responsible for H9, so its list has H8 only.
    expect(await h.ask('/dangkyhd')).not.toMatch(/H9/);
    expect(await h.ask('/dangkyhd H9')).toMatch(/Văn phòng Sở \(VP\) không phải đơn vị thực hiện hạn H9/);

    expect(await h.ask('/dangkyhd H10', AS_STAFF)).toMatch(/Hạn H10 không có mẫu đăng ký[\s\S]*chú thích “xong H10”/);
    const elsewhere = { chat: { channel: 'telegram', chatId: '-999' }, user: STAFF };
    expect(await h.ask('/dangkyhd H8', elsewhere)).toMatch(/Nhóm chat này chưa đăng ký đơn vị/);
    expect(await h.ask('/dangkyhd', elsewhere)).toMatch(/Nhóm chat này chưa đăng ký đơn vị/);
    expect(await h.stores.formSessions.formSession(elsewhere.chat, STAFF.id)).toBeUndefined();

    // One form at a time.
    await h.say('/dangkyhd H8', AS_STAFF);
    expect(await h.ask('/dangkyhd H9', AS_STAFF)).toMatch(/Bạn đang đăng ký dở hạn H8[\s\S]*gửi hoặc hủy bản đó trước khi bắt đầu hạn H9/);
    expect((await session(h))!.deadline).toBe('H8');
    expect(await h.ask('/dangkyhd', AS_STAFF)).toMatch(/Bạn đang đăng ký dở hạn H8/);
    // A button of an ended registration does not act on the one open now.
    await h.say('hủy', AS_STAFF);
    expect(await h.ask('/dangkyhd H9', AS_STAFF)).toMatch(/Đăng ký theo mẫu Phụ lục III — hạn H9[\s\S]*Dòng 1 · cột 1\/2: Nội dung\?/);
    expect(await h.ask('', { ...AS_STAFF, button: '/dangkyhd H8 boqua' })).toMatch(/Nút này thuộc bản đăng ký hạn H8 đã kết thúc\. Bạn đang đăng ký hạn H9/);
    expect((await session(h))!.draft).toEqual([]);
    expect(await h.ask('/help', AS_STAFF)).toMatch(/\/dangkyhd \[MÃ_HẠN[\s\S]*Gõ: \/dangkyhd, \/dangkyhoatdong/);
  });
});
