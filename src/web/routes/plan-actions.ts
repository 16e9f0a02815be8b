/**
 * A plan's changes from the console, each through the content editor (checked by the start-up
 * rules, written with its audit line, live at once for chat and reminders):
 *  - `POST /ke-hoach/:id/ket-thuc` ends (archives) it today in the org's zone, with a reason and a
 *    ticked confirmation;
 *  - `POST /ke-hoach/:id/mo-lai` reopens an ended plan;
 *  - `POST /ke-hoach/:id/xoa` deletes it once the admin typed its id.
 * Each answers 303 to the page with a fixed message; a bad form gets a 400 page and changes
 * nothing. app.ts has already checked the session, the CSRF token and the admin role.
 */
import type { Context, Hono, Next } from 'hono';
import { EditRefused } from '../../core/content-editor.js';
import { formatDay, type Day } from '../../core/dates.js';
import type { Plan } from '../../core/plans.js';
import { squash } from '../../core/text.js';
import type { WebEnv } from '../auth.js';
import { deletePage, planProblem, REASON_MAX } from '../pages/plan-forms.js';
import { planPath } from '../pages/plans-list.js';
import { sendPage, viewerOf, type PlanRouteDeps } from './plan-common.js';
import { webActor } from './plan-form-routes.js';

interface ActionDeps extends PlanRouteDeps {
  today: () => Day;
  lookup: (c: Context<WebEnv>, next: Next) => Promise<{ plan: Plan } | Response | undefined>;
}

const field = (form: Record<string, unknown>, name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');

export function registerPlanActions(app: Hono<WebEnv>, deps: ActionDeps): void {
  const { content, editor, logger } = deps;
  const actorOf = webActor;
  /** A refusal shown on its own page with the way back to the plan (400: nothing changed). */
  const refuse = (c: Context<WebEnv>, plan: Plan, title: string, text: string) =>
    sendPage(c, planProblem(content, title, text, viewerOf(c.var.session!), planPath(plan.id)), 400);

  app.post('/ke-hoach/:id/ket-thuc', async (c, next) => {
    const found = await deps.lookup(c, next);
    if (!found || found instanceof Response) return found;
    const { plan } = found;
    const form = await c.req.parseBody();
    const reason = squash(field(form, 'reason'));
    if (field(form, 'dongy') !== 'co') return refuse(c, plan, 'Chưa xác nhận', 'Hãy đánh dấu ô xác nhận trước khi kết thúc kế hoạch.');
    if (reason === '') return refuse(c, plan, 'Thiếu lý do', 'Hãy ghi lý do kết thúc kế hoạch.');
    if (Array.from(reason).length > REASON_MAX) return refuse(c, plan, 'Lý do quá dài', `Lý do kết thúc dài tối đa ${REASON_MAX} ký tự.`);
    const today = deps.today();
    const outcome = await editor.editPlan(actorOf(c), plan.id, (raw) => {
      if (typeof raw.ended === 'string') throw new EditRefused(`Kế hoạch đã kết thúc từ ngày ${formatDay(raw.ended)}.`);
      raw.ended = today;
      return { action: 'plan-end', subject: plan.id, detail: { before: null, after: today, reason } };
    });
    if (!outcome.ok) return refuse(c, plan, 'Không kết thúc được', outcome.message);
    logger.info(`web: ${c.var.session!.user.id} ended plan ${plan.id}`);
    return c.redirect(`${planPath(plan.id)}?xong=ket-thuc`, 303);
  });

  app.post('/ke-hoach/:id/mo-lai', async (c, next) => {
    const found = await deps.lookup(c, next);
    if (!found || found instanceof Response) return found;
    const { plan } = found;
    const outcome = await editor.editPlan(actorOf(c), plan.id, (raw) => {
      const before = raw.ended;
      if (typeof before !== 'string') throw new EditRefused('Kế hoạch chưa được kết thúc nên không cần mở lại.');
      delete raw.ended;
      return { action: 'plan-reopen', subject: plan.id, detail: { before, after: null } };
    });
    if (!outcome.ok) return refuse(c, plan, 'Không mở lại được', outcome.message);
    logger.info(`web: ${c.var.session!.user.id} reopened plan ${plan.id}`);
    return c.redirect(`${planPath(plan.id)}?xong=mo-lai`, 303);
  });

  app.post('/ke-hoach/:id/xoa', async (c, next) => {
    const found = await deps.lookup(c, next);
    if (!found || found instanceof Response) return found;
    const { plan } = found;
    const viewer = viewerOf(c.var.session!);
    const typed = field(await c.req.parseBody(), 'ma').trim();
    if (typed !== plan.id) {
      const error = typed === '' ? 'Hãy gõ mã kế hoạch để xác nhận xóa.' : 'Mã vừa gõ không khớp mã kế hoạch. Kế hoạch chưa bị xóa.';
      return sendPage(c, deletePage(content, plan, viewer, error), 400);
    }
    const outcome = await editor.deletePlan(actorOf(c), plan.id);
    if (!outcome.ok) return sendPage(c, deletePage(content, plan, viewer, outcome.message), 400);
    logger.info(`web: ${c.var.session!.user.id} deleted plan ${plan.id}`);
    return c.redirect('/ke-hoach?xong=xoa', 303);
  });
}
