/**
 * Hạn: one deadline occurrence, each responsible unit with its state, who confirmed, when (in the
 * organisation's zone) and from which chat (named, never by its key); the previous and next
 * occurrence of a recurring deadline; the reminder history. Admins get per unit "Xác nhận thay"
 * (none yet), "Đánh dấu hoàn thành thay" (received only) and "Hủy xác nhận", and the occurrence's
 * actions (remind now, change the day); viewers see no form.
 */
import { html } from 'hono/html';
import type { UnitStatus } from '../../core/confirmation-book.js';
import type { Content, Deadline } from '../../core/content.js';
import { formatDay, formatDayLong, formatInstant, relativeDays, type Day } from '../../core/dates.js';
import { describeRecurrence } from '../../core/occurrences.js';
import type { ChatName } from '../../core/ports.js';
import type { Confirmation, Stamp } from '../../core/records.js';
import { truncate } from '../../core/text.js';
import { csrfField, page, type Html, type Viewer } from '../layout.js';
import { chatLabel } from './chat-label.js';
import { actionForms, type ActionsView } from './deadline-forms.js';
import { historySection, type HistoryGroup } from './deadline-history.js';
import { mergedSection, unitHandIns } from './hand-ins-section.js';
import type { Submission } from '../../core/submission-ports.js';
import type { MergedTable } from '../../core/hand-in-ports.js';

const MARK: Record<UnitStatus, string> = { xong: '✔️', nhan: '✅', chua: '•' };
const LABEL: Record<UnitStatus, string> = { xong: 'hoàn thành', nhan: 'đã nhận', chua: 'chưa xác nhận' };

import { deadlinePath } from '../../core/web-links.js';

export { deadlinePath };

export interface DeadlineView {
  deadline: Deadline;
  occurrence: Day;
  today: Day;
  zone: string;
  /** The responsible units in the plan's order, with their confirmation when there is one. */
  units: Array<{ code: string; name: string; status: UnitStatus; confirmation?: Confirmation | undefined }>;
  /** Whether this occurrence can be confirmed now (not a later period). */
  confirmable: boolean;
  /** What is known of the chats named on the page (stamps, history). */
  names: ReadonlyMap<string, ChatName>;
  /** A recurring deadline's occurrences around this one. */
  previous?: Day | undefined;
  next?: Day | undefined;
  /** The days this occurrence fell on before the office moved it, oldest first. */
  earlier: Day[];
  history: HistoryGroup[];
  /** What the units handed in for this occurrence, oldest first. */
  handIns: Submission[];
  /** The merged registrations, when the deadline asks for a form. */
  merged?: MergedTable | undefined;
  /** The admin's occurrence-wide actions. */
  actions: ActionsView;
  /** What the last action did (from the query string's code). */
  notice?: string | undefined;
}

function stampCell(content: Content, v: DeadlineView, s: Stamp, what: string): Html {
  return html`<div class="muted">${what}: <strong>${s.by.name}</strong> · ${formatInstant(s.at, v.zone)} · ${chatLabel(s.chat, v.names, content)}</div>`;
}

/** "Xác nhận thay" (either state), or for a unit that received it, "Đánh dấu hoàn thành thay". */
function confirmForm(v: DeadlineView, code: string, csrf: string, upgrade: boolean): Html {
  const kind = upgrade
    ? html`<input type="hidden" name="kind" value="xong">`
    : html`<label>Loại <select name="kind"><option value="nhan">đã nhận</option><option value="xong">hoàn thành</option></select></label>`;
  return html`<form class="filters" method="post" action="${deadlinePath(v.deadline.id, v.occurrence)}/xac-nhan">${csrfField(csrf)}
<input type="hidden" name="unit" value="${code}">
${kind}
<label>Ghi chú <input type="text" name="note" maxlength="300" placeholder="nộp bản giấy"></label>
<button type="submit">${upgrade ? 'Đánh dấu hoàn thành thay' : 'Xác nhận thay'}</button></form>`;
}

