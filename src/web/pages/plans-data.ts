/**
 * What the Kế hoạch pages show, computed with the chat's own rules: each plan's state (in force,
 * ended by the office, period over, reference), its counts, and for a tracked plan the progress
 * of the occurrences due so far (units that completed them / units responsible), read from the
 * confirmations in one call.
 */
import { openBook } from '../../core/confirmation-book.js';
import type { Content, Deadline, Slogan } from '../../core/content.js';
import { partialDateStart, type Day } from '../../core/dates.js';
import { allOccurrences } from '../../core/occurrences.js';
import { planEnded, planPeriod } from '../../core/period.js';
import type { Plan } from '../../core/plans.js';
import type { OccurrenceKey, StagedPlan, Stores } from '../../core/ports.js';

/** `active`: in force; `ended`: ended by the office (`plan.ended`); `over`: its period is over. */
export type PlanState = 'active' | 'ended' | 'over';

export interface Progress {
  /** Occurrences due so far (up to today, or the day the office ended the plan). */
  occurrences: number;
  /** Unit × occurrence pairs: completed, received only, and in all. */
  completed: number;
  received: number;
  total: number;
}

export interface PlanRow {
  plan: Plan;
  state: PlanState;
  deadlines: number;
  slogans: Slogan[];
  /** For a plan whose deadlines are assigned to units (not a reference plan). */
  progress?: Progress | undefined;
}

export interface PlanList {
  today: Day;
  active: PlanRow[];
  ended: PlanRow[];
  reference: PlanRow[];
  staged: StagedPlan[];
}

/** How far back an open-ended plan without an issue date is counted (years). */
const HISTORY_YEARS = 20;

export function planState(plan: Plan, today: Day): PlanState {
  if (plan.ended) return 'ended';
  return planEnded(plan, today) ? 'over' : 'active';
}

/** The plan's deadlines as tracked deadlines (whether or not the running content tracks them now). */
function deadlinesOf(plan: Plan): Deadline[] {
  return plan.deadlines.map((d) => ({ ...d, plan }));
}

/** Each deadline's occurrences due so far: up to today, or up to the day the office ended the plan. */
function dueSoFar(plan: Plan, today: Day): OccurrenceKey[] {
  const upto = plan.ended && plan.ended < today ? plan.ended : today;
  const from = [planPeriod(plan)?.from, partialDateStart(plan.issued)].filter((x): x is Day => x !== undefined).sort()[0] ?? `${Number(today.slice(0, 4)) - HISTORY_YEARS}-01-01`;
  const keys: OccurrenceKey[] = [];
  for (const d of deadlinesOf(plan)) {
    const days = d.due ? (d.due <= upto ? [d.due] : []) : allOccurrences(d, from, upto);
    for (const occurrence of days) keys.push({ deadline: d.id, occurrence });
  }
  return keys;
}

/** The progress of each tracked plan among `plans`, from one read of their confirmations. */
async function progressOf(plans: readonly Plan[], stores: Pick<Stores, 'confirmations'>, today: Day): Promise<Map<string, Progress>> {
  const tracked = plans.filter((p) => !p.reference);
  const keysOf = new Map(tracked.map((p) => [p.id, dueSoFar(p, today)]));
  const all = [...keysOf.values()].flat();
  const found = all.length ? await stores.confirmations.confirmationsOf(all) : [];
  const byKey = new Map<string, Map<string, boolean>>();
  for (const c of found) {
    const key = `${c.deadline}@${c.occurrence}`;
    if (!byKey.has(key)) byKey.set(key, new Map());
    byKey.get(key)!.set(c.unit, c.completed !== undefined);
  }
  const out = new Map<string, Progress>();
  for (const plan of tracked) {
    const assignees = new Map(plan.deadlines.map((d) => [d.id, d.assignees]));
    const p: Progress = { occurrences: 0, completed: 0, received: 0, total: 0 };
    for (const k of keysOf.get(plan.id)!) {
      const units = assignees.get(k.deadline) ?? [];
      const states = byKey.get(`${k.deadline}@${k.occurrence}`);
      p.occurrences++;
      p.total += units.length;
      for (const u of units) {
        const done = states?.get(u);
        if (done === true) p.completed++;
        else if (done === false) p.received++;
      }
    }
    out.set(plan.id, p);
  }
  return out;
}

function rowsOf(content: Content, plans: readonly Plan[], today: Day, progress: Map<string, Progress>): PlanRow[] {
  return plans.map((plan) => ({
    plan,
    state: planState(plan, today),
    deadlines: plan.deadlines.length,
    slogans: content.slogans.filter((s) => s.sources.includes(plan)),
    progress: progress.get(plan.id),
  }));
}

/** Every plan, grouped: in force, then ended (either way), then reference plans; newest first in each. And the staged plans. */
export async function planListOf(content: Content, stores: Pick<Stores, 'confirmations' | 'content'>, today: Day): Promise<PlanList> {
  const [progress, staged] = await Promise.all([progressOf(content.plans, stores, today), stores.content.stagedPlans()]);
  const rows = rowsOf(content, content.plans, today, progress);
  return {
    today,
    active: rows.filter((r) => !r.plan.reference && r.state === 'active'),
    ended: rows.filter((r) => !r.plan.reference && r.state !== 'active'),
    reference: rows.filter((r) => r.plan.reference),
    staged,
  };
}

export interface PlanDetail extends PlanRow {
  today: Day;
  /** For each deadline the running content tracks: the occurrence chat is about now (its Hạn page). */
  current: Map<string, Day>;
}

/** One plan's row and the current occurrence of each of its tracked deadlines. */
export async function planDetailOf(content: Content, stores: Pick<Stores, 'confirmations'>, plan: Plan, today: Day): Promise<PlanDetail> {
  const [row] = rowsOf(content, [plan], today, await progressOf([plan], stores, today));
  const tracked = plan.deadlines.map((d) => content.deadline(d.id)).filter((d): d is Deadline => d !== undefined && d.plan.id === plan.id);
  const book = await openBook(stores.confirmations, tracked, today);
  return { ...row!, today, current: new Map(tracked.map((d) => [d.id, book.occurrenceFor(d)])) };
}
