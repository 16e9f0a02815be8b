/**
 * An update delivered again is not acted on again (issue 10, defect 1): the bot is killed -9
 * while the reply to a /thongbao waits on a 429; after the restart Telegram delivers the same
 * update again. One notice T1, delivered once to every unit chat; no T2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { FakeBotApi } from './fake-bot-api.js';
import { logLine, startCli, type Running } from './run.js';

const OFFICE = -100;
const UNIT = -700;
const ADMIN = { id: 1001, first_name: 'Chánh' };

let api: FakeBotApi | undefined;
let bot: Running | undefined;
afterEach(async () => {
  await bot?.stop('SIGKILL');
  await api?.stop();
  bot = api = undefined;
});

function start(a: FakeBotApi, db: string): Running {
  return startCli(['start'], {
    TELEGRAM_BOT_TOKEN: a.token,
    TELEGRAM_API_ROOT: a.apiRoot,
    DB_FILE: db,
    BOT_NOW: '2023-09-20T09:00:00+07:00',
    ADMIN_IDS: `telegram:${ADMIN.id}`,
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    LOG_LEVEL: 'info',
  });
}

const texts = (a: FakeBotApi, chat: number) => a.sent(chat).filter((c) => c.messageId).map((c) => String(c.params.text));

describe('a redelivered update', () => {
  it('is not processed again after a kill -9 and a restart: one notice, delivered once', async () => {
    const db = join(tempDir(), 'db.json');
    api = await new FakeBotApi().start();
    const a = api;
    bot = start(a, db);
    a.message(OFFICE, '/dangky VP', ADMIN);
    a.message(UNIT, '/dangky CCTDC', ADMIN);
    await a.waitFor(() => texts(a, OFFICE).length >= 1 && texts(a, UNIT).length >= 1);

    // The next two sends (the first message to the office's chat and the unit's notice, in either
    // order; each chat's later messages wait behind its first) get a 429 asking for 20 s: the bot
    // is killed during that wait, when nothing was delivered, so nothing may arrive twice (a send
    // that went through just before a kill is the at-least-once window the README describes).
    a.fail('sendMessage', { code: 429, retryAfter: 20 }, 2);
    const update = { message: { message_id: 555, date: 0, chat: { id: OFFICE, type: 'supergroup', title: 'Văn phòng' }, from: { is_bot: false, ...ADMIN }, text: '/thongbao Họp giao ban lúc 14 giờ' } };
    const id = a.push(update);
    const refused = (chat: number, text: RegExp) =>
      a.calls.some((c) => c.method === 'sendMessage' && !(c as { messageId?: number }).messageId && c.at > 0 && String(c.params.chat_id) === String(chat) && text.test(String(c.params.text)));
    await a.waitFor(() => refused(OFFICE, /THÔNG BÁO|Đã tạo thông báo/) && refused(UNIT, /THÔNG BÁO/));
    await bot.stop('SIGKILL');

    // Telegram delivers the same update again to the restarted bot.
    a.push({ ...update, update_id: id });
    const restartedAt = a.calls.length;
    bot = start(a, db);
    await a.waitFor(() => texts(a, UNIT).some((t) => t.startsWith('📢 THÔNG BÁO')) && texts(a, OFFICE).some((t) => /Đã tạo thông báo T1/.test(t)));
    // The redelivered update was taken (the bot asked for the updates after it) and handled.
    await a.waitFor(() => a.calls.slice(restartedAt).some((c) => c.method === 'getUpdates' && Number(c.params.offset) > id));
    await a.waitFor(() => a.calls.slice(restartedAt).filter((c) => c.method === 'sendMessage' && (c as { messageId?: number }).messageId).length >= 2);
    // Its handling ends with this line (the offset moves on before a busy bot has handled the batch).
    await logLine(bot, /update telegram:\d+ was processed before/);
    expect(await bot.stop()).toBe(0);

    const data = JSON.parse(readFileSync(db, 'utf8')) as { announcements: Array<{ id: string }> };
    expect(data.announcements.map((x) => x.id)).toEqual(['T1']);
    expect(texts(a, UNIT).filter((t) => t.startsWith('📢 THÔNG BÁO'))).toHaveLength(1);
    expect([...texts(a, UNIT), ...texts(a, OFFICE)].join('\n')).not.toMatch(/T2/);
  }, 120_000);
});
