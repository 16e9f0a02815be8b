/**
 * The web console in the real built process: beside the Telegram webhook on one port, and beside
 * the console chat (`npm start` with no channel), which closes it when the chat ends.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { FakeBotApi } from './fake-bot-api.js';
import { httpPortOf, runCli, startCli, type Running } from './run.js';
import { WAIT_MS, waitUntil } from './wait.js';

const ADMIN = { id: 1001, first_name: 'Chánh', last_name: 'Văn phòng' };
const LINK_RE = /http:\/\/127\.0\.0\.1:(\d+)\/dang-nhap\?t=[A-Za-z0-9_-]{43}/;

let api: FakeBotApi | undefined;
let bot: Running | undefined;
afterEach(async () => {
  await bot?.stop('SIGKILL');
  bot = undefined;
  await api?.stop();
  api = undefined;
});

describe('web console in the built process', () => {
  it('shares one port with the Telegram webhook: /healthz, the webhook, and sign-in by /web', async () => {
    api = await new FakeBotApi('123456:TEST', 'LoaTestBot', {}).start();
    bot = startCli(['start'], {
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      DB_FILE: join(tempDir(), 'db.json'),
      BOT_NOW: '2023-09-20T09:00:00+07:00',
      ADMIN_IDS: `telegram:${ADMIN.id}`,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      TELEGRAM_WEBHOOK_URL: 'https://loa.example.invalid/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 'S3cret_token-1',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
    });
    const port = await httpPortOf(bot);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const signedOut = await fetch(`${base}/tong-quan`, { redirect: 'manual' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/dang-nhap');
    const help = await fetch(`${base}/dang-nhap`);
    expect(help.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(await help.text()).toMatch(/Đăng nhập bảng điều khiển/);
    // An admin asks for a link in a private chat, through the webhook.
    const update = JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: ADMIN.id, type: 'private' }, from: ADMIN, text: '/web' } });
    const hook = await fetch(`${base}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'S3cret_token-1' },
      body: update,
    });
    expect(hook.status).toBe(200);
    const sent = await api.waitFor(() => api!.sent(ADMIN.id).find((c) => LINK_RE.test(String(c.params.text))));
    const link = LINK_RE.exec(String(sent.params.text))!;
    expect(Number(link[1])).toBe(port);
    const signIn = await fetch(link[0], { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(`${base}/tong-quan`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Tổng quan · 20\/09\/2023/);
    expect((await fetch(link[0], { redirect: 'manual' })).status).toBe(403);
    expect(await bot.stop()).toBe(0);
  });

  it('runs beside the console chat, with a link in the banner, and closes when the chat ends', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'start'], {
      cwd: ROOT,
      env: { ...process.env, DB_FILE: join(tempDir(), 'db.json'), BOT_NOW: '2023-09-20T09:00:00+07:00', HTTP_PORT: '0', TELEGRAM_BOT_TOKEN: '', ZALO_BOT_TOKEN: '', ADMIN_IDS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const link = await waitUntil(() => LINK_RE.exec(out) ?? undefined, WAIT_MS, () => `no sign-in link in:\n${out}`);
      const signIn = await fetch(link[0], { redirect: 'manual' });
      expect(signIn.status).toBe(303);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`http://127.0.0.1:${link[1]}/tong-quan`, { headers: { cookie } });
      expect(await page.text()).toContain('Quản trị viên (console)');
      child.stdin.end('/khauhieu\n');
      expect(await exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${link[1]}/healthz`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('goes on without the web console when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['start'], { input: '/khauhieu\n', env: { DB_FILE: join(tempDir(), 'db.json'), HTTP_PORT: String(port) } });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(`⚠️ Bảng điều khiển web không chạy: cổng ${port} đang có chương trình khác dùng`);
      expect(r.stdout).toMatch(/Khẩu hiệu/);
    } finally {
      blocker.close();
    }
  });
});
