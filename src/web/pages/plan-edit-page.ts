/**
 * Sửa kế hoạch: a published plan with the same forms as the review page (title and period,
 * deadlines, slogans, phrases that name no unit). Each change is live at once for chat and the
 * reminders. Viewers see the plan without any form.
 */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import type { Plan } from '../../core/plans.js';
import { unmappedPhrases } from '../plan-edit.js';
import { page, type Html, type Viewer } from '../layout.js';
import { deadlinesSection, slogansSection, titleSection, unitList, type PlanFormsView } from './plan-edit-forms.js';
import { formsSection } from './plan-forms-section.js';
import { flashBox, phrasesSection } from './plan-notes.js';

/** Where a published plan's edit page lives. */
export const editPath = (id: string): string => `/ke-hoach/${encodeURIComponent(id)}/sua`;

export interface EditView {
  /** The plan as its JSON says (`period` absent: derived). */
  plan: Plan;
  today: string;
  done?: string | undefined;
  error?: string | undefined;
}

export function editPage(content: Content, v: EditView, viewer: Viewer): Html {
  const base = editPath(v.plan.id);
  const forms: PlanFormsView = { base, plan: v.plan, org: content.org, viewer, today: v.today };
  const phrases = unmappedPhrases(v.plan, content.org);
  const detail = `/ke-hoach/${encodeURIComponent(v.plan.id)}`;
  return page({
    title: `Sửa kế hoạch ${v.plan.id}`,
    org: content.org.name,
    viewer,
    body: html`<h1>${viewer.role === 'admin' ? 'Sửa kế hoạch' : 'Kế hoạch'} <span class="tag">${v.plan.id}</span></h1>
${flashBox(v.done, v.error)}
<p class="muted"><a href="${detail}">Trang kế hoạch</a> · <a href="${detail}/van-ban">Văn bản gốc</a>${v.plan.ended ? ' · Kế hoạch đã kết thúc: các hạn không còn được theo dõi.' : ''}</p>
${viewer.role === 'admin' ? html`<p class="notice">Mỗi thay đổi có hiệu lực ngay trong chat (/deadline, /kehoach, /khauhieu) và lịch nhắc hạn. Đổi ngày của một hạn: các xác nhận đã ghi cho ngày cũ vẫn giữ trong lịch sử.</p>` : ''}
${phrases.length ? html`<section class="card" id="can-xem">${phrasesSection(base, content.org, viewer, phrases)}</section>` : ''}
${titleSection(forms)}${deadlinesSection(forms)}${formsSection(forms)}${slogansSection(forms)}
${unitList(content.org)}
<p><a href="/ke-hoach">← Kế hoạch</a></p>`,
  });
}
