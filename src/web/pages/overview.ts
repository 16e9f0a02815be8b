/** Tổng quan: open deadlines (overdue first, marked) with counts and a bar, and the unit × deadline matrix. */
import { html } from 'hono/html';
import type { UnitStatus } from '../../core/confirmation-book.js';
import type { Content } from '../../core/content.js';
import { formatDay, relativeDays } from '../../core/dates.js';
import { truncate } from '../../core/text.js';
import { page, type Html, type Viewer } from '../layout.js';
import { deadlinePath } from './deadline-page.js';
import { ROWS_PER_PAGE, type Overview, type OverviewFilter, type OverviewItem } from './overview-data.js';

const MARK: Record<UnitStatus, string> = { xong: '✔️', nhan: '✅', chua: '•' };
const LABEL: Record<UnitStatus, string> = { xong: 'hoàn thành', nhan: 'đã nhận', chua: 'chưa xác nhận' };

/** A stacked bar (SVG attributes, no inline style: CSP allows no style attribute). */
export function bar(c: OverviewItem['counts']): Html {
  const total = c.xong + c.nhan + c.chua || 1;
  const w = (n: number) => ((n / total) * 100).toFixed(2);
  const x2 = (c.xong / total) * 100;
  const x3 = x2 + (c.nhan / total) * 100;
  return html`<svg class="bar" viewBox="0 0 100 4" preserveAspectRatio="none" role="img" aria-label="${c.xong} hoàn thành, ${c.nhan} đã nhận, ${c.chua} chưa">
<rect x="0" y="0" width="${w(c.xong)}" height="4" fill="#2e7d32"></rect><rect x="${x2.toFixed(2)}" y="0" width="${w(c.nhan)}" height="4" fill="#1e63c6"></rect><rect x="${x3.toFixed(2)}" y="0" width="${w(c.chua)}" height="4" fill="#e9a23b"></rect></svg>`;
}

function card(item: OverviewItem, today: string): Html {
  const d = item.deadline;
  return html`<section class="card${item.overdue ? ' overdue' : ''}">
  <div>${item.overdue ? html`<span class="tag overdue">Quá hạn</span>` : ''}<a href="${deadlinePath(d.id, item.occurrence)}"><span class="tag">${d.id}</span><strong>${formatDay(item.occurrence)}</strong></a> <span class="muted">(${relativeDays(today, item.occurrence)})</span></div>
  <div>${truncate(d.task, 300)}</div>
  <div class="muted">${truncate(d.plan.title, 160)}</div>
  <div class="counts"><span>✔️ hoàn thành: ${item.counts.xong}</span><span>✅ đã nhận: ${item.counts.nhan}</span><span>• chưa: ${item.counts.chua}</span></div>
  ${bar(item.counts)}
</section>`;
}

function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
}

function filters(o: Overview, f: OverviewFilter, content: Content): Html {
  return html`<form class="filters" method="get" action="/tong-quan">
  <label>Kế hoạch<select name="plan">${option('', 'Tất cả', f.plan)}${o.plans.map((p) => option(p.id, truncate(p.title, 80), f.plan))}</select></label>
  <label>Đơn vị<select name="unit">${option('', 'Tất cả', f.unit)}${content.org.units.map((u) => option(u.code, `${u.code} — ${truncate(u.name, 60)}`, f.unit))}</select></label>
  <label>Trạng thái<select name="state">${option('', 'Tất cả', f.state)}${(['xong', 'nhan', 'chua'] as const).map((s) => option(s, LABEL[s], f.state))}</select></label>
  <label>Từ ngày<input name="from" value="${f.from ? formatDay(f.from) : ''}" placeholder="dd/mm/yyyy" maxlength="10" inputmode="numeric"></label>
  <label>Đến ngày<input name="to" value="${f.to ? formatDay(f.to) : ''}" placeholder="dd/mm/yyyy" maxlength="10" inputmode="numeric"></label>
  <button type="submit">Lọc</button>
</form>
${f.periodError ? html`<p class="error" role="alert">${f.periodError}</p>` : f.from ? html`<p class="muted">Các kỳ hạn từ ${formatDay(f.from)} đến ${formatDay(f.to!)}, kể cả kỳ đã xong.</p>` : ''}`;
}

