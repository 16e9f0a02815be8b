/**
 * A signed-in web console over a harness, for `app.request()` tests: sign in through `/web` in a
 * private chat (admin or viewer), then GET and POST form bodies with the cookie and the Origin.
 */
import { ADMIN, harness, type HarnessOptions } from './helpers.js';
import { testWebApp } from './web-app.js';

export const BASE = 'http://127.0.0.1:8080';
export const VIEWER = { id: '3003', name: 'Phó Giám đốc Sở' };
export const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

export async function webSession(nowIso: string, options: HarnessOptions = {}) {
  const h = await harness(nowIso, { viewerIds: [`telegram:${VIEWER.id}`], webBaseUrl: BASE, ...options });
  const { app } = testWebApp(h, { base: BASE });
  const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
  const post = (path: string, form: Record<string, string>, cookie: string) =>
    app.request(path, { method: 'POST', body: new URLSearchParams(form), headers: { origin: BASE, 'content-type': 'application/x-www-form-urlencoded', cookie } });
  const signIn = async (user = ADMIN) => {
    const text = await h.ask('/web', { chat: { channel: 'telegram', chatId: user.id }, chatType: 'private', user });
    const url = new URL(/https?:\/\/\S+\/dang-nhap\?t=[A-Za-z0-9_-]{43}/.exec(text)![0]);
    const res = await get(url.pathname + url.search);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await get('/tong-quan', cookie)).text();
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
  };
  /** The page's text at `path` (after following one redirect). */
  const text = async (path: string, cookie: string) => {
    const res = await get(path, cookie);
    const location = res.headers.get('location');
    return location ? (await get(location, cookie)).text() : res.text();
  };
  /** The card of one unit on a Hạn page. */
  const cardOf = (page: string, unit: string) => new RegExp(`<section class="card" data-unit="${unit}">[\\s\\S]*?</section>`).exec(page)?.[0] ?? '';
  return { h, app, get, post, signIn, text, cardOf };
}
