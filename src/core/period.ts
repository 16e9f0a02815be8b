/**
 * The time a plan is in force ("năm 2022", "giai đoạn 2021-2025"). Recurring deadlines have no
 * occurrence outside it, and once it is over (and the plan's last one-off deadline too) the plan
 * has ended: it is shown as such and nothing of it is reminded any more.
 *
 * A plan's JSON may state `period` (or `null`: open-ended). Otherwise it is read from the title;
 * else it spans the issue year and the years of the plan's dated deadlines; else open-ended.
 * Only the title is read, not the body: bodies cite other programmes' periods ("Chương trình
 * tổng thể cải cách hành chính giai đoạn 2021-2030") that are not the plan's own.
 */
import { formatDay, type Day } from './dates.js';
import type { Plan, PlanPeriod } from './plans.js';
import { fold } from './text.js';

export type { PlanPeriod };

const YEAR = '((?:19|20)\\d{2})';
const RANGE = new RegExp(`(?<![\\d/])${YEAR}\\s*(?:[-–—]|\\bden\\s+(?:nam\\s+)?)\\s*${YEAR}(?![\\d/])`, 'g');
const SINGLE = new RegExp(`(?<![\\d/.-])${YEAR}(?![\\d/])`, 'g');

function years(a: number, b: number): PlanPeriod {
  return { from: `${Math.min(a, b)}-01-01`, to: `${Math.max(a, b)}-12-31` };
}

/** An anniversary's span in parentheses ("80 năm … (1946 - 2026)"): only its last year is the plan's. */
const ANNIVERSARY = new RegExp(`\\(\\s*${YEAR}\\s*[-–—]\\s*${YEAR}\\s*\\)`, 'g');

/**
 * The period a title names: a range ("2021-2025", "từ năm 2021 đến năm 2025") or its year(s)
 * ("năm 2027", "đợt II năm 2026"); undefined if none. An anniversary's span in parentheses
 * counts by its last year (the anniversary's).
 */
export function periodFromTitle(title: string): PlanPeriod | undefined {
  const text = fold(title).replace(ANNIVERSARY, (_, _a: string, b: string) => ` nam ${b} `);
  const found: number[] = [];
  const rest = text.replace(RANGE, (_, a: string, b: string) => {
    if (Number(a) <= Number(b)) found.push(Number(a), Number(b));
    return ' ';
  });
  for (const m of rest.matchAll(SINGLE)) found.push(Number(m[1]));
  return found.length ? years(Math.min(...found), Math.max(...found)) : undefined;
}

/**
 * The period an imported plan states: its title's, else the one its opening sentence gives the
 * plan it builds ("… xây dựng Kế hoạch thực hiện công tác dân vận năm 2027 như sau:"), read
 * only after "kế hoạch" (the documents cited before it name their own periods).
 */
export function statedPeriod(title: string, opening: readonly string[]): PlanPeriod | undefined {
  const titled = periodFromTitle(title);
  if (titled) return titled;
  for (const p of opening) {
    const m = /(?:xây dựng|ban hành)\s+(?:kế hoạch|Kế hoạch)(.{0,160}?)(?:,?\s*(?:cụ thể\s+)?như sau|:|\.\s|$)/u.exec(p);
    const found = m && periodFromTitle(m[1]!.replace(/\b(?:số|Số)\s+\S+/gu, ' '));
    if (found) return found;
  }
  return undefined;
}

/** The period when the plan does not state one (see the module comment); null: open-ended. */
export function derivePeriod(plan: Pick<Plan, 'title' | 'issued' | 'deadlines'>): PlanPeriod | null {
  const titled = periodFromTitle(plan.title ?? '');
  if (titled) return titled;
  const found = [plan.issued, ...(plan.deadlines ?? []).map((d) => d.due)]
    .filter((d): d is string => typeof d === 'string')
    .map((d) => Number(d.slice(0, 4)));
  return found.length ? years(Math.min(...found), Math.max(...found)) : null;
}

/** The plan's period: as stated in its JSON (resolved when content is built), else derived; null: open-ended. */
export function planPeriod(plan: Pick<Plan, 'title' | 'issued' | 'deadlines' | 'period'>): PlanPeriod | null {
  return plan.period !== undefined ? plan.period : derivePeriod(plan);
}

/** The last day anything of the plan is due: its period end or its last one-off deadline; undefined: open-ended. */
export function planLastDay(plan: Pick<Plan, 'title' | 'issued' | 'deadlines' | 'period'>): Day | undefined {
  const period = planPeriod(plan);
  if (!period) return undefined;
  return (plan.deadlines ?? []).reduce<Day>((last, d) => (d.due && d.due > last ? d.due : last), period.to);
}

/**
 * Whether the plan has ended: the office ended it (`ended` set), or `today` is after its period
 * end and after its last one-off deadline.
 */
export function planEnded(plan: Pick<Plan, 'title' | 'issued' | 'deadlines' | 'period' | 'ended'>, today: Day): boolean {
  if (plan.ended) return true;
  const last = planLastDay(plan);
  return last !== undefined && today > last;
}

/** "năm 2022", "2021–2025", or "15/09/2023 – 31/10/2023". */
export function formatPeriod(period: PlanPeriod): string {
  const whole = period.from.endsWith('-01-01') && period.to.endsWith('-12-31');
  const [a, b] = [period.from.slice(0, 4), period.to.slice(0, 4)];
  if (whole) return a === b ? `năm ${a}` : `${a}–${b}`;
  return `${formatDay(period.from)} – ${formatDay(period.to)}`;
}
