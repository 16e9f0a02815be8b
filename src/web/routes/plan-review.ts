/**
 * Tải lên and Duyệt: `GET/POST /ke-hoach/tai-len` (a plan file read by the importer in its worker,
 * staged with its reading as the draft), `GET /ke-hoach/duyet/:code` (the draft beside its source
 * text), the draft's forms (see plan-form-routes.ts), `POST …/cong-bo` (publish the draft: live at
 * once for chat and reminders) and `POST …/bo` (discard). Every change has its audit line.
 */
import { extname } from 'node:path';
import type { Context, Hono } from 'hono';
import type { ContentEditor } from '../../core/content-editor.js';
import type { Clock } from '../../core/clock.js';
import type { Content } from '../../core/content.js';
import { dayOf } from '../../core/dates.js';
import type { Logger } from '../../core/dispatcher.js';
import { planSchema } from '../../core/plans.js';
import type { Stores } from '../../core/ports.js';
import { cleanInput, squash, truncate } from '../../core/text.js';
import { draftOf, readDraft } from '../../importer/draft.js';
import { ImportError } from '../../importer/errors.js';
import { MAX_IMPORT_BYTES, tooLarge } from '../../importer/files.js';
import type { ImportService } from '../../importer/service.js';
import type { SignedIn, WebEnv } from '../auth.js';
import type { Html, Viewer } from '../layout.js';
import { doneText } from '../pages/plan-notes.js';
import { reviewPage, reviewPath } from '../pages/plan-review-page.js';
import { planProblem } from '../pages/plan-forms.js';
import { uploadPage } from '../pages/plan-upload-page.js';
import { registerPlanForms, webActor, type Refusal } from './plan-form-routes.js';

export interface PlanReviewDeps {
  content: Content;
  stores: Pick<Stores, 'content' | 'audit' | 'atomically'>;
  clock: Clock;
  editor: ContentEditor;
  imports: ImportService;
  logger: Logger;
}

/** The address of the upload form (app.ts lets its body be as large as a plan file). */
export const UPLOAD_PATH = '/ke-hoach/tai-len';

const CODE = /^[A-Za-z][A-Za-z0-9]{0,19}$/;

/** A file name as the browser sent it, safe to show: no folders, no control characters, at most 120 characters. */
function fileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  return truncate(squash(cleanInput(base)), 120);
}

