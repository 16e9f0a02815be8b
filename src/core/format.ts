/** Vietnamese formatting shared by commands: units, plans, deadline lines. */
import { ANNOUNCEMENT_PLAN_PREFIX } from './catalog.js';
import type { Content, Deadline, Slogan } from './content.js';
import { formatDay, formatDayLong, formatPartialDate, relativeDays, type Day } from './dates.js';
import { describeRecurrence } from './occurrences.js';
import { planPeriod } from './period.js';
import type { Plan, PlanDeadline } from './plans.js';
import { truncate } from './text.js';

/** "tất cả đơn vị (10)", "các đơn vị trừ VP (9)" or "VP, TTKHCN". */
export function unitsText(content: Content, codes: readonly string[]): string {
  const all = content.org.units.length;
  if (codes.length === all && all > 1) return `tất cả đơn vị (${all})`;
  // Every unit but one (a report that goes to the office, sent by all the others).
  const missing = content.org.units.filter((u) => !codes.includes(u.code));
  if (missing.length === 1 && codes.length >= 4) return `các đơn vị trừ ${missing[0]!.code} (${codes.length})`;
  return codes.join(', ');
}

/** "Sở KH&CN Bắc Giang, 09/2023" — short label of a plan's source. */
export function planLabel(plan: Plan): string {
  if (plan.id.startsWith(ANNOUNCEMENT_PLAN_PREFIX)) return `Thông báo của ${plan.issuer}${plan.issued ? `, ${formatPartialDate(plan.issued)}` : ''}`;
  const where = plan.place ?? /(?:tỉnh|thành phố)\s+(.+)$/i.exec(plan.issuer)?.[1] ?? plan.issuer;
  return `KH ${where}${plan.issued ? `, ${formatPartialDate(plan.issued)}` : ''}`;
}

/** Where a slogan comes from: its newest plan with the title, then the other plans that have it. */
export function sloganSource(s: Slogan): string {
  const [first, ...others] = s.sources;
  const head = first ? `${planLabel(first)}: ${truncate(first.title, 100)}` : '';
  return others.length ? `${head}\n   Cũng có trong: ${others.map(planLabel).join('; ')}` : head;
}

export function reportToText(content: Content, reportTo: string | null): string | undefined {
  if (!reportTo) return undefined;
  return content.unit(reportTo)?.name ?? reportTo;
}

/** Three lines for one deadline occurrence, as in /deadline. `mark` is a prefix such as "✔️". */
export function deadlineLines(content: Content, d: Deadline, occurrence: Day, today: Day, mark = '•'): string {
  const recurring = d.recurrence ? ` · ${describeRecurrence(d.recurrence)}` : '';
  return [
    `${mark} ${d.id} — ${truncate(d.task, 160)}`,
    `   📅 ${formatDayLong(occurrence)} · ${relativeDays(today, occurrence)}${recurring}`,
    `   👥 ${unitsText(content, d.assignees)} · 📄 ${planLabel(d.plan)}`,
  ].join('\n');
}

/** A progress bar of `width` cells: ▓▓▓░░░. */
export function progressBar(done: number, total: number, width = 10): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return '▓'.repeat(filled) + '░'.repeat(width - filled);
}

/** When a plan's deadline falls, as /kehoach says it: "trước 25/09/2023", "hằng năm (cuối năm), đến hết 31/12/2022". */
export function deadlineWhen(plan: Plan, d: Pick<PlanDeadline, 'due' | 'recurrence'>): string {
  if (d.due) return `trước ${formatDay(d.due)}`;
  const period = planPeriod(plan);
  return `${describeRecurrence(d.recurrence!)}${period ? `, đến hết ${formatDay(period.to)}` : ''}`;
}
