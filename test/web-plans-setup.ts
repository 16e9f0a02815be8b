/** The Kế hoạch pages' tests share this: the app over a harness on 27/09/2023, sign-in, requests, the reminders due. */
import { catalogOf } from '../src/core/catalog.js';
import { planAt } from '../src/scheduler/jobs.js';
import { testWebApp } from './web-app.js';
import { ADMIN, harness } from './helpers.js';

export const BASE = 'http://127.0.0.1:8080';
export const VIEWER = { id: '3003', name: 'Phó Giám đốc Sở' };
export const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
export const BG = '/ke-hoach/bac-giang-2023';

export async function setUp() {
  const h = await harness('2023-09-27T09:00:00+07:00', { viewerIds: [`telegram:${VIEWER.id}`], webBaseUrl: BASE });
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
  const text = async (path: string, cookie: string) => (await get(path, cookie)).text();
  /** The card of one plan on the list. */
  const cardOf = (page: string, id: string) => new RegExp(`<section class="card" data-plan="${id}">[\\s\\S]*?</section>`).exec(page)?.[0] ?? '';
  /** The reminder steps due now, by deadline id. */
  const reminded = async () => {
    const deps = { content: h.content, stores: h.stores, catalog: async () => catalogOf(h.content, await h.stores.announcements.announcements()) };
    return new Set((await planAt(deps, h.clock.now())).map((s) => s.deadline.id));
  };
  return { h, get, post, signIn, text, cardOf, reminded };
}

/** The part of a page after its heading `h2` and before the next one. */
export const sectionOf = (page: string, heading: string) => new RegExp(`<h2>${heading}[\\s\\S]*?(?=<h2>|$)`).exec(page)?.[0] ?? '';