export function registerPlanReviewRoutes(app: Hono<WebEnv>, deps: PlanReviewDeps): void {
  const { content, stores, clock, imports } = deps;
  const viewerOf = (s: SignedIn): Viewer => ({ name: s.user.name, role: s.role, csrf: s.csrf });
  const send = async (c: Context, body: Html, status: 200 | 400 | 404 | 413 = 200) => {
    c.header('Cache-Control', 'no-store');
    return c.html(await body, status);
  };
  const today = () => dayOf(clock.now(), content.org.timezone);
  const gone = (code: string): Refusal => ({ refused: `Không có kế hoạch chờ duyệt mã ${truncate(code, 20)}: có thể đã được công bố hoặc bỏ.`, status: 404 });

  app.get(UPLOAD_PATH, async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    return send(c, uploadPage(content, viewerOf(session)));
  });

  app.post(UPLOAD_PATH, async (c) => {
    const viewer = viewerOf(c.var.session!);
    const refuse = (text: string, status: 400 | 413 = 400) => send(c, uploadPage(content, viewer, text), status);
    const file = (await c.req.parseBody()).file;
    if (!(file instanceof File) || !file.name) return refuse('Hãy chọn tệp kế hoạch (.docx, .pdf, .txt hoặc .md) rồi bấm “Tải lên và đọc”.');
    const name = fileName(file.name) || 'tệp';
    if (file.size > MAX_IMPORT_BYTES) return refuse(tooLarge(name, file.size).message, 413);
    if (!extname(name)) return refuse(`Tệp ${name} không có đuôi: Loa đọc tệp .docx, .pdf, .txt hoặc .md.`);
    let staged;
    try {
      staged = await imports.prepare(name, Buffer.from(await file.arrayBuffer()));
    } catch (error) {
      if (error instanceof ImportError) return refuse(`Không nhập được tệp “${name}”: ${error.message}`);
      throw error;
    }
    const { plan } = staged.result;
    await stores.atomically(async () => {
      await stores.content.updateStagedPlan(staged.code, draftOf(staged.result));
      const detail = { file: name, plan: plan.id, title: plan.title, deadlines: plan.deadlines.length, slogans: plan.slogans.length };
      await stores.audit.record({ actor: webActor(c), action: 'plan-upload', subject: staged.code, detail });
    });
    deps.logger.info(`web: ${c.var.session!.user.id} uploaded ${name} (${staged.code})`);
    return c.redirect(`${reviewPath(staged.code)}?ok=tai-len`, 303);
  });

  /** The review page of a staged plan, with a message or a refusal; 404 when it no longer waits. */
  async function review(c: Context<WebEnv>, flash: { done?: string | undefined; error?: Refusal } = {}): Promise<Response> {
    const viewer = viewerOf(c.var.session!);
    const code = c.req.param('code') ?? '';
    const problem = (r: Refusal) => send(c, planProblem(content, r.status === 404 ? 'Không có kế hoạch chờ duyệt' : 'Không đọc được kế hoạch', r.refused, viewer), r.status);
    if (!CODE.test(code)) return problem(gone(code));
    let found;
    try {
      found = await imports.review(code);
    } catch (error) {
      if (error instanceof ImportError) return problem({ refused: `Không đọc lại được kế hoạch chờ duyệt ${code}: ${error.message}`, status: 400 });
      throw error;
    }
    if (!found) return problem(gone(code));
    const parsed = planSchema.safeParse(found.draft.plan);
    if (!parsed.success) return problem({ refused: 'Bản nháp của kế hoạch này không đọc được: hãy bỏ nó và tải tệp lên lại.', status: 400 });
    const view = { staged: found.staged, draft: found.draft, plan: parsed.data, today: today(), done: flash.done, error: flash.error?.refused };
    return send(c, reviewPage(content, view, viewer), flash.error ? flash.error.status : 200);
  }

  app.get('/ke-hoach/duyet/:code', async (c) => {
    if (!c.var.session) return c.redirect('/dang-nhap', 303);
    return review(c, { done: doneText(c.req.query('ok')) });
  });

  // The draft's forms: each change is checked by the plan rules with the org's units, then kept with its audit line.
  registerPlanForms(
    app,
    {
      pattern: '/ke-hoach/duyet/:code',
      path: (c) => reviewPath(c.req.param('code') ?? ''),
      async plan(c) {
        const code = c.req.param('code') ?? '';
        if (!CODE.test(code)) return undefined;
        return readDraft((await stores.content.stagedPlan(code))?.draft)?.plan;
      },
      // One draft change at a time, as /gan's (see draft-edit.ts): never two from the same draft.
      async apply(c, change, by) {
        const edit = await imports.editDraft(c.req.param('code') ?? '', by, change);
        if ('gone' in edit) return gone(edit.gone);
        if ('refused' in edit) return { refused: edit.refused, status: 400 };
        return edit.done;
      },
      refuse: (c, refusal) => review(c, { error: refusal }),
    },
    deps,
  );

  app.post('/ke-hoach/duyet/:code/cong-bo', async (c) => {
    const code = c.req.param('code');
    if (!CODE.test(code)) return review(c);
    let published;
    try {
      published = await imports.publish(code, webActor(c));
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      // A refused draft is still there to correct; a text no longer new was forgotten.
      const refusal: Refusal = { refused: `Chưa công bố được: ${error.message}`, status: 400 };
      return (await stores.content.stagedPlan(code)) ? review(c, { error: refusal }) : send(c, planProblem(content, 'Không công bố được', refusal.refused, viewerOf(c.var.session!)), 400);
    }
    if (!published) return review(c);
    deps.logger.info(`web: ${c.var.session!.user.id} published ${code} as the plan ${published.plan.id}`);
    return c.redirect(`/ke-hoach/${encodeURIComponent(published.plan.id)}/sua?ok=cong-bo`, 303);
  });

  app.post('/ke-hoach/duyet/:code/bo', async (c) => {
    const code = c.req.param('code');
    const staged = CODE.test(code) ? await stores.content.stagedPlan(code) : undefined;
    if (!staged) return review(c);
    const title = readDraft(staged.draft)?.plan.title ?? staged.summary.split('\n')[0];
    const discarded = await stores.atomically(async () => {
      if (!(await imports.discard(staged.code))) return false;
      await stores.audit.record({ actor: webActor(c), action: 'discard-plan', subject: staged.code, detail: { title } });
      return true;
    });
    if (!discarded) return review(c);
    return c.redirect('/ke-hoach', 303);
  });
}
