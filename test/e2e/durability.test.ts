/**
 * Durability: confirmations sent in bursts while the real built bot is killed -9 at random
 * moments and restarted on the same database. Every confirmation the bot acknowledged (its
 * "Đã ghi nhận" reply reached the chat) is in the database at the end: 0 lost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { FakeBotApi } from './fake-bot-api.js';
import { startCli, type Running } from './run.js';

const ADMIN = { id: 1001, first_name: 'Chánh' };
/** A group per unit and the deadlines it is responsible for on 20/09/2023. */
const UNITS: Record<string, string[]> = {
  VP: ['H8', 'H10', 'H11', 'H13'],
  TTRA: ['H8', 'H9', 'H5', 'H6'],
  KHTC: ['H8', 'H9', 'H5', 'H6'],
  QLKH: ['H8', 'H9', 'H5', 'H6'],
  CCTDC: ['H8', 'H9', 'H12', 'H5'],
  TTKHCN: ['H8', 'H9', 'H12', 'H6'],
};
const KILLS = 8;

let api: FakeBotApi | undefined;
let bot: Running | undefined;
afterEach(async () => {
  await bot?.stop('SIGKILL');
  await api?.stop();
  bot = api = undefined;
});

/** A seeded pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('confirmations across kill -9', () => {
  it(`loses no acknowledged confirmation over ${KILLS} kill -9 restarts`, async () => {
    const db = join(tempDir(), 'db.json');
    const a = (api = await new FakeBotApi().start());
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
    const chats = Object.keys(UNITS).map((unit, i) => ({ unit, chat: -1000 - i }));
    start();
    for (const { unit, chat } of chats) a.message(chat, `/dangky ${unit}`, ADMIN);
    await a.waitFor(() => chats.every(({ chat }) => a.sent(chat).some((c) => c.messageId && /Đã đăng ký/.test(String(c.params.text)))));

    // Every confirmation to make: each unit receives, then completes, each of its deadlines.
    const todo = chats.flatMap(({ unit, chat }) => (UNITS[unit] ?? []).flatMap((d) => [`/xacnhan ${d} nhan`, `/xacnhan ${d} xong`].map((text) => ({ unit, chat, text }))));
    const rnd = random(20231120);
    const acked = () =>
      chats.flatMap(({ unit, chat }) =>
        a
          .sent(chat)
          .filter((c) => c.messageId)
          .map((c) => /Đã ghi nhận: .* đã (NHẬN|HOÀN THÀNH) hạn (H\d+)/.exec(String(c.params.text)))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => ({ unit, deadline: m[2]!, done: m[1] === 'HOÀN THÀNH' })),
      );
    let next = 0;
    for (let k = 0; k < KILLS; k++) {
      // A burst of confirmations, then a kill -9 once some (a random number) are acknowledged.
      const burst = todo.slice(next, next + 8);
      next += burst.length;
      for (const t of burst) a.message(t.chat, t.text, ADMIN);
      const target = acked().length + 1 + Math.floor(rnd() * 4);
      await a.waitFor(() => acked().length >= Math.min(target, next));
      await bot!.stop('SIGKILL');
      start();
    }
    // The rest, and whatever the kills left unanswered (Telegram redelivers unconfirmed updates).
    for (const t of todo.slice(next)) a.message(t.chat, t.text, ADMIN);
    await a.waitFor(() => a.calls.filter((c) => c.method === 'getUpdates').length > 0 && acked().length >= 1);
    const acknowledged = await a.waitFor(() => {
      const list = acked();
      return list.filter((x) => x.done).length >= todo.filter((t) => t.text.endsWith('xong')).length ? list : undefined;
    }, 90_000);
    expect(await bot!.stop()).toBe(0);

    const saved = JSON.parse(readFileSync(db, 'utf8')) as { confirmations: Array<{ deadline: string; unit: string; completed?: unknown }> };
    const lost = acknowledged.filter((x) => !saved.confirmations.some((c) => c.deadline === x.deadline && c.unit === x.unit && (!x.done || c.completed)));
    expect(lost).toEqual([]);
    // And every confirmation asked for is there in the end (a redelivered "nhan" after its "xong"
    // is answered "từ trước", so acknowledgements may be fewer than confirmations).
    const missing = todo.filter((t) => !saved.confirmations.some((c) => c.unit === t.unit && c.deadline === t.text.split(' ')[1] && c.completed));
    expect(missing).toEqual([]);
  }, 240_000);
});
