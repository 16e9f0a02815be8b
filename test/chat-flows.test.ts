/**
 * The everyday chat flows a new user met (issue 9, part 2): each test reproduces one report.
 * `BOT_NOW` 20/09/2023 09:00 unless said.
 */
import { describe, expect, it } from 'vitest';
import { reminderMessage } from '../src/scheduler/messages.js';
import { ADMIN, harness as openHarness, OFFICE_CHAT, STAFF, UNIT_CHAT } from './helpers.js';
import { storeFactories } from './stores.js';

const PRIVATE = { chatType: 'private' as const, chat: { channel: 'telegram', chatId: ADMIN.id } };

// The engine and the commands behave the same on every store.
describe.each(storeFactories)('on the $name store', (store) => {
  const harness = (now?: string) => openHarness(now, { store });

  describe('a confirmation typed with its code (item 1, 2)', () => {
    it('confirms the code typed, whatever deadline message came before', async () => {
      const h = await harness();
      await h.say('/dangky VP');
      const [detail] = await h.say('/deadline H10');
      // As in the console: a plain line answers the last deadline message.
      const reply = (text: string) => h.ask(text, { replyTo: detail!.id });
      expect(await reply('xong H11')).toMatch(/Văn phòng Sở đã HOÀN THÀNH hạn H11/);
      expect(await reply('đã nhận H13')).toMatch(/Văn phòng Sở đã NHẬN hạn H13/);
      for (const [text, code] of [['da nhan H6', 'H6'], ['đã hoàn thành H5', 'H5'], ['H12 xong', 'H12']] as const) {
        const answer = await reply(text);
        expect(answer).not.toMatch(/H10/);
        expect(answer).toContain(code);
      }
      expect((await h.confirmation('H10', '2023-09-30', 'VP'))).toBeUndefined();
      expect((await h.confirmation('H11', '2023-10-28', 'VP'))?.completed).toBeDefined();
    });
    it('says that an unknown code does not exist and how to list the codes', async () => {
      const h = await harness();
      for (const opts of [{ chatType: 'private' as const }, {}]) {
        const answer = await h.ask('xong H99', opts);
        expect(answer).toMatch(/Không có hạn H99/);
        expect(answer).toMatch(/\/deadline tatca/);
      }
      // Chit-chat is not a confirmation of a code.
      expect(await h.say('ok anh', { chatType: 'group' })).toEqual([]);
    });
  });

  describe('/thongbao needs a text; the unit list is read whatever the spacing (item 3)', () => {
    it('refuses a unit list without text, with the usage line, and creates nothing', async () => {
      const h = await harness();
      for (const text of ['/thongbao TTKHCN', '/thongbao TTKHCN,CCTDC', '/thongbao TTKHCN, CCTDC', '/thongbao --han 30/09/2023 VP']) {
        expect(await h.ask(text)).toMatch(/Thiếu nội dung thông báo[\s\S]*Cách dùng: \/thongbao/);
      }
      expect((await h.stores.announcements.announcements())).toHaveLength(0);
    });
    it('reads the unit list with any spacing around commas', async () => {
      const h = await harness();
      for (const list of ['TTKHCN,CCTDC', 'TTKHCN, CCTDC', 'TTKHCN ,CCTDC', 'TTKHCN , CCTDC', 'ttkhcn CCTDC']) {
        expect(await h.ask(`/thongbao ${list} Gửi danh sách`)).toMatch(/cho CCTDC, TTKHCN\./);
      }
      for (const a of (await h.stores.announcements.announcements())) {
        expect(a.text).toBe('Gửi danh sách');
        expect(a.units).toEqual(['CCTDC', 'TTKHCN']);
      }
      expect(await h.ask('/thongbao TTKHCN, ABC Gửi')).toMatch(/Không có đơn vị: ABC/);
      expect(await h.ask('/thongbao Họp giao ban')).toMatch(/cho tất cả 10 đơn vị/);
    });
  });

  describe('/deadline arguments: diacritics-insensitive, combined (item 4)', () => {
    it('takes "quá hạn" like "quahan", and combines it with tatca or a unit in any order', async () => {
      const h = await harness('2023-11-01T09:00:00+07:00');
      const overdueAll = await h.ask('/deadline quahan');
      expect(overdueAll).toMatch(/Các hạn đã qua chưa hoàn thành của tất cả đơn vị/);
      for (const args of ['quá hạn', 'Quá Hạn', 'quahan tatca', 'tatca quahan', 'quá hạn tất cả', 'tất cả quá hạn']) {
        expect(await h.ask(`/deadline ${args}`)).toBe(overdueAll);
      }
      const vp = await h.ask('/deadline quahan VP');
      expect(vp).toMatch(/Các hạn đã qua chưa hoàn thành của Văn phòng Sở \(VP\)/);
      expect(await h.ask('/deadline VP quá hạn')).toBe(vp);
      expect(await h.ask('/deadline tất cả')).toBe(await h.ask('/deadline tatca'));
    });
    it('binds a bound chat to its unit unless tatca says otherwise', async () => {
      const h = await harness('2023-11-01T09:00:00+07:00');
      await h.say('/dangky CCTDC', { chat: UNIT_CHAT });
      expect(await h.ask('/deadline quahan', { chat: UNIT_CHAT })).toMatch(/của Chi cục Tiêu chuẩn Đo lường Chất lượng \(CCTDC\)/);
      expect(await h.ask('/deadline quahan tatca', { chat: UNIT_CHAT })).toMatch(/của tất cả đơn vị/);
    });
  });

  describe('a pressed message shows its new state (item 14, core side)', () => {
    it('redraws a deadline message after a confirmation button: new state, only the buttons that still apply', async () => {
      const h = await harness();
      await h.say('/dangky TTKHCN');
      const [msg] = await h.say('/deadline H12');
      expect(msg!.text).toMatch(/• TTKHCN — Trung tâm Khoa học và Công nghệ: chưa xác nhận/);
      const received = await h.say('', { button: msg!.buttons![0]!.data, replyTo: msg!.id });
      expect(received[0]!.ack?.text).toMatch(/✅ TTKHCN — Trung tâm Khoa học và Công nghệ: đã nhận/);
      expect(received[0]!.ack?.text).not.toMatch(/TTKHCN — [^\n]*chưa xác nhận/);
      expect(received[0]!.ack?.buttons?.map((b) => b.label)).toEqual(['✔️ Đã hoàn thành']);
      const done = await h.say('', { button: msg!.buttons![1]!.data, replyTo: msg!.id });
      expect(done[0]!.ack?.text).toMatch(/✔️ TTKHCN — Trung tâm Khoa học và Công nghệ: đã hoàn thành/);
      expect(done[0]!.ack?.buttons).toEqual([]);
    });
    it('redraws a notice the same way', async () => {
      const h = await harness();
      await h.say('/dangky TTKHCN', { chat: UNIT_CHAT });
      await h.say('/thongbao --han 30/09/2023 TTKHCN Gửi danh sách');
      const [row] = (await h.stores.outbox.outboxRows('pending'));
      await h.stores.messages.rememberMessage(UNIT_CHAT, 'n1', row!.ref!);
      const [ack] = await h.say('', { chat: UNIT_CHAT, user: STAFF, button: row!.buttons![0]!.data, replyTo: 'n1' });
      expect(ack!.ack?.text).toMatch(/THÔNG BÁO T1[\s\S]*Gửi danh sách[\s\S]*Đơn vị đã nhận/);
      expect(ack!.ack?.buttons?.map((b) => b.label)).toEqual(['✔️ Đã hoàn thành']);
    });
    it('redraws a reminder: the unit\'s new state, no button left after "xong"', async () => {
      const h = await harness('2023-09-22T08:00:00+07:00');
      await h.say('/dangky CCTDC', { chat: UNIT_CHAT });
      const d = h.content.deadline('H8')!;
      const out = reminderMessage(h.content, { deadline: d, occurrence: '2023-09-25', unit: 'CCTDC', daysLeft: 3, status: 'chua' }, '2023-09-22');
      expect(out.text).toMatch(/CCTDC\): ⚠️ chưa xác nhận đã nhận/);
      await h.stores.messages.rememberMessage(UNIT_CHAT, 'r1', out.ref!);
      const [ack] = await h.say('', { chat: UNIT_CHAT, user: STAFF, button: out.buttons![1]!.data, replyTo: 'r1' });
      expect(ack!.ack?.text).toMatch(/^⏰ Nhắc hạn H8[\s\S]*CCTDC\): ✔️ đã hoàn thành/);
      expect(ack!.ack?.text).not.toMatch(/chưa xác nhận/);
      expect(ack!.ack?.buttons).toEqual([]);
    });
    it('drops the Duyệt / Từ chối buttons of a decided request', async () => {
      const h = await harness();
      await h.say('/dangky TTKHCN', { chat: UNIT_CHAT, user: STAFF });
      const [out] = await h.say('', { ...PRIVATE, button: '/duyet R1' });
      expect(out!.ack).toMatchObject({ buttons: [], appendLine: expect.stringMatching(/Đã duyệt — Chánh Văn phòng lúc 20\/09\/2023 09:00/) });
      const [again] = await h.say('', { ...PRIVATE, button: '/tuchoi R1' });
      expect(again!.ack?.buttons).toEqual([]);
      expect(again!.text).toMatch(/đã được duyệt trước đó/);
    });
  });

  describe('only the current occurrence and past ones can be confirmed (item 17)', () => {
    it('refuses a report years early (05/11/2025 on 20/09/2023)', async () => {
      const h = await harness();
      await h.say('/dangky KHTC');
      expect(await h.ask('/xacnhan H5 xong 05/11/2025')).toMatch(/Kỳ 05\/11\/2025 của hạn H5 chưa tới[\s\S]*05\/11\/2023/);
      expect((await h.confirmation('H5', '2025-11-05', 'KHTC'))).toBeUndefined();
      // Outside the plan's period (2022-2025) there is no such occurrence at all.
      expect(await h.ask('/xacnhan H5 xong 05/11/2026')).toMatch(/không có kỳ nào vào ngày 05\/11\/2026/);
      expect(await h.ask('/xacnhan H5 xong 05/11/2023')).toMatch(/HOÀN THÀNH hạn H5 \(05\/11\/2023\)/);
    });
  });

  describe('/tiendo without a code, with a unit; near-miss commands; /help and /start (item 20)', () => {
    it('gives the overview of open deadlines, nearest first, with counts', async () => {
      const h = await harness();
      await h.say('/dangky CCTDC');
      await h.say('/xacnhan H12 xong');
      const text = await h.ask('/tiendo');
      expect(text).toMatch(/Tiến độ các hạn đang mở/);
      const order = [...text.matchAll(/^(?:🔴 )?(H\d+) —/gm)].map((m) => m[1]);
      expect(order.slice(0, 3)).toEqual(['H8', 'H10', 'H9']);
      expect(text).toMatch(/H12 — [^\n]*\n[^\n]*\n\s+hoàn thành 1\/2/);
    });
    it('shows one unit\'s deadlines with its state', async () => {
      const h = await harness();
      await h.say('/dangky CCTDC');
      await h.say('/xacnhan H12');
      const text = await h.ask('/tiendo CCTDC');
      expect(text).toMatch(/Tiến độ của Chi cục Tiêu chuẩn Đo lường Chất lượng \(CCTDC\)/);
      expect(text).toMatch(/✅ H12 — [^\n]*\n[^\n]*đã nhận, chưa hoàn thành/);
      expect(text).toMatch(/• H8 — /);
      expect(text).not.toMatch(/H10 —/);
      expect(await h.ask('/tiendo Chi cục TĐC')).toBe(text);
    });
    it('suggests the command meant by a near miss', async () => {
      const h = await harness();
      expect(await h.ask('/deadlin', { chatType: 'private' })).toMatch(/Có phải bạn muốn \/deadline\?/);
      expect(await h.ask('/khau hieu', { chatType: 'private' })).toMatch(/Có phải bạn muốn \/khauhieu\?/);
      expect(await h.ask('/tiendoo', { chatType: 'private' })).toMatch(/Có phải bạn muốn \/tiendo\?/);
      expect(await h.ask('/xyzzy', { chatType: 'private' })).not.toMatch(/Có phải/);
    });
    it('/help lists every name a command answers to; /start is short', async () => {
      const h = await harness();
      const help = await h.ask('/help');
      for (const name of ['/hanchot', '/thoihan', '/han', '/trogiup', '/huongdan', '/xn', '/confirm', '/kh', '/plan', '/batdau']) expect(help).toContain(name);
      const start = await h.ask('/start');
      expect(start.length).toBeLessThan(help.length / 2);
      for (const c of ['/deadline', '/xacnhan', '/tiendo', '/khauhieu', '/kehoach', '/help']) expect(start).toContain(c);
      expect(start).not.toContain('/duyet');
    });
  });

  describe('words (issue 9, part 3)', () => {
    it('never shows staff an internal chat key or a variable name', async () => {
      const h = await harness();
      const outs = await h.say('/dangky TTKHCN', { chat: UNIT_CHAT, user: STAFF });
      const all = [...outs.map((o) => o.text), await h.ask('/duyet', PRIVATE), await h.ask('/duyet R1', PRIVATE), await h.ask('/thongbao x', { chat: UNIT_CHAT, user: STAFF })].join('\n');
      expect(all).not.toMatch(/telegram:-?\d+|console:|ADMIN_IDS/);
      expect(await h.ask('/help', { chat: UNIT_CHAT, user: STAFF })).not.toMatch(/telegram:/);
    });
    it('names "every unit but the office" instead of listing nine codes', async () => {
      const h = await harness();
      expect(await h.ask('/deadline tatca')).toMatch(/H9 — [^\n]*\n[^\n]*\n\s+👥 các đơn vị trừ VP \(9\)/);
    });
    it('names a group by its title in the request to the admins', async () => {
      const h = await harness();
      const { engine } = h;
      const outs = await engine.handle(
        { chat: UNIT_CHAT, chatType: 'group', chatTitle: 'Trung tâm KH&CN — cơ quan', user: STAFF, text: '/dangky TTKHCN' },
        4096,
      );
      expect(outs.find((o) => o.chat?.chatId === ADMIN.id)!.text).toContain('nhóm “Trung tâm KH&CN — cơ quan”');
    });
    it('says "cuộc trò chuyện này" in a private chat and "nhóm chat này" in a group', async () => {
      const h = await harness();
      expect(await h.ask('/dangky VP', PRIVATE)).toMatch(/cuộc trò chuyện này thuộc đơn vị/);
      expect(await h.ask('/dangky VP', { chat: OFFICE_CHAT })).toMatch(/nhóm chat này thuộc đơn vị/);
      expect(await h.ask('/xacnhan H8', { chatType: 'private', chat: { channel: 'telegram', chatId: '777' }, user: STAFF })).toMatch(/^Cuộc trò chuyện này chưa đăng ký/);
    });
    it('shows a notice without a due date as a notice with one "đã nhận" count', async () => {
      const h = await harness();
      await h.say('/thongbao Họp giao ban');
      const text = await h.ask('/tiendo T1');
      expect(text).toMatch(/^📊 Thông báo T1: Họp giao ban/);
      expect(text).toMatch(/Đã nhận\s+░+ 0\/10/);
      expect(text).not.toMatch(/Hoàn thành|hạn T1/);
    });
  });

  describe('overdue items of ended plans are not open work (item 11, /deadline quahan and /tiendo)', () => {
    it('lists nothing from 2023 on today\'s clock', async () => {
      const h = await harness('2026-11-29T09:00:00+07:00');
      const overdue = await h.ask('/deadline quahan tatca');
      expect(overdue).not.toMatch(/quá hạn \d{3,} ngày/);
      expect(overdue).toMatch(/Không có hạn nào đã qua mà chưa hoàn thành/);
      expect(await h.ask('/tiendo')).toMatch(/Không có hạn nào đang mở/);
    });
    it('still chases the last report of a plan that ended, within the current-occurrence window', async () => {
      const h = await harness('2023-01-05T09:00:00+07:00');
      const overdue = await h.ask('/deadline quahan tatca');
      expect(overdue).toMatch(/H1 — [^\n]*\n\s+📅 Thứ Bảy, 31\/12\/2022 · quá hạn 5 ngày/);
      h.clock.set('2023-02-15T09:00:00+07:00');
      expect(await h.ask('/deadline quahan tatca')).not.toMatch(/H1 —/);
    });
  });
});
