/**
 * The guided registration in the real built process against the fake Bot API (issue 14, item 3):
 * a unit member fills a two-row registration in the unit's group by replying to Loa's questions
 * and pressing its buttons, the bot is stopped and started again in the middle, and the rows end
 * up as one hand-in with the unit completed and the office told.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, wholeStateSync } from '../helpers.js';
import { FakeBotApi, type Call } from './fake-bot-api.js';
import { startCli, type Running } from './run.js';

const OFFICE = -100;
const GROUP = -200;
const ADMIN = { id: 1001, first_name: 'Chánh' };
const STAFF = { id: 2002, first_name: 'Hoa' };

let api: FakeBotApi | undefined;
let bot: Running | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await api?.stop();
  bot = api = undefined;
});

type Sent = Call & { messageId?: number };

describe('/dangkyhd on Telegram (built process)', () => {
  it('takes a two-row registration by replies and buttons across a restart, and hands it in', async () => {
    const a = (api = await new FakeBotApi().start());
    const db = join(tempDir(), 'db.json');
    const start = () =>
      (bot = startCli(['start'], {
        TELEGRAM_BOT_TOKEN: a.token,
        TELEGRAM_API_ROOT: a.apiRoot,
        DB_FILE: db,
        BOT_NOW: '2023-09-20T09:00:00+07:00',
        ADMIN_IDS: `telegram:${ADMIN.id}`,
        TELEGRAM_CHAT_INTERVAL_MS: '0',
        TELEGRAM_GROUP_PER_MINUTE: '1000',
      }));
    start();
    /** Sends (or presses) and waits for the next answer in the group. */
    const next = async (act: () => void): Promise<Sent> => {
      const before = a.sent(GROUP).length;
      act();
      return a.waitFor(() => a.sent(GROUP).length > before && a.sent(GROUP)[before]);
    };
    // In a group with privacy mode, the bot sees replies to its own messages: answer each question as one.
    const reply = (to: Sent, text: string) =>
      next(() => a.message(GROUP, text, STAFF, { reply_to_message: { message_id: to.messageId, chat: { id: GROUP }, from: { id: 1, is_bot: true } } }));

    a.message(OFFICE, '/dangky VP', ADMIN);
    await next(() => a.message(GROUP, '/dangky TTKHCN', ADMIN));
    let q = await next(() => a.message(GROUP, '/dangkyhd H8', STAFF));
    expect(String(q.params.text)).toMatch(/Đăng ký theo mẫu Phụ lục II — hạn H8 \(25\/09\/2023\)[\s\S]*Dòng 1 · cột 1\/6: Tên nội dung, hoạt động\?/);
    q = await reply(q, 'Hội nghị tuyên truyền');
    q = await reply(q, 'Tháng 9/2023');

    // Stopped and started again between two answers: the next reply goes on where it was.
    expect(await bot!.stop()).toBe(0);
    start();
    q = await reply(q, 'Toàn Sở');
    expect(String(q.params.text)).toMatch(/^Dòng 1 · cột 4\/6/);
    q = await next(() => a.press(GROUP, q, 0, STAFF)); // ⏭ Bỏ qua
    q = await reply(q, 'Nâng cao nhận thức');
    q = await reply(q, '-');
    expect(String(q.params.text)).toMatch(/Dòng 1 — kiểm tra trước khi lưu:[\s\S]*4\. Đối tượng thực hiện hoặc đối tượng thụ hưởng: \(để trống\)/);
    q = await next(() => a.press(GROUP, q, 0, STAFF)); // 💾 Lưu dòng
    expect(String(q.params.text)).toMatch(/^✅ Đã lưu dòng 1\./);
    q = await next(() => a.press(GROUP, q, 0, STAFF)); // ➕ Thêm dòng
    for (const answer of ['Ra quân vệ sinh', '24/9/2023', 'Khu dân cư', 'Đoàn viên', 'Môi trường sạch', 'bỏ qua']) q = await reply(q, answer);
    q = await reply(q, 'lưu');
    const markup = q.params.reply_markup as { inline_keyboard: Array<Array<{ text: string }>> };
    expect(markup.inline_keyboard.flat().map((b) => b.text)).toContain('📤 Gửi đăng ký (2 dòng)');
    const receipt = await next(() => a.press(GROUP, q, 1, STAFF)); // 📤 Gửi
    expect(String(receipt.params.text)).toMatch(/📥 Đã nhận bản đăng ký của Trung tâm [\s\S]*📝 2 dòng đăng ký[\s\S]*đã HOÀN THÀNH hạn H8[\s\S]*📨 Đã báo Văn phòng Sở/);
    await a.waitFor(() => a.sent(OFFICE).some((c) => /Trung tâm .* \(TTKHCN\) đã nộp cho hạn H8/.test(String(c.params.text))));

    expect(await bot!.stop()).toBe(0);
    const state = wholeStateSync(db);
    expect(state.submissions).toHaveLength(1);
    expect(state.submissions[0]!.form!.rows).toEqual([
      ['Hội nghị tuyên truyền', 'Tháng 9/2023', 'Toàn Sở', '', 'Nâng cao nhận thức', ''],
      ['Ra quân vệ sinh', '24/9/2023', 'Khu dân cư', 'Đoàn viên', 'Môi trường sạch', ''],
    ]);
    expect(Object.keys(state.formSessions)).toEqual([]);
    expect(state.confirmations.find((c) => c.deadline === 'H8' && c.unit === 'TTKHCN')?.completed).toBeDefined();
  });
});
