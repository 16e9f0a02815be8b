/**
 * Loa against an independent Bot API emulator not written here (`telegram-test-api`), started
 * through `npm start` as a new user would: commands in a group answered promptly, and a
 * confirmation by button that `/tiendo` then shows.
 *
 * Every step waits on a condition: the bot's "running" log line before the first command, then
 * for each command the reply that command causes (matched by its content, with stale replies
 * drained first), and the edit of the pressed message before `/tiendo`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as emulator from 'telegram-test-api';
import type { TelegramServer as Server } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready, startCli, type Running } from './run.js';
import { WAIT_MS, waitUntil } from './wait.js';

const TOKEN = '123456:TEST';
const CHAT = -4242;
/**
 * An answer slower than this fails the test. Idle, answers take tens of milliseconds; the bound
 * is generous so that a busy machine (load 4+ on 2 cores) cannot fail it, while a bot that
 * answers only after a long-poll round or a retry back-off still does.
 */
const ANSWER_MS = 15_000;
// A CommonJS module with `exports.default`: its class sits one or two `default`s deep.
const TelegramServer = ((emulator as unknown as { default: { default?: typeof Server } & typeof Server }).default.default ??
  (emulator as unknown as { default: typeof Server }).default) as typeof Server;
let server: Server;
let bot: Running;
let client: ReturnType<Server['getClient']>;
// Kept for the whole file (helpers' tempDir() is removed after each test).
const dir = mkdtempSync(join(tmpdir(), 'loa-peer-'));
const timings: string[] = [];

interface BotUpdate {
  message: { text: string; chat_id: number | string; reply_markup?: unknown; message_id?: number };
  messageId?: number;
}

/**
 * The bot's messages to the chat not read yet, in one call of the emulator's client route (the
 * one `client.getUpdates()` polls). Not `client.getUpdates()` itself: on its timeout it leaves a
 * poll running that later marks replies read, so they never reach the step waiting for them.
 */
async function unread(): Promise<BotUpdate[]> {
  const res = await fetch(`${server.config.apiURL}/getUpdates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: TOKEN, chatId: CHAT }),
  });
  return ((await res.json()) as { result: BotUpdate[] }).result;
}

/**
 * Sends a command and waits for the reply it causes: the first new message that `expected`
 * matches. Replies still unread from earlier commands (e.g. the later parts of a long answer) are
 * drained first and never taken for this command's reply.
 */
async function ask(text: string, expected: RegExp | ((u: BotUpdate) => boolean)): Promise<{ reply: BotUpdate; replies: BotUpdate[]; ms: number }> {
  const matches = typeof expected === 'function' ? expected : (u: BotUpdate) => expected.test(u.message.text);
  await unread();
  const t0 = Date.now();
  await client.sendCommand(client.makeCommand(text));
  const replies: BotUpdate[] = [];
  const reply = await waitUntil(
    async () => {
      replies.push(...(await unread()));
      return replies.find(matches);
    },
    WAIT_MS,
    () => `no reply to ${text} matching ${String(expected)}; got ${JSON.stringify(replies.map((r) => r.message.text.slice(0, 80)))}; bot stderr:\n${bot.stderr()}`,
  );
  const ms = Date.now() - t0;
  timings.push(`${text}: ${ms} ms`);
  return { reply, replies, ms };
}

describe('telegram against telegram-test-api', () => {
  beforeAll(async () => {
    const port = 30000 + Math.floor(Math.random() * 20000);
    // Messages are kept long enough that none is cleaned up while a slow step still waits for it.
    server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
    await server.start();
    // A real timeout for the emulator's own waits (its default is 1 s).
    client = server.getClient(TOKEN, { chatId: CHAT, type: 'group', chatTitle: 'Văn phòng Sở', userId: 1001, firstName: 'Chánh', timeout: WAIT_MS });
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
    // `npm start` builds with tsc first: no command is sent before the bot says it is running.
    await ready(bot);
  });

  afterAll(async () => {
    console.log(`telegram-test-api answer times: ${timings.join(', ')}`);
    // npm itself ends by the signal (null); the bot under it stops cleanly.
    expect([0, null]).toContain(await bot?.stop());
    expect(bot.stderr()).toMatch(/SIGTERM: stopping/);
    expect(bot.stderr()).not.toMatch(/ERROR/);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`answers /help, /khauhieu, /deadline tatca and /kehoach in a group, each within ${ANSWER_MS / 1000} s`, async () => {
    const answers = [
      await ask('/help', /\/khauhieu/),
      await ask('/khauhieu', /Khẩu hiệu hôm nay/),
      await ask('/deadline tatca', /📅 Thứ Hai, 25\/09\/2023 · còn 5 ngày/),
      await ask('/kehoach', /Các kế hoạch \(5\)/),
    ];
    for (const a of answers) expect(a.ms, timings.join(', ')).toBeLessThan(ANSWER_MS);
  });

  it('binds with /dangky VP, confirms with the button, and /tiendo shows it', async () => {
    await ask('/dangky VP', /nhóm chat này thuộc đơn vị Văn phòng Sở \(VP\)/);
    const { reply: detail } = await ask('/deadline H10', (u) => /H10/.test(u.message.text) && u.message.reply_markup !== undefined);
    const markup = (typeof detail.message.reply_markup === 'string' ? JSON.parse(detail.message.reply_markup) : detail.message.reply_markup) as {
      inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
    };
    const button = markup.inline_keyboard[0]![0]!;
    expect(button.text).toBe('✅ Đã nhận');
    const messageId = detail.messageId ?? detail.message.message_id;
    await client.sendCallback(client.makeCallbackQuery(button.callback_data, { message: { message_id: messageId, text: detail.message.text } as never }));
    // The press is handled once the bot has edited the pressed message in the emulator.
    const edited = await waitUntil(
      () =>
        server
          .getUpdatesHistory(TOKEN)
          .find((u) => u.messageId === messageId && 'message' in u && /✅ VP đã nhận/.test(String((u.message as { text?: string }).text))),
      WAIT_MS,
      () => `message ${messageId} not edited; bot stderr:\n${bot.stderr()}`,
    );
    expect(String((edited as { message: { text: string } }).message.text)).toMatch(/✅ VP đã nhận — Chánh lúc 20\/09\/2023 09:00$/);
    const { replies } = await ask('/tiendo H10', /✅ VP — Văn phòng Sở: đã nhận/);
    const progress = replies.map((r) => r.message.text).join('\n');
    expect(progress).toMatch(/✅ VP — Văn phòng Sở: đã nhận 20\/09\/2023 09:00 \(Chánh\)/);
    expect(progress).toMatch(/Đã nhận\s+▓▓▓▓▓▓▓▓▓▓ 1\/1/);
  });
});
