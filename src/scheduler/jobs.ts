/**
 * The scheduler's job table: what runs, on which cron expression. Each job plans what is due
 * at `now`, records it with its outbox rows in one store write (idempotency keys make a second
 * run a no-op), then asks the outbox to send. Tests call `job.run(deps, fixedNow)` directly.
 */
import { reachable } from '../core/reach.js';
import { openBook } from '../core/confirmation-book.js';
import { dayOf, daysBetween, type Day } from '../core/dates.js';
import { openWork } from '../core/open-work.js';
import type { Schedule } from '../core/org.js';
import { sloganOfDay } from '../core/slogans.js';
import { digestMessage, sloganMessage, type DigestItem } from './messages.js';
import { officeTargets, queueReminders, reachableChats, unitsWithoutChat } from './reminders.js';

export { planAt, queueReminders, reachableChats } from './reminders.js';
export type { JobDeps } from './deps.js';
import type { JobDeps } from './deps.js';

export interface Job {
  name: string;
  /** Where the cron expression comes from, for error messages (e.g. `schedule.sloganCron`). */
  source: string;
  cron: string;
  run(deps: JobDeps, now: Date): Promise<void>;
}

/** Digest window: open deadlines due within this many days either way of today. */
export const DIGEST_WINDOW_DAYS = 30;

/** Open deadlines for the digest (see {@link openWork}) due within the window, with the units still missing. */
export async function openItems(deps: Pick<JobDeps, 'stores' | 'catalog' | 'content'>, today: Day): Promise<DigestItem[]> {
  const catalog = await deps.catalog();
  const book = await openBook(deps.stores.confirmations, catalog.all(), today);
  return openWork({ today, catalog, book })
    .filter(({ deadline: d, occurrence }) => !(d.announcement && !d.announcement.hasDue) && Math.abs(daysBetween(today, occurrence)) <= DIGEST_WINDOW_DAYS)
    .map(({ deadline, occurrence, units }) => ({ deadline, occurrence, missing: units.filter((u) => u.status !== 'xong') }));
}

async function queueDigest(deps: JobDeps, now: Date): Promise<void> {
  const today = dayOf(now, deps.content.org.timezone);
  const [items, chats] = await Promise.all([openItems(deps, today), reachableChats(deps)]);
  const out = digestMessage(deps.content, items, today, unitsWithoutChat(chats));
  await deps.stores.outbox.queueReminders([{ key: `digest@${today}`, status: 'queued', sends: officeTargets(deps, chats, true).map((chat) => ({ chat, out })) }]);
}

async function queueSlogan(deps: JobDeps, now: Date): Promise<void> {
  const today = dayOf(now, deps.content.org.timezone);
  const slogan = sloganOfDay(deps.content.slogans, today);
  const chats = (await deps.stores.subscriptions.sloganChats()).filter(reachable(deps.channels));
  if (!slogan || chats.length === 0) return;
  const out = sloganMessage(slogan, today, deps.content.slogans.length);
  await deps.stores.outbox.queueReminders([{ key: `slogan@${today}`, status: 'queued', sends: chats.map((chat) => ({ chat, out })) }]);
}

/** `HH:mm` → a daily cron expression. */
export function dailyCron(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return `${m} ${h} * * *`;
}

export function jobsFor(schedule: Schedule): Job[] {
  const then = (f: (deps: JobDeps, now: Date) => Promise<unknown>) => async (deps: JobDeps, now: Date) => {
    await f(deps, now);
    await deps.dispatch?.();
  };
  return [
    { name: 'reminders', source: 'schedule.reminderTime', cron: dailyCron(schedule.reminderTime), run: then(queueReminders) },
    { name: 'slogan', source: 'schedule.sloganCron', cron: schedule.sloganCron, run: then(queueSlogan) },
    { name: 'digest', source: 'schedule.digestCron', cron: schedule.digestCron, run: then(queueDigest) },
  ];
}
