/**
 * Loa against an independent Bot API emulator not written here (`telegram-test-api`), started
 * through `npm start` as a new user would: commands in a group answered within 2 s each, and a
 * confirmation by button that `/tiendo` then shows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as emulator from 'telegram-test-api';
import type { TelegramServer as Server } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type Running } from './run.js';

const TOKEN = '123456:TEST';
// A CommonJS module with `exports.default`: its class sits one or two `default`s deep.
const TelegramServer = ((emulator as unknown as { default: { default?: typeof Server } & typeof Server }).default.default ??
  (emulator as unknown as { default: typeof Server }).default) as typeof Server;
let server: Server;
let bot: Running;
let client: ReturnType<Server['getClient']>;
// Kept for the whole file (helpers' tempDir() is removed after each test).
const dir = mkdtempSync(join(tmpdir(), 'loa-peer-'));

interface BotUpdate {
  message: { text: string; chat_id: number | string; reply_markup?: unknown; message_id?: number };
  messageId?: number;
}

async function ask(text: string): Promise<{ replies: BotUpdate[]; ms: number }> {
  const t0 = Date.now();
  await client.sendCommand(client.makeCommand(text));
  for (;;) {
    const got = (await client.getUpdates()).result as unknown as BotUpdate[];
    if (got.length) return { replies: got, ms: Date.now() - t0 };
    if (Date.now() - t0 > 10_000) throw new Error(`no answer to ${text}; bot stderr: ${bot.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('telegram against telegram-test-api', () => {
  beforeAll(async () => {
    const port = 30000 + Math.floor(Math.random() * 20000);
    server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 60 });
    await server.start();
    client = server.getClient(TOKEN, { chatId: -4242, type: 'group', chatTitle: 'Văn phòng Sở', userId: 1001, firstName: 'Chánh' });
    bot = startCli(
      [],
      {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: server.config.apiURL,
        DB_FILE: join(dir, 'db.json'),
        BOT_NOW: '2023-09-20T09:00:00+07:00',
        ADMIN_IDS: 'telegram:1001',
      },
      true,
    );
  }, 60_000);

  afterAll(async () => {
    // npm itself ends by the signal (null); the bot under it stops cleanly.
    expect([0, null]).toContain(await bot.stop());
    expect(bot.stderr()).toMatch(/SIGTERM: stopping/);
    expect(bot.stderr()).not.toMatch(/ERROR/);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /khauhieu, /deadline tatca and /kehoach in a group within 2 seconds each', async () => {
    // The first answer also waits for `npm start` to build and connect.
    await ask('/help');
    const slogan = await ask('/khauhieu');
    expect(slogan.replies[0]!.message.text).toMatch(/Khẩu hiệu hôm nay/);
    const deadlines = await ask('/deadline tatca');
    expect(deadlines.replies.map((r) => r.message.text).join('\n')).toMatch(/📅 Thứ Hai, 25\/09\/2023 · còn 5 ngày/);
    const plans = await ask('/kehoach');
    expect(plans.replies[0]!.message.text).toMatch(/Các kế hoạch \(5\)/);
    for (const r of [slogan, deadlines, plans]) expect(r.ms).toBeLessThan(2000);
  }, 90_000);

  it('binds with /dangky VP, confirms with the button, and /tiendo shows it', async () => {
    expect((await ask('/dangky VP')).replies[0]!.message.text).toMatch(/nhóm chat này thuộc đơn vị Văn phòng Sở \(VP\)/);
    const detail = (await ask('/deadline H10')).replies[0]!;
    const markup = (typeof detail.message.reply_markup === 'string' ? JSON.parse(detail.message.reply_markup) : detail.message.reply_markup) as {
      inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
    };
    const button = markup.inline_keyboard[0]![0]!;
    expect(button.text).toBe('✅ Đã nhận');
    await client.sendCallback(
      client.makeCallbackQuery(button.callback_data, { message: { message_id: detail.messageId ?? detail.message.message_id, text: detail.message.text } as never }),
    );
    const deadline = Date.now() + 10_000;
    let progress = '';
    while (Date.now() < deadline && !/✅ VP — Văn phòng Sở: đã nhận/.test(progress)) {
      await new Promise((r) => setTimeout(r, 200));
      progress = (await ask('/tiendo H10')).replies.map((r) => r.message.text).join('\n');
    }
    expect(progress).toMatch(/✅ VP — Văn phòng Sở: đã nhận 20\/09\/2023 09:00 \(Chánh\)/);
    expect(progress).toMatch(/Đã nhận\s+▓▓▓▓▓▓▓▓▓▓ 1\/1/);
  }, 60_000);
});
