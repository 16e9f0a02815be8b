/**
 * Đơn vị: the registration requests waiting (with Duyệt / Từ chối for admins) above every unit
 * (code, name, aliases, kind, contact, bound chats, last activity, a mark when no chat is active),
 * filtered and paged. On a phone the table becomes one card per unit (see css.ts).
 */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import { formatInstant } from '../../core/dates.js';
import type { Unit } from '../../core/org.js';
import type { RegistrationRequest } from '../../core/records.js';
import { requestPlace } from '../../core/registration.js';
import { truncate } from '../../core/text.js';
import { csrfField, page, type Html, type Viewer } from '../layout.js';
import { UNITS_PER_PAGE, unitsHref, type UnitRow, type UnitsFilter, type UnitsList } from './units-data.js';

export const unitPath = (code: string): string => `/don-vi/${encodeURIComponent(code)}`;
const requestPath = (id: string, what: 'duyet' | 'tu-choi') => `/don-vi/yeu-cau/${encodeURIComponent(id)}/${what}`;

/** A short notice after a change (303 back with `?tb=`): fixed texts, never text from the address. */
export function flashText(kind: string | undefined, id: string | undefined): string | undefined {
  const req = id && /^R\d{1,18}$/.test(id) ? id : 'này';
  const texts: Record<string, string> = {
    duyet: `Đã duyệt yêu cầu ${req}; nhóm chat đã được báo.`,
    'tu-choi': `Đã từ chối yêu cầu ${req}; nhóm chat đã được báo.`,
    'da-quyet': `Yêu cầu ${req} đã được quyết định trước đó: không có gì thay đổi.`,
    them: 'Đã thêm đơn vị. Các nhóm chat đăng ký được ngay bằng /dangky.',
    sua: 'Đã lưu thay đổi của đơn vị; chat thấy ngay.',
    'bo-gan': 'Đã bỏ gắn nhóm chat khỏi đơn vị; nhóm chat đã được báo.',
  };
  return kind ? texts[kind] : undefined;
}

export function flashBox(text: string | undefined): Html {
  return text ? html`<p class="notice" role="status">${text}</p>` : html``;
}

/** The contact person: name, phone and e-mail as links. */
export function contactLine(u: Unit): Html {
  const c = u.contact;
  if (!c) return html`<span class="muted">—</span>`;
  return html`${c.name}${c.phone ? html` · <a href="tel:${c.phone.replace(/[^+0-9]/g, '')}">${c.phone}</a>` : ''}${c.email ? html` · <a href="mailto:${c.email}">${c.email}</a>` : ''}`;
}

function requestCard(content: Content, r: RegistrationRequest, viewer: Viewer): Html {
  const unit = content.unit(r.unit);
  const forms =
    viewer.role === 'admin'
      ? html`<div class="actions"><form method="post" action="${requestPath(r.id, 'duyet')}">${csrfField(viewer.csrf)}<button type="submit">✅ Duyệt</button></form>
<form method="post" action="${requestPath(r.id, 'tu-choi')}">${csrfField(viewer.csrf)}<button type="submit">❌ Từ chối</button></form></div>`
      : '';
  return html`<section class="card" data-request="${r.id}">
<div><span class="tag">${r.id}</span> <strong>${r.user.name}</strong> xin gắn ${requestPlace(r)} với <a href="${unitPath(r.unit)}">${unit?.name ?? r.unit} (${r.unit})</a></div>
<div class="muted">Gửi lúc ${formatInstant(r.at, content.org.timezone)}</div>
${forms}
</section>`;
}

function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
}

function filters(list: UnitsList, f: UnitsFilter): Html {
  return html`<form class="filters" method="get" action="/don-vi">
<label>Tìm (mã, tên, tên gọi khác)<input type="search" name="q" value="${f.q ?? ''}" maxlength="100"></label>
<label>Loại<select name="loai">${option('', 'Tất cả', f.kind)}${list.kinds.map((k) => option(k, truncate(k, 60), f.kind))}</select></label>
<label class="check"><input type="checkbox" name="chat" value="khong"${f.noChat ? html` checked` : ''}> Chưa có nhóm chat hoạt động</label>
<button type="submit">Lọc</button>
</form>`;
}

function pager(list: UnitsList, f: UnitsFilter): Html {
  if (list.pages <= 1) return html``;
  const first = (list.page - 1) * UNITS_PER_PAGE + 1;
  const last = Math.min(list.page * UNITS_PER_PAGE, list.total);
  return html`<p class="pager">Đơn vị ${first}–${last} / ${list.total} · trang ${list.page}/${list.pages}
${list.page > 1 ? html` <a href="${unitsHref(f, list.page - 1)}">« Trang trước</a>` : ''}${list.page < list.pages ? html` <a href="${unitsHref(f, list.page + 1)}">Trang sau »</a>` : ''}</p>`;
}

function row(r: UnitRow, zone: string): Html {
  const u = r.unit;
  const chats =
    r.active > 0
      ? html`${r.chats}${r.active < r.chats ? html` <span class="muted">(${r.active} hoạt động)</span>` : ''}`
      : html`<span class="tag warn">⚠ Chưa có nhóm chat hoạt động</span>${r.chats ? html` <span class="muted">(${r.chats} nhóm ngừng nhận tin)</span>` : ''}`;
  return html`<tr data-unit="${u.code}"${r.active === 0 ? html` class="nochat"` : ''}>
<td class="code" data-label="Mã"><a href="${unitPath(u.code)}">${u.code}</a></td>
<td data-label="Tên"><a href="${unitPath(u.code)}">${u.name}</a>${u.aliases.length ? html`<div class="muted">${truncate(u.aliases.join(', '), 200)}</div>` : ''}</td>
<td data-label="Loại">${u.kind}</td>
<td data-label="Liên hệ">${contactLine(u)}</td>
<td data-label="Nhóm chat">${chats}</td>
<td data-label="Hoạt động gần nhất">${r.lastActive ? formatInstant(r.lastActive, zone) : html`<span class="muted">—</span>`}</td>
</tr>`;
}

export interface UnitsPageView {
  list: UnitsList;
  filter: UnitsFilter;
  pending: RegistrationRequest[];
  flash?: string | undefined;
}

export function unitsPage(content: Content, v: UnitsPageView, viewer: Viewer): Html {
  const { list, filter: f, pending } = v;
  const zone = content.org.timezone;
  return page({
    title: 'Đơn vị',
    org: content.org.name,
    viewer,
    body: html`<h1>Đơn vị (${content.org.units.length})</h1>
${flashBox(v.flash)}
<h2>Yêu cầu đăng ký đang chờ (${pending.length})</h2>
${pending.length ? pending.map((r) => requestCard(content, r, viewer)) : html`<p class="muted">Không có yêu cầu nào đang chờ duyệt.</p>`}
<h2>Danh sách đơn vị</h2>
${viewer.role === 'admin' ? html`<p><a class="button" href="/don-vi/them">+ Thêm đơn vị</a></p>` : ''}
${filters(list, f)}
${pager(list, f)}
${list.rows.length
  ? html`<div class="scroll"><table class="units">
<thead><tr><th>Mã</th><th>Tên</th><th>Loại</th><th>Người liên hệ</th><th>Nhóm chat</th><th>Hoạt động gần nhất</th></tr></thead>
<tbody>${list.rows.map((r) => row(r, zone))}</tbody>
</table></div>`
  : html`<p class="muted">Không có đơn vị nào khớp bộ lọc.</p>`}
${pager(list, f)}`,
  });
}
