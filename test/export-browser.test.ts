/**
 * "Xuất báo cáo" in real Chromium: a form served on 127.0.0.1 asks for a plan's XLSX, the
 * browser downloads it, and exceljs reads the downloaded file back (headers and rows). The
 * small server here wires the export as a console route would: query → request → report → file.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/core/clock.js';
import type { Stores } from '../src/core/ports.js';
import { exportFile, exportRequest } from '../src/web/export-file.js';
import { collectReport, EXPORT_HEADERS, ExportError } from '../src/web/export.js';
import { launchBrowser, noChromium, PHONE, screenshot, type Browser } from './browser.js';
import { exportContent, exportStore, FORMULA_NAME, NOW } from './export-fixture.js';
import { tempDir } from './helpers.js';
import { lowdbFactory } from './stores.js';

const FORM = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Xuất báo cáo</title></head><body><h1>Xuất báo cáo</h1>
<form method="get" action="/xuat"><label>Kế hoạch <select name="plan"><option value="ke-hoach-2026">Kế hoạch tuyên truyền năm 2026</option></select></label>
<label>Từ ngày <input name="from"></label><label>Định dạng <select name="format"><option>xlsx</option><option>csv</option></select></label>
<button type="submit">Tải về</button></form></body></html>`;

describe.skipIf(noChromium)('export in the browser', () => {
  const content = exportContent();
  let stores: Stores;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(FORM);
      if (url.pathname !== '/xuat') return void res.writeHead(404).end('Không tìm thấy');
      (async () => {
        const request = exportRequest(url.searchParams);
        const report = await collectReport({ content, deadlines: content.deadlines, confirmations: stores.confirmations, clock: fixedClock(new Date(NOW)), filter: request.filter });
        const file = await exportFile(report, request, '2026-05-10');
        res.writeHead(200, { 'content-type': file.contentType, 'content-disposition': file.disposition }).end(file.body);
      })().catch((error: unknown) => {
        const status = error instanceof ExportError ? 400 : 500;
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(error instanceof ExportError ? error.message : 'Lỗi máy chủ');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('downloads the XLSX of a plan from a form, and exceljs reads its headers and rows', async () => {
    // Opened here, not in beforeAll: the test helpers close stores and remove temp folders after each test.
    stores = await exportStore(lowdbFactory);
    const page = await browser.page(PHONE);
    await page.goto(`${base}/`);
    await screenshot(page, 'export-form-phone');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải về' }).click()]);
    expect(download.suggestedFilename()).toBe('bao-cao-tien-do_ke-hoach-2026_2026-05-10.xlsx');
    const file = join(tempDir(), download.suggestedFilename());
    await download.saveAs(file);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('Xác nhận')!;
    expect(sheet.getCell('A1').value).toBe('BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH TUYÊN TRUYỀN NĂM 2026');
    expect(sheet.getRow(5).values).toEqual([undefined, ...EXPORT_HEADERS]);
    const rows = Array.from({ length: sheet.rowCount - 5 }, (_, i) => sheet.getRow(6 + i));
    expect(rows.map((r) => `${r.getCell(2).value}#${r.getCell(6).value}`)).toEqual([
      'H1#Đã nhận',
      'H1#Hoàn thành',
      'H1#Chưa xác nhận',
      'H2#Chưa xác nhận',
      'H2#Hoàn thành',
      'H2#Chưa xác nhận',
      'H2#Chưa xác nhận',
    ]);
    expect(rows[1]!.getCell(5).value).toBe(FORMULA_NAME);
    await page.close();
  });

  it('shows a bad day as a Vietnamese message, not a file', async () => {
    const page = await browser.page();
    await page.goto(`${base}/`);
    await page.fill('input[name="from"]', '31/02/2026');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/xuat')), page.getByRole('button', { name: 'Tải về' }).click()]);
    expect(response.status()).toBe(400);
    await expect(page.locator('body').innerText()).resolves.toBe('Từ ngày "31/02/2026" không hợp lệ: nhập ngày dạng dd/mm/yyyy.');
    await page.close();
  });
});
