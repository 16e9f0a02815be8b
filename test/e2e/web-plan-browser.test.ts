/**
 * Upload, review and publish a plan in real headless Chromium against the real built process
 * (Telegram webhook mode, the fake Bot API, a copy of the sample data): an admin signs in with a
 * /web link, uploads a plan file, sees its deadlines beside the source text, corrects a deadline's
 * date, publishes, and `/deadline` in chat shows the corrected deadline.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, noChromium, PHONE, screenshot, type Browser } from '../browser.js';
import { DATA_DIR, tempDir } from '../helpers.js';
import { planText } from '../web-plan-fixture.js';
import { startWebBot, type WebBot } from './web-bot.js';

const DESKTOP = { width: 1366, height: 900 } as const;

describe.skipIf(noChromium)('plan upload and review in Chromium (built process)', () => {
  let web: WebBot | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('uploads a plan, corrects a deadline on the review page, publishes, and /deadline in chat shows it', async () => {
    const data = join(tempDir(), 'data');
    cpSync(DATA_DIR, data, { recursive: true });
    web = await startWebBot('2027-01-10T09:00:00+07:00', { DATA_DIR: data });
    const { ask, bot } = web;
    const link = await web.signInLink();

    browser = await launchBrowser();
    const page = await browser.page(DESKTOP);
    await page.goto(link);
    await page.waitForURL(/\/tong-quan$/);
    await page.goto(`${web.base}/ke-hoach/tai-len`);
    await page.locator('input[type="file"]').setInputFiles({ name: 'ke-hoach-chuyen-doi-so.txt', mimeType: 'text/plain', buffer: Buffer.from(planText()) });
    await page.getByRole('button', { name: 'Tải lên và đọc' }).click();
    await page.waitForURL(/\/ke-hoach\/duyet\/I1\?ok=tai-len$/);
    expect(await page.locator('[role="status"]').textContent()).toMatch(/Đã đọc tệp/);

    // Each deadline beside its quote in the source: the card links to a mark in the text.
    const card = page.locator('section.card[data-deadline]', { hasText: 'Thanh tra Sở kiểm tra việc thực hiện' });
    const id = (await card.getAttribute('data-deadline'))!;
    expect(await card.textContent()).toMatch(/15\/06\/2027/);
    const quote = await card.getByRole('link', { name: 'Xem trong văn bản' }).getAttribute('href');
    expect(await page.locator(`mark${quote}`).textContent()).toBe('hoàn thành trước ngày 15/06/2027');
    expect(await page.locator('#can-xem').textContent()).toMatch(/Ban Dân vận Tỉnh ủy/);
    // Two columns on a desktop: the source text sits right of the deadlines.
    const [left, right] = [await page.locator('.review-result').boundingBox(), await page.locator('.review-source').boundingBox()];
    expect(right!.x).toBeGreaterThan(left!.x + left!.width - 1);
    await screenshot(page, 'plan-review-desktop');

    await card.locator('summary', { hasText: `Sửa hạn ${id}` }).click();
    await card.locator('textarea[name="task"]').fill('Thanh tra Sở kiểm tra công vụ đợt 1');
    await card.locator('input[name="due"]').fill('25/01/2027');
    await card.getByRole('button', { name: `Lưu hạn ${id}` }).click();
    await page.waitForURL(/\?ok=deadline-edit#h-H\d+$/);
    const saved = page.locator(`#h-${id}`);
    expect(await saved.textContent()).toMatch(/25\/01\/2027 \(còn 15 ngày\)/);
    expect(await saved.textContent()).toMatch(/Thanh tra Sở kiểm tra công vụ đợt 1/);

    // A deadline that names no unit waits for the office: Publish stays disabled until it is mapped.
    expect(await page.getByRole('button', { name: 'Công bố kế hoạch' }).isDisabled()).toBe(true);
    const phrase = page.locator('#can-xem li', { hasText: 'chưa rõ đơn vị' });
    await phrase.locator('input[name="unit"]').fill('VP');
    await phrase.getByRole('button', { name: 'Gán đơn vị' }).click();
    await page.waitForURL(/\/ke-hoach\/duyet\/I1\?ok=/);
    await page.getByRole('button', { name: 'Công bố kế hoạch' }).click();
    await page.waitForURL(/\/ke-hoach\/ha-giang-2027-tuyen-truyen-chuyen-doi\/sua\?ok=cong-bo$/);
    expect(await page.locator('[role="status"]').textContent()).toMatch(/Đã công bố kế hoạch/);
    await page.setViewportSize(PHONE);
    await screenshot(page, 'plan-published-phone');

    const answer = await ask(`/deadline ${id}`, new RegExp(`Hạn ${id}:`));
    expect(answer).toContain(`Hạn ${id}: Thanh tra Sở kiểm tra công vụ đợt 1`);
    expect(answer).toMatch(/25\/01\/2027/);
    expect(await bot.stop()).toBe(0);
  }, 180_000);
});
