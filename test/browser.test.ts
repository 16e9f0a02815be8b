/**
 * The browser helper itself: real headless Chromium opens a page served on 127.0.0.1, reads
 * Vietnamese text, lays it out at the phone viewport and saves a screenshot.
 */
import { existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, noChromium, PHONE, screenshot, type Browser } from './browser.js';

const PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tổng quan</title><style>body{font-family:sans-serif;margin:0}#bar{width:100%;height:20px;background:#2a7}</style></head>
<body><h1>Tiến độ thực hiện</h1><p id="count">Hoàn thành 3/5 đơn vị</p><div id="bar"></div></body></html>`;

describe.skipIf(noChromium)('browser helper (headless Chromium)', () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(PAGE);
      } else {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><p>Không tìm thấy trang</p>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('reads the page text, lays it out at 390×844 and saves a screenshot', async () => {
    const page = await browser.page(PHONE);
    const response = await page.goto(`${base}/`);
    expect(response?.status()).toBe(200);
    expect(requests).toContain('/');
    await expect(page.title()).resolves.toBe('Tổng quan');
    expect(await page.locator('h1').innerText()).toBe('Tiến độ thực hiện');
    expect(await page.locator('#count').innerText()).toBe('Hoàn thành 3/5 đơn vị');

    // The page's own idea of its window (a string: the tests compile without the DOM library).
    const inner = await page.evaluate('({ width: innerWidth, height: innerHeight })');
    expect(inner).toEqual({ width: PHONE.width, height: PHONE.height });
    expect((await page.locator('#bar').boundingBox())?.width).toBe(PHONE.width);

    const file = await screenshot(page, 'browser-helper-phone');
    expect(existsSync(file)).toBe(true);
    // A PNG starts with its 8-byte signature; an empty or failed capture would be tiny.
    expect(statSync(file).size).toBeGreaterThan(1000);
    await page.close();
  });

  it('a missing page is a 404, not a pass', async () => {
    const page = await browser.page();
    const response = await page.goto(`${base}/khong-co`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('p').innerText()).toBe('Không tìm thấy trang');
    await page.close();
  });
});
