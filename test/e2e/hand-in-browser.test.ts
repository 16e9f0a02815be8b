/**
 * Hand-ins on the web console in real headless Chromium against the built process (Telegram
 * webhook mode, the fake Bot API): CCTDC hands in a report whose name carries markup, TTKHCN its
 * filled Phụ lục II table. Signed in as the admin, the Hạn page of H8 shows each unit's file link
 * and rows, the name as text (no script runs), the report downloads, and "Tải bảng tổng hợp
 * (.xlsx)" downloads the merged table (read back by exceljs). The one-time link of `/tonghop H8`
 * opens a page whose button downloads once; the next visit's button says the link is used.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser, noChromium, screenshot, type Browser } from '../browser.js';
import { docxWith, PHU_LUC_II } from '../files-fixture.js';
import { makePdf } from '../pdf-fixture.js';
import { downloadLinks, expectMergedXlsx } from './merged-read.js';
import { ADMIN, startWebBot, type WebBot } from './web-bot.js';

const STAFF = { id: 2002, first_name: 'Hoa' };
const CCTDC_GROUP = -100_901;
const TTKHCN_GROUP = -100_902;
const HOSTILE_NAME = 'Báo cáo <script>alert(1)<script> & <img src=x onerror=alert(2)>.pdf';
const ROWS = [
  ['Hội nghị tuyên truyền “Tháng Dân vận”', '15/09/2023', 'Toàn Trung tâm', 'Viên chức', 'Nâng cao nhận thức', ''],
  ['Ra quân vệ sinh môi trường', 'Tháng 9/2023', 'Xã Ngọc Thiện', 'Đoàn viên', 'Xanh – sạch – đẹp', 'Phối hợp Đoàn xã'],
];

/** The bytes of what a click downloads (Playwright's download event). */
async function download(page: Page, click: () => Promise<void>): Promise<{ bytes: Buffer; name: string }> {
  const [d] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, void];
  return { bytes: await readFile((await d.path())!), name: d.suggestedFilename() };
}

describe.skipIf(noChromium)('hand-ins on the Hạn page in Chromium (built process)', () => {
  let web: WebBot | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it('shows each unit’s file and rows, escapes a hostile name, downloads the merged .xlsx, and a one-time link works once', async () => {
    web = await startWebBot('2023-09-20T09:00:00+07:00');
    const w = web;
    // Updates the fake makes (documents) go to the webhook, with ids of their own.
    let next = 500_000;
    w.api.deliver = (update) => void w.post({ ...update, update_id: next++ });
    const answered = (chat: number, pattern: RegExp) => w.api.waitFor(() => w.api.sent(chat).map((c) => String(c.params.text)).find((t) => pattern.test(t)));
    for (const [chat, unit] of [[CCTDC_GROUP, 'CCTDC'], [TTKHCN_GROUP, 'TTKHCN']] as const) {
      w.api.message(chat, `/dangky ${unit}`, ADMIN);
      await answered(chat, /Đã đăng ký/);
    }
    const pdf = await makePdf([{ center: 'BÁO CÁO' }, { p: 'Kết quả “Tháng Dân vận” của Chi cục.' }]);
    w.api.document(CCTDC_GROUP, HOSTILE_NAME, pdf, STAFF, { caption: 'xong H8' });
    await answered(CCTDC_GROUP, /📥 Đã nhận báo cáo/);
    w.api.document(TTKHCN_GROUP, 'Phụ lục II.docx', await docxWith('PHỤ LỤC II', [PHU_LUC_II, ...ROWS]), STAFF, { caption: 'H8' });
    await answered(TTKHCN_GROUP, /📝 2 dòng đăng ký/);

    browser = await launchBrowser();
    const page = await browser.page({ width: 1280, height: 900 });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(await w.signInLink());
    await page.waitForURL(/\/tong-quan$/);
    await page.goto(`${w.base}/han/H8/2023-09-25`);

    // CCTDC: its report, the name shown as typed, as text; TTKHCN: its table's file and 2 rows.
    const cctdc = page.locator('section[data-unit="CCTDC"]');
    const report = cctdc.locator('ul.hand-ins a[href^="/tep/N"]');
    expect(await report.textContent()).toBe(HOSTILE_NAME);
    expect(await cctdc.locator('ul.hand-ins script, ul.hand-ins img').count()).toBe(0);
    const ttkhcn = page.locator('section[data-unit="TTKHCN"]');
    expect(await ttkhcn.locator('ul.hand-ins a[href^="/tep/N"]').textContent()).toBe('Phụ lục II.docx');
    expect(await ttkhcn.locator('ul.hand-ins').textContent()).toMatch(/📝 2 dòng đăng ký/);
    // The merged rows on the page: TTKHCN's two, CCTDC among those that have not sent a table.
    const merged = page.locator('#tong-hop');
    expect(await merged.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))).toEqual(
      ROWS.map((r, i) => [String(i + 1), 'Trung tâm Khoa học và Công nghệ', ...r]),
    );
    expect(await merged.textContent()).toMatch(/Chưa gửi \(9\): .*Chi cục Tiêu chuẩn Đo lường Chất lượng \(CCTDC\)/);
    await screenshot(page, 'hand-ins-han-h8');

    const got = await download(page, () => report.click());
    expect(got.bytes.equals(pdf)).toBe(true);
    // Saved under its UTF-8 name (filename*), the markup characters made harmless by Chromium.
    expect(got.name).toBe(HOSTILE_NAME.replace(/[<>]/g, '_'));
    const xlsx = await download(page, () => page.getByRole('link', { name: '⬇️ Tải bảng tổng hợp (.xlsx)' }).click());
    expect(xlsx.name).toBe('tong-hop-H8-2023-09-25.xlsx');
    await expectMergedXlsx(xlsx.bytes, { rows: { TTKHCN: ROWS } });

    // The one-time link /tonghop gives in chat: its page's button downloads once.
    const [link] = downloadLinks(await w.ask('/tonghop H8', /Tải bảng tổng hợp/));
    const linkPage = await browser.page({ width: 390, height: 844 });
    await linkPage.goto(link!);
    expect(await linkPage.locator('h1').textContent()).toBe('Tải tệp từ Loa');
    expect(await linkPage.locator('main').textContent()).toContain('tong-hop-H8-2023-09-25.xlsx');
    await screenshot(linkPage, 'hand-ins-one-time-link');
    const once = await download(linkPage, () => linkPage.getByRole('button', { name: '⬇️ Tải tệp về' }).click());
    await expectMergedXlsx(once.bytes, { rows: { TTKHCN: ROWS } });
    // Visited again, the used link says so at once: no button to press.
    await linkPage.goto(link!);
    await linkPage.waitForSelector('text=Đường dẫn tải tệp không còn hiệu lực');
    expect(await linkPage.getByRole('button', { name: '⬇️ Tải tệp về' }).count()).toBe(0);
    expect(await linkPage.locator('.error').textContent()).toMatch(/đã được dùng/);
    await screenshot(linkPage, 'hand-ins-one-time-link-used');
    expect(dialogs).toEqual([]);
  }, 120_000);
});
