/**
 * The Telegram channel end to end: the real built process (npm start path) against a local fake
 * Bot API on 127.0.0.1, with a temp database.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir, wholeStateSync } from '../helpers.js';
import { FakeBotApi, type Call } from './fake-bot-api.js';
import { httpPortOf, runCli, startCli, type Running } from './run.js';

const GROUP = -100;
const OTHER_GROUP = -300;
const ADMIN = { id: 1001, first_name: 'Chánh', last_name: 'Văn phòng' };
const STAFF = { id: 2002, first_name: 'Hoa' };

let api: FakeBotApi;
let bot: Running | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  bot = undefined;
  await api?.stop();
});

async function launch(env: Record<string, string> = {}, rules = {}, ready = 'getUpdates'): Promise<{ db: string }> {
  api = await new FakeBotApi('123456:TEST', 'LoaTestBot', rules).start();
  const db = env.DB_FILE ?? join(tempDir(), 'db.json');
  bot = startCli(['start'], {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    DB_FILE: db,
    BOT_NOW: '2023-09-20T09:00:00+07:00',
    ADMIN_IDS: `telegram:${ADMIN.id}`,
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    ...env,
  });
  await api.waitFor(() => api.calls.some((c) => c.method === ready));
  return { db };
}

/** Sends a message and waits for `n` more answers in that chat. */
type From = { id: number; first_name: string; last_name?: string };

async function say(chat: number, text: string, from: From = ADMIN, n = 1, extra: Record<string, unknown> = {}): Promise<Array<Call & { messageId?: number }>> {
  const before = api.sent(chat).length;
  api.message(chat, text, from, extra);
  return api.waitFor(() => api.sent(chat).length >= before + n && api.sent(chat).slice(before));
}

const texts = (calls: Call[]) => calls.map((c) => String(c.params.text)).join('\n');

