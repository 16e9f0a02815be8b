/**
 * A signed-in web console over a harness, for `app.request()` tests: sign in through `/web` in a
 * private chat (admin or viewer), then GET and POST form bodies with the cookie and the Origin.
 * Every web test file builds on {@link webClient}.
 */
import { catalogOf } from '../src/core/catalog.js';
import type { JobDeps } from '../src/scheduler/jobs.js';
import { ADMIN, harness, type Harness, type HarnessOptions } from './helpers.js';
import { testWebApp, type WebAppOptions } from './web-app.js';

export const BASE = 'http://127.0.0.1:8080';
export const VIEWER = { id: '3003', name: 'Phó Giám đốc Sở' };
export const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
/** How the pages show {@link HOSTILE}: as text. */
export const HOSTILE_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;';

/** A form body: a field may repeat (checkboxes). */
export type Form = Record<string, string | string[]>;

/** Requests to the app as a browser makes them, and sign-in through `/web` in chat. */
export function webClient(h: Harness, app: { request(path: string, init?: RequestInit): Response | Promise<Response> }) {
  const get = async (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
  const post = async (path: string, form: Form, cookie: string) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return app.request(path, { method: 'POST', body, headers: { origin: BASE, 'content-type': 'application/x-www-form-urlencoded', cookie } });
  };
  /** Signs in with a fresh link; the session cookie, and the CSRF token of the page `landing` (its text too). */
  const signIn = async (user = ADMIN, landing = '/tong-quan') => {
    const text = await h.ask('/web', { chat: { channel: 'telegram', chatId: user.id }, chatType: 'private', user });
    const url = new URL(/https?:\/\/\S+\/dang-nhap\?t=[A-Za-z0-9_-]{43}/.exec(text)![0]);
    const res = await get(url.pathname + url.search);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await get(landing, cookie)).text();
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]!, page };
  };
  return { get, post, signIn };
}

/** A harness on `nowIso` with a viewer and the web console's address, its app and client. */
export async function webSession(nowIso: string, options: HarnessOptions = {}, app: WebAppOptions = {}) {
  const h = await harness(nowIso, { viewerIds: [`telegram:${VIEWER.id}`], webBaseUrl: BASE, ...options });
  const web = testWebApp(h, { base: BASE, ...app });
  const client = webClient(h, web.app);
  /** The page's text at `path` (after following one redirect). */
  const text = async (path: string, cookie: string) => {
    const res = await client.get(path, cookie);
    const location = res.headers.get('location');
    return location ? (await client.get(location, cookie)).text() : res.text();
  };
  /** The card of one unit on a Hạn page. */
  const cardOf = (page: string, unit: string) => new RegExp(`<section class="card" data-unit="${unit}">[\\s\\S]*?</section>`).exec(page)?.[0] ?? '';
  return { h, app: web.app, imports: web.imports, ...client, text, cardOf };
}

/** What the scheduler's jobs need, over a harness (no admin chats, a silent logger). */
export function jobDeps(h: Harness): JobDeps {
  return {
    content: h.content,
    stores: h.stores,
    catalog: async () => catalogOf(h.content, await h.stores.announcements.announcements()),
    adminChats: [],
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  };
}
