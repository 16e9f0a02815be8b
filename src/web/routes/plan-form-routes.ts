/**
 * The plan forms' POST routes under one base address, shared by the review page (a staged plan's
 * draft) and the edit page (a published plan): each reads its form, makes its change on the plan
 * the workspace holds and saves it there (with its audit line); then 303 back to the page with
 * the message of what was done, or the page again with the refusal (400) and nothing changed.
 * app.ts has already checked the session, the CSRF token and the admin role of every POST.
 */
import type { Context, Hono } from 'hono';
import { EditRefused, type ContentEditor, type Editor, type Raw } from '../../core/content-editor.js';
import type { Content } from '../../core/content.js';
import { findUnit } from '../../core/org.js';
import { truncate } from '../../core/text.js';
import type { WebEnv } from '../auth.js';
import { deadlineAdd, deadlineEdit, deadlineRemove, mapPhrase, phraseIn, sloganAdd, sloganEdit, sloganRemove, titleChange, type Changed, type PlanChange } from '../plan-edit.js';
import { requiredLine, values, type Form } from '../plan-fields.js';
import { formTie } from '../plan-form-tie.js';
import { addUnitFrom, newUnit } from '../plan-units.js';
import type { DoneKey } from '../pages/plan-notes.js';
import { webEditor } from '../respond.js';

/** A refusal: its message, and 404 when the plan is not there (any more). */
export type Refusal = { refused: string; status: 400 | 404 };

/** Where the forms' plan lives: a staged plan's draft, or a published plan. */
export interface PlanWorkspace {
  /** The base route (`/ke-hoach/duyet/:code`, `/ke-hoach/:id/sua`). */
  pattern: string;
  /** The page of this request's plan. */
  path(c: Context<WebEnv>): string;
  /** The plan's raw JSON now, if it is there. */
  plan(c: Context<WebEnv>): Promise<Raw | undefined>;
  /** Makes the change on the plan and saves it with its audit line: what it did, or why not. */
  apply(c: Context<WebEnv>, change: PlanChange, by: Editor): Promise<Changed | Refusal>;
  /** The page again, with a refusal. */
  refuse(c: Context<WebEnv>, refusal: Refusal): Promise<Response>;
}

export interface PlanFormDeps {
  content: Content;
  editor: ContentEditor;
}

/** Who makes a change from the web, as the audit trail records them. */
export function webActor(c: Context<WebEnv>): Editor {
  return webEditor(c.var.session!);
}

const isRefusal = (x: unknown): x is Refusal => typeof x === 'object' && x !== null && 'refused' in x;

/** Registers the forms' routes of one workspace. */
export function registerPlanForms(app: Hono<WebEnv>, ws: PlanWorkspace, deps: PlanFormDeps): void {
  const { content } = deps;
  /** The deadline ids of the other plans: a new deadline is numbered after them. */
  const otherIds = (plan: Raw) => content.plans.filter((p) => p.id !== plan.id).flatMap((p) => [...p.deadlines.map((d) => d.id), ...(p.retiredDeadlines ?? [])]);

  const routes: Array<[string, (form: Form, c: Context<WebEnv>, plan: Raw) => PlanChange]> = [
    ['/tieu-de', (form) => titleChange(form)],
    ['/han/them', (form, _c, plan) => deadlineAdd(form, content.org, otherIds(plan))],
    ['/han/:did/sua', (form, c) => deadlineEdit(form, c.req.param('did')!, content.org)],
    ['/han/:did/xoa', (_form, c) => deadlineRemove(c.req.param('did')!)],
    ['/khau-hieu/them', (form) => sloganAdd(form)],
    ['/khau-hieu/:n/sua', (form, c) => sloganEdit(form, c.req.param('n')!)],
    ['/khau-hieu/:n/xoa', (form, c) => sloganRemove(form, c.req.param('n')!)],
    ['/mau/:n/han', (form, c) => formTie(form, c.req.param('n')!)],
    [
      '/don-vi',
      (form) => {
        const typed = requiredLine(form, 'unit', 'Đơn vị', 200);
        const unit = findUnit(content.org, typed);
        if (!unit) throw new EditRefused(`Không có đơn vị “${truncate(typed, 40)}”: nhập mã (ví dụ ${content.org.officeUnit}) hoặc tên của một đơn vị đã có, hoặc tạo đơn vị mới.`);
        return mapPhrase(values(form, 'phrase')[0] ?? '', unit.code);
      },
    ],
  ];

  /** Runs one form: reads it, changes the plan, answers (with the message of `key`, else of what was done). */
  async function run(c: Context<WebEnv>, make: (form: Form, plan: Raw) => Promise<PlanChange> | PlanChange, key?: DoneKey): Promise<Response> {
    const plan = await ws.plan(c);
    if (!plan) return ws.refuse(c, { refused: 'Không còn kế hoạch này (có thể đã được công bố, bỏ hoặc xóa).', status: 404 });
    const form = (await c.req.parseBody({ all: true })) as Form;
    let done: Changed | Refusal;
    try {
      done = await ws.apply(c, await make(form, plan), webActor(c));
    } catch (error) {
      if (!(error instanceof EditRefused)) throw error;
      done = { refused: error.message, status: 400 };
    }
    if (isRefusal(done)) return ws.refuse(c, done);
    return c.redirect(`${ws.path(c)}?ok=${key ?? done.what}#${done.anchor}`, 303);
  }

  for (const [suffix, make] of routes) app.post(`${ws.pattern}${suffix}`, (c) => run(c, (form, plan) => make(form, c, plan)));

  // A new unit for a phrase: added to the org (checked by the org rules, audited), then put in the plan.
  app.post(`${ws.pattern}/don-vi/them`, (c) =>
    run(
      c,
      async (form, plan) => {
        const phrase = values(form, 'phrase')[0] ?? '';
        if (!phraseIn(plan, phrase)) throw new EditRefused(`Kế hoạch không còn cụm từ “${truncate(phrase, 60)}”: tải lại trang.`);
        const unit = newUnit(form, content.org, phrase);
        const outcome = await deps.editor.editOrg(webActor(c), addUnitFrom(unit, ws.path(c)));
        if (!outcome.ok) throw new EditRefused(outcome.message);
        return mapPhrase(phrase, unit.code);
      },
      'unit-add',
    ),
  );
}
