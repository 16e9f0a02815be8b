/**
 * A plan's registration forms on its pages: each form's appendix, title, columns and the deadline
 * that asks for it. The plan page lists them; the review and edit pages add, for an admin, a
 * small form to tie each to a deadline or untie it (posted like the other plan forms, with the
 * session's CSRF token). Nothing when the plan has no form. Every value is escaped.
 */
import { html } from 'hono/html';
import type { Plan, PlanForm } from '../../core/plans.js';
import { truncate } from '../../core/text.js';
import { csrfField, type Html } from '../layout.js';
import type { PlanFormsView } from './plan-edit-forms.js';

function tieText(plan: Plan, f: PlanForm): Html {
  if (f.deadline === null) return html`<p class="notice">Chưa gắn với hạn nào: chọn hạn mà các đơn vị nộp mẫu này.</p>`;
  const d = plan.deadlines.find((x) => x.id === f.deadline);
  return html`<p>Nộp theo hạn <a href="#h-${f.deadline}">${f.deadline}</a>${d ? html` — ${truncate(d.task, 200)}` : ''}</p>`;
}

function card(plan: Plan, f: PlanForm, tie: Html): Html {
  return html`<section class="card" data-form="${f.appendix}">
<div><span class="tag">${f.appendix}</span><strong>${truncate(f.title, 300)}</strong></div>
<p class="muted">Các cột (${f.columns.length}):</p>
<ol>${f.columns.map((c) => html`<li>${truncate(c, 200)}</li>`)}</ol>
${tieText(plan, f)}${tie}
</section>`;
}

/** The forms as the plan page lists them. */
export function formsList(plan: Plan): Html {
  const forms = plan.forms ?? [];
  if (!forms.length) return html``;
  return html`<h2 id="mau-dang-ky">Mẫu đăng ký (${forms.length})</h2>${forms.map((f) => card(plan, f, html``))}`;
}

/** The forms with, for an admin, the form that ties each to a deadline (`<base>/mau/<n>/han`). */
export function formsSection(v: PlanFormsView): Html {
  const forms = v.plan.forms ?? [];
  if (!forms.length) return html``;
  const tie = (f: PlanForm, i: number) => {
    if (v.viewer.role !== 'admin') return html``;
    const options = v.plan.deadlines.map((d) => html`<option value="${d.id}"${d.id === f.deadline ? html` selected` : ''}>${d.id} — ${truncate(d.task, 80)}</option>`);
    return html`<form class="filters" method="post" action="${v.base}/mau/${i + 1}/han">${csrfField(v.viewer.csrf)}<input type="hidden" name="was" value="${f.appendix}">
<label>Hạn nộp mẫu <select name="deadline"><option value=""${f.deadline === null ? html` selected` : ''}>— chưa gắn hạn nào —</option>${options}</select></label><button type="submit">Lưu</button></form>`;
  };
  return html`<h2 id="mau-dang-ky">Mẫu đăng ký (${forms.length})</h2>${forms.map((f, i) => card(v.plan, f, tie(f, i)))}`;
}
