/**
 * What a report covers: the filter (plan, deadline, period), the deadline occurrences it picks
 * (from `core/occurrences.ts`) and the title that says so. Vietnamese errors for a filter that
 * names nothing known or a period that makes no sense.
 */
import type { Content, Deadline } from '../core/content.js';
import { formatDay, type Day } from '../core/dates.js';
import { allOccurrences, nextOccurrence } from '../core/occurrences.js';
import { planPeriod } from '../core/period.js';

/** What to export; every field is optional and they combine (a plan's deadlines in a period). */
export interface ExportFilter {
  plan?: string | undefined;
  deadline?: string | undefined;
  /** First and last day of the occurrences (YYYY-MM-DD, both included). */
  from?: Day | undefined;
  to?: Day | undefined;
}

/** A filter that names nothing known, or a period that makes no sense: the message is Vietnamese. */
export class ExportError extends Error {
  override name = 'ExportError';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day (31/02 is not one: a lenient parser would make it 03/03). */
export function validDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return DAY.test(day) && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

/**
 * The occurrences to export, in date then catalog order. Without a period: a one-off deadline's
 * date; a recurring one's occurrences from its plan's start to the next one due (so the
 * current period is in, later ones are not).
 */
export function exportOccurrences(deadlines: readonly Deadline[], filter: ExportFilter, today: Day): Array<{ deadline: Deadline; occurrence: Day }> {
  for (const day of [filter.from, filter.to]) {
    if (day !== undefined && !validDay(day)) throw new ExportError(`Ngày "${day}" không hợp lệ (cần dạng YYYY-MM-DD).`);
  }
  if (filter.from && filter.to && filter.from > filter.to) throw new ExportError(`Từ ngày ${formatDay(filter.from)} phải trước hoặc bằng đến ngày ${formatDay(filter.to)}.`);
  const picked = deadlines.filter(
    (d) => (!filter.plan || d.plan.id === filter.plan) && (!filter.deadline || d.id.toUpperCase() === filter.deadline.toUpperCase()),
  );
  const out: Array<{ deadline: Deadline; occurrence: Day; order: number }> = [];
  picked.forEach((d, order) => {
    const from = filter.from ?? planPeriod(d.plan)?.from ?? `${(d.plan.issued ?? today).slice(0, 4)}-01-01`;
    const to = filter.to ?? (d.due ?? nextOccurrence(d, today) ?? today);
    for (const occurrence of allOccurrences(d, from, to)) out.push({ deadline: d, occurrence, order });
  });
  out.sort((a, b) => a.occurrence.localeCompare(b.occurrence) || a.order - b.order);
  return out.map(({ deadline, occurrence }) => ({ deadline, occurrence }));
}

/** "BÁO CÁO TIẾN ĐỘ THỰC HIỆN …" with the plan's title, the deadline and the period asked; throws on an unknown plan or deadline. */
export function reportTitle(content: Pick<Content, 'plans'>, deadlines: readonly Deadline[], filter: ExportFilter): string {
  const parts: string[] = [];
  if (filter.plan) {
    const plan = content.plans.find((p) => p.id === filter.plan) ?? deadlines.find((d) => d.plan.id === filter.plan)?.plan;
    if (!plan) throw new ExportError(`Không có kế hoạch mã "${filter.plan}".`);
    parts.push(plan.title);
  }
  if (filter.deadline) {
    const d = deadlines.find((x) => x.id.toUpperCase() === filter.deadline!.toUpperCase());
    if (!d) throw new ExportError(`Không có hạn mã "${filter.deadline}".`);
    if (!filter.plan) parts.push(d.plan.title);
    parts.push(`hạn ${d.id}`);
  }
  if (filter.from || filter.to) {
    parts.push([filter.from && `từ ngày ${formatDay(filter.from)}`, filter.to && `đến ngày ${formatDay(filter.to)}`].filter(Boolean).join(' '));
  }
  if (parts.length === 0) parts.push('các kế hoạch');
  return `BÁO CÁO TIẾN ĐỘ THỰC HIỆN ${parts.join(', ')}`.toLocaleUpperCase('vi');
}
