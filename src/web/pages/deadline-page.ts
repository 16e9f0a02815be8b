/**
 * Hạn: one deadline occurrence, each responsible unit with its state, who confirmed, when (in the
 * organisation's zone) and from which chat. Admins get a "Xác nhận thay" form per unit without a
 * confirmation and a "Hủy xác nhận" button per confirmed unit; viewers see no form.
 */
import { html } from 'hono/html';
import type { UnitStatus } from '../../core/confirmation-book.js';
import type { Content, Deadline } from '../../core/content.js';
import { formatDay, formatDayLong, formatInstant, relativeDays, type Day } from '../../core/dates.js';
import type { Confirmation, Stamp } from '../../core/records.js';
import { truncate } from '../../core/text.js';
import { csrfField, page, type Html, type Viewer } from '../layout.js';

const MARK: Record<UnitStatus, string> = { xong: '✔️', nhan: '✅', chua: '•' };
const LABEL: Record<UnitStatus, string> = { xong: 'hoàn thành', nhan: 'đã nhận', chua: 'chưa xác nhận' };

/** Where a page about one occurrence lives. */
export const deadlinePath = (id: string, occurrence: Day): string => `/han/${encodeURIComponent(id)}/${occurrence}`;

const CHANNELS: Record<string, string> = {
  telegram: 'Telegram',
  zalo: 'Zalo OA',
  zalobot: 'Zalo Bot',
  console: 'Dòng lệnh',
  web: 'Bảng điều khiển web',
};

/** "Telegram · chat -100123", "Bảng điều khiển web" (the web's chat id is the signed-in person). */
export function chatLabel(chat: string): string {
  const i = chat.indexOf(':');
  const channel = i < 0 ? chat : chat.slice(0, i);
  const name = CHANNELS[channel] ?? channel;
  if (channel === 'web' || i < 0) return name;
  return `${name} · chat ${chat.slice(i + 1)}`;
}

export interface DeadlineView {
  deadline: Deadline;
  occurrence: Day;
  today: Day;
  zone: string;
  /** The responsible units in the plan's order, with their confirmation when there is one. */
  units: Array<{ code: string; name: string; status: UnitStatus; confirmation?: Confirmation | undefined }>;
  /** Whether this occurrence can be confirmed now (not a later period). */
  confirmable: boolean;
}

function stampCell(s: Stamp, zone: string, what: string): Html {
  return html`<div class="muted">${what}: <strong>${s.by.name}</strong> · ${formatInstant(s.at, zone)} · ${chatLabel(s.chat)}</div>`;
}

function confirmForm(v: DeadlineView, code: string, csrf: string): Html {
  return html`<form class="filters" method="post" action="${deadlinePath(v.deadline.id, v.occurrence)}/xac-nhan">${csrfField(csrf)}
<input type="hidden" name="unit" value="${code}">
<label>Loại <select name="kind"><option value="nhan">đã nhận</option><option value="xong">hoàn thành</option></select></label>
<label>Ghi chú <input type="text" name="note" maxlength="300" placeholder="nộp bản giấy"></label>
<button type="submit">Xác nhận thay</button></form>`;
}

function undoForm(v: DeadlineView, code: string, csrf: string): Html {
  return html`<form class="filters" method="post" action="${deadlinePath(v.deadline.id, v.occurrence)}/huy">${csrfField(csrf)}
<input type="hidden" name="unit" value="${code}"><button type="submit">Hủy xác nhận</button></form>`;
}

/** One unit as a card (phone first: no wide table), its state, stamps and the admin's action. */
function unitCard(v: DeadlineView, u: DeadlineView['units'][number], viewer: Viewer): Html {
  const c = u.confirmation;
  const action = viewer.role !== 'admin' ? '' : c ? undoForm(v, u.code, viewer.csrf) : v.confirmable ? confirmForm(v, u.code, viewer.csrf) : '';
  return html`<section class="card" data-unit="${u.code}">
<div><strong>${u.name}</strong> <span class="tag">${u.code}</span> <span class="state">${MARK[u.status]} ${LABEL[u.status]}</span></div>
${c ? stampCell(c.received, v.zone, 'Nhận') : ''}${c?.completed ? stampCell(c.completed, v.zone, 'Hoàn thành') : ''}
${action}
</section>`;
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
<p class="muted">${truncate(d.plan.title, 200)} · ${relativeDays(v.today, v.occurrence)}</p>
<div class="counts"><span>✔️ hoàn thành: ${counts.xong}</span><span>✅ đã nhận: ${counts.nhan}</span><span>• chưa: ${counts.chua}</span></div>
${v.confirmable ? '' : html`<p class="muted">Kỳ này chưa tới nên chưa xác nhận thay được.</p>`}
<h2>Đơn vị thực hiện (${v.units.length})</h2>
${v.units.map((u) => unitCard(v, u, viewer))}
<p><a href="/tong-quan">← Tổng quan</a></p>`,
  });
}

/** A refusal on the Hạn page's address (unknown deadline or occurrence, bad form). */
export function deadlineProblem(content: Content, title: string, text: string, viewer: Viewer): Html {
  return page({ title, org: content.org.name, viewer, body: html`<h1>${title}</h1><p>${text}</p><p><a href="/tong-quan">← Tổng quan</a></p>` });
}
