/**
 * When a deadline falls. A one-off deadline has one occurrence (its date); a recurring one has
 * one per period, and a confirmation belongs to one occurrence (the 2026 yearly report is not
 * the 2027 one). A period without a stated day falls on the period's last day (semiannual:
 * 30/06 and 31/12; yearly: 31/12; quarterly: end of quarter; monthly: end of month).
 * Recurring occurrences start from the plan's issue date when it is known.
 */
import type { Deadline } from './content.js';
import { daysBetween, lastDayOfMonth, makeDay, partialDateStart, type Day } from './dates.js';
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

function startOf(d: Deadline): Day | undefined {
  return partialDateStart(d.plan.issued);
}

/** Earliest occurrence on or after `today`; for a one-off deadline, its date if not yet past. */
export function nextOccurrence(d: Deadline, today: Day): Day | undefined {
  if (d.due) return d.due >= today ? d.due : undefined;
  if (!d.recurrence) return undefined;
  const start = startOf(d);
  const year = Number(today.slice(0, 4));
  for (let y = year; y <= year + 1; y++) {
    const hit = daysInYear(d.recurrence, y).find((day) => day >= today && (!start || day >= start));
    if (hit) return hit;
  }
  return undefined;
}

/** Latest occurrence before `today`; for a one-off deadline, its date if past. */
export function previousOccurrence(d: Deadline, today: Day): Day | undefined {
  if (d.due) return d.due < today ? d.due : undefined;
  if (!d.recurrence) return undefined;
  const start = startOf(d);
  const year = Number(today.slice(0, 4));
  for (let y = year; y >= year - 1; y--) {
    const hits = daysInYear(d.recurrence, y).filter((day) => day < today && (!start || day >= start));
    const last = hits[hits.length - 1];
    if (last) return last;
  }
  return undefined;
}

/** Whether `day` is one of the deadline's occurrences. */
export function isOccurrence(d: Deadline, day: Day): boolean {
  if (d.due) return d.due === day;
  if (!d.recurrence) return false;
  const start = startOf(d);
  if (start && day < start) return false;
  return daysInYear(d.recurrence, Number(day.slice(0, 4))).includes(day);
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
  const start = startOf(d);
  const out: Day[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const day of daysInYear(d.recurrence, y)) {
      if (day >= from && day <= to && (!start || day >= start)) out.push(day);
    }
  }
  return out;
}
