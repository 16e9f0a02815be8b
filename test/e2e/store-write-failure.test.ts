/**
 * Item 2 end to end: the real built bot (Telegram, fake Bot API) whose database cannot be written
 * while it runs. A confirmation that was not written is answered "chưa ghi được, vui lòng thử
 * lại", a retry is not "đã xác nhận từ trước", the admins are told once per outage with the
 * file and the cause; a database file replaced under the bot (an operator restoring a backup) is
 * never overwritten, and the admins are told.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canMount, fillDisk, smallDisk } from '../faults.js';
import { tempDir, wholeStateSync } from '../helpers.js';
import { FakeBotApi, type Call } from './fake-bot-api.js';
import { ready, startCli, type Running } from './run.js';

const GROUP = -100;
const ADMIN = { id: 1001, first_name: 'Chánh', last_name: 'Văn phòng' };
const STAFF = { id: 2002, first_name: 'Hoa' };
type From = { id: number; first_name: string; last_name?: string };

let api: FakeBotApi;
let bot: Running | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  bot = undefined;
  await api?.stop();
});

async function launch(db: string): Promise<void> {
  api = await new FakeBotApi('123456:TEST', 'LoaTestBot').start();
  bot = startCli(['start'], {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    DB_FILE: db,
    BOT_NOW: '2023-09-20T09:00:00+07:00',
    ADMIN_IDS: `telegram:${ADMIN.id}`,
    TELEGRAM_CHAT_INTERVAL_MS: '0',
  });
  await api.waitFor(() => api.calls.some((c) => c.method === 'getUpdates'));
  // Started through: the catch-up reminder run at start writes too, and must not race the faults below.
  await ready(bot);
}

/** Sends a message and returns the text of the next answer in that chat. */
async function say(chat: number, text: string, from: From = ADMIN): Promise<string> {
  const before = api.sent(chat).length;
  api.message(chat, text, from);
  const [answer] = await api.waitFor(() => api.sent(chat).length > before && api.sent(chat).slice(before));
  return String((answer as Call).params.text);
}

/** Waits until the bot wrote how its replies ended (no outbox row pending), so a fault hits the next change, not that write. */
async function settled(db: string): Promise<void> {
  await api.waitFor(() => {
    try {
      return wholeStateSync(db).outbox.every((r) => r.status !== 'pending');
    } catch {
      return false;
    }
  });
}

const adminNotices = () => api.sent(ADMIN.id).map((c) => String(c.params.text)).filter((t) => /Loa không ghi được tệp dữ liệu/.test(t));

describe('the bot when its database cannot be written (item 2)', () => {
  it.skipIf(!canMount)('full disk: "chưa ghi được", not "từ trước" on a retry, the admins told once with the cause; saved once space is back', async () => {
    const dir = smallDisk(1024);
    const db = join(dir, 'db.json');
    await launch(db);
    expect(await say(GROUP, '/dangky CCTDC')).toMatch(/Đã đăng ký/);
    await settled(db);
    // A restart compacts the journal into the file: the next change must create a journal, which
    // a full disk refuses (a line appended to a journal may still fit in its last allocated page).
    expect(await bot!.stop()).toBe(0);
    await launch(db);
    const filler = fillDisk(dir);
    const refused = /^⚠️ Chưa ghi được thay đổi này \(đĩa đầy\), vui lòng thử lại sau ít phút\.$/;
    expect(await say(GROUP, '/xacnhan H8', STAFF)).toMatch(refused);
    expect(await say(GROUP, '/xacnhan H8', STAFF)).toMatch(refused);
    await api.waitFor(() => adminNotices().length > 0);
    expect(adminNotices()).toHaveLength(1);
    expect(adminNotices()[0]).toContain(db);
    expect(adminNotices()[0]).toMatch(/đĩa đầy \(ENOSPC\)/);
    rmSync(filler);
    expect(await say(GROUP, '/xacnhan H8', STAFF)).toMatch(/Đã ghi nhận: [^\n]* đã NHẬN hạn H8/);
    expect(await say(GROUP, '/xacnhan H8', STAFF)).toMatch(/từ trước/);
    expect(adminNotices()).toHaveLength(1);
    expect(await bot!.stop()).toBe(0);
    const saved = JSON.parse(readFileSync(db, 'utf8')) as { confirmations: Array<{ deadline: string; unit: string }> };
    expect(saved.confirmations.map((c) => `${c.deadline} ${c.unit}`)).toEqual(['H8 CCTDC']);
  });

  it('a database file replaced under the bot (a restored backup) is not overwritten; the admins are told', async () => {
    const db = join(tempDir(), 'db.json');
    await launch(db);
    expect(await say(GROUP, '/dangky CCTDC')).toMatch(/Đã đăng ký/);
    await settled(db);
    // The operator restores an older copy (without the binding) while the bot runs.
    const restored = JSON.stringify({ ...(JSON.parse(readFileSync(db, 'utf8')) as object), bindings: {} });
    writeFileSync(db, restored);
    expect(await say(GROUP, '/xacnhan H8', STAFF), bot!.stderr()).toMatch(/^⚠️ Chưa ghi được thay đổi này \(tệp dữ liệu vừa bị thay đổi từ bên ngoài\), vui lòng thử lại sau ít phút\.$/);
    await api.waitFor(() => adminNotices().length > 0);
    expect(adminNotices()[0]).toContain(db);
    expect(adminNotices()[0]).toMatch(/không ghi đè/);
    expect(await bot!.stop()).toBe(0);
    expect(readFileSync(db, 'utf8')).toBe(restored);
    expect(adminNotices()).toHaveLength(1);
  });
});
