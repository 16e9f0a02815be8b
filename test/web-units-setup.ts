/**
 * Set-up of the Đơn vị page tests: a harness with a content of its own (the pages edit it) over
 * the given store, the web app wired as `npm start` wires it, sign-in through `/web` in chat, and
 * messages from a titled group chat (as Telegram gives them).
 */
import type { Content } from '../src/core/content.js';
import type { Incoming } from '../src/core/types.js';
import { ADMIN, harness, STAFF } from './helpers.js';
import type { StoreFactory } from './stores.js';
import { testWebApp } from './web-app.js';
import { BASE, VIEWER, webClient } from './web-session.js';

export { BASE, HOSTILE, HOSTILE_ESCAPED, VIEWER } from './web-session.js';

export async function unitsSetUp(store: StoreFactory, options: { now?: string; content?: Content } = {}) {
  const h = await harness(options.now ?? '2023-09-20T09:00:00+07:00', { store, viewerIds: [`telegram:${VIEWER.id}`], webBaseUrl: BASE, ownContent: true });
  const web = testWebApp(h, { base: BASE, content: options.content ?? h.content });
  const client = webClient(h, web.app);
  const { get, post } = client;
  const signIn = (user = ADMIN) => client.signIn(user, '/don-vi');
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
