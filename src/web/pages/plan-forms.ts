/**
 * The Kế hoạch pages around one plan's changes: the end form (a reason and a required
 * checkbox), the reopen form, the delete confirmation (type the plan's id), the original text,
 * and the refusals (unknown plan, bad form).
 */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import type { Plan } from '../../core/plans.js';
import { truncate } from '../../core/text.js';
import { csrfField, page, type Html, type Viewer } from '../layout.js';
import { planPath } from './plans-list.js';

/** Longest reason kept with an end (characters). */
export const REASON_MAX = 300;

export function endForm(plan: Plan, csrf: string): Html {
  return html`<form class="stack" method="post" action="${planPath(plan.id)}/ket-thuc">${csrfField(csrf)}
<strong>Kết thúc (lưu trữ) kế hoạch</strong>
<span class="muted">Kế hoạch vẫn được lưu và xem được; các hạn của nó thôi được theo dõi và nhắc ngay khi kết thúc. Có thể mở lại sau.</span>
<label>Lý do kết thúc <textarea name="reason" required maxlength="${REASON_MAX}" placeholder="Đã hết năm thực hiện"></textarea></label>
<label class="check"><input type="checkbox" name="dongy" value="co" required> Tôi hiểu: các đơn vị sẽ không còn được nhắc hạn của kế hoạch này.</label>
<button type="submit">Kết thúc kế hoạch</button>
</form>`;
}

export function reopenForm(plan: Plan, csrf: string): Html {
  return html`<form class="stack" method="post" action="${planPath(plan.id)}/mo-lai">${csrfField(csrf)}
<strong>Mở lại kế hoạch</strong>
<span class="muted">Các hạn của kế hoạch được theo dõi và nhắc lại như trước khi kết thúc.</span>
<button type="submit">Mở lại kế hoạch</button>
</form>`;
}

/** The delete confirmation: what deleting does, and the field where the admin types the plan's id. */
export function deletePage(content: Content, plan: Plan, viewer: Viewer, error?: string): Html {
  const path = planPath(plan.id);
  return page({
    title: 'Xóa kế hoạch',
    org: content.org.name,
    viewer,
    body: html`<p><a href="${path}">← Kế hoạch</a></p>
<h1>Xóa kế hoạch ${truncate(plan.title, 300)}</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<div class="notice">
<p>Xóa sẽ gỡ kế hoạch, ${plan.deadlines.length} hạn và các khẩu hiệu của nó khỏi chat, nhắc hạn và bảng điều khiển, và không hoàn tác được.</p>
<p>Các xác nhận đơn vị đã gửi và nhật ký thay đổi vẫn được giữ trong lịch sử.</p>
<p>Nếu chỉ muốn thôi theo dõi và nhắc hạn, hãy <a href="${path}">kết thúc kế hoạch</a> thay vì xóa.</p>
</div>
${viewer.role === 'admin' ? html`<form class="stack" method="post" action="${path}/xoa">${csrfField(viewer.csrf)}
<label><span>Gõ mã kế hoạch <code>${plan.id}</code> để xác nhận</span><input name="ma" required maxlength="80" autocomplete="off" spellcheck="false"></label>
<button class="danger" type="submit">Xóa kế hoạch</button>
</form>` : html`<p class="muted">Tài khoản chỉ xem không xóa được kế hoạch.</p>`}`,
  });
}

/** The original text, escaped, in a block that keeps its line breaks. */
export function textPage(content: Content, plan: Plan, text: string, viewer: Viewer): Html {
  return page({
    title: `Văn bản gốc · ${truncate(plan.title, 60)}`,
    org: content.org.name,
    viewer,
    body: html`<p><a href="${planPath(plan.id)}">← Kế hoạch</a></p>
<h1>Văn bản gốc: ${truncate(plan.title, 300)}</h1>
<pre class="source">${text.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd()}</pre>`,
  });
}

/** A refusal on a plan's address (unknown plan, no text, bad form). */
export function planProblem(content: Content, title: string, text: string, viewer: Viewer, back = '/ke-hoach'): Html {
  return page({ title, org: content.org.name, viewer, body: html`<h1>${title}</h1><p class="error">${text}</p><p><a href="${back}">← Quay lại</a></p>` });
}
