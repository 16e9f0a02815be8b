/**
 * Messages from bot accounts are ignored entirely (Telegram `from.is_bot`, Zalo Bot Platform
 * `from.is_bot`): another bot in a group cannot confirm a deadline or run a command. Also the
 * update key each Telegram update carries. The e2e part runs the real built process against the
 * fake Bot API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mapUpdate } from '../src/channels/telegram/map.js';
import { mapBotUpdate } from '../src/channels/zalo/map.js';
import { tempDir } from './helpers.js';
import { FakeBotApi } from './e2e/fake-bot-api.js';
import { startCli, type Running } from './e2e/run.js';

const GROUP = -100;
const ADMIN = { id: 1001, first_name: 'Chánh' };
const OTHER_BOT = { id: 777, first_name: 'Bot khác', is_bot: true };

describe('bot accounts in the mapping', () => {
  it('maps nothing from a Telegram bot account (message or button press), and keys every update', () => {
    const message = (from: Record<string, unknown>) => ({ update_id: 41, message: { message_id: 3, chat: { id: GROUP, type: 'supergroup' }, from, text: '/xacnhan H8' } });
    expect(mapUpdate(message({ id: 1001, is_bot: false, first_name: 'A' }), 'LoaBot').incoming).toMatchObject({ text: '/xacnhan H8', updateKey: 'telegram:41' });
    expect(mapUpdate(message(OTHER_BOT), 'LoaBot')).toEqual({ updateId: 41 });
    const press = {
      update_id: 42,
      callback_query: { id: 'cb1', from: OTHER_BOT, data: '/xacnhan H8 nhan 2023-09-25', message: { message_id: 5, chat: { id: GROUP, type: 'group' }, text: 'Hạn H8' } },
    };
    // The press is still answered (Telegram shows a spinner until then), but it acts on nothing.
    const mapped = mapUpdate(press, 'LoaBot');
    expect(mapped.incoming).toBeUndefined();
    expect(mapped.press?.callbackId).toBe('cb1');
    const human = mapUpdate({ ...press, callback_query: { ...press.callback_query, from: ADMIN } }, 'LoaBot');
    expect(human.incoming).toMatchObject({ buttonData: '/xacnhan H8 nhan 2023-09-25', updateKey: 'telegram:42' });
  });

  it('maps nothing from a Zalo Bot Platform bot account', () => {
    const upd = (from: Record<string, unknown>) => ({ event_name: 'message.text.received', message: { message_id: 'm1', chat: { id: 'c1', chat_type: 'PRIVATE' }, from, text: '/xacnhan H8' } });
    expect(mapBotUpdate(upd({ id: 'u1', display_name: 'Hoa', is_bot: false })).incoming).toMatchObject({ text: '/xacnhan H8' });
    expect(mapBotUpdate(upd({ id: 'b1', display_name: 'Bot', is_bot: true })).incoming).toBeUndefined();
  });
});

describe('bot accounts (built process, fake Bot API)', () => {
  let api: FakeBotApi | undefined;
  let bot: Running | undefined;
  afterEach(async () => {
    await bot?.stop('SIGKILL');
    await api?.stop();
    bot = undefined;
    api = undefined;
  });

  it('another bot in a group can neither confirm a deadline nor run a command; a person then can', async () => {
    api = await new FakeBotApi().start();
    const a = api;
    const db = join(tempDir(), 'db.json');
    bot = startCli(['start'], {
      TELEGRAM_BOT_TOKEN: a.token,
      TELEGRAM_API_ROOT: a.apiRoot,
      DB_FILE: db,
      BOT_NOW: '2023-09-20T09:00:00+07:00',
      ADMIN_IDS: `telegram:${ADMIN.id}`,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
    });
    await a.waitFor(() => a.calls.some((c) => c.method === 'getUpdates'));
    a.message(GROUP, '/dangky CCTDC', ADMIN);
    await a.waitFor(() => a.sent(GROUP).length === 1);
    const detail = (a.message(GROUP, '/deadline H8', ADMIN), await a.waitFor(() => a.sent(GROUP)[1]));
    // The other bot types the command, replies to the deadline and presses its button.
    a.message(GROUP, '/xacnhan H8', OTHER_BOT);
    a.message(GROUP, 'đã nhận', OTHER_BOT, { reply_to_message: { message_id: detail.messageId, chat: { id: GROUP }, from: { id: 1, is_bot: true } } });
    a.message(GROUP, '/khauhieu 2', OTHER_BOT);
    a.press(GROUP, detail, 0, OTHER_BOT);
    // A person's message after them: one chat's updates are handled in order, so once it is
    // answered the bot's updates have been handled.
    a.message(GROUP, '/tiendo H8', ADMIN);
    const progress = await a.waitFor(() => a.sent(GROUP).find((c) => /^📊 Tiến độ hạn H8/.test(String(c.params.text))));
    expect(String(progress.params.text)).not.toMatch(/✅ CCTDC|✔️ CCTDC/);
    // Nothing answered the other bot: the answers are to /dangky, /deadline H8 and /tiendo H8.
    expect(a.sent(GROUP)).toHaveLength(3);
    expect(a.calls.filter((c) => c.method === 'editMessageText')).toHaveLength(0);
    // The press was answered (no endless spinner) without acting.
    await a.waitFor(() => a.calls.some((c) => c.method === 'answerCallbackQuery'));
    // A person confirms.
    a.message(GROUP, '/xacnhan H8', ADMIN);
    expect(String((await a.waitFor(() => a.sent(GROUP)[3])).params.text)).toMatch(/Chi cục Tiêu chuẩn Đo lường Chất lượng đã NHẬN hạn H8/);
    expect(await bot.stop()).toBe(0);
    const confirmations = JSON.parse(readFileSync(db, 'utf8')).confirmations as Array<{ received?: { by?: { id: string } } }>;
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.received?.by?.id).toBe(String(ADMIN.id));
  });
});
