/**
 * When a deadline falls. A one-off deadline has one occurrence (its date); a recurring one has
 * one per period, and a confirmation belongs to one occurrence (the 2026 yearly report is not
 * the 2027 one). A period without a stated day falls on the period's last day (semiannual:
 * 30/06 and 31/12; yearly: 31/12; quarterly: end of quarter; monthly: end of month); with one,
 * on that day (see `recurrenceSchema`), clamped to the month's length.
 * Recurring occurrences lie inside the plan's period (see `period.ts`) and not before its
 * issue date: a plan "năm 2022" has no report due in 2023, and one issued in February has none
 * due in January. A one-off deadline is its own date, whatever the period.
 * The office may move one occurrence (`moved`, see plans.ts): a recurring occurrence then falls on
 * its new day instead of its scheduled one; the occurrence's key is always the day it falls on.
 */
import type { Deadline } from './content.js';
import { daysBetween, lastDayOfMonth, makeDay, partialDateStart, type Day } from './dates.js';
import { planPeriod } from './period.js';
import type { Recurrence } from './plans.js';

/** Days after an occurrence during which it stays the one to confirm, unless every unit completed it. */
export const GRACE_DAYS = 30;

/** The days of one year a period recurs on: the stated day of the `month`-th month of each period, else each period's last day. */
function periodDays(rec: Recurrence, year: number, months: number): Day[] {
  const starts = Array.from({ length: 12 / months }, (_, i) => i * months);
  return starts.map((s) => ('day' in rec && rec.freq !== 'yearly' ? makeDay(year, s + ('month' in rec ? rec.month : 1), rec.day) : lastDayOfMonth(year, s + months)));
}