describe('telegram (built process, fake Bot API)', () => {
  it('answers every command in a private chat and in a group, sets the menu, ignores other bots', async () => {
    await launch();
    const menu = api.calls.find((c) => c.method === 'setMyCommands')!;
    expect((menu.params.commands as Array<{ command: string }>).map((c) => c.command)).toEqual([
      'start', 'help', 'khauhieu', 'deadline', 'kehoach', 'donvi', 'dangky', 'xacnhan', 'dangkyhd', 'tiendo', 'tonghop', 'thongbao', 'duyet', 'tuchoi', 'congbo', 'huybo', 'gan', 'web',
    ]);
    for (const chat of [ADMIN.id, GROUP]) {
      expect(texts(await say(chat, '/start'))).toMatch(/Xin chào! Loa là trợ lý/);
      expect(texts(await say(chat, '/help'))).toMatch(/\/khauhieu/);
      expect(texts(await say(chat, '/khauhieu'))).toMatch(/Khẩu hiệu hôm nay/);
      expect(texts(await say(chat, '/deadline tatca'))).toMatch(/H8 — [^\n]*\n\s+📅 Thứ Hai, 25\/09\/2023 · còn 5 ngày/);
      const plans = await say(chat, '/kehoach');
      expect(texts(plans)).toMatch(/Các kế hoạch \(5\)/);
      expect(texts(await say(chat, '/donvi'))).toMatch(/VP — Văn phòng Sở/);
      expect(texts(await say(chat, `/dangky ${chat === GROUP ? 'CCTDC' : 'TTKHCN'}`))).toMatch(/Đã đăng ký/);
      expect(texts(await say(chat, '/xacnhan H8'))).toMatch(/đã NHẬN hạn H8/);
      expect(texts(await say(chat, '/tiendo H8'))).toMatch(/Đã nhận\s+▓/);
      // The reply and the announcement itself (this chat's unit is among the recipients), both
      // queued in the outbox by the same write.
      const notice = texts(await say(chat, '/thongbao Kiểm tra thông báo', ADMIN, 2));
      expect(notice).toMatch(/Đã tạo thông báo T\d/);
      expect(notice).toMatch(/📢 THÔNG BÁO T\d/);
      expect(texts(await say(chat, '/duyet'))).toMatch(/Không có yêu cầu/);
      expect(texts(await say(chat, '/tuchoi'))).toMatch(/Không có yêu cầu/);
    }
    // A long plan summary is split under 4096 characters.
    const long = await say(GROUP, '/kehoach 1', ADMIN, 2);
    for (const c of long) expect(String(c.params.text).length).toBeLessThanOrEqual(4096);
    // Addressed to us: answered; to another bot: ignored.
    expect(texts(await say(GROUP, '/khauhieu@LoaTestBot 4'))).toMatch(/Dân vận khéo thì việc gì cũng thành công/);
    const before = api.sent(GROUP).length;
    api.message(GROUP, '/khauhieu@OtherBot');
    api.message(GROUP, 'chuyện phiếm, không phải lệnh');
    await say(GROUP, '/donvi');
    expect(api.sent(GROUP).length).toBe(before + 1);
  });

  it('confirms by button end to end: stored, shown by /tiendo, a second press changes nothing', async () => {
    const { db } = await launch();
    await say(GROUP, '/dangky VP');
    const [detail] = await say(GROUP, '/deadline H10');
    expect((detail!.params.reply_markup as { inline_keyboard: unknown[][] }).inline_keyboard[0]).toHaveLength(2);
    api.press(GROUP, detail!, 0, STAFF);
    const edit = await api.waitFor(() => api.calls.find((c) => c.method === 'editMessageText'));
    expect(String(edit.params.text)).toMatch(/\n\n✅ VP đã nhận — Hoa lúc 20\/09\/2023 09:00$/);
    const toast = api.calls.find((c) => c.method === 'answerCallbackQuery')!;
    expect(toast.params.text).toBe('✅ Đã ghi nhận: VP đã nhận H10');
    expect(texts(await say(GROUP, '/tiendo H10'))).toMatch(/✅ VP — Văn phòng Sở: đã nhận 20\/09\/2023 09:00 \(Hoa\)/);
    const sentBefore = api.sent(GROUP).length;
    api.press(GROUP, detail!, 0, ADMIN);
    await api.waitFor(() => api.calls.filter((c) => c.method === 'answerCallbackQuery').length === 2);
    const second = api.calls.filter((c) => c.method === 'answerCallbackQuery')[1]!;
    expect(second.params.text).toMatch(/^ℹ️ VP đã nhận H10 từ trước \(Hoa lúc 20\/09\/2023 09:00\)/);
    await say(GROUP, '/donvi');
    expect(api.sent(GROUP).length).toBe(sentBefore + 1); // no message for the second press
    expect(api.calls.filter((c) => c.method === 'editMessageText')).toHaveLength(1);
    // Completed by the other button; then SIGTERM flushes and exits 0.
    api.press(GROUP, detail!, 1, STAFF);
    await api.waitFor(() => api.calls.filter((c) => c.method === 'editMessageText').length === 2);
    expect(await bot!.stop()).toBe(0);
    const saved = JSON.parse(readFileSync(db, 'utf8'));
    expect(saved.confirmations).toEqual([
      expect.objectContaining({ deadline: 'H10', occurrence: '2023-09-30', unit: 'VP', completed: expect.objectContaining({ chat: 'telegram:-100' }) }),
    ]);
  });

  it('confirms by replying "đã nhận" to the bot deadline message', async () => {
    await launch();
    await say(GROUP, '/dangky CCTDC');
    const [detail] = await say(GROUP, '/deadline H12');
    const answer = await say(GROUP, 'đã nhận', STAFF, 1, { reply_to_message: { message_id: detail!.messageId, chat: { id: GROUP }, from: { id: 1, is_bot: true } } });
    expect(texts(answer)).toMatch(/Chi cục Tiêu chuẩn Đo lường Chất lượng đã NHẬN hạn H12/);
    // A reply to some other message is chatter in a group.
    const before = api.sent(GROUP).length;
    api.message(GROUP, 'đã nhận', STAFF, { reply_to_message: { message_id: 99999, chat: { id: GROUP } } });
    await say(GROUP, '/donvi');
    expect(api.sent(GROUP).length).toBe(before + 1);
  });

  it('honours 429 retry_after and retries 5xx with no lost or doubled message', async () => {
    await launch();
    api.fail('sendMessage', { code: 429, retryAfter: 1 });
    const t0 = Date.now();
    api.message(GROUP, '/khauhieu 1');
    await api.waitFor(() => api.sent(GROUP).length >= 2);
    const [limited, sent] = api.sent(GROUP);
    expect(sent!.at - limited!.at).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    api.fail('sendMessage', { code: 502 }, 2);
    api.message(GROUP, '/khauhieu 2');
    await api.waitFor(() => api.sent(GROUP).length >= 5);
    await say(GROUP, '/khauhieu 3');
    const attempts = api.sent(GROUP).map((c) => String(c.params.text).split('\n')[0]);
    expect(attempts).toEqual(['📣 Khẩu hiệu số 1:', '📣 Khẩu hiệu số 1:', '📣 Khẩu hiệu số 2:', '📣 Khẩu hiệu số 2:', '📣 Khẩu hiệu số 2:', '📣 Khẩu hiệu số 3:']);
    expect(bot!.stderr()).toMatch(/429 for chat -100: waiting 1s/);
  });

  it('processes a repeated update_id once', async () => {
    await launch();
    // Redelivered in the same batch (as after a crash before the offset was confirmed).
    const update = { update_id: 5000, message: { message_id: 1, date: 0, chat: { id: GROUP, type: 'supergroup' }, from: ADMIN, text: '/khauhieu 1' } };
    api.push(update);
    api.push(update);
    await api.waitFor(() => api.sent(GROUP).length === 1);
    await say(GROUP, '/khauhieu 2');
    expect(bot!.stderr()).toMatch(/telegram update 5000 seen before: skipped/);
    expect(api.sent(GROUP).map((c) => String(c.params.text).split('\n')[0])).toEqual(['📣 Khẩu hiệu số 1:', '📣 Khẩu hiệu số 2:']);
  });

  it('survives odd updates: 5,000-character texts, unknown fields, edits, stickers, no text', async () => {
    await launch();
    api.message(GROUP, '/khauhieu ' + 'ả'.repeat(5000));
    api.message(ADMIN.id, 'x'.repeat(5000));
    api.push({ message: { message_id: 7, date: 0, chat: { id: GROUP, type: 'supergroup' }, from: ADMIN, sticker: { file_id: 'x' } } });
    api.push({ edited_message: { message_id: 7, date: 0, chat: { id: GROUP, type: 'supergroup' }, from: ADMIN, text: '/khauhieu' } });
    api.push({ message: { message_id: 8, chat: 'not an object', text: 5 }, brand_new_field: { x: [1, 2] } });
    api.push({ callback_query: { id: 'cbx', from: ADMIN, chat_instance: '1' } });
    api.push({ poll: { id: '1' } });
    api.push({ message: { message_id: 9, date: 0, chat: { id: GROUP, type: 'supergroup' }, from: ADMIN, text: '' } });
    await api.waitFor(() => api.sent(GROUP).length === 1 && api.sent(ADMIN.id).length === 1);
    expect(String(api.sent(GROUP)[0]!.params.text)).toMatch(/Từ khóa quá dài/);
    const answered = await say(GROUP, '/khauhieu 4');
    expect(texts(answered)).toMatch(/Khẩu hiệu số 4/);
    expect(api.calls.some((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === 'cbx')).toBe(true);
    expect(bot!.stderr()).not.toMatch(/ERROR/);
  });

  it('keeps the binding when a group becomes a supergroup, by service message or by a 400 on send', async () => {
    await launch();
    await say(-500, '/dangky TTKHCN');
    api.push({ message: { message_id: 3, date: 0, chat: { id: -500, type: 'group' }, from: ADMIN, migrate_to_chat_id: -1000500 } });
    expect(texts(await say(-1000500, '/deadline'))).toMatch(/của Trung tâm Khoa học và Công nghệ \(TTKHCN\)/);
    await say(-600, '/dangky CCTDC');
    api.migrated.set('-600', -1000600);
    api.message(-600, '/deadline');
    const moved = await api.waitFor(() => api.sent(-1000600)[0]);
    expect(String(moved.params.text)).toMatch(/của Chi cục Tiêu chuẩn Đo lường Chất lượng \(CCTDC\)/);
    expect(texts(await say(-1000600, '/deadline'))).toMatch(/\(CCTDC\)/);
  });

  it('marks a chat that removed the bot inactive, and says so in the log', async () => {
    await launch();
    api.fail('sendMessage', { code: 403 });
    api.message(OTHER_GROUP, '/khauhieu');
    await api.waitFor(() => /marked inactive/.test(bot!.stderr()));
    expect(api.sent(OTHER_GROUP)).toHaveLength(1);
    // The chat writes again: it is active again and answered.
    expect(texts(await say(OTHER_GROUP, '/khauhieu 2'))).toMatch(/Khẩu hiệu số 2/);
  });

  it('parks a message when retry_after is too long, tells the admins, and sends it after a restart', async () => {
    const { db } = await launch({ TELEGRAM_MAX_RETRY_AFTER: '1' });
    api.fail('sendMessage', { code: 429, retryAfter: 2 });
    api.message(GROUP, '/khauhieu 5');
    const warning = await api.waitFor(() => api.sent(ADMIN.id)[0]);
    expect(String(warning.params.text)).toMatch(/Loa tạm giữ tin nhắn P1 tới nhóm “Nhóm”: Telegram yêu cầu chờ 2 giây \(429\)/);
    expect(String(warning.params.text)).not.toMatch(/telegram:/);
    expect(await bot!.stop()).toBe(0);
    const { parked } = JSON.parse(readFileSync(db, 'utf8')) as { parked: Array<{ notBefore: string }> };
    expect(parked).toHaveLength(1);
    // Restart once the parked message is due (its notBefore has passed), so the resend at start sends it.
    await api.waitFor(() => Date.now() >= Date.parse(parked[0]!.notBefore));
    await api.stop();
    api = await new FakeBotApi().start();
    bot = startCli(['start'], { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, DB_FILE: db, BOT_NOW: '2023-09-20T09:00:00+07:00', TELEGRAM_CHAT_INTERVAL_MS: '0' });
    const resent = await api.waitFor(() => api.sent(GROUP)[0]);
    expect(String(resent.params.text)).toMatch(/Khẩu hiệu số 5/);
    await api.waitFor(() => api.calls.some((c) => c.method === 'getUpdates'));
    expect(await bot.stop()).toBe(0);
    expect(JSON.parse(readFileSync(db, 'utf8')).parked).toEqual([]);
  });

  it('paces messages to one chat', async () => {
    await launch({ TELEGRAM_CHAT_INTERVAL_MS: '300' });
    for (const n of [1, 2, 3]) api.message(GROUP, `/khauhieu ${n}`);
    await api.waitFor(() => api.sent(GROUP).length === 3);
    const at = api.sent(GROUP).map((c) => c.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(280);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(280);
    expect(api.sent(GROUP).map((c) => String(c.params.text).split('\n')[0])).toEqual(['📣 Khẩu hiệu số 1:', '📣 Khẩu hiệu số 2:', '📣 Khẩu hiệu số 3:']);
  });

  it('keeps one writer per database file: remind --send refuses while the bot runs', async () => {
    const { db } = await launch();
    const r = await runCli(['remind', '--at', '2023-09-22T08:00:00+07:00', '--send'], { env: { DB_FILE: db } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/đang được một tiến trình Loa khác dùng \(PID \d+\)/);
    expect(await bot!.stop()).toBe(0);
    expect((await runCli(['remind', '--at', '2023-09-22T08:00:00+07:00', '--send'], { env: { DB_FILE: db } })).code).toBe(0);
  });

  it('stops with a clear message on a rejected token', async () => {
    api = await new FakeBotApi('999:OTHER').start();
    const run = startCli(['start'], { TELEGRAM_BOT_TOKEN: '123456:TEST', TELEGRAM_API_ROOT: api.apiRoot, DB_FILE: join(tempDir(), 'db.json') });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/TELEGRAM_BOT_TOKEN bị Telegram từ chối \(401 Unauthorized\)/);
    expect(run.stderr()).not.toContain('123456:TEST');
  });
});

describe('telegram plan import', () => {
  it('an admin sends a plan file, gets the summary, publishes it with the button, and it is served at once', async () => {
    const data = join(tempDir(), 'data');
    cpSync(join(ROOT, 'data'), data, { recursive: true });
    const { db } = await launch({ DATA_DIR: data });
    const md = readFileSync(join(ROOT, 'test', 'fixtures', 'import', 'markdown.md'));
    // Not an admin: refused.
    api.document(STAFF.id, 'ke-hoach.md', md, STAFF);
    expect(String((await api.waitFor(() => api.sent(STAFF.id)[0])).params.text)).toMatch(/Chỉ quản trị viên mới nhập được kế hoạch/);
    api.document(ADMIN.id, 'ke-hoach.md', md, ADMIN);
    // Read in the background: "reading" at once, the summary with its buttons as a message of its own.
    expect(String((await api.waitFor(() => api.sent(ADMIN.id)[0])).params.text)).toMatch(/^⏳ Đang đọc tệp “ke-hoach.md”; Loa sẽ gửi bản tóm tắt khi đọc xong/);
    const summary = await api.waitFor(() => api.sent(ADMIN.id).find((c) => /\/congbo I1/.test(String(c.params.text))));
    expect(String(summary.params.text)).toMatch(/📄 KẾ HOẠCH Tổ chức “Tháng Dân vận” năm 2027[\s\S]*- H14 · 15\/03\/2027 · Xây dựng và gửi kế hoạch chi tiết · VP[\s\S]*Công bố kế hoạch này\? \/congbo I1/);
    api.press(ADMIN.id, summary, 0, ADMIN);
    await api.waitFor(() => api.calls.some((c) => c.method === 'answerCallbackQuery' && /Đã công bố/.test(String(c.params.text))));
    await api.waitFor(() => api.sent(ADMIN.id).some((c) => /Đã công bố/.test(String(c.params.text))));
    // Saved in the store with its text; the data folder (only the seed) is not written.
    const saved = wholeStateSync(db).plans['lao-cai-2027-to-chuc-thang-dan'];
    expect((saved?.raw as { deadlines: unknown[] }).deadlines).toHaveLength(3);
    expect(saved?.text).toContain('Tháng Dân vận');
    expect(existsSync(join(data, 'plans', 'lao-cai-2027-to-chuc-thang-dan.json'))).toBe(false);
    expect(texts(await say(ADMIN.id, '/kehoach'))).toMatch(/Các kế hoạch \(6\)[\s\S]*Tổ chức “Tháng Dân vận” năm 2027/);
    expect(texts(await say(ADMIN.id, '/deadline H14'))).toMatch(/Hạn H14: Xây dựng và gửi kế hoạch chi tiết/);
    expect(texts(await say(ADMIN.id, '/congbo I1'))).toMatch(/Không có kế hoạch chờ công bố/);
    api.document(ADMIN.id, 'scan.pdf', Buffer.from('%PDF-1.4'), ADMIN);
    await api.waitFor(() => api.sent(ADMIN.id).some((c) => /scan\.pdf.*không phải tệp PDF hợp lệ/.test(String(c.params.text))));
  });
});

describe('telegram webhook', () => {
  it('serves /healthz, refuses a missing or wrong secret with 403, processes the right one', async () => {
    await launch(
      {
        TELEGRAM_WEBHOOK_URL: `https://loa.example.invalid/telegram/webhook`,
        TELEGRAM_WEBHOOK_SECRET: 'S3cret_token-1',
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
      },
      {},
      'setWebhook',
    );
    const port = await httpPortOf(bot!);
    expect(api.calls.some((c) => c.method === 'getUpdates')).toBe(false);
    const hook = api.calls.find((c) => c.method === 'setWebhook')!;
    expect(hook.params).toMatchObject({ url: 'https://loa.example.invalid/telegram/webhook', secret_token: 'S3cret_token-1' });
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, channels: ['telegram'], paths: ['/telegram/webhook'] });
    const update = (id: number, text: string) =>
      JSON.stringify({ update_id: id, message: { message_id: id, date: 0, chat: { id: GROUP, type: 'supergroup' }, from: ADMIN, text } });
    const post = (body: string, secret?: string) =>
      fetch(`${base}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) }, body });
    expect((await post(update(1, '/khauhieu 1'))).status).toBe(403);
    expect((await post(update(2, '/khauhieu 2'), 'wrong')).status).toBe(403);
    expect((await post(update(3, '/khauhieu 3'), 'S3cret_token-1')).status).toBe(200);
    expect((await post(update(3, '/khauhieu 3'), 'S3cret_token-1')).status).toBe(200); // repeated: once
    expect((await post('not json', 'S3cret_token-1')).status).toBe(400);
    expect((await post('x'.repeat(2 * 1024 * 1024), 'S3cret_token-1')).status).toBe(413);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await post(update(4, '/khauhieu 4'), 'S3cret_token-1')).status).toBe(200);
    await api.waitFor(() => api.sent(GROUP).length >= 2);
    expect(api.sent(GROUP).map((c) => String(c.params.text).split('\n')[0])).toEqual(['📣 Khẩu hiệu số 3:', '📣 Khẩu hiệu số 4:']);
    expect(bot!.stderr()).not.toContain('S3cret_token-1');
    expect(await bot!.stop()).toBe(0);
  });
});
