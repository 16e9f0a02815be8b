/**
 * The web console in real headless Chromium against the real built process (Telegram webhook
 * mode, the fake Bot API): an admin asks for a link with /web, opens it, sees Tổng quan (also at
 * a phone's size), and downloads the XLSX report, which exceljs reads back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPORT_HEADERS } from '../../src/web/export.js';
import { launchBrowser, noChromium, PHONE, screenshot, type Browser } from '../browser.js';
import { tempDir } from '../helpers.js';
import { ADMIN, startWebBot, type WebBot } from './web-bot.js';

const STAFF = { id: 2002, first_name: 'Hoa' };

describe.skipIf(noChromium)('web console in Chromium (built process)', () => {
  let web: WebBot | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('signs in through the /web link, shows Tổng quan on a phone, and exports an XLSX that reads back', async () => {
    web = await startWebBot('2023-09-20T09:00:00+07:00');
    const { api: a, bot, base, post } = web;
    const group = { id: -700, type: 'supergroup', title: 'Thanh tra Sở' };
    // A unit's group is bound and confirms H8, so the report has a confirmed row.
    await post({ message: { message_id: 1, date: 0, chat: group, from: ADMIN, text: '/dangky TTRA' } });
    await post({ message: { message_id: 2, date: 0, chat: group, from: STAFF, text: '/xacnhan H8 xong' } });
    await a.waitFor(() => a.sent(-700).some((c) => /Đã ghi nhận/.test(String(c.params.text))));
    const link = await web.signInLink();

    browser = await launchBrowser();
    const page = await browser.page(PHONE);
    await page.goto(link);
    await page.waitForURL(/\/tong-quan$/);
    await expect.poll(() => page.locator('h1').first().textContent()).toMatch(/Tổng quan/);
    expect(await page.locator('body').textContent()).toMatch(/H8/);
    // Nothing wider than the phone: the page scrolls down, not sideways (the matrix scrolls in its own box).
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'tong-quan-phone');

    await page.getByRole('link', { name: 'Xuất báo cáo' }).click();
    await page.waitForURL(/\/xuat$/);
    await page.locator('select[name="plan"]').selectOption('bac-giang-2023');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải về' }).click()]);
    expect(download.suggestedFilename()).toBe('bao-cao-tien-do_bac-giang-2023_2023-09-20.xlsx');
    const file = join(tempDir(), download.suggestedFilename());
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('Xác nhận')!;
    const headerRow = Array.from({ length: sheet.rowCount }, (_, i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === EXPORT_HEADERS[0])!;
    expect(headerRow.values).toEqual([undefined, ...EXPORT_HEADERS]);
    const rows = Array.from({ length: sheet.rowCount - headerRow.number }, (_, i) => sheet.getRow(headerRow.number + 1 + i).values as unknown[]);
    const h8 = rows.filter((r) => r[2] === 'H8');
    expect(h8).toHaveLength(10);
    expect(h8.find((r) => r[5] === 'TTRA' || String(r[5]).includes('Thanh tra'))?.[6]).toBe('Hoàn thành');
    expect(book.getWorksheet('Tổng hợp theo đơn vị')).toBeDefined();

    // A bad day is answered on the page, in Vietnamese.
    await page.goto(`${base}/xuat`);
    await page.locator('input[name="from"]').fill('31/02/2023');
    await page.getByRole('button', { name: 'Tải về' }).click();
    await expect.poll(() => page.locator('.error').textContent()).toMatch(/Từ ngày "31\/02\/2023" không hợp lệ/);
    expect(await bot.stop()).toBe(0);
  }, 120_000);
});
