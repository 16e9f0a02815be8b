/**
 * The Đơn vị pages in real headless Chromium against the real built process (Telegram webhook
 * mode, the fake Bot API): a group asks to register with /dangky; the admin approves it on a phone
 * and the group is told; the group's title and activity show on the unit's page (recorded by the
 * update's own write); a unit added on the web is registered to in chat at once, and a unit
 * renamed on the web shows its new name in /donvi.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, noChromium, PHONE, screenshot, type Browser } from '../browser.js';
import { DATA_DIR, tempDir } from '../helpers.js';
import { ADMIN, startWebBot, type WebBot } from './web-bot.js';

const STAFF = { id: 2002, first_name: 'Nguyễn Thị', last_name: 'Hoa' };
const GROUP = { id: -500, type: 'group', title: 'Tổ <b>Thanh tra</b>' };

describe.skipIf(noChromium)('Đơn vị pages in Chromium (built process)', () => {
  let web: WebBot | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('approves a request, shows the chat, adds and renames units, and chat follows each change', async () => {
    // Units are edited: on a copy of the data folder, never the repository's.
    const dataDir = join(tempDir(), 'data');
    cpSync(DATA_DIR, dataDir, { recursive: true });
    web = await startWebBot('2023-09-20T09:00:00+07:00', { DATA_DIR: dataDir });
    const { api, ask, post, bot } = web;
    let messageId = 1000;
    const inGroup = async (text: string, from: Record<string, unknown>, answer: RegExp) => {
      const seen = api.sent(GROUP.id).length;
      await post({ message: { message_id: ++messageId, date: 0, chat: GROUP, from, text } });
      return api.waitFor(() => api.sent(GROUP.id).slice(seen).map((c) => String(c.params.text)).find((t) => answer.test(t)));
    };
    expect(await inGroup('/dangky TTRA', STAFF, /Đã gửi yêu cầu R1/)).toContain('Chờ quản trị viên duyệt');
    const link = await web.signInLink();

    browser = await launchBrowser();
    const page = await browser.page(PHONE);
    await page.goto(link);
    await page.waitForURL(/\/tong-quan$/);
    await page.getByRole('link', { name: 'Đơn vị', exact: true }).click();
    await page.waitForURL(/\/don-vi$/);
    const request = page.locator('section[data-request="R1"]');
    expect(await request.textContent()).toContain('xin gắn nhóm “Tổ <b>Thanh tra</b>” với Thanh tra Sở (TTRA)');
    await screenshot(page, 'don-vi-phone');
    await request.getByRole('button', { name: '✅ Duyệt' }).click();
    await page.waitForURL(/\/don-vi\?tb=duyet&ma=R1$/);
    expect(await page.locator('.notice').textContent()).toContain('Đã duyệt yêu cầu R1');
    await api.waitFor(() => api.sent(GROUP.id).some((c) => String(c.params.text).includes('Yêu cầu R1 đã được duyệt')));

    // The group writes: its title and activity are kept with the binding.
    await inGroup('/deadline', STAFF, /Các hạn sắp tới của Thanh tra Sở/);
    await page.goto(`${web.base}/don-vi/TTRA`);
    const chat = page.locator('section[data-chat="telegram:-500"]');
    expect(await chat.textContent()).toContain('Tổ <b>Thanh tra</b>');
    expect(await chat.textContent()).toContain('Hoạt động gần nhất: 20/09/2023 09:00');
    await screenshot(page, 'don-vi-unit-phone');

    // Rename it on the web: chat shows the new name.
    await page.locator('input[name="name"]').fill('Thanh tra Sở KH&CN');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.waitForURL(/\/don-vi\/TTRA\?tb=sua$/);
    expect(await ask('/donvi', /Các đơn vị/)).toContain('TTRA — Thanh tra Sở KH&CN (1 nhóm chat)');

    // Add a unit on a desktop: a group registers to it at once.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${web.base}/don-vi`);
    await page.getByRole('link', { name: '+ Thêm đơn vị' }).click();
    await page.locator('input[name="code"]').fill('TTDV');
    await page.locator('input[name="name"]').fill('Trung tâm Dịch vụ Kỹ thuật');
    await page.locator('input[name="kind"]').fill('su-nghiep');
    await page.locator('input[name="aliases"]').fill('TT Dịch vụ, Trung tâm DVKT');
    await page.locator('input[name="contact_name"]').fill('Lê Văn Cường');
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await page.waitForURL(/\/don-vi\/TTDV\?tb=them$/);
    expect(await page.locator('h1').textContent()).toContain('Trung tâm Dịch vụ Kỹ thuật');
    expect(await inGroup('/dangky trung tam dvkt', ADMIN, /Đã đăng ký/)).toContain('Trung tâm Dịch vụ Kỹ thuật (TTDV)');
    await page.goto(`${web.base}/don-vi`);
    await screenshot(page, 'don-vi-desktop');
    expect(await page.locator('tr[data-unit="TTDV"]').textContent()).toContain('Lê Văn Cường');
    expect(await bot.stop()).toBe(0);
    expect(readFileSync(join(DATA_DIR, 'org.json'), 'utf8')).not.toContain('TTDV');
  }, 120_000);
});
