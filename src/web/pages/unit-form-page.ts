/**
 * The unit form (add a unit; edit one on its page): name, kind (with the org's kinds offered),
 * aliases comma-separated, and an optional contact person. A refused form comes back filled with
 * what was typed and the reason on top.
 */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import { MAX_ALIAS, MAX_KIND, MAX_UNIT_NAME } from '../../core/unit-edits.js';
import { csrfField, page, type Html, type Viewer } from '../layout.js';
import type { UnitFormValues } from '../unit-form.js';

/** The kinds already used, offered while typing (a datalist: no script). */
function kindList(content: Content): Html {
  const kinds = [...new Set(content.org.units.map((u) => u.kind))].sort((a, b) => a.localeCompare(b, 'vi'));
  return html`<datalist id="unit-kinds">${kinds.map((k) => html`<option value="${k}"></option>`)}</datalist>`;
}

export function errorBox(error: string | undefined): Html {
  return error ? html`<div class="error" role="alert"><p>${error}</p></div>` : html``;
}

/** The form; `code` is typed only when adding (a unit's code never changes). */
export function unitForm(content: Content, options: { action: string; values: UnitFormValues; adding: boolean; viewer: Viewer; submit: string }): Html {
  const { values: v, adding } = options;
  return html`<form class="stack" method="post" action="${options.action}">${csrfField(options.viewer.csrf)}
${adding
  ? html`<label>Mã đơn vị <span class="muted">(1–12 chữ in hoa hoặc số, không dấu; không đổi được về sau)</span>
<input type="text" name="code" value="${v.code}" required maxlength="12" pattern="[A-Za-z][A-Za-z0-9]{0,11}" autocapitalize="characters"></label>`
  : ''}
<label>Tên đơn vị <input type="text" name="name" value="${v.name}" required maxlength="${MAX_UNIT_NAME}"></label>
<label>Loại <span class="muted">(phòng, trung tâm, chi cục…)</span><input type="text" name="kind" value="${v.kind}" required maxlength="${MAX_KIND}" list="unit-kinds"></label>
${kindList(content)}
<label>Tên gọi khác <span class="muted">(cách nhau bằng dấu phẩy; mỗi tên tối đa ${MAX_ALIAS} ký tự)</span>
<input type="text" name="aliases" value="${v.aliases}" maxlength="3000"></label>
<fieldset><legend>Người liên hệ (không bắt buộc)</legend>
<label>Họ tên <input type="text" name="contact_name" value="${v.contactName}" maxlength="100"></label>
<label>Điện thoại <input type="tel" name="contact_phone" value="${v.contactPhone}" maxlength="20"></label>
<label>E-mail <input type="email" name="contact_email" value="${v.contactEmail}" maxlength="120"></label>
</fieldset>
<button type="submit">${options.submit}</button>
</form>`;
}

/** Thêm đơn vị: the empty form, or the refused one with its reason. */
export function addUnitPage(content: Content, values: UnitFormValues, viewer: Viewer, error?: string): Html {
  return page({
    title: 'Thêm đơn vị',
    org: content.org.name,
    viewer,
    body: html`<h1>Thêm đơn vị</h1>
${errorBox(error)}
${unitForm(content, { action: '/don-vi/them', values, adding: true, viewer, submit: 'Thêm đơn vị' })}
<p><a href="/don-vi">← Đơn vị</a></p>`,
  });
}

/** A refusal on the Đơn vị pages (unknown unit or request, a form not allowed). */
export function unitsProblem(content: Content, title: string, text: string, viewer: Viewer): Html {
  return page({ title, org: content.org.name, viewer, body: html`<h1>${title}</h1><div class="error"><p>${text}</p></div><p><a href="/don-vi">← Đơn vị</a></p>` });
}
