/**
 * Every deadline Loa tracks: those of the plans, and the announcements (/thongbao) stored in
 * the database, which are confirmed, reminded and reported on the same way.
 */
import type { Announcement } from './records.js';
import type { Content, Deadline } from './content.js';
import type { Plan } from './plans.js';
import { truncate } from './text.js';

export interface Catalog {
  /** Plan deadlines, then announcements. */
  all(): readonly Deadline[];
  get(id: string): Deadline | undefined;
}

export const ANNOUNCEMENT_PLAN_PREFIX = 'thongbao-';

/** An announcement seen as a deadline: due on its due date, or (without one) on the day it was made. */
export function announcementDeadline(a: Announcement, issuer: string): Deadline {
  const plan: Plan = {
    id: `${ANNOUNCEMENT_PLAN_PREFIX}${a.id.toLowerCase()}`,
    number: null,
    title: `Thông báo ${a.id}: ${truncate(a.text, 80)}`,
    issuer,
    place: null,
    issued: a.day,
    // Open-ended: an announcement lives by its own due date, not by a plan's period.
    period: null,
    source: null,
    purposes: [],
    sections: [],
    implementation: [],
    deadlines: [],
    slogans: [],
    signer: { position: null, name: a.by.name },
  };
  return {
    id: a.id,
    task: truncate(a.text, 300),
    due: a.due ?? a.day,
    recurrence: null,
    assignees: a.units,
    reportTo: null,
    section: null,
    plan,
    announcement: { hasDue: a.due !== null },
  };
}

export function catalogOf(content: Content, announcements: readonly Announcement[]): Catalog {
  if (announcements.length === 0) return { all: () => content.deadlines, get: (id) => content.deadline(id) };
  const office = content.unit(content.org.officeUnit)?.name ?? content.org.officeUnit;
  const extra = announcements.map((a) => announcementDeadline(a, office));
  const byId = new Map(extra.map((d) => [d.id.toUpperCase(), d]));
  const all = [...content.deadlines, ...extra];
  return { all: () => all, get: (id) => content.deadline(id) ?? byId.get(id.toUpperCase()) };
}
