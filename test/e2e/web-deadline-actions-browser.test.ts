/**
 * The Hạn page's occurrence actions in real headless Chromium against the real built process
 * (Telegram webhook mode, the fake Bot API): "Nhắc ngay" puts the reminder, with its buttons,
 * into the bound group's chat at once (the outbox is started), the history shows it; "Đổi ngày
 * hạn" with a reason moves H8, the browser lands on the new day's page and /deadline H8 in chat
 * says the new day.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, noChromium, PHONE, screenshot, type Browser } from '../browser.js';
import { ADMIN, startWebBot, type WebBot } from './web-bot.js';

const GROUP = -500;

describe.skipIf(noChromium)('Hạn page actions in Chromium (built process)', () => {
  let web: WebBot | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('reminds now into the group, then moves the due date with a reason', async () => {
    web = await startWebBot('2023-09-20T09:00:00+07:00');
    const { api, ask, post, bot } = web;
    await post({ message: { message_id: 1, date: 0, chat: { id: GROUP, type: 'group', title: 'Tổ Thanh tra' }, from: ADMIN, text: '/dangky TTRA' } });
    await api.waitFor(() => api.sent(GROUP).some((c) => /Đã đăng ký/.test(String(c.params.text))));
    const link = await web.signInLink();

    browser = await launchBrowser();
    const page = await browser.page(PHONE);
    await page.goto(link);
    await page.waitForURL(/\/tong-quan$/);
    await page.goto(`${web.base}/han/H8/2023-09-25`);
    await page.getByRole('button', { name: /^Nhắc ngay 10 đơn vị/ }).click();
    await page.waitForURL(/tb=nhac/);
    expect(await page.locator('p.notice').textContent()).toContain('Đã xếp gửi tin nhắc tới 1 đơn vị (1 nhóm chat). 9 đơn vị chưa có nhóm chat');
    const reminder = await api.waitFor(() => api.sent(GROUP).find((c) => /Nhắc hạn H8/.test(String(c.params.text))));
    expect(String(reminder.params.text)).toContain('Thanh tra Sở (TTRA): ⚠️ chưa xác nhận đã nhận');
    expect(JSON.stringify(reminder.params.reply_markup)).toContain('/xacnhan H8 nhan 2023-09-25');
    // Delivered: the history says so once the row is finished.
    await expect.poll(async () => {
      await page.reload();
      return page.locator('ol.history').textContent();
    }).toMatch(/Nhắc ngay \(từ bảng điều khiển\)[\s\S]*1 đã gửi/);
    await page.locator('ol.history li.step', { hasText: 'Nhắc ngay' }).locator('summary').click();
    // Named by its title once Loa keeps one with the binding (an admin's /dangky makes no request), else by its unit.
    expect(await page.locator('ol.history li.sent').textContent()).toMatch(/^Thanh tra Sở \(TTRA\) → Telegram · (“Tổ Thanh tra”|nhóm của Thanh tra Sở) — đã gửi/);
    await screenshot(page, 'han-h8-history-phone');

    await page.locator('input[name="day"]').fill('28/09/2023');
    await page.locator('input[name="reason"]').fill('Theo công văn số 123');
    await page.getByRole('button', { name: 'Đổi ngày hạn' }).click();
    await page.waitForURL(/\/han\/H8\/2023-09-28\?tb=doi-han/);
    expect(await page.locator('h1').textContent()).toBe('Hạn H8 · Thứ Năm, 28/09/2023');
    expect(await page.locator('p.notice').textContent()).toContain('Đã đổi ngày hạn từ 25/09/2023');
    const chat = await ask('/deadline H8', /Hạn H8/);
    expect(chat).toContain('28/09/2023');
    expect(chat).not.toContain('25/09/2023');
    expect(await bot.stop()).toBe(0);
  }, 180_000);
});
