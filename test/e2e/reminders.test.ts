/**
 * Reminders in a live run: the real built process against the local fake Bot API, restarted
 * at fixed instants (BOT_NOW) instead of waiting for cron ticks. A bound unit chat gets its
 * reminder at the configured time, confirms with the button and gets no further reminder; a
 * unit that never confirms is escalated to the office the day after the due date.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { FakeBotApi } from './fake-bot-api.js';
import { startCli, type Running } from './run.js';

const OFFICE = -100;
const UNIT = -700;
const ADMIN = { id: 1001, first_name: 'Chánh' };
const STAFF = { id: 2002, first_name: 'Hoa' };

let api: FakeBotApi | undefined;
let bot: Running | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await api?.stop();
  bot = undefined;
  api = undefined;
});

async function runAt(db: string, now: string, during: (api: FakeBotApi) => Promise<void>, before?: (api: FakeBotApi) => void): Promise<FakeBotApi> {
  api = await new FakeBotApi().start();
  before?.(api);
  bot = startCli(['start'], {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    DB_FILE: db,
    BOT_NOW: now,
    ADMIN_IDS: `telegram:${ADMIN.id}`,
    TELEGRAM_CHAT_INTERVAL_MS: '0',
  });
  await api.waitFor(() => api!.calls.some((c) => c.method === 'getUpdates'));
  await during(api);
  expect(await bot.stop()).toBe(0);
  const used = api;
  await api.stop();
  api = undefined;
  bot = undefined;
  return used;
}

/** Texts the fake accepted (a call refused with 429 has no message id). */
const texts = (a: FakeBotApi, chat: number) => a.sent(chat).filter((c) => c.messageId).map((c) => String(c.params.text));

describe('reminders (built process, fake Bot API)', () => {
  it('reminds at the configured time, stops after the button, escalates the day after the due date', async () => {
    const db = join(tempDir(), 'db.json');
    await runAt(db, '2023-09-21T10:00:00+07:00', async (a) => {
      a.message(OFFICE, '/dangky VP', ADMIN);
      a.message(UNIT, '/dangky CCTDC', ADMIN);
      await a.waitFor(() => a.sent(OFFICE).length >= 1 && a.sent(UNIT).length >= 1);
      expect(texts(a, UNIT).join('\n')).not.toMatch(/Nhắc hạn/);
    });

    // 22/09 08:00: three days before H8. The first send hits a 429 and is retried once.
    const day22 = await runAt(
      db,
      '2023-09-22T08:00:20+07:00',
      async (a) => {
      const reminder = await a.waitFor(() => a.sent(UNIT).find((c) => /^⏰ Nhắc hạn H8 — còn 3 ngày/.test(String(c.params.text)) && c.messageId));
      expect(String(reminder.params.text)).toMatch(/Chi cục Tiêu chuẩn Đo lường Chất lượng \(CCTDC\): ⚠️ chưa xác nhận đã nhận/);
      a.press(UNIT, reminder, 1, STAFF); // ✔️ Đã hoàn thành
      const edit = await a.waitFor(() => a.calls.find((c) => c.method === 'editMessageText'));
      expect(String(edit.params.text)).toMatch(/✔️ CCTDC đã hoàn thành — Hoa/);
      await a.waitFor(() => a.sent(OFFICE).some((c) => /không gửi được tới/.test(String(c.params.text))));
      },
      (a) => a.fail('sendMessage', { code: 429, retryAfter: 1 }),
    );
    // One send was refused with 429 and retried: nothing lost, nothing doubled.
    expect(day22.sent().filter((c) => !c.messageId)).toHaveLength(1);
    for (const chat of [OFFICE, UNIT]) expect(texts(day22, chat).filter((t) => /^⏰ Nhắc hạn H8/.test(t)), String(chat)).toHaveLength(1);

    // 24/09: one day before. The office is reminded; the unit that completed is not.
    const day24 = await runAt(db, '2023-09-24T08:00:20+07:00', async (a) => {
      await a.waitFor(() => a.sent(OFFICE).some((c) => /Nhắc hạn H8 — còn 1 ngày/.test(String(c.params.text))));
    });
    expect(texts(day24, UNIT).filter((t) => /H8/.test(t))).toEqual([]);

    // 26/09: the day after the due date: escalation to the office and the admin.
    const day26 = await runAt(db, '2023-09-26T08:00:20+07:00', async (a) => {
      await a.waitFor(() => a.sent(ADMIN.id).some((c) => /^🚨 Hạn H8/.test(String(c.params.text))));
      await a.waitFor(() => a.sent(OFFICE).some((c) => /^🚨 Hạn H8/.test(String(c.params.text))));
    });
    const esc = texts(day26, OFFICE).find((t) => /^🚨 Hạn H8/.test(t))!;
    expect(esc).toMatch(/9\/10 đơn vị chưa hoàn thành/);
    expect(esc).not.toMatch(/CCTDC/);
    expect(texts(day26, UNIT).filter((t) => /H8/.test(t))).toEqual([]);
  });
});
