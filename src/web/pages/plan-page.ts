/**
 * One plan: its summary (number, issuer, place, issued, period, signer, purposes, section
 * headings), its deadlines as chat says them (each tracked one linked to the Hạn page of the
 * occurrence chat is about now), its registration forms with their columns, its slogans and the
 * link to its original text. Admins get the
 * edit link, end or reopen, and delete.
 */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import { formatDay, formatPartialDate } from '../../core/dates.js';
import { deadlineWhen, reportToText } from '../../core/format.js';
import { describeRecurrence } from '../../core/occurrences.js';
import type { Plan, PlanDeadline } from '../../core/plans.js';
import { quoteSlogan } from '../../core/slogans.js';
import { truncate } from '../../core/text.js';
import { page, type Html, type Viewer } from '../layout.js';
import { deadlinePath } from './deadline-page.js';
import { endForm, reopenForm } from './plan-forms.js';
import { formsList } from './plan-forms-section.js';
import type { PlanDetail } from './plans-data.js';
import { periodText, planPath, progressBlock, stateTag } from './plans-list.js';

/** Names listed for one deadline before "và N đơn vị khác" (a province's plan may assign 2,000). */
const NAMES_SHOWN = 30;

/** The units by name: "tất cả đơn vị (10)", or the names (the first {@link NAMES_SHOWN}). */
export function unitNames(content: Content, codes: readonly string[]): string {
  const all = content.org.units.length;
  if (codes.length === all && all > 1) return `tất cả đơn vị (${all})`;
  const names = codes.slice(0, NAMES_SHOWN).map((code) => content.unit(code)?.name ?? code);
  const more = codes.length - NAMES_SHOWN;
  return `${names.join(', ')}${more > 0 ? ` và ${more} đơn vị khác` : ''}`;
}

function deadlineCard(content: Content, plan: Plan, d: PlanDeadline, current: string | undefined): Html {
  const to = reportToText(content, d.reportTo);
  const when = plan.reference ? (d.due ? formatDay(d.due) : describeRecurrence(d.recurrence!)) : deadlineWhen(plan, d);
  return html`<section class="card" data-deadline="${d.id}">
<div>${plan.reference ? '' : html`<span class="tag">${d.id}</span>`}<strong>${truncate(d.task, 600)}</strong></div>
<div>📅 ${when}</div>
${plan.reference ? '' : html`<div>👥 ${unitNames(content, d.assignees)}</div>`}
${to ? html`<div>📨 Gửi báo cáo: ${to}</div>` : ''}
${current ? html`<div><a href="${deadlinePath(d.id, current)}">Tiến độ kỳ ${formatDay(current)} →</a></div>` : ''}
</section>`;
}

function summary(plan: Plan): Html {
  const signer = [plan.signer?.position, plan.signer?.name].filter(Boolean).join(' ');
  const fact = (label: string, value: string) => html`<dt>${label}</dt><dd>${value}</dd>`;
  return html`<dl class="facts">
${fact('Số', plan.number ?? 'không ghi')}
${fact('Cơ quan ban hành', plan.issuer)}
${fact('Nơi ban hành', plan.place ?? 'không ghi')}
${fact('Ngày ban hành', plan.issued ? formatPartialDate(plan.issued) : 'không ghi')}
${fact('Thời gian thực hiện', periodText(plan))}
${fact('Người ký', signer || 'không ghi')}
</dl>`;
}

function adminActions(d: PlanDetail, viewer: Viewer): Html {
  if (viewer.role !== 'admin') return html``;
  const path = planPath(d.plan.id);
  return html`<h2>Quản lý kế hoạch</h2>
<p class="actions"><a class="button" href="${path}/sua">Sửa kế hoạch</a> <a class="button" href="${path}/xoa">Xóa kế hoạch…</a></p>
${d.state === 'ended' ? reopenForm(d.plan, viewer.csrf) : endForm(d.plan, viewer.csrf)}`;
}

export function planPage(content: Content, d: PlanDetail, viewer: Viewer, flash?: string): Html {
  const { plan } = d;
  const tracked = !plan.reference && d.state !== 'ended';
  return page({
    title: truncate(plan.title, 80),
    org: content.org.name,
    viewer,
    body: html`<p><a href="/ke-hoach">← Kế hoạch</a></p>
<h1>Kế hoạch ${truncate(plan.title, 400)}</h1>
${flash ? html`<p class="notice" role="status">${flash}</p>` : ''}
<div>${stateTag(d)}</div>
${summary(plan)}
${plan.reference ? html`<p class="notice">Kế hoạch của ${plan.issuer}, lưu để tham khảo: các việc và thời hạn trong văn bản là của các đơn vị thuộc cơ quan đó, không giao cho đơn vị nào của ${content.org.shortName}.</p>` : ''}
${d.state === 'ended' ? html`<p class="notice">Kế hoạch đã kết thúc ngày ${formatDay(plan.ended!)}: các hạn không còn được theo dõi và nhắc.</p>` : ''}
${progressBlock(d.progress)}
<p><a href="${planPath(plan.id)}/van-ban">Xem văn bản gốc</a></p>
${plan.purposes.length ? html`<h2>Mục đích, yêu cầu</h2><ul>${plan.purposes.map((p) => html`<li>${truncate(p, 1000)}</li>`)}</ul>` : ''}
${plan.sections.length ? html`<h2>Nội dung chính</h2><ul>${plan.sections.map((s) => html`<li>${s.numbering}. ${truncate(s.heading, 300)}</li>`)}</ul>` : ''}
<h2>${plan.reference ? 'Mốc thời gian trong văn bản' : 'Thời hạn'} (${plan.deadlines.length})</h2>
${plan.deadlines.length === 0 ? html`<p class="muted">Kế hoạch không nêu thời hạn cụ thể.</p>` : ''}
${plan.reference ? html`<p class="muted">Không giao cho đơn vị nào, không nhắc hạn.</p>` : ''}
${plan.deadlines.map((x) => deadlineCard(content, plan, x, tracked ? d.current.get(x.id) : undefined))}
${formsList(plan)}
<h2>Khẩu hiệu (${d.slogans.length})</h2>
${d.slogans.length ? html`<ol>${d.slogans.map((s) => html`<li value="${s.number}">${quoteSlogan(truncate(s.text, 500))}</li>`)}</ol>` : html`<p class="muted">Kế hoạch không có khẩu hiệu.</p>`}
${adminActions(d, viewer)}`,
  });
}
