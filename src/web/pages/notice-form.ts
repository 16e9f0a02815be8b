/**
 * The admin's form to send a notice: its text, the units (checkboxes: all units, the org's groups,
 * single units under a fold), an optional due date (dd/mm/yyyy), the CSRF field and the form's
 * nonce (a second submit of the same form creates nothing). No JavaScript needed.
 */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import { MAX_ANNOUNCEMENT } from '../../core/notices.js';
import { groupUnits } from '../../core/org.js';
import { truncate } from '../../core/text.js';
import type { NoticeFormValues } from '../notice-input.js';
import { csrfField, type Html } from '../layout.js';

const checked = (on: boolean): Html | string => (on ? html` checked` : '');

function unitChoices(content: Content, v: NoticeFormValues): Html {
  const units = content.org.units;
  return html`<details class="choices-fold"${v.units.length ? html` open` : ''}>
<summary>Chọn từng đơn vị (${units.length})</summary>
<div class="choices">${units.map(
    (u) => html`<label class="check"><input type="checkbox" name="unit" value="${u.code}"${checked(v.units.includes(u.code))}> ${truncate(u.name, 120)} <span class="muted">(${u.code})</span></label>`,
  )}</div>
</details>`;
}

export function noticeForm(content: Content, v: NoticeFormValues, csrf: string): Html {
  const { org } = content;
  return html`<form class="stack notice-form" method="post" action="/thong-bao">${csrfField(csrf)}
<input type="hidden" name="nonce" value="${v.nonce}">
<label>Nội dung thông báo (tối đa ${MAX_ANNOUNCEMENT} ký tự)
<textarea name="text" rows="5" maxlength="${MAX_ANNOUNCEMENT}" required>${v.text}</textarea></label>
<fieldset><legend>Gửi tới</legend>
<label class="check"><input type="checkbox" name="all" value="1"${checked(v.all)}> <strong>Tất cả đơn vị</strong> <span class="muted">(${org.units.length})</span></label>
${org.groups.map(
  (g) =>
    html`<label class="check"><input type="checkbox" name="group" value="${g.name}"${checked(v.groups.includes(g.name))}> ${truncate(g.name, 120)} <span class="muted">(${groupUnits(org, g).length})</span></label>`,
)}
${unitChoices(content, v)}
</fieldset>
<label>Hạn hoàn thành (không bắt buộc, dd/mm/yyyy)
<input type="text" name="due" value="${v.due}" placeholder="dd/mm/yyyy" maxlength="10" inputmode="numeric"></label>
<p class="muted">Có hạn: đơn vị bấm “Đã nhận” rồi “Đã hoàn thành” và được nhắc hạn. Không có hạn: đơn vị chỉ cần bấm “Đã nhận”.</p>
<button type="submit">Gửi thông báo</button>
</form>`;
}
