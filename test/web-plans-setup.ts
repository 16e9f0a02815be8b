/** The Kế hoạch pages' tests share this: the app over a harness on 27/09/2023, sign-in, requests, the reminders due. */
import { catalogOf } from '../src/core/catalog.js';
import { planAt } from '../src/scheduler/jobs.js';
import { webSession } from './web-session.js';

export { BASE, HOSTILE, VIEWER } from './web-session.js';
export const BG = '/ke-hoach/bac-giang-2023';

export async function setUp() {
  const { h, get, post, signIn } = await webSession('2023-09-27T09:00:00+07:00');
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

