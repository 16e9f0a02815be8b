/**
 * Trying Loa in the console never leaves state that a real deployment then acts on (issue 9,
 * item 6): the console's default database is its own file, and a bot that finds a console chat
 * in its database (both run on one DB_FILE) sends it nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { tempDir } from '../helpers.js';
import { FakeBotApi } from './fake-bot-api.js';
import { runCli, startCli, type Running } from './run.js';

let api: FakeBotApi | undefined;
let bot: Running | undefined;
afterEach(async () => {
  await bot?.stop('SIGKILL');
  await api?.stop();
  bot = api = undefined;
});

describe('console trial data', () => {
  it('uses its own database file unless DB_FILE names one', () => {
    const plain = loadConfig({});
    expect(plain.consoleDbFile).not.toBe(plain.dbFile);
    expect(plain.consoleDbFile).toMatch(/data[/\\]console\.json$/);
    const named = loadConfig({ DB_FILE: '/tmp/x/db.json' });
    expect(named.consoleDbFile).toBe(named.dbFile);
  });

  it('sends a request made with --as to the console admin, who approves it in the next session (item 7)', async () => {
    const db = join(tempDir(), 'db.json');
    const env = { DB_FILE: db, BOT_NOW: '2023-09-20T09:00:00+07:00' };
    const staff = await runCli(['start', '--as', 'CCTDC'], { input: '/dangky TTKHCN\n', env });
    expect(staff.code).toBe(0);
    expect(staff.stdout).toMatch(/Đã gửi yêu cầu R1/);
    expect(staff.stdout).toMatch(/🔊 Loa → quản trị viên \(console\):\n📨 Yêu cầu R1/);
    expect(staff.stdout).not.toMatch(/ADMIN_IDS|chưa cấu hình|console:/);
    const admin = await runCli(['start'], { input: '/duyet\n/duyet R1\n', env });
    expect(admin.stdout).toMatch(/R1 · Cán bộ CCTDC \(console\)/);
    expect(admin.stdout).toMatch(/✅ Đã duyệt R1/);
    expect(admin.stdout).not.toMatch(/console:/);
  }, 60_000);

  it('a bot on the same file sends nothing to the console chat and queues nothing for it', async () => {
    const db = join(tempDir(), 'db.json');
    // The console binds console:VP and confirms nothing.
    const trial = await runCli(['start'], { input: '/deadline H8\n', env: { DB_FILE: db, BOT_NOW: '2023-09-20T09:00:00+07:00' } });
    expect(trial.code).toBe(0);
    expect(JSON.parse(readFileSync(db, 'utf8')).bindings['console:VP']).toBeDefined();

    // 22/09 08:00 is H8's d-3 reminder for every unit, VP included.
    api = await new FakeBotApi().start();
    bot = startCli(['start'], {
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      DB_FILE: db,
      BOT_NOW: '2023-09-22T08:00:20+07:00',
      ADMIN_IDS: 'telegram:1001',
      LOG_LEVEL: 'info',
      TELEGRAM_CHAT_INTERVAL_MS: '0',
    });
    await api.waitFor(() => api!.sent(1001).some((c) => /không gửi được tới/.test(String(c.params.text))));
    expect(await bot.stop()).toBe(0);
    const data = JSON.parse(readFileSync(db, 'utf8')) as { outbox: Array<{ chat: string }>; reminders: Record<string, { status: string }> };
    expect(data.outbox.filter((r) => r.chat.startsWith('console:'))).toEqual([]);
    expect(data.reminders['H8@2023-09-25#VP#d-3']?.status).toBe('no-chat');
    expect(bot.stderr()).not.toMatch(/wait for a channel that is not running/);
  }, 60_000);
});
