/**
 * Duyệt kế hoạch: a staged plan's draft beside the text it was read from (two columns on a
 * desktop, one above the other on a phone), each deadline's quote highlighted in the text and
 * linked both ways; what the importer was unsure of; the forms that correct the draft; publish
 * and discard. Viewers see it all without a form.
 */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import { formatInstant, formatPartialDate } from '../../core/dates.js';
import type { Plan } from '../../core/plans.js';
import type { StagedPlan } from '../../core/ports.js';
import type { PlanDraft } from '../../importer/draft.js';
import { unmappedPhrases } from '../plan-edit.js';
import { phraseList, unitOf, unmappedAssignees } from '../../importer/unmapped.js';
import { csrfField, page, type Html, type Viewer } from '../layout.js';
import { deadlinesSection, slogansSection, titleSection, unitList, type PlanFormsView } from './plan-edit-forms.js';
import { formsSection } from './plan-forms-section.js';
import { flashBox, phrasesSection } from './plan-notes.js';
import { markedSource } from './plan-source.js';

/** Where a staged plan's review page lives. */
export const reviewPath = (code: string): string => `/ke-hoach/duyet/${encodeURIComponent(code)}`;

export interface ReviewView {
  staged: StagedPlan;
  draft: PlanDraft;
  /** The draft as the plan rules read it. */
  plan: Plan;
  today: string;
  done?: string | undefined;
  error?: string | undefined;
}

function facts(content: Content, v: ReviewView): Html {
  const { plan, draft } = v;
  const signer = [plan.signer?.position, plan.signer?.name].filter(Boolean).join(': ') || 'không tìm thấy';
  const id = draft.replaces
    ? html`<p class="notice">Thay thế kế hoạch đã có “${draft.replaces.title}” (mã ${draft.replaces.id}): các hạn không đổi giữ nguyên mã và các xác nhận đã có.</p>`
    : html`<p class="muted">Mã kế hoạch khi công bố: ${plan.id}${draft.takenId ? ` (mã ${draft.takenId} đã thuộc kế hoạch khác)` : ''}</p>`;
  const at = v.staged.at ? html` · tải lên lúc ${formatInstant(v.staged.at, content.org.timezone)}` : '';
  return html`<section class="card">
<p>Số: ${plan.number ?? 'không ghi'} · Ban hành: ${formatPartialDate(plan.issued)} · ${plan.issuer}</p>
<p class="muted">Người ký: ${signer}${at}</p>${id}
${plan.reference ? html`<p class="notice">Kế hoạch của cơ quan khác: lưu để tham khảo (khẩu hiệu, nội dung); các hạn không giao cho đơn vị nào của Sở.</p>` : ''}
</section>`;
}

function actions(content: Content, v: ReviewView, viewer: Viewer): Html {
  if (viewer.role !== 'admin') return html``;
  const base = reviewPath(v.staged.code);
  // Nothing silently guessed: a unit phrase left unmapped keeps the plan from being published (the route refuses it too).
  const left = v.plan.reference ? [] : unmappedAssignees(v.plan.deadlines, unitOf(content.org));
  const blocked = left.length
    ? html`<p class="error" role="alert">Chưa công bố được: còn ${left.length} cụm từ chưa gán đơn vị (${phraseList(left)}). Gán từng cụm từ ở mục <a href="#can-xem">“Cần xem lại”</a> hoặc xóa hạn của nó.</p>`
    : '';
  return html`<section class="card actions" id="cong-bo">${blocked}
<form method="post" action="${base}/cong-bo">${csrfField(viewer.csrf)}<button type="submit" class="primary"${left.length ? html` disabled` : ''}>Công bố kế hoạch</button></form>
<form method="post" action="${base}/bo">${csrfField(viewer.csrf)}<button type="submit">Bỏ, không công bố</button></form>
<p class="muted">Công bố: kế hoạch có hiệu lực ngay trong chat (/deadline, /kehoach, /khauhieu) và lịch nhắc hạn.</p>
</section>`;
}

function unsure(content: Content, v: ReviewView, viewer: Viewer): Html {
  const phrases = unmappedPhrases(v.plan, content.org);
  const warnings = v.draft.warnings;
  const none = !warnings.length && !phrases.length;
  return html`<section class="card" id="can-xem"><h2>Cần xem lại</h2>
${none ? html`<p class="muted">Loa không thấy điểm nào chưa chắc; vẫn nên đối chiếu từng hạn với văn bản.</p>` : ''}
${warnings.length ? html`<h3>Loa chưa chắc khi đọc tệp (${warnings.length})</h3><ul>${warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''}
${phrasesSection(reviewPath(v.staged.code), content.org, viewer, phrases)}
</section>`;
}

export function reviewPage(content: Content, v: ReviewView, viewer: Viewer): Html {
  const source = markedSource(v.staged.text, v.plan.deadlines);
  const forms: PlanFormsView = { base: reviewPath(v.staged.code), plan: v.plan, org: content.org, viewer, today: v.today, markOf: source.markOf };
  return page({
    title: `Duyệt kế hoạch ${v.staged.code}`,
    org: content.org.name,
    viewer,
    body: html`<h1>Duyệt kế hoạch trước khi công bố <span class="tag">${v.staged.code}</span></h1>
${flashBox(v.done, v.error)}
${facts(content, v)}
${actions(content, v, viewer)}
${unsure(content, v, viewer)}
<div class="review">
<div class="review-result">${titleSection(forms)}${deadlinesSection(forms)}${formsSection(forms)}${slogansSection(forms)}</div>
<div class="review-source"><h2 id="van-ban">Văn bản gốc</h2><pre class="source">${source.body}</pre></div>
</div>
${unitList(content.org)}
<p><a href="/ke-hoach">← Kế hoạch</a></p>`,
  });
}
