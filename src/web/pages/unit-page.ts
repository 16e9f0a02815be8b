/**
 * One unit: its names, kind and contact; its bound chats (title, channel, who bound it and when,
 * last activity, since when and why a chat refuses messages) with "Bỏ gắn" for admins; and, for
 * admins, the edit form (the code stays).
 */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import { formatInstant } from '../../core/dates.js';
import type { Unit } from '../../core/org.js';
import type { BoundChat } from '../../core/records.js';
import { truncate } from '../../core/text.js';
import { page, csrfField, type Html, type Viewer } from '../layout.js';
import type { UnitFormValues } from '../unit-form.js';
import { chatIdLabel } from './chat-label.js';
import { errorBox, unitForm } from './unit-form-page.js';
import { contactLine, flashBox, unitPath } from './units-page.js';

/** Why a platform refuses a chat, in words: the delivery records the platform's own text (Telegram's is English). */
export function inactiveReason(reason: string): string {
  if (reason === 'unfollow') return 'người dùng đã bỏ theo dõi Official Account';
  if (/kicked|removed|not a member/i.test(reason)) return 'Loa đã bị xóa khỏi nhóm';
  if (/blocked/i.test(reason)) return 'người dùng đã chặn Loa';
  if (/deactivated|deleted|not found/i.test(reason)) return 'tài khoản hoặc nhóm chat không còn';
  return `nền tảng từ chối gửi tin (${truncate(reason, 120)})`;
}

function chatCard(c: BoundChat, code: string, zone: string, viewer: Viewer): Html {
  const unbind =
    viewer.role === 'admin'
      ? html`<form class="filters" method="post" action="${unitPath(code)}/bo-gan">${csrfField(viewer.csrf)}
<input type="hidden" name="chat" value="${c.chat}"><button type="submit">Bỏ gắn</button></form>`
      : '';
  return html`<section class="card${c.inactive ? ' overdue' : ''}" data-chat="${c.chat}">
<div><strong>${c.title ?? 'Nhóm chat chưa rõ tên'}</strong> <span class="muted">${chatIdLabel(c.chat)}</span></div>
<div class="muted">Gắn bởi ${c.by.name} lúc ${formatInstant(c.at, zone)}</div>
<div>Hoạt động gần nhất: ${c.lastActive ? formatInstant(c.lastActive, zone) : html`<span class="muted">chưa ghi nhận</span>`}</div>
${c.inactive
  ? html`<div><span class="tag overdue">Ngừng nhận tin</span> từ ${formatInstant(c.inactive.at, zone)} · ${inactiveReason(c.inactive.reason)}</div>`
  : ''}
${unbind}
</section>`;
}

export interface UnitView {
  unit: Unit;
  chats: BoundChat[];
  /** The edit form's values (the unit's own, or what a refused edit typed). */
  form: UnitFormValues;
  flash?: string | undefined;
  error?: string | undefined;
}

export function unitPage(content: Content, v: UnitView, viewer: Viewer): Html {
  const u = v.unit;
  const zone = content.org.timezone;
  const active = v.chats.filter((c) => !c.inactive).length;
  return page({
    title: `Đơn vị ${u.code}`,
    org: content.org.name,
    viewer,
    body: html`<h1>${u.name} <span class="tag">${u.code}</span></h1>
${flashBox(v.flash)}${errorBox(v.error)}
<dl class="facts">
<dt>Loại</dt><dd>${u.kind}</dd>
<dt>Tên gọi khác</dt><dd>${u.aliases.length ? u.aliases.join(', ') : html`<span class="muted">—</span>`}</dd>
<dt>Người liên hệ</dt><dd>${contactLine(u)}</dd>
</dl>
<h2>Nhóm chat đã gắn (${v.chats.length})</h2>
${active === 0 ? html`<p class="notice">⚠ Đơn vị chưa có nhóm chat nào nhận tin của Loa: nhắc hạn không tới được đơn vị. Nhóm chat của đơn vị gõ <code>/dangky ${u.code}</code> để đăng ký.</p>` : ''}
${v.chats.map((c) => chatCard(c, u.code, zone, viewer))}
${viewer.role === 'admin'
  ? html`<h2>Sửa thông tin đơn vị</h2>
<p class="muted">Mã ${u.code} không đổi được: các xác nhận, kế hoạch và nhóm chat đều ghi theo mã.</p>
${unitForm(content, { action: `${unitPath(u.code)}/sua`, values: v.form, adding: false, viewer, submit: 'Lưu thay đổi' })}`
  : ''}
<p><a href="/don-vi">← Đơn vị</a></p>`,
  });
}
