/**
 * What is still open work today: the current occurrence of each deadline whose plan is still
 * running, not yet completed by every unit. Used by /tiendo's overview, /deadline quahan and the
 * office's weekly digest, so they all agree on what "open" means.
 */
import type { Catalog } from './catalog.js';
import type { StatusBook, UnitStatus } from './confirmation-book.js';
import type { Deadline } from './content.js';
import { daysBetween, type Day } from './dates.js';
import { GRACE_DAYS } from './occurrences.js';
import { planEnded } from './period.js';

/** How long a notice without a due date stays in the overview after it was sent (days). */
export const NOTICE_OPEN_DAYS = 30;

/**
 * Whether an occurrence is still work: its plan is running, or it fell due within the last
 * {@link GRACE_DAYS} (the last report of a plan that ended on 31/12 is still chased in January).
 */
export function stillOpen(d: Deadline, occurrence: Day, today: Day): boolean {
  return !planEnded(d.plan, today) || daysBetween(occurrence, today) <= GRACE_DAYS;
}

/** Whether a past occurrence is still open work (see {@link stillOpen}). */
export function isOpenOverdue(d: Deadline, occurrence: Day, today: Day): boolean {
  return occurrence < today && stillOpen(d, occurrence, today);
}

export interface OpenItem {
  deadline: Deadline;
  occurrence: Day;
  /** Each responsible unit's state, in the deadline's order. */
  units: Array<{ unit: string; status: UnitStatus }>;
}

/**
 * Open deadlines (optionally one unit's), nearest first; overdue ones come first by their date.
 * `book` must hold the catalog's deadlines (see {@link StatusBook}).
 */
export function openWork(ctx: { today: Day; catalog: Pick<Catalog, 'all'>; book: StatusBook }, unit?: string): OpenItem[] {
  const items: OpenItem[] = [];
  for (const d of ctx.catalog.all()) {
    if (unit && !d.assignees.includes(unit)) continue;
    const occurrence = ctx.book.occurrenceFor(d);
    if (!stillOpen(d, occurrence, ctx.today)) continue;
    const receiptOnly = d.announcement !== undefined && !d.announcement.hasDue;
    if (receiptOnly && daysBetween(occurrence, ctx.today) > NOTICE_OPEN_DAYS) continue;
    const units = d.assignees.map((u) => ({ unit: u, status: ctx.book.status(d.id, occurrence, u) }));
    const mine = unit ? units.filter((u) => u.unit === unit) : units;
    const open = mine.some((u) => (receiptOnly ? u.status === 'chua' : u.status !== 'xong'));
    if (open) items.push({ deadline: d, occurrence, units });
  }
  return items.sort((a, b) => a.occurrence.localeCompare(b.occurrence) || a.deadline.id.localeCompare(b.deadline.id));
}
