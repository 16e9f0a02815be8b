/**
 * The Hạn page's occurrence-wide actions for admins: "Nhắc ngay" (with its guard said on the
 * page) and "Đổi ngày hạn" (with the reason required), the notice a finished action leaves (a
 * code in the query string, never text from it), and a refusal shown at its form.
 */
import { html } from 'hono/html';
import { formatDay, formatInstant, type Day } from '../../core/dates.js';
import { csrfField, type Html } from '../layout.js';

/** One manual reminder per occurrence in this many minutes (and a form's press is sent once). */
export const REMIND_GAP_MINUTES = 30;

/** What the action forms show. */
export interface ActionsView {
  path: string;
  occurrence: Day;
  zone: string;
  recurring: boolean;
  /** Units that have not finished this occurrence. */
  open: number;
  /** The one-time nonce of this rendering's "Nhắc ngay" form. */
  nonce: string;
  /** The last manual reminder of this occurrence, when it holds the next one back (ISO). */
  lastRemind?: string | undefined;
  /** Whether the occurrence can be reminded and confirmed now (not a later period). */
  confirmable: boolean;
  /** Whether its day can be changed here (a plan's deadline, not a notice). */
  movable: boolean;
  problem?: ActionProblem | undefined;
}

/** A refused action: its form, the message, and what was typed (shown again). */
export interface ActionProblem {
  form: 'remind' | 'move';
  message: string;
  day?: string | undefined;
  reason?: string | undefined;
}

const error = (p: ActionProblem | undefined, form: ActionProblem['form']) => (p?.form === form ? html`<p class="error" role="alert">${p.message}</p>` : '');

function remindForm(v: ActionsView, csrf: string): Html {
  const rule = `Mỗi kỳ chỉ nhắc ngay được một lần trong ${REMIND_GAP_MINUTES} phút; bấm hai lần hay tải lại trang cũng chỉ gửi một lần.`;
  let body: Html;
  if (!v.confirmable) body = html`<p class="muted">Kỳ này chưa tới nên chưa nhắc được.</p>`;
  else if (v.open === 0) body = html`<p class="muted">Mọi đơn vị đã hoàn thành kỳ này: không còn ai để nhắc.</p>`;
  else if (v.lastRemind) {
    const next = new Date(Date.parse(v.lastRemind) + REMIND_GAP_MINUTES * 60_000).toISOString();
    body = html`<p class="muted">Đã nhắc ngay lúc ${formatInstant(v.lastRemind, v.zone)}; nhắc lại được từ ${formatInstant(next, v.zone)}.</p>`;
  } else {
    body = html`<form class="filters" method="post" action="${v.path}/nhac-ngay">${csrfField(csrf)}
<input type="hidden" name="nonce" value="${v.nonce}">
<button type="submit">Nhắc ngay ${v.open} đơn vị chưa hoàn thành</button></form>`;
  }
  return html`<section class="card" id="nhac-ngay"><h3>Nhắc ngay</h3>
<p class="muted">Gửi ngay tin nhắc hạn (như tin nhắc tự động, có nút xác nhận) tới các nhóm chat của những đơn vị chưa hoàn thành. ${rule}</p>
${error(v.problem, 'remind')}${body}</section>`;
}

function moveForm(v: ActionsView, csrf: string): Html {
  const typed = v.problem?.form === 'move' ? v.problem : undefined;
  const scope = v.recurring
    ? `Hạn định kỳ: chỉ kỳ ${formatDay(v.occurrence)} đổi ngày; các kỳ khác giữ nguyên lịch.`
    : 'Các xác nhận đã có được giữ nguyên; tin nhắc đã gửi vẫn còn trong lịch sử, Loa nhắc theo ngày mới.';
  return html`<section class="card" id="doi-han"><h3>Đổi ngày hạn</h3>
<p class="muted">${scope}</p>
${error(v.problem, 'move')}<form class="stack" method="post" action="${v.path}/doi-han">${csrfField(csrf)}
<label>Ngày hạn mới (dd/mm/yyyy) <input type="text" name="day" required maxlength="10" inputmode="numeric" placeholder="dd/mm/yyyy" value="${typed?.day ?? ''}"></label>
<label>Lý do (bắt buộc, ghi vào nhật ký) <input type="text" name="reason" required maxlength="500" placeholder="theo văn bản số …" value="${typed?.reason ?? ''}"></label>
<button type="submit">Đổi ngày hạn</button></form></section>`;
}

/** The admin's action forms ("Nhắc ngay", "Đổi ngày hạn"). */
export function actionForms(v: ActionsView, csrf: string): Html {
  return html`<h2>Thao tác</h2>
${remindForm(v, csrf)}
${v.movable ? moveForm(v, csrf) : error(v.problem, 'move')}`;
}

const COUNT = /^\d{1,6}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The notice an action left in the query string (`tb` and its numbers), or nothing. */
export function noticeOf(query: (name: string) => string | undefined): string | undefined {
  const n = (name: string) => (COUNT.test(query(name) ?? '') ? Number(query(name)) : 0);
  switch (query('tb')) {
    case 'nhac': {
      const noChat = n('ko');
      const sent = `Đã xếp gửi tin nhắc tới ${n('dv')} đơn vị (${n('nhom')} nhóm chat).`;
      return noChat ? `${sent} ${noChat} đơn vị chưa có nhóm chat nên không nhận được.` : sent;
    }
    case 'da-nhac':
      return 'Lần nhắc này đã được gửi rồi (bấm hai lần hoặc tải lại trang): Loa không gửi lại.';
    case 'doi-han': {
      const from = query('tu') ?? '';
      return `Đã đổi ngày hạn${DAY.test(from) ? ` từ ${formatDay(from)}` : ''}; ${n('xn')} xác nhận được giữ nguyên.`;
    }
    default:
      return undefined;
  }
}