function undoForm(v: DeadlineView, code: string, csrf: string): Html {
  return html`<form class="filters" method="post" action="${deadlinePath(v.deadline.id, v.occurrence)}/huy">${csrfField(csrf)}
<input type="hidden" name="unit" value="${code}"><button type="submit">Hủy xác nhận</button></form>`;
}

/** One unit as a card (phone first: no wide table), its state, stamps and the admin's action. */
function unitCard(content: Content, v: DeadlineView, u: DeadlineView['units'][number], viewer: Viewer): Html {
  const c = u.confirmation;
  const admin = viewer.role === 'admin';
  const confirm = admin && v.confirmable && u.status !== 'xong' ? confirmForm(v, u.code, viewer.csrf, u.status === 'nhan') : '';
  return html`<section class="card" data-unit="${u.code}">
<div><strong>${u.name}</strong> <span class="tag">${u.code}</span> <span class="state">${MARK[u.status]} ${LABEL[u.status]}</span></div>
${c ? stampCell(content, v, c.received, 'Nhận') : ''}${c?.completed ? stampCell(content, v, c.completed, 'Hoàn thành') : ''}
${unitHandIns(v.handIns, u.code, v.zone)}
${confirm}${admin && c ? undoForm(v, u.code, viewer.csrf) : ''}
</section>`;
}

/** Links to the previous and next occurrence of a recurring deadline. */
function periods(v: DeadlineView): Html {
  if (!v.previous && !v.next) return html``;
  const link = (day: Day, text: string) => html`<a href="${deadlinePath(v.deadline.id, day)}">${text}</a>`;
  return html`<nav class="periods">${v.previous ? link(v.previous, `← Kỳ trước (${formatDay(v.previous)})`) : ''} ${v.next ? link(v.next, `Kỳ sau (${formatDay(v.next)}) →`) : ''}</nav>`;
}

export function deadlinePage(content: Content, v: DeadlineView, viewer: Viewer): Html {
  const d = v.deadline;
  const counts: Record<UnitStatus, number> = { xong: 0, nhan: 0, chua: 0 };
  for (const u of v.units) counts[u.status]++;
  return page({
    title: `Hạn ${d.id} · ${formatDay(v.occurrence)}`,
    org: content.org.name,
    viewer,
    body: html`<h1>Hạn ${d.id} · ${formatDayLong(v.occurrence)}</h1>
<p>${truncate(d.task, 600)}</p>
<p class="muted">${truncate(d.plan.title, 200)} · ${relativeDays(v.today, v.occurrence)}${d.recurrence ? ` · ${describeRecurrence(d.recurrence)}` : ''}</p>
${v.earlier.length ? html`<p class="muted">Kỳ này đã được dời từ ngày ${v.earlier.map(formatDay).join(', ')} (lý do xem trong <a href="/nhat-ky?action=deadline-move&amp;subject=${encodeURIComponent(`${d.id}@`)}">Nhật ký</a>).</p>` : ''}
${periods(v)}
${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ''}
<div class="counts"><span>✔️ hoàn thành: ${counts.xong}</span><span>✅ đã nhận: ${counts.nhan}</span><span>• chưa: ${counts.chua}</span></div>
${v.confirmable ? '' : html`<p class="muted">Kỳ này chưa tới nên chưa xác nhận thay được.</p>`}
<h2>Đơn vị thực hiện (${v.units.length})</h2>
${v.units.map((u) => unitCard(content, v, u, viewer))}
${mergedSection(d, v.occurrence, v.merged)}
${viewer.role === 'admin' ? actionForms(v.actions, viewer.csrf) : ''}
${historySection(v.history, v.occurrence, v.zone)}
<p><a href="/tong-quan">← Tổng quan</a></p>`,
  });
}

/** A refusal on the Hạn page's address (unknown deadline or occurrence, bad form). */
export function deadlineProblem(content: Content, title: string, text: string, viewer: Viewer): Html {
  return page({ title, org: content.org.name, viewer, body: html`<h1>${title}</h1><p>${text}</p><p><a href="/tong-quan">← Tổng quan</a></p>` });
}
