/**
 * Kế hoạch: the plans in force, then the ended ones (ended by the office, or their period over:
 * each says which), then the reference plans; each with its number, issuer, issue date, period,
 * counts and, for a tracked plan, the progress of what fell due so far. Then the staged plans
 * waiting for review. Admins get the upload and edit links.
 */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import { formatDay, formatInstant, formatPartialDate } from '../../core/dates.js';
import { formatPeriod, planLastDay, planPeriod } from '../../core/period.js';
import type { Plan } from '../../core/plans.js';
import type { StagedPlan } from '../../core/ports.js';
import { truncate } from '../../core/text.js';
import { page, type Html, type Viewer } from '../layout.js';
import { bar } from './overview.js';
import type { PlanList, PlanRow, Progress } from './plans-data.js';

/** Where a plan's pages live. */
export const planPath = (id: string): string => `/ke-hoach/${encodeURIComponent(id)}`;

export function periodText(plan: Plan): string {
  const period = planPeriod(plan);
  return period ? formatPeriod(period) : 'không ghi thời hạn';
}

/** The state as a tag, saying how an ended plan ended. */
export function stateTag(row: Pick<PlanRow, 'plan' | 'state'>): Html {
  const { plan, state } = row;
  if (state === 'ended') return html`<span class="tag ended">Đã kết thúc ngày ${formatDay(plan.ended!)} (văn phòng kết thúc)</span>`;
  if (state === 'over') {
    const last = planLastDay(plan);
    return html`<span class="tag ended">Hết thời gian thực hiện${last ? ` (đến hết ${formatDay(last)})` : ''}</span>`;
  }
  return plan.reference ? html`<span class="tag">Tham khảo</span>` : html`<span class="tag active">Đang thực hiện</span>`;
}

/** Completed / received / not yet, over the unit × occurrence pairs due so far, with a bar. */
export function progressBlock(p: Progress | undefined): Html {
  if (!p) return html``;
  if (p.occurrences === 0) return html`<div class="muted">Chưa có kỳ nào đến hạn.</div>`;
  const chua = p.total - p.completed - p.received;
  const percent = p.total ? Math.round((p.completed / p.total) * 100) : 0;
  return html`<div class="progress">
<div>Tiến độ ${p.occurrences} kỳ đã đến hạn: <strong>${p.completed}/${p.total}</strong> lượt đơn vị hoàn thành (${percent}%)</div>
<div class="counts"><span>✔️ hoàn thành: ${p.completed}</span><span>✅ đã nhận: ${p.received}</span><span>• chưa: ${chua}</span></div>
${bar({ xong: p.completed, nhan: p.received, chua })}
</div>`;
}

/** Number, issuer, issue date, period: the facts a plan is known by. */
export function planFacts(plan: Plan): Html {
  return html`<div class="muted">${plan.number ? `Số ${plan.number} · ` : ''}${plan.issuer}</div>
<div class="muted">Ban hành: ${plan.issued ? formatPartialDate(plan.issued) : 'không ghi ngày'} · Thời gian thực hiện: ${periodText(plan)}</div>`;
}

function planCard(row: PlanRow, viewer: Viewer): Html {
  const { plan } = row;
  const counts = plan.reference ? `${row.deadlines} mốc thời gian (không giao hạn)` : `${row.deadlines} hạn`;
  return html`<section class="card" data-plan="${plan.id}">
<div><a href="${planPath(plan.id)}"><strong>${truncate(plan.title, 300)}</strong></a></div>
<div>${stateTag(row)}</div>
${planFacts(plan)}
<div class="counts"><span>${counts}</span><span>${row.slogans.length} khẩu hiệu</span></div>
${progressBlock(row.progress)}
${viewer.role === 'admin' ? html`<div class="actions"><a href="${planPath(plan.id)}">Xem</a> <a href="${planPath(plan.id)}/sua">Sửa</a></div>` : ''}
</section>`;
}

function group(title: string, note: string, rows: PlanRow[], viewer: Viewer): Html {
  if (rows.length === 0) return html``;
  return html`<h2>${title} (${rows.length})</h2>${note ? html`<p class="muted">${note}</p>` : ''}${rows.map((r) => planCard(r, viewer))}`;
}

function stagedCard(s: StagedPlan, zone: string): Html {
  const first = s.summary.split('\n').find((line) => line.trim() !== '') ?? '';
  return html`<section class="card" data-staged="${s.code}">
<div><span class="tag">${s.code}</span><strong>${truncate(first, 200)}</strong></div>
${s.at ? html`<div class="muted">Tải lên lúc ${formatInstant(s.at, zone)}</div>` : ''}
<div><a href="/ke-hoach/duyet/${encodeURIComponent(s.code)}">Xem và duyệt</a></div>
</section>`;
}

export function plansPage(content: Content, list: PlanList, viewer: Viewer, flash?: string): Html {
  const empty = list.active.length + list.ended.length + list.reference.length === 0;
  return page({
    title: 'Kế hoạch',
    org: content.org.name,
    viewer,
    body: html`<h1>Kế hoạch</h1>
${flash ? html`<p class="notice" role="status">${flash}</p>` : ''}
${viewer.role === 'admin' ? html`<p><a class="button" href="/ke-hoach/tai-len">Tải lên kế hoạch</a></p>` : ''}
${empty ? html`<p class="muted">Chưa có kế hoạch nào.</p>` : ''}
${group('Đang thực hiện', '', list.active, viewer)}
${group('Đã kết thúc', 'Các hạn của kế hoạch đã kết thúc không còn được nhắc.', list.ended, viewer)}
${group('Kế hoạch tham khảo', 'Kế hoạch của cơ quan khác, lưu để tham khảo: không giao hạn, không nhắc hạn.', list.reference, viewer)}
${list.staged.length ? html`<h2>Kế hoạch chờ duyệt (${list.staged.length})</h2>${list.staged.map((s) => stagedCard(s, content.org.timezone))}` : ''}`,
  });
}
