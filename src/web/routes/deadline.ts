/**
 * The Hạn routes: `GET /han/:id[/:occurrence]` (without a day, the current occurrence as /tiendo
 * picks it), and the admin's changes `POST …/xac-nhan` (confirm on a unit's behalf, with a note)
 * and `POST …/huy` (undo a confirmation). Each change and its audit entry are one unit of work;
 * the answer is a 303 back to the page, which shows the new state. app.ts has already checked the
 * session, the CSRF token and the admin role of every POST.
 */
import type { Context, Hono } from 'hono';
import { catalogOf } from '../../core/catalog.js';
import { openBook, type ConfirmationBook } from '../../core/confirmation-book.js';
import type { Clock } from '../../core/clock.js';
import type { Content, Deadline } from '../../core/content.js';
import { dayOf, formatDay, type Day } from '../../core/dates.js';
import type { Logger } from '../../core/dispatcher.js';
import { isOccurrence } from '../../core/occurrences.js';
import type { Stores } from '../../core/ports.js';
import { squash, truncate } from '../../core/text.js';
import type { SignedIn, WebEnv } from '../auth.js';
import type { Html, Viewer } from '../layout.js';
import { deadlinePage, deadlinePath, deadlineProblem, type DeadlineView } from '../pages/deadline-page.js';

export interface DeadlineRouteDeps {
  content: Content;
  stores: Pick<Stores, 'confirmations' | 'audit' | 'announcements' | 'atomically'>;
  clock: Clock;
  logger: Logger;
}

/** Longest note kept with a confirmation made on a unit's behalf. */
const NOTE_MAX = 300;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Found = { d: Deadline; occ: Day; book: ConfirmationBook; today: Day } | { problem: [string, string] };

export function registerDeadlineRoutes(app: Hono<WebEnv>, deps: DeadlineRouteDeps): void {
  const { content, stores, clock } = deps;
  const viewerOf = (s: SignedIn): Viewer => ({ name: s.user.name, role: s.role, csrf: s.csrf });
  const send = async (c: Context, body: Html, status: 200 | 400 | 404 = 200) => {
    c.header('Cache-Control', 'no-store');
    return c.html(await body, status);
  };

  /** The deadline and occurrence of the address (the current one when `day` is undefined), with their confirmations. */
  async function find(id: string, day: string | undefined): Promise<Found> {
    const today = dayOf(clock.now(), content.org.timezone);
    const d = catalogOf(content, await stores.announcements.announcements()).get(id);
    if (!d) return { problem: ['Không có hạn này', `Không có hạn nào mã ${truncate(id, 40)}.`] };
    if (day !== undefined && (!DAY.test(day) || !isOccurrence(d, day))) {
      return { problem: ['Không có kỳ này', `Hạn ${d.id} không có kỳ nào vào ngày ${DAY.test(day) ? formatDay(day) : truncate(day, 20)}.`] };
    }
    const book = await openBook(stores.confirmations, [d], today, day ? [{ deadline: d.id, occurrence: day }] : []);
    return { d, occ: day ?? book.occurrenceFor(d), book, today };
  }

  function viewOf(f: Exclude<Found, { problem: unknown }>): DeadlineView {
    const { d, occ, book, today } = f;
    return {
      deadline: d,
      occurrence: occ,
      today,
      zone: content.org.timezone,
      units: d.assignees.map((code) => ({
        code,
        name: content.unit(code)?.name ?? code,
        status: book.status(d.id, occ, code),
        confirmation: book.confirmation(d.id, occ, code),
      })),
      confirmable: occ <= book.latestConfirmable(d),
    };
  }

  app.get('/han/:id', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const f = await find(c.req.param('id'), undefined);
    if ('problem' in f) return send(c, deadlineProblem(content, ...f.problem, viewerOf(session)), 404);
    return c.redirect(deadlinePath(f.d.id, f.occ), 303);
  });

  app.get('/han/:id/:occurrence', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const f = await find(c.req.param('id'), c.req.param('occurrence'));
    if ('problem' in f) return send(c, deadlineProblem(content, ...f.problem, viewerOf(session)), 404);
    return send(c, deadlinePage(content, viewOf(f), viewerOf(session)));
  });

  /** Finds the occurrence and the form's unit (one of the deadline's units), or answers the problem. */
  async function target(c: Context<WebEnv>): Promise<Response | { f: Exclude<Found, { problem: unknown }>; unit: string; form: Record<string, unknown> }> {
    const viewer = viewerOf(c.var.session!);
    const f = await find(c.req.param('id')!, c.req.param('occurrence'));
    if ('problem' in f) return send(c, deadlineProblem(content, ...f.problem, viewer), 404);
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
      await stores.audit.record({ actor: { ...user, chat: `web:${user.id}` }, action: 'confirm', subject, detail: { kind, outcome: result.outcome, onBehalf: true, note } });
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
      if (removed) await stores.audit.record({ actor: { ...user, chat: `web:${user.id}` }, action: 'undo-confirm', subject, detail: { before: removed } });
      return removed;
    });
    if (before) deps.logger.info(`web: ${user.id} undid the confirmation ${subject}`);
    return c.redirect(deadlinePath(f.d.id, f.occ), 303);
  });
}
