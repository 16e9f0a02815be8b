/** What the Kế hoạch routes share: the viewer of a session, sending a page, finding the plan of an address. */
import type { Context, Next } from 'hono';
import type { Clock } from '../../core/clock.js';
import type { ContentEditor } from '../../core/content-editor.js';
import type { Content } from '../../core/content.js';
import type { Logger } from '../../core/dispatcher.js';
import type { Stores } from '../../core/ports.js';
import type { Plan } from '../../core/plans.js';
import { truncate } from '../../core/text.js';
import type { WebEnv } from '../auth.js';
import { planProblem } from '../pages/plan-forms.js';

/** What the Kế hoạch pages and their actions need. */
export interface PlanRouteDeps {
  content: Content;
  stores: Pick<Stores, 'confirmations' | 'content'>;
  clock: Clock;
  editor: ContentEditor;
  logger: Logger;
}

/** Second segments of `/ke-hoach/…` that are pages of their own, not plan ids. */
const OTHER_PAGES = new Set(['tai-len', 'duyet']);

import { sendPage, viewerOf } from '../respond.js';

export { sendPage, viewerOf };

/** The plan of the address, or the 404 page (or undefined: the address is another module's page). */
export function planLookup(content: Content) {
  return async (c: Context<WebEnv>, next: Next): Promise<{ plan: Plan } | Response | undefined> => {
    const id = c.req.param('id') ?? '';
    if (OTHER_PAGES.has(id)) {
      await next();
      return undefined;
    }
    const plan = content.plans.find((p) => p.id === id);
    if (plan) return { plan };
    const viewer = viewerOf(c.var.session!);
    return sendPage(c, planProblem(content, 'Không có kế hoạch này', `Không có kế hoạch nào mã ${truncate(id, 64)}.`, viewer), 404);
  };
}

