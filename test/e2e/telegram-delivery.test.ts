/**
 * Telegram delivery both ways, with the real built process and the local fake Bot API: what the
 * webhook accepts (secret first, then a JSON object, else 400 with nothing processed), and a
 * reminder to a group that just became a supergroup (sent on the new id, recorded as sent with
 * its message id, and a reply to it there confirms the deadline).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { FakeBotApi } from './fake-bot-api.js';
import { httpPortOf, startCli, type Running } from './run.js';

const GROUP = -100;
const ADMIN = { id: 1001, first_name: 'Chánh' };
const STAFF = { id: 2002, first_name: 'Hoa' };
const SECRET = 'S3cret_token-1';

let api: FakeBotApi | undefined;
let bot: Running | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await api?.stop();
  bot = undefined;
  api = undefined;
});

function start(a: FakeBotApi, db: string, now: string, env: Record<string, string> = {}): Running {
  bot = startCli(['start'], {
    TELEGRAM_BOT_TOKEN: a.token,
    TELEGRAM_API_ROOT: a.apiRoot,
    DB_FILE: db,
    BOT_NOW: now,
    ADMIN_IDS: `telegram:${ADMIN.id}`,
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    ...env,
  });
  return bot;
}

describe('telegram webhook input', () => {
  it('checks the secret first (403), then answers 400 to an empty, malformed or non-object body and processes nothing', async () => {
    api = await new FakeBotApi().start();
    const a = api;
    const running = start(a, join(tempDir(), 'db.json'), '2023-09-20T09:00:00+07:00', {
      TELEGRAM_WEBHOOK_URL: 'https://loa.example.invalid/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
    });
    await a.waitFor(() => a.calls.some((c) => c.method === 'setWebhook'));
    const port = await httpPortOf(running);
    const post = (body: string, secret: string | undefined, type = 'application/json') =>
      fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': type, ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
        body,
      });
    // A wrong or missing secret is refused before the body is looked at.
    expect((await post('not json', 'wrong')).status).toBe(403);
    expect((await post('', undefined)).status).toBe(403);
    for (const bad of ['', '   ', 'not json', '{"update_id": 1,', 'null', '[]', '[{"update_id": 1}]', '42', '"text"', 'true']) {
      expect((await post(bad, SECRET)).status, JSON.stringify(bad)).toBe(400);
    }
    // Any content type is accepted when the body is a JSON object (Telegram sends application/json).
    const update = JSON.stringify({ update_id: 5, message: { message_id: 5, date: 0, chat: { id: GROUP, type: 'supergroup', title: 'Văn phòng' }, from: ADMIN, text: '/khauhieu 2' } });
    expect((await post(update, SECRET, 'text/plain')).status).toBe(200);
    await a.waitFor(() => a.sent(GROUP).length === 1);
    expect(String(a.sent(GROUP)[0]!.params.text)).toMatch(/^📣 Khẩu hiệu số 2:/);
    expect(a.sent()).toHaveLength(1);
    expect(await running.stop()).toBe(0);
    expect(running.stderr()).not.toMatch(/ERROR/);
  });
});

describe('telegram delivery to a group that became a supergroup', () => {
  it('sends the reminder to the new id, marks the outbox row sent with its id, and a reply there confirms', async () => {
    const db = join(tempDir(), 'db.json');
    const UNIT = -700;
    const SUPER = -1000700;
    // 21/09: the unit's group registers.
    api = await new FakeBotApi().start();
    let a = api;
    let running = start(a, db, '2023-09-21T10:00:00+07:00');
    await a.waitFor(() => a.calls.some((c) => c.method === 'getUpdates'));
    a.message(UNIT, '/dangky CCTDC', ADMIN);
    await a.waitFor(() => a.sent(UNIT).length >= 1);
    expect(await running.stop()).toBe(0);
    await a.stop();

    // 22/09 08:00: the group has meanwhile become a supergroup; the old id gets 400 migrate_to_chat_id.
    api = await new FakeBotApi().start();
    a = api;
    a.migrated.set(String(UNIT), SUPER);
    running = start(a, db, '2023-09-22T08:00:20+07:00');
    const reminder = await a.waitFor(() => a.sent(SUPER).find((c) => /^⏰ Nhắc hạn H8/.test(String(c.params.text)) && c.messageId));
    expect(a.sent(UNIT).filter((c) => /^⏰ Nhắc hạn H8/.test(String(c.params.text)))).toHaveLength(1); // the refused try
    const before = a.sent(SUPER).length;
    a.message(SUPER, 'đã nhận', STAFF, { reply_to_message: { message_id: reminder.messageId, chat: { id: SUPER }, from: { id: 1, is_bot: true } } });
    const answer = await a.waitFor(() => a.sent(SUPER)[before]);
    expect(String(answer.params.text)).toMatch(/Chi cục Tiêu chuẩn Đo lường Chất lượng đã NHẬN hạn H8/);
    expect(await running.stop()).toBe(0);

    const saved = JSON.parse(readFileSync(db, 'utf8'));
    const rows = (saved.outbox as Array<{ chat: string; text: string; status: string; messageId?: string }>).filter((r) => /^⏰ Nhắc hạn H8/.test(r.text) && r.chat.endsWith(String(SUPER)));
    expect(rows).toEqual([expect.objectContaining({ chat: `telegram:${SUPER}`, status: 'sent', messageId: String(reminder.messageId) })]);
    expect(saved.confirmations).toEqual([expect.objectContaining({ deadline: 'H8', unit: 'CCTDC', received: expect.objectContaining({ chat: `telegram:${SUPER}` }) })]);
    expect(running.stderr()).not.toMatch(/not delivered/);
  }, 60_000);
});
