import { describe, expect, it } from 'vitest';
import { commands, validateCommands } from '../commands/index.js';
import { quoteSlogan, sloganOfDay } from '../src/core/slogans.js';
import type { Command } from '../src/core/command.js';
import { ADMIN, harness as openHarness, OFFICE_CHAT, STAFF, UNIT_CHAT } from './helpers.js';
import { storeFactories } from './stores.js';

const TT = { chat: UNIT_CHAT, user: STAFF };

describe('command table', () => {
  it('is valid: ASCII names, unique aliases', () => {
    expect(() => validateCommands(commands)).not.toThrow();
  });
  it('rejects a bad name and a duplicated alias', () => {
    const base: Command = { name: 'ok', aliases: [], description: 'mô tả', usage: '/ok', run: () => [] };
    expect(() => validateCommands([{ ...base, name: 'Bad-Name' }])).toThrow(/must match/);
    expect(() => validateCommands([base, { ...base, name: 'other', aliases: ['OK'] }])).toThrow(/already used by \/ok/);
  });
});

// The engine and the commands behave the same on every store.
describe.each(storeFactories)('on the $name store', (store) => {
  const harness = (now?: string) => openHarness(now, { store });

  describe('/start and /help', () => {
    it('lists every command from the table', async () => {
      const h = await harness();
      const text = await h.ask('/help');
      for (const c of commands.filter((c) => c.name !== 'start')) expect(text).toContain(`/${c.name}`);
      expect(await h.ask('/start')).toMatch(/Xin chào! Loa là trợ lý/);
    });
    it('answers to aliases, with or without diacritics and in any case', async () => {
      const h = await harness();
      const help = await h.ask('/help');
      expect(await h.ask('/trogiup')).toBe(help);
      expect(await h.ask('/trợgiúp')).toBe(help);
      expect(await h.ask('/TROGIUP')).toBe(help);
      expect(await h.ask('/hanchot tatca')).toBe(await h.ask('/deadline tatca'));
      expect(await h.ask('/thờihạn tatca')).toBe(await h.ask('/deadline tatca'));
      expect(await h.ask('/khẩuhiệu')).toBe(await h.ask('/khauhieu'));
    });
    it('hides admin-only commands from others', async () => {
      const h = await harness();
      expect(await h.ask('/help', TT)).not.toContain('/duyet');
    });
  });

  describe('addressing', () => {
    it('answers /cmd@OurBot and ignores /cmd@OtherBot', async () => {
      const h = await harness();
      expect(await h.ask('/khauhieu@LoaBot')).toMatch(/Khẩu hiệu hôm nay/);
      expect(await h.ask('/khauhieu@loabot')).toMatch(/Khẩu hiệu hôm nay/);
      expect(await h.say('/khauhieu@OtherBot')).toEqual([]);
      expect(await h.say('/nothing@OtherBot')).toEqual([]);
    });
    it('hints /help for an unknown command in a private chat, stays quiet in a group', async () => {
      const h = await harness();
      expect(await h.ask('/abc', { chatType: 'private' })).toBe('Loa không có lệnh /abc. Gõ /help để xem các lệnh.');
      expect(await h.say('/abc', { chatType: 'group' })).toEqual([]);
      expect(await h.ask('/abc@LoaBot', { chatType: 'group' })).toMatch(/Gõ \/help/);
      expect(await h.say('chuyện phiếm trong nhóm', { chatType: 'group' })).toEqual([]);
      expect(await h.ask('xin chào', { chatType: 'private' })).toMatch(/\/help/);
    });
  });

  describe('/khauhieu', () => {
    it('gives the slogan of the day, the same all day, changing by date', async () => {
      const h = await harness('2023-09-20T01:00:00+07:00');
      const morning = await h.ask('/khauhieu');
      h.clock.set('2023-09-20T23:59:00+07:00');
      expect(await h.ask('/khauhieu')).toBe(morning);
      h.clock.set('2023-09-21T00:01:00+07:00');
      expect(await h.ask('/khauhieu')).not.toBe(morning);
      const s = sloganOfDay(h.content.slogans, '2023-09-20')!;
      expect(morning).toContain(quoteSlogan(s.text));
      expect(morning).toContain(`Khẩu hiệu số ${s.number}/${h.content.slogans.length}`);
    });
    it('rotates through every current slogan (in 2024: all but the greeting for the 2023 anniversary)', () => {
      return harness().then((h) => {
        const seen = new Set<number>();
        for (let i = 0; i < 15; i++) seen.add(sloganOfDay(h.content.slogans, `2024-01-${String(i + 1).padStart(2, '0')}`)!.number);
        expect(seen.size).toBe(15);
      });
    });
    it('gives slogan N, all slogans, and searches without diacritics', async () => {
      const h = await harness();
      expect(await h.ask('/khauhieu 4')).toContain('“Dân vận khéo thì việc gì cũng thành công”');
      const all = await h.ask('/khauhieu tatca');
      expect(all).toMatch(/Tất cả 16 khẩu hiệu/);
      expect(all).toContain('16. ');
      expect(await h.ask('/khauhieu TẤT CẢ')).toBe(all);
      const found = await h.ask('/khauhieu dan biet dan ban');
      expect(found).toMatch(/2 khẩu hiệu có/);
      expect(found).toContain('Dân biết, dân bàn');
      expect(await h.ask('/khauhieu 99')).toMatch(/Chỉ có 16 khẩu hiệu[\s\S]*Cách dùng: \/khauhieu/);
      expect(await h.ask('/khauhieu 0')).toMatch(/Chỉ có 16 khẩu hiệu/);
      expect(await h.ask('/khauhieu xyzzy')).toMatch(/Không tìm thấy khẩu hiệu nào có “xyzzy”/);
    });
  });

  describe('/deadline', () => {
    it('shows the Bắc Giang deadline of 25/09/2023 as "còn 5 ngày" on 20/09/2023', async () => {
      const h = await harness('2023-09-20T09:00:00+07:00');
      const text = await h.ask('/deadline tatca');
      expect(text).toMatch(/H8 — Đăng ký hoạt động[^\n]*\n\s+📅 Thứ Hai, 25\/09\/2023 · còn 5 ngày/);
      // Nearest first.
      const order = [...text.matchAll(/• (H\d+) —/g)].map((m) => m[1]);
      expect(order.slice(0, 3)).toEqual(['H8', 'H10', 'H9']);
      expect(text).not.toContain('H3 —'); // 10/03/2022 is past
    });
    it('defaults to the chat unit, or every unit in an unbound chat', async () => {
      const h = await harness('2023-09-20T09:00:00+07:00');
      const unbound = await h.ask('/deadline');
      expect(unbound).toMatch(/của tất cả đơn vị/);
      await h.say('/dangky CCTDC', { chat: UNIT_CHAT });
      const mine = await h.ask('/deadline', { chat: UNIT_CHAT });
      expect(mine).toMatch(/của Chi cục Tiêu chuẩn Đo lường Chất lượng \(CCTDC\)/);
      expect(mine).toContain('H12 —');
      expect(mine).not.toContain('H10 —'); // VP only
      expect(await h.ask('/deadline vp', { chat: UNIT_CHAT })).toContain('H10 —');
    });
    it('lists overdue deadlines, newest first, until completed', async () => {
      const h = await harness('2023-11-01T09:00:00+07:00');
      const text = await h.ask('/deadline quahan');
      const order = [...text.matchAll(/• (H\d+) —/g)].map((m) => m[1]);
      // Only open work: each deadline's current occurrence (recurring H1, H2, H5 are next due
      // later); H3, H4 belong to the Bình Phước plan, kept for reference only.
      expect(order).toEqual(['H13', 'H11', 'H12', 'H9', 'H10', 'H8']);
      expect(text).toMatch(/quá hạn 37 ngày/);
      await h.say('/dangky VP');
      await h.say('/xacnhan H13 xong');
      expect(await h.ask('/deadline quahan')).not.toContain('H13 —');
    });
    it('shows a recurring deadline at its next occurrence', async () => {
      // Inside the plans' periods (Đắk Nông: 2022; Quảng Ngãi: 2022–2025).
      const h = await harness('2022-11-21T09:00:00+07:00');
      const text = await h.ask('/deadline tatca');
      expect(text).toMatch(/H1 — [^\n]*\n\s+📅 Thứ Bảy, 31\/12\/2022 · còn 40 ngày · định kỳ 6 tháng/);
      expect(text).toMatch(/H5 — [^\n]*\n\s+📅 Chủ nhật, 05\/11\/2023/);
    });
    it('shows one deadline with its units and confirmation buttons', async () => {
      const h = await harness();
      await h.say('/dangky TTKHCN');
      const [out] = await h.say('/deadline h12');
      expect(out!.text).toMatch(/Hạn H12: /);
      expect(out!.text).toMatch(/• CCTDC — Chi cục/);
      expect(out!.ref).toEqual({ deadline: 'H12', occurrence: '2023-10-25', view: 'detail' });
      expect(out!.buttons?.map((b) => b.label)).toEqual(['✅ Đã nhận', '✔️ Đã hoàn thành']);
      for (const b of out!.buttons!) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
    });
    it('answers a wrong argument with the usage line', async () => {
      const h = await harness();
      expect(await h.ask('/deadline xyz')).toMatch(/Không hiểu “xyz”[\s\S]*Cách dùng: \/deadline \[tatca\] \[quahan\] \[MÃ_ĐƠN_VỊ \| MÃ_HẠN\]/);
    });
  });

  describe('/kehoach and /donvi', () => {
    it('lists the five plans and summarises one', async () => {
      const h = await harness();
      const list = await h.ask('/kehoach');
      expect(list).toMatch(/Các kế hoạch \(5\)/);
      expect(list).toMatch(/1\. Triển khai các hoạt động “Tháng Dân vận” năm 2023/);
      const one = await h.ask('/kehoach 1');
      for (const part of ['📄 KẾ HOẠCH', 'Mục đích', 'Nội dung chính', 'Tổ chức thực hiện', 'Thời hạn (4)', 'H8 ·', 'Khẩu hiệu (9)', 'Triệu Ngọc Trung']) {
        expect(one).toContain(part);
      }
      expect(await h.ask('/kehoach tay ninh')).toContain('Thực hiện công tác Dân vận chính quyền năm 2023');
      expect(await h.ask('/kehoach dân vận')).toMatch(/kế hoạch có “dân vận”/);
      expect(await h.ask('/kehoach 9')).toMatch(/Chỉ có 5 kế hoạch/);
      expect(await h.ask('/kehoach khong co gi')).toMatch(/Không tìm thấy kế hoạch/);
    });
    it('splits a long plan summary on paragraphs under the channel limit', async () => {
      const h = await harness();
      const outs = await h.say('/kehoach 1', { maxLength: 2000 });
      expect(outs.length).toBeGreaterThan(1);
      for (const o of outs) expect(o.text.length).toBeLessThanOrEqual(2000);
      expect(outs.map((o) => o.text).join('\n\n')).toBe(await h.ask('/kehoach 1', { maxLength: 100_000 }));
    });
    it('lists units with codes', async () => {
      const h = await harness();
      const text = await h.ask('/donvi');
      expect(text).toContain('VP — Văn phòng Sở');
      expect(text).toContain('TTKHCN — Trung tâm Khoa học và Công nghệ');
    });
  });

  describe('/dangky, /duyet, /tuchoi', () => {
    it('binds at once for an admin', async () => {
      const h = await harness();
      expect(await h.ask('/dangky vp')).toMatch(/Đã đăng ký: nhóm chat này thuộc đơn vị Văn phòng Sở \(VP\)/);
      expect((await h.stores.bindings.bindingOf(OFFICE_CHAT))?.unit).toBe('VP');
      expect(await h.ask('/dangky Văn phòng Sở')).toMatch(/đã thuộc đơn vị Văn phòng Sở/);
    });
    it('creates a pending request for others, tells the admins, and binds on approval', async () => {
      const h = await harness();
      const outs = await h.say('/dangky TTKHCN', TT);
      expect(outs[0]!.text).toMatch(/Đã gửi yêu cầu R1/);
      const toAdmin = outs.find((o) => o.chat?.chatId === ADMIN.id)!;
      expect(toAdmin.chat).toEqual({ channel: 'telegram', chatId: ADMIN.id });
      expect(toAdmin.buttons?.map((b) => b.data)).toEqual(['/duyet R1', '/tuchoi R1']);
      expect((await h.stores.bindings.bindingOf(UNIT_CHAT))).toBeUndefined();
      expect(await h.ask('/dangky TTKHCN', TT)).toMatch(/R1 .*đang chờ/);
      expect(await h.ask('/duyet', TT)).toMatch(/chỉ dành cho quản trị viên/);
      expect(await h.ask('/duyet', { chatType: 'private', chat: { channel: 'telegram', chatId: ADMIN.id } })).toMatch(/R1 · Nguyễn Thị Hoa/);
      const approved = await h.say('', { button: '/duyet R1', chat: { channel: 'telegram', chatId: ADMIN.id } });
      expect(approved[0]!.text).toMatch(/Đã duyệt R1/);
      expect(approved[1]).toMatchObject({ chat: UNIT_CHAT, text: expect.stringMatching(/đã được duyệt/) });
      expect((await h.stores.bindings.bindingOf(UNIT_CHAT))?.unit).toBe('TTKHCN');
      expect(await h.ask('/tuchoi R1')).toMatch(/đã được duyệt trước đó/);
    });
    it('rejects', async () => {
      const h = await harness();
      await h.say('/dangky QLKH', TT);
      expect(await h.ask('/tuchoi r1')).toMatch(/Đã từ chối R1/);
      expect((await h.stores.bindings.bindingOf(UNIT_CHAT))).toBeUndefined();
      expect(await h.ask('/duyet R7')).toMatch(/Không có yêu cầu “R7”/);
    });
    it('refuses an unknown unit', async () => {
      const h = await harness();
      expect(await h.ask('/dangky ABC')).toMatch(/Không có đơn vị “ABC”/);
      expect(await h.ask('/dangky')).toMatch(/Cách dùng: \/dangky MÃ_ĐƠN_VỊ/);
    });
  });

  describe('/xacnhan and /tiendo', () => {
    it('records a confirmation once, with who, when and where', async () => {
      const h = await harness();
      await h.say('/dangky TTKHCN');
      expect(await h.ask('/xacnhan H8')).toMatch(/Trung tâm Khoa học và Công nghệ đã NHẬN hạn H8 \(25\/09\/2023\)[\s\S]*Chánh Văn phòng lúc 20\/09\/2023 09:00/);
      h.clock.set('2023-09-21T10:00:00+07:00');
      const again = await h.ask('/xacnhan h8 nhan');
      expect(again).toMatch(/đã nhận hạn H8 .* từ trước: Chánh Văn phòng lúc 20\/09\/2023 09:00/);
      expect(again).not.toMatch(/xác nhận nhận/);
      expect(again).toContain('Không có gì thay đổi');
      expect(await h.ask('/xacnhan H8 xong')).toMatch(/đã HOÀN THÀNH hạn H8/);
      expect(await h.ask('/xn H8 đã hoàn thành')).toMatch(/đã báo hoàn thành hạn H8 .* từ trước: Chánh Văn phòng lúc 21\/09\/2023 10:00/);
      const c = (await h.confirmation('H8', '2023-09-25', 'TTKHCN'))!;
      expect(c.received.chat).toBe('telegram:-100');
      expect(c.completed?.at).toBe('2023-09-21T03:00:00.000Z');
    });
    it('refuses an unbound chat, a unit not responsible, an unknown deadline', async () => {
      const h = await harness();
      expect(await h.ask('/xacnhan H8')).toMatch(/chưa đăng ký đơn vị/);
      await h.say('/dangky TTRA');
      expect(await h.ask('/xacnhan H12')).toMatch(/Thanh tra Sở \(TTRA\) không phải đơn vị thực hiện hạn H12[\s\S]*CCTDC, TTKHCN/);
      expect(await h.ask('/xacnhan H99')).toMatch(/Không có hạn “H99”[\s\S]*Cách dùng: \/xacnhan/);
      expect(await h.ask('/xacnhan')).toMatch(/Thiếu mã hạn/);
      expect(await h.ask('/xacnhan H8 maybe')).toMatch(/Không hiểu “maybe”/);
      expect(await h.ask('/xacnhan H8 nhan 26/09/2023')).toMatch(/không có kỳ nào vào ngày 26\/09\/2023/);
    });
    it('confirms by button and by replying to a deadline message', async () => {
      const h = await harness();
      await h.say('/dangky CCTDC');
      const [msg] = await h.say('/deadline H12');
      expect((await h.say('', { button: msg!.buttons![0]!.data }))[0]!.text).toMatch(/đã NHẬN hạn H12/);
      expect(await h.ask('Đã hoàn thành!', { replyTo: msg!.id })).toMatch(/đã HOÀN THÀNH hạn H12/);
      expect(await h.ask('ok', { replyTo: msg!.id })).toMatch(/từ trước/);
      expect(await h.ask('bao giờ họp?', { replyTo: msg!.id })).toMatch(/trả lời "đã nhận" hoặc "xong"/);
      // Plain text "đã nhận H13" without a reply (for channels without buttons).
      await h.say('/dangky VP');
      expect(await h.ask('da nhan h13')).toMatch(/Văn phòng Sở đã NHẬN hạn H13/);
      // A button from another deadline's message cannot be forged past 64 bytes.
      expect(await h.ask('', { button: '/xacnhan ' + 'H'.repeat(80) })).toMatch(/không còn hợp lệ/);
    });
    it('keeps the 2023 and 2024 occurrences of a yearly deadline apart', async () => {
      const h = await harness('2023-11-01T09:00:00+07:00');
      await h.say('/dangky KHTC');
      expect(await h.ask('/xacnhan H5 xong')).toMatch(/HOÀN THÀNH hạn H5 \(05\/11\/2023\)/);
      h.clock.set('2023-11-20T09:00:00+07:00'); // 15 days after: the 2023 report is still the current one
      expect(await h.ask('/xacnhan H5 xong')).toMatch(/từ trước/);
      h.clock.set('2023-12-20T09:00:00+07:00'); // 45 days after: the 2024 report is current
      expect(await h.ask('/xacnhan H5')).toMatch(/NHẬN hạn H5 \(05\/11\/2024\)/);
      // Nine units: the office (VP) collects these reports, it does not send one.
      expect(await h.ask('/tiendo H5 05/11/2023')).toMatch(/Hoàn thành ▓░░░░░░░░░ 1\/9/);
      expect(await h.ask('/tiendo H5')).toMatch(/05\/11\/2024[\s\S]*Hoàn thành ░░░░░░░░░░ 0\/9[\s\S]*Đã nhận    ▓░░░░░░░░░ 1\/9/);
    });
    it('shows progress with counts, a bar, and who is missing', async () => {
      const h = await harness();
      await h.say('/dangky CCTDC');
      await h.say('/xacnhan H12 xong');
      const text = await h.ask('/tiendo H12');
      expect(text).toMatch(/Tiến độ hạn H12/);
      expect(text).toMatch(/Hoàn thành ▓▓▓▓▓░░░░░ 1\/2/);
      expect(text).toMatch(/✔️ CCTDC — Chi cục Tiêu chuẩn Đo lường Chất lượng: hoàn thành 20\/09\/2023 09:00 \(Chánh Văn phòng\)/);
      expect(text).toMatch(/Chưa xác nhận \(1\):\n⏳ TTKHCN/);
      expect(await h.ask('/tiendo xyz')).toMatch(/Cách dùng: \/tiendo/);
    });
  });

  describe('/thongbao and /khauhieu batdau', () => {
    it('announces to the units\' chats with a button, tracks it like a deadline, lists units without a chat', async () => {
      const h = await harness();
      await h.say('/dangky TTKHCN', { chat: UNIT_CHAT });
      const out = await h.ask('/thongbao --han 30/09/2023 TTKHCN,CCTDC Gửi danh sách cán bộ dự hội nghị');
      expect(out).toMatch(/Đã tạo thông báo T1 cho CCTDC, TTKHCN, hạn Thứ Bảy, 30\/09\/2023/);
      expect(out).toMatch(/Đang gửi tới 1 nhóm chat/);
      expect(out).toMatch(/Chưa có nhóm chat \(không nhận được\): CCTDC/);
      const [row] = (await h.stores.outbox.outboxRows('pending'));
      expect(row).toMatchObject({ chat: 'telegram:-200', ref: { deadline: 'T1', occurrence: '2023-09-30' } });
      expect(row!.text).toMatch(/^📢 THÔNG BÁO T1 từ Văn phòng Sở\n\nGửi danh sách cán bộ dự hội nghị/);
      expect(row!.buttons?.map((b) => b.data)).toEqual(['/xacnhan T1 nhan 2023-09-30', '/xacnhan T1 xong 2023-09-30']);
      expect(await h.ask('', { chat: UNIT_CHAT, user: STAFF, button: row!.buttons![0]!.data })).toMatch(/đã NHẬN hạn T1/);
      expect(await h.ask('/tiendo t1')).toMatch(/Đã nhận\s+▓▓▓▓▓░░░░░ 1\/2/);
      expect(await h.ask('/deadline tatca')).toContain('T1 — Gửi danh sách');
      expect(await h.ask('/thongbao')).toMatch(/Thiếu nội dung/);
      expect(await h.ask('/thongbao --han 31/02/2023 x')).toMatch(/không hợp lệ/);
      expect(await h.ask('/thongbao ABC,XYZ họp')).toMatch(/Không có đơn vị: ABC, XYZ/);
      expect(await h.ask('/thongbao họp', TT)).toMatch(/chỉ dành cho quản trị viên/);
      // Without a due date: all units, only "Đã nhận", not listed by /deadline.
      expect(await h.ask('/thongbao Họp giao ban')).toMatch(/T2 cho tất cả 10 đơn vị/);
      expect(await h.ask('/deadline tatca')).not.toContain('T2 —');
      expect(await h.ask('/tiendo T2')).toMatch(/Gửi ngày: Thứ Tư, 20\/09\/2023/);
    });

    it('turns the daily slogan on and off for a chat', async () => {
      const h = await harness();
      expect(await h.ask('/khauhieu batdau')).toMatch(/Từ nay Loa gửi khẩu hiệu của ngày vào nhóm chat này lúc 07:30 từ thứ Hai đến thứ Sáu/);
      expect(await h.ask('/khauhieu bật đầu'.replace('bật đầu', 'batdau'))).toMatch(/đã nhận khẩu hiệu hằng ngày rồi/);
      expect((await h.stores.subscriptions.isSloganChat(OFFICE_CHAT))).toBe(true);
      expect(await h.ask('/khauhieu tắt')).toMatch(/Đã tắt/);
      expect((await h.stores.subscriptions.isSloganChat(OFFICE_CHAT))).toBe(false);
    });
  });
});
