/**
 * When a deadline falls. A one-off deadline has one occurrence (its date); a recurring one has
 * one per period, and a confirmation belongs to one occurrence (the 2026 yearly report is not
 * the 2027 one). A period without a stated day falls on the period's last day (semiannual:
 * 30/06 and 31/12; yearly: 31/12; quarterly: end of quarter; monthly: end of month).
 * Recurring occurrences lie inside the plan's period (see `period.ts`) and not before its
 * issue date: a plan "năm 2022" has no report due in 2023, and one issued in February has none
 * due in January. A one-off deadline is its own date, whatever the period.
 */
import type { Deadline } from './content.js';
import { daysBetween, lastDayOfMonth, makeDay, partialDateStart, type Day } from './dates.js';
import { planPeriod } from './period.js';
import type { Recurrence } from './plans.js';

/** Days after an occurrence during which it stays the one to confirm, unless every unit completed it. */
export const GRACE_DAYS = 30;

function daysInYear(rec: Recurrence, year: number): Day[] {
  switch (rec.freq) {
    case 'yearly':
      return 'month' in rec ? [makeDay(year, rec.month, rec.day)] : [`${year}-12-31`];
    case 'semiannual':
      return [`${year}-06-30`, `${year}-12-31`];
    case 'quarterly':
      return [3, 6, 9, 12].map((m) => lastDayOfMonth(year, m));
    case 'monthly':
      return Array.from({ length: 12 }, (_, i) => lastDayOfMonth(year, i + 1));
  }
}

interface Bounds {
  start: Day | undefined;
  end: Day | undefined;
}

/** The first and last day a recurring deadline can fall on: the later of issue date and period start; the period end. */
function boundsOf(d: Deadline): Bounds {
  const period = planPeriod(d.plan);
  const issued = partialDateStart(d.plan.issued);
  const start = [issued, period?.from].filter((x): x is Day => x !== undefined).sort().at(-1);
  return { start, end: period?.to };
}

function inBounds(day: Day, { start, end }: Bounds): boolean {
  return (!start || day >= start) && (!end || day <= end);
}

const yearOf = (day: Day) => Number(day.slice(0, 4));

/** Earliest occurrence on or after `today`; for a one-off deadline, its date if not yet past. */
export function nextOccurrence(d: Deadline, today: Day): Day | undefined {
  if (d.due) return d.due >= today ? d.due : undefined;
  if (!d.recurrence) return undefined;
  const bounds = boundsOf(d);
  if (bounds.end && bounds.end < today) return undefined;
  const first = Math.max(yearOf(today), bounds.start ? yearOf(bounds.start) : 0);
  for (let y = first; y <= first + 1; y++) {
    const hit = daysInYear(d.recurrence, y).find((day) => day >= today && inBounds(day, bounds));
    if (hit) return hit;
  }
  return undefined;
}

/** Latest occurrence before `today`; for a one-off deadline, its date if past. */
export function previousOccurrence(d: Deadline, today: Day): Day | undefined {
  if (d.due) return d.due < today ? d.due : undefined;
  if (!d.recurrence) return undefined;
  const bounds = boundsOf(d);
  if (bounds.start && bounds.start >= today) return undefined;
  const last = Math.min(yearOf(today), bounds.end ? yearOf(bounds.end) : Infinity);
  for (let y = last; y >= last - 1; y--) {
    const hits = daysInYear(d.recurrence, y).filter((day) => day < today && inBounds(day, bounds));
    const hit = hits[hits.length - 1];
    if (hit) return hit;
  }
  return undefined;
}

/** Whether `day` is one of the deadline's occurrences. */
export function isOccurrence(d: Deadline, day: Day): boolean {
  if (d.due) return d.due === day;
  if (!d.recurrence) return false;
  return inBounds(day, boundsOf(d)) && daysInYear(d.recurrence, yearOf(day)).includes(day);
}

/**
 * The occurrence a confirmation or progress question is about: the one-off date; for a
 * recurring deadline the previous occurrence while it is at most {@link GRACE_DAYS} old and
 * not completed by every unit (`settled`), else the next one.
 */
export function currentOccurrence(d: Deadline, today: Day, settled: (occurrence: Day) => boolean): Day {
  if (d.due) return d.due;
  const prev = previousOccurrence(d, today);
  if (prev && daysBetween(prev, today) <= GRACE_DAYS && !settled(prev)) return prev;
  return nextOccurrence(d, today) ?? prev ?? today;
}

/** Vietnamese description of a recurrence ("hằng năm, trước 05/11", "định kỳ 6 tháng"). */
export function describeRecurrence(rec: Recurrence): string {
  switch (rec.freq) {
    case 'yearly':
      return 'month' in rec
        ? `hằng năm, ngày ${String(rec.day).padStart(2, '0')}/${String(rec.month).padStart(2, '0')}`
        : 'hằng năm (cuối năm)';
    case 'semiannual':
      return 'định kỳ 6 tháng (cuối tháng 6 và cuối năm)';
    case 'quarterly':
      return 'hằng quý (cuối quý)';
    case 'monthly':
      return 'hằng tháng (cuối tháng)';
  }
}

/** Every occurrence from `from` to `to` inclusive (a one-off deadline: its date if inside). */
export function allOccurrences(d: Deadline, from: Day, to: Day): Day[] {
  if (d.due) return d.due >= from && d.due <= to ? [d.due] : [];
  if (!d.recurrence) return [];
  const bounds = boundsOf(d);
  const out: Day[] = [];
  const first = Math.max(yearOf(from), bounds.start ? yearOf(bounds.start) : 0);
  const last = Math.min(yearOf(to), bounds.end ? yearOf(bounds.end) : Infinity);
  for (let y = first; y <= last; y++) {
    for (const day of daysInYear(d.recurrence, y)) {
      if (day >= from && day <= to && inBounds(day, bounds)) out.push(day);
    }
  }
  return out;
}
