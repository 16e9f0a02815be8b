/**
 * Sửa kế hoạch: `GET /ke-hoach/:id/sua` and the same forms as the review page, each saved through
 * the content editor (checked by the start-up rules, written with its audit line `plan-edit`
 * before → after, live at once for chat and reminders).
 */
import type { Context, Hono } from 'hono';
import type { ContentEditor, Raw } from '../../core/content-editor.js';
import type { Clock } from '../../core/clock.js';
import type { Content } from '../../core/content.js';
import { dayOf } from '../../core/dates.js';
import { planSchema } from '../../core/plans.js';
import type { Stores } from '../../core/ports.js';
import { truncate } from '../../core/text.js';
import type { WebEnv } from '../auth.js';
import type { Changed } from '../plan-edit.js';
import { editPage, editPath } from '../pages/plan-edit-page.js';
import { doneText } from '../pages/plan-notes.js';
import { planProblem } from '../pages/plan-forms.js';
import { registerPlanForms, type Refusal } from './plan-form-routes.js';
import { sendPage, viewerOf } from '../respond.js';

export interface PlanEditDeps {
  content: Content;
  stores: Pick<Stores, 'content'>;
  clock: Clock;
  editor: ContentEditor;
}

const PLAN_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function registerPlanEditRoutes(app: Hono<WebEnv>, deps: PlanEditDeps): void {
  const { content, stores, clock, editor } = deps;
  const send = sendPage;

  /** The plan's raw JSON as stored (the editor's starting point), if there is such a plan. */
  async function rawPlan(id: string): Promise<Raw | undefined> {
    if (!PLAN_ID.test(id)) return undefined;
    const source = await stores.content.load();
    return source.plans.find((p) => (p.raw as { id?: unknown } | null)?.id === id)?.raw as Raw | undefined;
  }

  async function show(c: Context<WebEnv>, flash: { done?: string | undefined; error?: Refusal } = {}): Promise<Response> {
    const viewer = viewerOf(c.var.session!);
    const id = c.req.param('id') ?? '';
    const parsed = planSchema.safeParse(await rawPlan(id));
    if (!parsed.success) return send(c, planProblem(content, 'Không có kế hoạch này', `Không có kế hoạch mã “${truncate(id, 64)}”.`, viewer), 404);
    const view = { plan: parsed.data, today: dayOf(clock.now(), content.org.timezone), done: flash.done, error: flash.error?.refused };
    return send(c, editPage(content, view, viewer), flash.error ? flash.error.status : 200);
  }

  app.get('/ke-hoach/:id/sua', async (c) => {
    if (!c.var.session) return c.redirect('/dang-nhap', 303);
    return show(c, { done: doneText(c.req.query('ok')) });
  });

  registerPlanForms(
    app,
    {
      pattern: '/ke-hoach/:id/sua',
      path: (c) => editPath(c.req.param('id') ?? ''),
      plan: (c) => rawPlan(c.req.param('id') ?? ''),
      async apply(c, change, by) {
        const id = c.req.param('id') ?? '';
        let done: Changed | undefined;
        const outcome = await editor.editPlan(by, id, (plan) => {
          done = change(plan);
          return { action: 'plan-edit', subject: id, detail: { what: done.what, before: done.before, after: done.after } };
        });
        if (!outcome.ok) return { refused: outcome.message, status: 400 };
        return done!;
      },
      refuse: (c, refusal) => show(c, { error: refusal }),
    },
    deps,
  );
}