function daysInYear(rec: Recurrence, year: number): Day[] {
  switch (rec.freq) {
    case 'yearly':
      return 'month' in rec ? [makeDay(year, rec.month, rec.day)] : [`${year}-12-31`];
    case 'semiannual':
      return periodDays(rec, year, 6);
    case 'quarterly':
      return periodDays(rec, year, 3);
    case 'monthly':
      return periodDays(rec, year, 1);
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

type Recurring = Deadline & { recurrence: Recurrence };

/**
 * The occurrences of years `from`..`to`: the scheduled days inside the bounds, each on the day it
 * was moved to. A moved day may lie in the year before or after its scheduled one (a move stays
 * within a year, see move-due.ts), so those years are looked at too; callers filter by day.
 */
function daysOfYears(d: Recurring, from: number, to: number, bounds: Bounds): Day[] {
  const moved = d.moved;
  const pad = moved ? 1 : 0;
  const out: Day[] = [];
  for (let y = from - pad; y <= to + pad; y++) {
    for (const day of daysInYear(d.recurrence, y)) if (inBounds(day, bounds)) out.push(moved?.[day] ?? day);
  }
  return moved ? [...new Set(out)].sort() : out;
}

/** The first and last year an occurrence can fall in (a moved one up to a year beyond the bounds). */
function yearsOf(d: Deadline, bounds: Bounds): { start: number; end: number } {
  const pad = d.moved ? 1 : 0;
  return { start: bounds.start ? yearOf(bounds.start) - pad : 0, end: bounds.end ? yearOf(bounds.end) + pad : Infinity };
}

/** The first day a deadline's occurrence may fall on: the later of its plan's issue date and period start. */
export function planStart(d: Deadline): Day | undefined {
  return boundsOf(d).start;
}

/** Earliest occurrence on or after `today`; for a one-off deadline, its date if not yet past. */
export function nextOccurrence(d: Deadline, today: Day): Day | undefined {
  if (d.due) return d.due >= today ? d.due : undefined;
  if (!d.recurrence) return undefined;
  const bounds = boundsOf(d);
  if (bounds.end && bounds.end < today && !d.moved) return undefined;
  const first = Math.max(yearOf(today), yearsOf(d, bounds).start);
  return daysOfYears(d as Recurring, first, first + 1, bounds).find((day) => day >= today);
}

/** Latest occurrence before `today`; for a one-off deadline, its date if past. */
export function previousOccurrence(d: Deadline, today: Day): Day | undefined {
  if (d.due) return d.due < today ? d.due : undefined;
  if (!d.recurrence) return undefined;
  const bounds = boundsOf(d);
  if (bounds.start && bounds.start >= today && !d.moved) return undefined;
  const last = Math.min(yearOf(today), yearsOf(d, bounds).end);
  return daysOfYears(d as Recurring, last - 1, last, bounds)
    .filter((day) => day < today)
    .at(-1);
}

/** Whether `day` is one of the deadline's occurrences. */
export function isOccurrence(d: Deadline, day: Day): boolean {
  if (d.due) return d.due === day;
  if (!d.recurrence) return false;
  return daysOfYears(d as Recurring, yearOf(day), yearOf(day), boundsOf(d)).includes(day);
}

/**
 * The occurrence a day names now: the day itself when it is an occurrence, else the day a moved
 * occurrence falls on now (an old button, reply or address of it); undefined when neither.
 */
export function occurrenceNow(d: Deadline, day: Day): Day | undefined {
  if (isOccurrence(d, day)) return day;
  const to = d.moved && Object.hasOwn(d.moved, day) ? d.moved[day] : undefined;
  return to !== undefined && isOccurrence(d, to) ? to : undefined;
}

/** The days an occurrence fell on before it was moved to `occurrence`, oldest first. */
export function earlierDays(d: Deadline, occurrence: Day): Day[] {
  return Object.entries(d.moved ?? {})
    .filter(([, to]) => to === occurrence)
    .map(([from]) => from)
    .sort();
}

/**
 * The day a recurring occurrence was scheduled on (`occurrence` itself unless it was moved);
 * a one-off deadline has no schedule: its own day.
 */
export function scheduledDay(d: Deadline, occurrence: Day): Day {
  if (!d.recurrence) return occurrence;
  const bounds = boundsOf(d);
  const scheduled = (day: Day) => inBounds(day, bounds) && daysInYear(d.recurrence!, yearOf(day)).includes(day);
  return earlierDays(d, occurrence).find(scheduled) ?? occurrence;
}

/**
 * The `moved` map once the occurrence on `from` falls on `to`: `from` and every day that led to it
 * lead to `to`; `to` leads nowhere any more (an occurrence moved back to a day it had).
 */
export function withMove(moved: Readonly<Record<Day, Day>> | undefined, from: Day, to: Day): Record<Day, Day> {
  const out: Record<Day, Day> = {};
  for (const [k, v] of Object.entries(moved ?? {})) out[k] = v === from ? to : v;
  out[from] = to;
  delete out[to];
  return out;
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

const QUARTER_MONTH = ['đầu', 'giữa', 'cuối'];

/** "trước ngày 25", or "ngày cuối" for day 31 (every month ends by then). */
const dayText = (day: number) => (day >= 31 ? 'ngày cuối' : `trước ngày ${day}`);

/** Vietnamese description of a recurrence ("hằng năm, trước 05/11", "hằng tháng, trước ngày 25", "định kỳ 6 tháng"). */
export function describeRecurrence(rec: Recurrence): string {
  switch (rec.freq) {
    case 'yearly':
      return 'month' in rec
        ? `hằng năm, ngày ${String(rec.day).padStart(2, '0')}/${String(rec.month).padStart(2, '0')}`
        : 'hằng năm (cuối năm)';
    case 'semiannual':
      return 'day' in rec ? `định kỳ 6 tháng, ${dayText(rec.day)} tháng ${rec.month} và tháng ${rec.month + 6}` : 'định kỳ 6 tháng (cuối tháng 6 và cuối năm)';
    case 'quarterly':
      return 'day' in rec ? `hằng quý, ${dayText(rec.day)} tháng ${QUARTER_MONTH[rec.month - 1]} quý` : 'hằng quý (cuối quý)';
    case 'monthly':
      return 'day' in rec && rec.day < 31 ? `hằng tháng, trước ngày ${rec.day}` : 'hằng tháng (cuối tháng)';
  }
}

/** Every occurrence from `from` to `to` inclusive (a one-off deadline: its date if inside). */
export function allOccurrences(d: Deadline, from: Day, to: Day): Day[] {
  if (d.due) return d.due >= from && d.due <= to ? [d.due] : [];
  if (!d.recurrence) return [];
  const bounds = boundsOf(d);
  const years = yearsOf(d, bounds);
  const first = Math.max(yearOf(from), years.start);
  const last = Math.min(yearOf(to), years.end);
  if (first > last) return [];
  return daysOfYears(d as Recurring, first, last, bounds).filter((day) => day >= from && day <= to);
}
