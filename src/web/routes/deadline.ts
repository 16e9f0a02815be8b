/**
 * The Hạn routes: `GET /han/:id[/:occurrence]` (without a day, the current occurrence as /tiendo
 * picks it; an earlier day of a moved occurrence, where it is now), and the admin's changes
 * `POST …/xac-nhan` (confirm on a unit's behalf, with a note; also received → completed) and
 * `POST …/huy` (undo a confirmation); the occurrence-wide actions are in deadline-actions.ts.
 * Each change and its audit entry are one unit of work;
 * the answer is a 303 back to the page, which shows the new state. app.ts has already checked the
 * session, the CSRF token and the admin role of every POST.
 */
import type { Context, Hono } from 'hono';
import { formatDay } from '../../core/dates.js';
import { squash, truncate } from '../../core/text.js';
import type { WebEnv } from '../auth.js';
import { noticeOf } from '../pages/deadline-forms.js';
import { deadlinePage, deadlinePath, deadlineProblem } from '../pages/deadline-page.js';
import { registerDeadlineActions } from './deadline-actions.js';
import { deadlineView, findOccurrence, type DeadlineRouteDeps, type Found } from './deadline-data.js';
import { sendPage, viewerOf, webEditor } from '../respond.js';

export type { DeadlineRouteDeps } from './deadline-data.js';

/** Longest note kept with a confirmation made on a unit's behalf. */
const NOTE_MAX = 300;

export function registerDeadlineRoutes(app: Hono<WebEnv>, deps: DeadlineRouteDeps): void {
  const { content, stores } = deps;
  const send = sendPage;
  const find = (id: string, day: string | undefined) => findOccurrence(deps, id, day);

  app.get('/han/:id', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const f = await find(c.req.param('id'), undefined);
    if ('problem' in f) return send(c, deadlineProblem(content, ...f.problem, viewerOf(session)), 404);
    if ('moved' in f) return c.redirect(deadlinePath(f.moved.d.id, f.moved.to), 303);
    return c.redirect(deadlinePath(f.d.id, f.occ), 303);
  });

  app.get('/han/:id/:occurrence', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const f = await find(c.req.param('id'), c.req.param('occurrence'));
    if ('problem' in f) return send(c, deadlineProblem(content, ...f.problem, viewerOf(session)), 404);
    // An earlier day of a moved occurrence: the page lives at its day now.
    if ('moved' in f) return c.redirect(deadlinePath(f.moved.d.id, f.moved.to), 303);
    const notice = noticeOf((name) => c.req.query(name));
    return send(c, deadlinePage(content, await deadlineView(deps, f, { notice }), viewerOf(session)));
  });

  /** Finds the occurrence and the form's unit (one of the deadline's units), or answers the problem. */
  async function target(c: Context<WebEnv>): Promise<Response | { f: Found; unit: string; form: Record<string, unknown> }> {
    const viewer = viewerOf(c.var.session!);
    const f = await find(c.req.param('id')!, c.req.param('occurrence'));
    if ('problem' in f) return send(c, deadlineProblem(content, ...f.problem, viewer), 404);
    if ('moved' in f) return send(c, deadlineProblem(content, 'Hạn đã đổi ngày', `Kỳ này của hạn ${f.moved.d.id} đã dời sang ${formatDay(f.moved.to)}; hãy mở lại trang của hạn.`, viewer), 404);
    const form = await c.req.parseBody();
    const unit = typeof form.unit === 'string' ? form.unit : '';
    if (!f.d.assignees.includes(unit)) {
      return send(c, deadlineProblem(content, 'Đơn vị không hợp lệ', `Đơn vị ${truncate(unit, 40)} không phải đơn vị thực hiện hạn ${f.d.id}.`, viewer), 400);
    }
    return { f, unit, form };
  }

  app.post('/han/:id/:occurrence/xac-nhan', async (c) => {
    const session = c.var.session!;
    const t = await target(c);
    if (t instanceof Response) return t;
    const { f, unit, form } = t;
    const viewer = viewerOf(session);
    const kind = form.kind === 'xong' ? 'xong' : form.kind === 'nhan' ? 'nhan' : undefined;
    if (!kind) return send(c, deadlineProblem(content, 'Loại xác nhận không hợp lệ', 'Hãy chọn "đã nhận" hoặc "hoàn thành".', viewer), 400);
    if (f.occ > f.book.latestConfirmable(f.d)) {
      return send(c, deadlineProblem(content, 'Kỳ chưa tới', `Kỳ ${formatDay(f.occ)} của hạn ${f.d.id} chưa tới, nên chưa xác nhận được.`, viewer), 400);
    }
    const note = truncate(squash(typeof form.note === 'string' ? form.note : ''), NOTE_MAX);
    const user = { id: session.user.id, name: session.user.name };
    const chat = { channel: 'web', chatId: session.user.id };
    const subject = `${f.d.id}@${f.occ}#${unit}`;
    await stores.atomically(async () => {
      const result = await stores.confirmations.confirm({ deadline: f.d.id, occurrence: f.occ, unit, kind, user, chat });
      if (result.outcome === 'unchanged') return;
      await stores.audit.record({ actor: webEditor(session), action: 'confirm', subject, detail: { kind, outcome: result.outcome, onBehalf: true, note } });
    });
    deps.logger.info(`web: ${user.id} confirmed ${subject} (${kind}) on the unit's behalf`);
    return c.redirect(deadlinePath(f.d.id, f.occ), 303);
  });

  app.post('/han/:id/:occurrence/huy', async (c) => {
    const session = c.var.session!;
    const t = await target(c);
    if (t instanceof Response) return t;
    const { f, unit } = t;
    const user = { id: session.user.id, name: session.user.name };
    const subject = `${f.d.id}@${f.occ}#${unit}`;
    const before = await stores.atomically(async () => {
      const removed = await stores.confirmations.undoConfirmation({ deadline: f.d.id, occurrence: f.occ, unit }, user);
      if (removed) await stores.audit.record({ actor: webEditor(session), action: 'undo-confirm', subject, detail: { before: removed } });
      return removed;
    });
    if (before) deps.logger.info(`web: ${user.id} undid the confirmation ${subject}`);
    return c.redirect(deadlinePath(f.d.id, f.occ), 303);
  });

  registerDeadlineActions(app, deps);
}
