/**
 * Set-up of the Đơn vị page tests: a harness with a content of its own (the pages edit it) over
 * the given store, the web app wired as `npm start` wires it, sign-in through `/web` in chat, and
 * messages from a titled group chat (as Telegram gives them).
 */
import type { Content } from '../src/core/content.js';
import type { Incoming } from '../src/core/types.js';
import { testWebApp } from './web-app.js';
import { ADMIN, harness, STAFF } from './helpers.js';
import type { StoreFactory } from './stores.js';

export const BASE = 'http://127.0.0.1:8080';
export const VIEWER = { id: '3003', name: 'Phó Giám đốc Sở' };
export const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
/** How the pages show {@link HOSTILE}: as text. */
export const HOSTILE_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;';

export async function unitsSetUp(store: StoreFactory, options: { now?: string; content?: Content } = {}) {
  const h = await harness(options.now ?? '2023-09-20T09:00:00+07:00', { store, viewerIds: [`telegram:${VIEWER.id}`], webBaseUrl: BASE, ownContent: true });
  const web = testWebApp(h, { base: BASE, content: options.content ?? h.content });
  const { app } = web;
  const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
  const post = (path: string, form: Record<string, string>, cookie: string) =>
    app.request(path, { method: 'POST', body: new URLSearchParams(form), headers: { origin: BASE, 'content-type': 'application/x-www-form-urlencoded', cookie } });
  const signIn = async (user = ADMIN) => {
    const text = await h.ask('/web', { chat: { channel: 'telegram', chatId: user.id }, chatType: 'private', user });
    const url = new URL(/https?:\/\/\S+\/dang-nhap\?t=[A-Za-z0-9_-]{43}/.exec(text)![0]);
    const res = await get(url.pathname + url.search);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await get('/don-vi', cookie)).text();
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]!, page };
  };
  /** A message in a group chat with a title, as a channel gives it; the answers' texts. */
  const inGroup = async (chatId: string, title: string, text: string, user = STAFF) => {
    const incoming: Incoming = { chat: { channel: 'telegram', chatId }, chatType: 'group', chatTitle: title, user, text };
    return (await h.engine.handle(incoming, 4096)).map((o) => o.text).join('\n');
  };
  const text = async (path: string, cookie: string) => (await get(path, cookie)).text();
  return { h, web, get, post, signIn, inGroup, text };
}

/** The table row (or the card) of one unit, chat or request on a page. */
export function rowOf(page: string, what: 'unit' | 'chat' | 'request', key: string): string {
  const tag = what === 'unit' ? 'tr' : 'section';
  const attr = `data-${what}="${key}"`;
  const at = page.indexOf(attr);
  if (at < 0) return '';
  const end = page.indexOf(`</${tag}>`, at);
  return page.slice(at, end);
}
