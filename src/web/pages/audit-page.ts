/** Nhật ký: the filter form and the table of audit entries, newest first, with the next page's link. */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import type { AuditEntry, AuditPage } from '../../core/ports.js';
import { truncate } from '../../core/text.js';
import { page, type Html, type Viewer } from '../layout.js';

/** The filter as typed in the form (days as dd/mm/yyyy). */
export interface AuditQuery {
  action?: string | undefined;
  actor?: string | undefined;
  subject?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Vietnamese names of the actions Loa records; another action shows its own name. */
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  confirm: 'Xác nhận',
  'undo-confirm': 'Hủy xác nhận',
  bind: 'Gắn nhóm',
  approve: 'Duyệt đăng ký',
  reject: 'Từ chối đăng ký',
  unbind: 'Bỏ gắn nhóm',
  'unit-add': 'Thêm đơn vị',
  'unit-edit': 'Sửa đơn vị',
  announce: 'Gửi thông báo',
  'publish-plan': 'Công bố kế hoạch',
  'plan-upload': 'Tải lên kế hoạch',
  'plan-draft-edit': 'Sửa kế hoạch chờ duyệt',
  'discard-plan': 'Bỏ kế hoạch chờ duyệt',
  'plan-edit': 'Sửa kế hoạch',
  'plan-end': 'Kết thúc kế hoạch',
  'plan-reopen': 'Mở lại kế hoạch',
  'plan-delete': 'Xóa kế hoạch',
  'web-sign-in': 'Đăng nhập web',
  'web-sign-out': 'Đăng xuất web',
  'deadline-move': 'Đổi ngày hạn',
  'remind-now': 'Nhắc ngay',
};

export function actionLabel(action: string): string {
  return Object.hasOwn(ACTION_LABELS, action) ? ACTION_LABELS[action]! : action;
}

const stamps = new Map<string, Intl.DateTimeFormat>();

/** `dd/mm/yyyy HH:mm:ss` of an instant in a zone. */
export function formatStamp(iso: string, zone: string): string {
  let f = stamps.get(zone);
  if (!f) {
    const options = { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const;
    f = new Intl.DateTimeFormat('en-GB', options);
    stamps.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

const compact = (value: unknown) => truncate(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value), 300);

/** "before → after" when the detail has both, and the rest as compact JSON (escaped by `html`). */
function detailOf(detail: AuditEntry['detail']): Html {
  if (!detail || Object.keys(detail).length === 0) return html``;
  if (!('before' in detail) || !('after' in detail)) return html`<code>${compact(detail)}</code>`;
  const { before, after, ...rest } = detail;
  const others = Object.keys(rest).length ? compact(rest) : '';
  return html`<span>${compact(before)} → ${compact(after)}</span>${others ? html` <code class="muted">${others}</code>` : ''}`;
}

function row(e: AuditEntry, zone: string): Html {
  return html`<tr>
<td>${formatStamp(e.at, zone)}</td>
<td>${e.actor.name}<br><span class="muted">${e.actor.id}${e.actor.chat ? ` · ${e.actor.chat}` : ''}</span></td>
<td>${actionLabel(e.action)}</td>
<td>${truncate(e.subject, 200)}</td>
<td>${detailOf(e.detail)}</td>
</tr>`;
}

function form(q: AuditQuery): Html {
  const known = Object.keys(ACTION_LABELS);
  const actions = q.action && !known.includes(q.action) ? [...known, q.action] : known;
  const option = (value: string, label: string) => html`<option value="${value}"${value === (q.action ?? '') ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="/nhat-ky">
  <label>Hành động<select name="action">${option('', 'Tất cả')}${actions.map((a) => option(a, actionLabel(a)))}</select></label>
  <label>Người <input name="actor" value="${q.actor ?? ''}" placeholder="tên hoặc mã" maxlength="120"></label>
  <label>Đối tượng <input name="subject" value="${q.subject ?? ''}" placeholder="bắt đầu bằng, vd H8@" maxlength="200"></label>
  <label>Từ ngày <input name="from" value="${q.from ?? ''}" placeholder="dd/mm/yyyy" maxlength="10"></label>
  <label>Đến ngày <input name="to" value="${q.to ?? ''}" placeholder="dd/mm/yyyy" maxlength="10"></label>
  <button type="submit">Lọc</button>
</form>`;
}

/** The link to the page after the cursor `before` (the first page without it), keeping the filter. */
function linkOf(q: AuditQuery, before?: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (typeof v === 'string') params.set(k, v);
  if (before !== undefined) params.set('before', before);
  const query = params.toString();
  return query ? `/nhat-ky?${query}` : '/nhat-ky';
}

export function auditPage(content: Content, viewer: Viewer, q: AuditQuery, result: { found: AuditPage; first: boolean } | { error: string }): Html {
  const zone = content.org.timezone;
  let body: Html;
  if ('error' in result) {
    body = html`<p class="error" role="alert">${result.error}</p>`;
  } else if (result.found.entries.length === 0) {
    body = html`<p class="muted">${result.first ? 'Không có mục nào khớp bộ lọc.' : 'Không còn mục nào.'}</p>`;
  } else {
    const { entries, next } = result.found;
    body = html`<div class="scroll"><table class="audit">
<thead><tr><th>Thời gian</th><th>Người</th><th>Hành động</th><th>Đối tượng</th><th>Chi tiết</th></tr></thead>
<tbody>${entries.map((e) => row(e, zone))}</tbody>
</table></div>
${next ? html`<p><a class="button" href="${linkOf(q, next)}">Trang sau</a></p>` : ''}`;
  }
  return page({
    title: 'Nhật ký',
    org: content.org.name,
    viewer,
    body: html`<h1>Nhật ký</h1>
<p class="muted">Mọi thay đổi từ chat và từ bảng điều khiển: ai, lúc nào, làm gì. Nhật ký chỉ để xem, không ai sửa được. Giờ theo múi ${zone}.</p>
${!('error' in result) && !result.first ? html`<p><a href="${linkOf(q)}">« Về trang đầu</a></p>` : ''}
${form(q)}
${body}`,
  });
}