/** "Đơn vị 101–200 / 2010" and the links to the pages before and after, keeping the filter. */
function pager(o: Overview, f: OverviewFilter): Html {
  if (o.pages <= 1) return html``;
  const href = (page: number) => {
    const q = new URLSearchParams();
    if (f.plan) q.set('plan', f.plan);
    if (f.unit) q.set('unit', f.unit);
    if (f.state) q.set('state', f.state);
    if (f.from) q.set('from', f.from);
    if (f.to) q.set('to', f.to);
    if (page > 1) q.set('trang', String(page));
    const query = q.toString();
    return `/tong-quan${query ? `?${query}` : ''}`;
  };
  const first = (o.page - 1) * ROWS_PER_PAGE + 1;
  const last = Math.min(o.page * ROWS_PER_PAGE, o.totalRows);
  return html`<p class="pager">Đơn vị ${first}–${last} / ${o.totalRows} · trang ${o.page}/${o.pages}
${o.page > 1 ? html` <a href="${href(o.page - 1)}">« Trang trước</a>` : ''}${o.page < o.pages ? html` <a href="${href(o.page + 1)}">Trang sau »</a>` : ''}</p>`;
}

function matrix(o: Overview, f: OverviewFilter): Html {
  if (!o.columns.length || !o.rows.length) return html`<p class="muted">Không có ô nào khớp bộ lọc.</p>`;
  // Four kinds of cell for 20,000 cells a page: each made once.
  const cellOf = (s: UnitStatus) => html`<td class="${s}${f.state && f.state !== s ? ' faded' : ''}" title="${LABEL[s]}">${MARK[s]}</td>`;
  const cells = { xong: cellOf('xong'), nhan: cellOf('nhan'), chua: cellOf('chua'), none: html`<td class="none" title="không giao">–</td>` };
  const cell = (s: UnitStatus | undefined) => cells[s ?? 'none'];
  return html`<div class="scroll"><table class="matrix">
<thead><tr><th class="unit">Đơn vị</th>${o.columns.map((c) => html`<th title="${truncate(c.deadline.task, 200)}">${c.deadline.id}<br><span class="muted">${formatDay(c.occurrence).slice(0, 5)}</span></th>`)}</tr></thead>
<tbody>${o.rows.map((r) => html`<tr><th class="unit">${r.name} <span class="muted">(${r.code})</span></th>${r.cells.map(cell)}</tr>`)}</tbody>
</table></div>`;
}

export function overviewPage(content: Content, o: Overview, f: OverviewFilter, viewer: Viewer, chart: Html | string = ''): Html {
  const overdue = o.items.filter((i) => i.overdue).length;
  return page({
    title: 'Tổng quan',
    org: content.org.name,
    viewer,
    body: html`<h1>Tổng quan · ${formatDay(o.today)}</h1>
<p class="muted">${o.items.length} hạn đang mở${overdue ? `, trong đó ${overdue} hạn quá hạn` : ''}.</p>
<h2>Hạn đang mở</h2>
${o.items.length ? o.items.map((i) => card(i, o.today)) : html`<p>Không còn hạn nào đang mở. 🎉</p>`}
<h2>Đơn vị × hạn</h2>
${filters(o, f, content)}
<div class="legend"><span class="xong">✔️ hoàn thành</span><span class="nhan">✅ đã nhận</span><span class="chua">• chưa xác nhận</span><span>– không giao</span></div>
${pager(o, f)}
${matrix(o, f)}
${pager(o, f)}
${chart}`,
  });
}
