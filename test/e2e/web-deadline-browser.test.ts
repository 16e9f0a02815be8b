/**
 * The Hạn page in real headless Chromium against the real built process (Telegram webhook mode,
 * the fake Bot API): an admin signs in with a /web link, opens H8 from Tổng quan, confirms TTRA
 * on its behalf with a note, and /tiendo H8 in chat shows TTRA confirmed; after the undo,
 * /tiendo H8 shows TTRA missing again.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, noChromium, PHONE, screenshot, type Browser } from '../browser.js';
import { tempDir } from '../helpers.js';
import { FakeBotApi } from './fake-bot-api.js';
import { httpPortOf, startCli, type Running } from './run.js';

const ADMIN = { id: 1001, first_name: 'Chánh', last_name: 'Văn phòng' };
const SECRET = 'S3cret_token-1';
const LINK_RE = /http:\/\/127\.0\.0\.1:\d+\/dang-nhap\?t=[A-Za-z0-9_-]{43}/;

describe.skipIf(noChromium)('Hạn page in Chromium (built process)', () => {
  let api: FakeBotApi | undefined;
  let bot: Running | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await bot?.stop('SIGKILL');
    await api?.stop();
  });

  it('confirms TTRA on its behalf with a note, then undoes it, and /tiendo H8 follows both', async () => {
    api = await new FakeBotApi().start();
    const a = api;
    bot = startCli(['start'], {
      TELEGRAM_BOT_TOKEN: a.token,
      TELEGRAM_API_ROOT: a.apiRoot,
      DB_FILE: join(tempDir(), 'db.json'),
      BOT_NOW: '2023-09-27T09:00:00+07:00',
      ADMIN_IDS: `telegram:${ADMIN.id}`,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      TELEGRAM_WEBHOOK_URL: 'https://loa.example.invalid/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
    });
    const base = `http://127.0.0.1:${await httpPortOf(bot)}`;
    let updateId = 0;
    /** Sends a private message from the admin through the webhook; the answer whose text matches. */
    const ask = async (text: string, answer: RegExp) => {
      const seen = a.sent(ADMIN.id).length;
      updateId++;
      const res = await fetch(`${base}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify({ update_id: updateId, message: { message_id: updateId, date: 0, chat: { id: ADMIN.id, type: 'private' }, from: ADMIN, text } }),
      });
      expect(res.status).toBe(200);
      return a.waitFor(() => a.sent(ADMIN.id).slice(seen).map((c) => String(c.params.text)).find((t) => answer.test(t)));
    };
    const link = LINK_RE.exec(await ask('/web', LINK_RE))![0];

    browser = await launchBrowser();
    const page = await browser.page(PHONE);
    await page.goto(link);
    await page.waitForURL(/\/tong-quan$/);
    await page.locator('a[href="/han/H8/2023-09-25"]').click();
    await page.waitForURL(/\/han\/H8\/2023-09-25$/);
    const ttra = page.locator('section[data-unit="TTRA"]');
    expect(await ttra.textContent()).toMatch(/chưa xác nhận/);

    await ttra.locator('select[name="kind"]').selectOption('xong');
    await ttra.locator('input[name="note"]').fill('nộp bản giấy');
    await ttra.getByRole('button', { name: 'Xác nhận thay' }).click();
    await expect.poll(() => ttra.textContent()).toMatch(/✔️ hoàn thành/);
    expect(await ttra.textContent()).toMatch(/Chánh Văn phòng · 27\/09\/2023 09:00 · Bảng điều khiển web/);
    await screenshot(page, 'han-h8-phone');
    expect(await ask('/tiendo H8', /Tiến độ hạn H8/)).toMatch(/✔️ TTRA — [^\n]*hoàn thành 27\/09\/2023 09:00 \(Chánh Văn phòng\)/);

    await ttra.getByRole('button', { name: 'Hủy xác nhận' }).click();
    await expect.poll(() => ttra.textContent()).toMatch(/chưa xác nhận/);
    expect(await ttra.getByRole('button', { name: 'Xác nhận thay' }).count()).toBe(1);
    const after = await ask('/tiendo H8', /Tiến độ hạn H8/);
    expect(after).toMatch(/⏳ TTRA — /);
    expect(after).not.toMatch(/✔️ TTRA/);
    expect(await bot.stop()).toBe(0);
  }, 120_000);
});
