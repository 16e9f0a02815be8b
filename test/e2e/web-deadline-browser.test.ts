/**
 * The Hạn page in real headless Chromium against the real built process (Telegram webhook mode,
 * the fake Bot API): an admin signs in with a /web link, opens H8 from Tổng quan, confirms TTRA
 * on its behalf with a note, and /tiendo H8 in chat shows TTRA confirmed; after the undo,
 * /tiendo H8 shows TTRA missing again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, noChromium, PHONE, screenshot, type Browser } from '../browser.js';
import { startWebBot, type WebBot } from './web-bot.js';

describe.skipIf(noChromium)('Hạn page in Chromium (built process)', () => {
  let web: WebBot | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('confirms TTRA on its behalf with a note, then undoes it, and /tiendo H8 follows both', async () => {
    web = await startWebBot('2023-09-27T09:00:00+07:00');
    const { ask, bot } = web;
    const link = await web.signInLink();

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
