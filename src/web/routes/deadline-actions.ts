/**
 * The admin's actions on a whole occurrence: `POST /han/:id/:occurrence/nhac-ngay` (remind now the
 * units that have not finished it, see scheduler/remind-now.ts) and `POST …/doi-han` (change its
 * day, with a reason, see core/move-due.ts). Each is written with its audit line in one unit of
 * work and answers a 303 to the page with a notice; a refusal shows the page again (400) with
 * the message at its form and what was typed. app.ts has checked the session, CSRF and role.
 */
import type { Context, Hono } from 'hono';
import { formatDay, formatInstant } from '../../core/dates.js';
import { moveOccurrence } from '../../core/move-due.js';
import { truncate } from '../../core/text.js';
import { REMIND_NOW_STEP, remindNow } from '../../scheduler/remind-now.js';
import type { WebEnv } from '../auth.js';
import { REMIND_GAP_MINUTES, type ActionProblem } from '../pages/deadline-forms.js';
import { deadlinePage, deadlinePath, deadlineProblem } from '../pages/deadline-page.js';
import { deadlineView, findOccurrence, NONCE, type DeadlineRouteDeps, type Found } from './deadline-data.js';
import { viewerOf, webEditor } from '../respond.js';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function registerDeadlineActions(app: Hono<WebEnv>, deps: DeadlineRouteDeps): void {
  const { content, stores, clock, logger } = deps;
  const actorOf = webEditor;

  /** The occurrence of the address, or the answer saying why there is none. */
  async function occurrenceOf(c: Context<WebEnv>): Promise<Found | Response> {
    const viewer = viewerOf(c.var.session!);
    const f = await findOccurrence(deps, c.req.param('id')!, c.req.param('occurrence'));
    const refuse = async (title: string, body: string) => {
      c.header('Cache-Control', 'no-store');
      return c.html(await deadlineProblem(content, title, body, viewer), 404);
    };
    if ('problem' in f) return refuse(...f.problem);
    if ('moved' in f) return refuse('Hạn đã đổi ngày', `Kỳ này của hạn ${f.moved.d.id} đã dời sang ${formatDay(f.moved.to)}; hãy mở lại trang của hạn.`);
    return f;
  }

  /** The page again, with the refusal at its form (400). */
  async function refused(c: Context<WebEnv>, f: Found, problem: ActionProblem): Promise<Response> {
    c.header('Cache-Control', 'no-store');
    return c.html(await deadlinePage(content, await deadlineView(deps, f, { problem }), viewerOf(c.var.session!)), 400);
  }

  app.post('/han/:id/:occurrence/nhac-ngay', async (c) => {
    const session = c.var.session!;
    const f = await occurrenceOf(c);
    if (f instanceof Response) return f;
    const { d, occ } = f;
    const path = deadlinePath(d.id, occ);
    const nonce = text((await c.req.parseBody()).nonce);
    const fail = (message: string) => refused(c, f, { form: 'remind', message });
    if (!NONCE.test(nonce)) return fail('Biểu mẫu nhắc không hợp lệ; hãy tải lại trang rồi thử lại.');
    if (occ > f.book.latestConfirmable(d)) return fail(`Kỳ ${formatDay(occ)} chưa tới nên chưa nhắc được.`);
    const now = clock.now();
    // One press per form (the nonce, also in the step keys), and one per occurrence in the gap.
    const since = new Date(now.getTime() - REMIND_GAP_MINUTES * 60_000).toISOString();
    const recent = (await stores.outbox.reminderTraces([{ deadline: d.id, occurrence: occ }]))
      .filter((t) => t.key.split('#')[2]?.startsWith(REMIND_NOW_STEP) && t.record && t.record.at > since)
      .sort((a, b) => a.record!.at.localeCompare(b.record!.at));
    if (recent.some((t) => t.key.endsWith(`#${REMIND_NOW_STEP}${nonce}`))) return c.redirect(`${path}?tb=da-nhac`, 303);
    const last = recent.at(-1)?.record?.at;
    if (last) {
      const again = new Date(Date.parse(last) + REMIND_GAP_MINUTES * 60_000).toISOString();
      const zone = content.org.timezone;
      return fail(`Kỳ này vừa được nhắc ngay lúc ${formatInstant(last, zone)}. Mỗi kỳ chỉ nhắc ngay một lần trong ${REMIND_GAP_MINUTES} phút; hãy thử lại từ ${formatInstant(again, zone)}.`);
    }
    const subject = `${d.id}@${occ}`;
    const result = await remindNow({ content, stores, channels: deps.channels }, d, occ, now, nonce, (r) =>
      stores.audit.record({ actor: actorOf(session), action: 'remind-now', subject, detail: { units: r.units, chats: r.chats, noChat: r.noChat } }),
    );
    if (result.repeated) return c.redirect(`${path}?tb=da-nhac`, 303);
    if (result.units.length + result.noChat.length === 0) return fail('Mọi đơn vị đã hoàn thành kỳ này: không còn ai để nhắc.');
    // The rows are queued with their step keys: this only starts sending them.
    await deps.send([]);
    logger.info(`web: ${session.user.id} reminded ${subject} now: ${result.units.length} units, ${result.chats} chats, ${result.noChat.length} without a chat`);
    return c.redirect(`${path}?tb=nhac&dv=${result.units.length}&nhom=${result.chats}&ko=${result.noChat.length}`, 303);
  });

  app.post('/han/:id/:occurrence/doi-han', async (c) => {
    const session = c.var.session!;
    const f = await occurrenceOf(c);
    if (f instanceof Response) return f;
    const form = await c.req.parseBody();
    const day = text(form.day);
    const reason = text(form.reason);
    const outcome = await moveOccurrence({ editor: deps.editor, confirmations: stores.confirmations }, actorOf(session), f.d, f.occ, day, reason);
    if (!outcome.ok) return refused(c, f, { form: 'move', message: outcome.message, day: truncate(day, 20), reason: truncate(reason, 500) });
    logger.info(`web: ${session.user.id} moved ${f.d.id}@${f.occ} to ${outcome.to} (${outcome.confirmations} confirmations carried)`);
    return c.redirect(`${deadlinePath(f.d.id, outcome.to)}?tb=doi-han&tu=${f.occ}&xn=${outcome.confirmations}`, 303);
  });
}
