/**
 * The reminder planner: a pure function of (state, deadlines, schedule, now) that says which
 * reminder steps are due. One step per (deadline occurrence, unit, step); each has an
 * idempotency key, so planning twice, or two cron fires, never sends twice.
 *
 * Steps of an occurrence due on day D, all at the schedule's reminder time:
 *  - `d-N` for each lead time N (`d-0` is the due day), to each unit that has not completed it;
 *  - `d+K` for K = 1..overdueDays, the same;
 *  - `esc` on D + escalateAfterDays, to the office and the admins, listing the units missing.
 * After downtime only the newest due step of each reminder is sent; older ones, and any step
 * more than a day stale, are recorded as skipped.
 */
import type { UnitStatus } from '../core/confirmation-book.js';
import type { Deadline } from '../core/content.js';
import { addDays, dayOf, daysBetween, instantAt, type Day } from '../core/dates.js';
import { allOccurrences } from '../core/occurrences.js';
import type { Schedule } from '../core/org.js';
import type { OccurrenceKey } from '../core/ports.js';

/** How far back a missed step is still looked at (older ones are ignored, not recorded). */
export const LOOKBACK_DAYS = 7;
/** A step older than this is recorded as skipped instead of sent. */
export const STALE_MS = 24 * 60 * 60 * 1000;


/** What the planner reads, prefetched (see {@link plannerNeeds}): it stays a pure function. */
export interface PlannerState {
  status(deadline: string, occurrence: Day, unit: string): UnitStatus;
  recorded(key: string): boolean;
}

export interface PlannerInput {
  deadlines: readonly Deadline[];
  schedule: Schedule;
  zone: string;
  officeUnit: string;
  now: Date;
  state: PlannerState;
}

export interface PlannedStep {
  key: string;
  kind: 'remind' | 'escalate';
  deadline: Deadline;
  occurrence: Day;
  /** The unit reminded; the office unit for an escalation. */
  unit: string;
  step: string;
  fireAt: Date;
  /** Days from the day of `now` to the due day (negative when overdue). */
  daysLeft: number;
  action: 'send' | 'skip';
  /** For a reminder: whether the unit at least confirmed receipt. */
  received: boolean;
  /** For an escalation: units that have not completed, with their status. */
  missing: Array<{ unit: string; status: UnitStatus }>;
}

export function reminderKey(deadline: string, occurrence: Day, unit: string, step: string): string {
  return `${deadline}@${occurrence}#${unit}#${step}`;
}

interface Candidate {
  step: string;
  day: Day;
}

function steps(schedule: Schedule, due: Day): { remind: Candidate[]; escalate: Candidate } {
  const remind: Candidate[] = [];
  for (const lead of [...new Set(schedule.leadDays)].sort((a, b) => b - a)) remind.push({ step: `d-${lead}`, day: addDays(due, -lead) });
  for (let k = 1; k <= schedule.overdueDays; k++) remind.push({ step: `d+${k}`, day: addDays(due, k) });
  return { remind, escalate: { step: 'esc', day: addDays(due, schedule.escalateAfterDays) } };
}

/** The occurrences the planner looks at, at `now`: each deadline's within the lookback and lead window. */
function occurrencesOf(input: Omit<PlannerInput, 'state'>): Array<{ d: Deadline; occurrence: Day }> {
  const { schedule, zone, now } = input;
  const today = dayOf(now, zone);
  const maxLead = Math.max(0, ...schedule.leadDays);
  const lateDays = Math.max(schedule.overdueDays, schedule.escalateAfterDays);
  const from = addDays(today, -(LOOKBACK_DAYS + lateDays + 1));
  const to = addDays(today, maxLead + 1);
  return input.deadlines
    .filter((d) => !(d.announcement && !d.announcement.hasDue))
    .flatMap((d) => allOccurrences(d, from, to).map((occurrence) => ({ d, occurrence })));
}

/** Steps already due at `now` and not older than the lookback (recorded or not). */
function dueSteps(cands: Candidate[], input: Omit<PlannerInput, 'state'>): Array<{ c: Candidate; fireAt: Date }> {
  const nowMs = input.now.getTime();
  return cands
    .map((c) => ({ c, fireAt: instantAt(c.day, input.schedule.reminderTime, input.zone) }))
    .filter(({ fireAt }) => fireAt.getTime() <= nowMs && nowMs - fireAt.getTime() <= LOOKBACK_DAYS * STALE_MS);
}

/**
 * What {@link planReminders} will read at `now`: the occurrences whose confirmations it needs,
 * and the reminder keys it asks about, so both are fetched at once beforehand.
 */
export function plannerNeeds(input: Omit<PlannerInput, 'state'>): { occurrences: OccurrenceKey[]; keys: string[] } {
  const occurrences: OccurrenceKey[] = [];
  const keys: string[] = [];
  for (const { d, occurrence } of occurrencesOf(input)) {
    occurrences.push({ deadline: d.id, occurrence });
    const { remind, escalate } = steps(input.schedule, occurrence);
    const due = dueSteps(remind, input);
    for (const unit of d.assignees) for (const { c } of due) keys.push(reminderKey(d.id, occurrence, unit, c.step));
    if (dueSteps([escalate], input).length) keys.push(reminderKey(d.id, occurrence, input.officeUnit, 'esc'));
  }
  return { occurrences, keys };
}

export function planReminders(input: PlannerInput): PlannedStep[] {
  const { schedule, now, state } = input;
  const today = dayOf(now, input.zone);
  const nowMs = now.getTime();
  const out: PlannedStep[] = [];

  /** Picks, among unrecorded steps already due, the newest to send and the rest to skip. */
  const choose = (cands: Candidate[], key: (c: Candidate) => string): Array<{ c: Candidate; fireAt: Date; action: 'send' | 'skip' }> => {
    const due = dueSteps(cands, input)
      .filter(({ c }) => !state.recorded(key(c)))
      .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
    return due.map((d, i) => ({
      ...d,
      action: i === due.length - 1 && nowMs - d.fireAt.getTime() <= STALE_MS ? ('send' as const) : ('skip' as const),
    }));
  };

  for (const { d, occurrence } of occurrencesOf(input)) {
    const { remind, escalate } = steps(schedule, occurrence);
    const daysLeft = daysBetween(today, occurrence);
    const statuses = d.assignees.map((unit) => ({ unit, status: state.status(d.id, occurrence, unit) }));
    for (const { unit, status } of statuses) {
      if (status === 'xong') continue;
      const picks = choose(remind, (c) => reminderKey(d.id, occurrence, unit, c.step));
      for (const p of picks) {
        out.push({
          key: reminderKey(d.id, occurrence, unit, p.c.step),
          kind: 'remind',
          deadline: d,
          occurrence,
          unit,
          step: p.c.step,
          fireAt: p.fireAt,
          daysLeft,
          action: p.action,
          received: status === 'nhan',
          missing: [],
        });
      }
    }
    const missing = statuses.filter((s) => s.status !== 'xong');
    if (missing.length === 0) continue;
    for (const p of choose([escalate], () => reminderKey(d.id, occurrence, input.officeUnit, 'esc'))) {
      out.push({
        key: reminderKey(d.id, occurrence, input.officeUnit, 'esc'),
        kind: 'escalate',
        deadline: d,
        occurrence,
        unit: input.officeUnit,
        step: 'esc',
        fireAt: p.fireAt,
        daysLeft,
        action: p.action,
        received: false,
        missing,
      });
    }
  }
  return out.sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || a.key.localeCompare(b.key));
}
