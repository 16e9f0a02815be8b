/**
 * The data of Tổng quan's completion chart: for each tracked plan, day by day over its period up
 * to today, how many (unit × occurrence) pairs had fallen due so far and how many of them were
 * completed by the end of that day (in the organisation's zone). A pair completed before its due
 * day counts from its due day. One port call fetches when units completed every occurrence due so
 * far; one pass over them fills per-day counters, summed once: O(confirmations + days).
 */
import type { Content, Deadline } from '../../core/content.js';
import { dayOf, daysBetween, instantAt, partialDateStart, type Day } from '../../core/dates.js';
import { allOccurrences, GRACE_DAYS } from '../../core/occurrences.js';
import { planLastDay } from '../../core/period.js';
import type { ConfirmationPort, OccurrenceKey } from '../../core/ports.js';

/** The day the counts change: pairs due so far (`due`) and completed among them (`done`). */
export interface ChartPoint {
  day: Day;
  due: number;
  done: number;
}

export interface PlanCompletion {
  plan: { id: string; title: string };
  /** The days charted, both included (the plan's period, up to today; at most {@link MAX_CHART_DAYS}). */
  from: Day;
  to: Day;
  /** The first day and every day the counts changed, in order (steps: a value holds until the next point). */
  points: ChartPoint[];
}

/** Longest window charted: an open-ended plan shows its last three years. */
export const MAX_CHART_DAYS = 3 * 366;
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;

export const dayNumber = (day: Day): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
export const dayFromNumber = (n: number): Day => new Date(n * DAY_MS).toISOString().slice(0, 10);

// Each deadline's units as a set, kept while the deadline object lives (an edit of the content makes new ones).
const unitSets = new WeakMap<Deadline, ReadonlySet<string>>();
function unitsOf(d: Deadline): ReadonlySet<string> {
  let units = unitSets.get(d);
  if (!units) unitSets.set(d, (units = new Set(d.assignees)));
  return units;
}

/**
 * The day number of an instant in `zone`, from the instants its local days start (cached: a few
 * hundred days, where formatting each of 100,000 instants with Intl would take most of a page's time).
 */
export function localDayOf(zone: string): (ms: number) => number {
  const starts = new Map<number, number>();
  const dayAt = (ms: number) => dayNumber(dayOf(new Date(ms), zone));
  const start = (n: number) => {
    let at = starts.get(n);
    if (at === undefined) {
      at = instantAt(dayFromNumber(n), '00:00', zone).getTime();
      // A day whose midnight is skipped or repeated by a clock change starts a little later or earlier.
      for (let i = 0; i < 12 && dayAt(at) < n; i++) at += QUARTER_HOUR_MS;
      for (let i = 0; i < 12 && dayAt(at - QUARTER_HOUR_MS) === n; i++) at -= QUARTER_HOUR_MS;
      starts.set(n, at);
    }
    return at;
  };
  return (ms) => {
    // Every zone is within a day of UTC: the local day is the UTC day, the one before or the one after.
    const utc = Math.floor(ms / DAY_MS);
    return start(utc + 1) <= ms ? utc + 1 : start(utc) <= ms ? utc : utc - 1;
  };
}

/** The days a plan is charted over, or undefined when nothing of it can be due yet. */
function windowOf(deadlines: readonly Deadline[], today: Day): { from: Day; to: Day } | undefined {
  const plan = deadlines[0]!.plan;
  const starts = [plan.period?.from, partialDateStart(plan.issued)].filter((x): x is Day => x !== undefined).sort();
  let from = starts.at(-1);
  for (const d of deadlines) if (d.due && (!from || d.due < from)) from = d.due;
  const last = planLastDay(plan);
  // A plan over for longer than its last report is chased (GRACE_DAYS) is history, not tracked work.
  if (last && daysBetween(last, today) > GRACE_DAYS) return undefined;
  const to = last && last < today ? last : today;
  const floor = dayFromNumber(dayNumber(to) - MAX_CHART_DAYS + 1);
  if (!from || from < floor) from = floor;
  return from <= to ? { from, to } : undefined;
}

/**
 * The completion over time of each tracked plan (all, or `planId`'s), in content order; plans
 * with nothing due yet, or over for more than {@link GRACE_DAYS}, are left out.
 */
export async function completionOverTime(
  content: Content,
  confirmations: Pick<ConfirmationPort, 'completionsOf'>,
  now: Date,
  planId?: string,
): Promise<PlanCompletion[]> {
  const zone = content.org.timezone;
  const today = dayOf(now, zone);
  const byPlan = new Map<string, Deadline[]>();
  for (const d of content.deadlines) {
    if (planId && d.plan.id !== planId) continue;
    const list = byPlan.get(d.plan.id);
    if (list) list.push(d);
    else byPlan.set(d.plan.id, [d]);
  }
  type Series = { plan: PlanCompletion['plan']; start: number; due: Int32Array; done: Int32Array; from: Day; to: Day };
  const series: Series[] = [];
  // Each occurrence due so far: its series, its day number, and the units it counts.
  const occurrences = new Map<string, { s: Series; day: number; units: ReadonlySet<string> }>();
  const keys: OccurrenceKey[] = [];
  for (const plan of content.plans) {
    const deadlines = byPlan.get(plan.id);
    if (!deadlines) continue;
    const w = windowOf(deadlines, today);
    if (!w) continue;
    const start = dayNumber(w.from);
    const length = dayNumber(w.to) - start + 1;
    const s: Series = { plan: { id: plan.id, title: plan.title }, start, due: new Int32Array(length), done: new Int32Array(length), ...w };
    for (const d of deadlines) {
      const units = unitsOf(d);
      for (const occurrence of allOccurrences(d, w.from, w.to)) {
        const day = dayNumber(occurrence);
        s.due[day - start]! += units.size;
        occurrences.set(`${d.id}@${occurrence}`, { s, day, units });
        keys.push({ deadline: d.id, occurrence });
      }
    }
    series.push(s);
  }
  // Only when each unit completed (not who, nor the received ones): on PostgreSQL, 200 short rows.
  const found = keys.length ? await confirmations.completionsOf(keys) : [];
  const localDay = localDayOf(zone);
  for (const c of found) {
    const o = occurrences.get(`${c.deadline}@${c.occurrence}`);
    if (!o) continue;
    c.units.forEach((unit, i) => {
      const ms = Date.parse(c.at[i]!);
      if (!o.units.has(unit) || !Number.isFinite(ms)) return;
      const at = Math.max(o.day, localDay(ms)) - o.s.start;
      if (at < o.s.done.length) o.s.done[at]! += 1;
    });
  }
  return series
    .map((s) => {
      const points: ChartPoint[] = [];
      let due = 0;
      let done = 0;
      for (let i = 0; i < s.due.length; i++) {
        const changed = s.due[i]! !== 0 || s.done[i]! !== 0;
        due += s.due[i]!;
        done += s.done[i]!;
        if (i === 0 || changed) points.push({ day: dayFromNumber(s.start + i), due, done });
      }
      return { plan: s.plan, from: s.from, to: s.to, points };
    })
    .filter((p) => p.points.at(-1)!.due > 0);
}
