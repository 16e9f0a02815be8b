/**
 * Tổng quan's chart of completion over time, one small chart per plan: inline SVG drawn on the
 * server (no script; only presentation attributes, which the CSP allows, no style attribute).
 * Each chart has a title and a description for screen readers, its figures in words, and a
 * small table of the values (by week, or by month over a long period) under a fold.
 */
import { html } from 'hono/html';
import { formatDay, type Day } from '../../core/dates.js';
import { truncate } from '../../core/text.js';
import type { Html } from '../layout.js';
import { dayFromNumber, dayNumber, type ChartPoint, type PlanCompletion } from './overview-chart-data.js';

const W = { left: 34, right: 312, top: 8, bottom: 118 };
const percent = (p: ChartPoint) => (p.due ? `${Math.round((p.done / p.due) * 100)}%` : '—');

/** The counts on `day`: the last point on or before it. */
function valueOn(points: readonly ChartPoint[], day: Day): ChartPoint {
  let hit = points[0]!;
  for (const p of points) {
    if (p.day > day) break;
    hit = p;
  }
  return { ...hit, day };
}

/** The table's days: each week's last day (each month's over more than 92 days), and the last day; at most the last 12. */
export function sampleDays(from: Day, to: Day): Day[] {
  const start = dayNumber(from);
  const end = dayNumber(to);
  const out: Day[] = [];
  if (end - start <= 92) {
    for (let n = start + 6; n < end; n += 7) out.push(dayFromNumber(n));
  } else {
    for (let n = start; n < end; n++) {
      const day = dayFromNumber(n);
      if (dayFromNumber(n + 1).slice(8) === '01') out.push(day);
    }
  }
  out.push(to);
  return out.slice(-12);
}

/** The step line (and the area under it) of the share completed, from the first day something was due. */
function paths(c: PlanCompletion): { line: string; area: string } {
  const start = dayNumber(c.from);
  const span = Math.max(1, dayNumber(c.to) - start);
  const x = (day: Day) => (W.left + ((dayNumber(day) - start) / span) * (W.right - W.left)).toFixed(1);
  const y = (p: ChartPoint) => (W.bottom - (p.done / p.due) * (W.bottom - W.top)).toFixed(1);
  const shown = c.points.filter((p) => p.due > 0);
  let line = `M${x(shown[0]!.day)} ${y(shown[0]!)}`;
  for (const p of shown.slice(1)) line += ` H${x(p.day)} V${y(p)}`;
  line += ` H${W.right}`;
  return { line, area: `${line} V${W.bottom} H${x(shown[0]!.day)} Z` };
}

function chart(c: PlanCompletion): Html {
  const last = valueOn(c.points, c.to);
  const { line, area } = paths(c);
  const id = `ht-${c.plan.id}`;
  const title = `Hoàn thành theo thời gian: ${truncate(c.plan.title, 120)}`;
  const summary = `Từ ${formatDay(c.from)} đến ${formatDay(c.to)}: ${last.done}/${last.due} lượt (đơn vị × kỳ hạn) đã đến hạn được báo hoàn thành, ${percent(last)}.`;
  const grid = [0, 50, 100].map((g) => {
    const gy = (W.bottom - (g / 100) * (W.bottom - W.top)).toFixed(1);
    return html`<line x1="${W.left}" y1="${gy}" x2="${W.right}" y2="${gy}" stroke="#e3e7ef" stroke-width="1"></line><text x="${W.left - 4}" y="${gy}" dy="3" text-anchor="end" font-size="9" fill="#5b6478">${g}%</text>`;
  });
  const rows = sampleDays(c.from, c.to).map((day) => valueOn(c.points, day));
  return html`<figure class="chart-card" data-plan="${c.plan.id}">
<figcaption><strong>${truncate(c.plan.title, 160)}</strong></figcaption>
<svg class="chart" viewBox="0 0 320 140" role="img" aria-labelledby="${id}-t ${id}-d">
<title id="${id}-t">${title}</title><desc id="${id}-d">${summary}</desc>
${grid}
<path d="${area}" fill="#e3f4e6" stroke="none"></path>
<path d="${line}" fill="none" stroke="#2e7d32" stroke-width="2"></path>
<text x="${W.left}" y="134" font-size="9" fill="#5b6478">${formatDay(c.from)}</text>
<text x="${W.right}" y="134" text-anchor="end" font-size="9" fill="#5b6478">${formatDay(c.to)}</text>
</svg>
<p class="muted">${summary}</p>
<details><summary>Bảng số liệu</summary>
<table class="audit"><thead><tr><th>Đến ngày</th><th>Hoàn thành / đã đến hạn</th><th>Tỷ lệ</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${formatDay(r.day)}</td><td>${r.done}/${r.due}</td><td>${percent(r)}</td></tr>`)}</tbody></table>
</details>
</figure>`;
}

/** The section of the overview: one chart per plan with something due, or a line saying there is none. */
export function completionCharts(list: readonly PlanCompletion[]): Html {
  return html`<h2>Hoàn thành theo thời gian</h2>
<p class="muted">Tỷ lệ lượt (đơn vị × kỳ hạn) đã đến hạn mà đơn vị đã báo hoàn thành, theo từng ngày của kế hoạch.</p>
${list.length ? html`<div class="charts">${list.map(chart)}</div>` : html`<p class="muted">Chưa có kế hoạch nào có hạn đã đến.</p>`}`;
}
