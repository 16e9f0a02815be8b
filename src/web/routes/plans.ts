/**
 * The Kế hoạch pages: `GET /ke-hoach` (every plan, grouped, and the staged ones), `GET
 * /ke-hoach/:id` (one plan), `GET /ke-hoach/:id/van-ban` (its original text) and `GET
 * /ke-hoach/:id/xoa` (the delete confirmation). The changes are in plan-actions.ts. The upload,
 * review and edit pages (`/ke-hoach/tai-len`, `/ke-hoach/duyet/…`, `/ke-hoach/:id/sua`) are
 * another module's: the addresses it owns are passed on to it whatever the order of registration.
 */
import type { Context, Hono } from 'hono';
import { dayOf } from '../../core/dates.js';
import type { WebEnv } from '../auth.js';
import { deletePage, planProblem, textPage } from '../pages/plan-forms.js';
import { planPage } from '../pages/plan-page.js';
import { planDetailOf, planListOf } from '../pages/plans-data.js';
import { plansPage } from '../pages/plans-list.js';
import { registerPlanActions } from './plan-actions.js';
import { planLookup, sendPage, viewerOf, type PlanRouteDeps } from './plan-common.js';

export type { PlanRouteDeps };


/** Messages after a change (the address names one; nothing else from it is shown). */
const DONE: Readonly<Record<string, string>> = {
  'ket-thuc': 'Đã kết thúc kế hoạch: các hạn của nó không còn được theo dõi và nhắc.',
  'mo-lai': 'Đã mở lại kế hoạch: các hạn được theo dõi và nhắc lại.',
  xoa: 'Đã xóa kế hoạch. Các xác nhận và nhật ký cũ vẫn còn trong lịch sử.',
};

export function registerPlanRoutes(app: Hono<WebEnv>, deps: PlanRouteDeps): void {
  const { content, stores, clock } = deps;
  const today = () => dayOf(clock.now(), content.org.timezone);
  const lookup = planLookup(content);
  const done = (c: Context) => {
    const key = c.req.query('xong');
    return key && Object.hasOwn(DONE, key) ? DONE[key] : undefined;
  };

  app.get('/ke-hoach', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const list = await planListOf(content, stores, today());
    return sendPage(c, plansPage(content, list, viewerOf(session), done(c)));
  });

  app.get('/ke-hoach/:id', async (c, next) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const found = await lookup(c, next);
    if (!found || found instanceof Response) return found;
    const detail = await planDetailOf(content, stores, found.plan, today());
    return sendPage(c, planPage(content, detail, viewerOf(session), done(c)));
  });

  app.get('/ke-hoach/:id/van-ban', async (c, next) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const found = await lookup(c, next);
    if (!found || found instanceof Response) return found;
    const text = await stores.content.planText(found.plan.id);
    const viewer = viewerOf(session);
    if (text === undefined || text.trim() === '') {
      return sendPage(c, planProblem(content, 'Không có văn bản gốc', 'Kế hoạch này không lưu văn bản gốc.', viewer, `/ke-hoach/${encodeURIComponent(found.plan.id)}`), 404);
    }
    return sendPage(c, textPage(content, found.plan, text, viewer));
  });

  app.get('/ke-hoach/:id/xoa', async (c, next) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const found = await lookup(c, next);
    if (!found || found instanceof Response) return found;
    return sendPage(c, deletePage(content, found.plan, viewerOf(session)));
  });

  registerPlanActions(app, { ...deps, today, lookup });
}
