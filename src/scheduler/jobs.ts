/**
 * The scheduler's job table: what runs, on which cron expression. Each job plans what is due
 * at `now`, records it with its outbox rows in one store write (idempotency keys make a second
 * run a no-op), then asks the outbox to send. Tests call `job.run(deps, fixedNow)` directly.
 */
import type { Catalog } from '../core/catalog.js';
import type { Content } from '../core/content.js';
import { dayOf, daysBetween, type Day } from '../core/dates.js';
import type { Logger } from '../core/dispatcher.js';
import { unitStatus } from '../core/confirm.js';
import { openWork } from '../core/open-work.js';
import type { Schedule } from '../core/org.js';
import { chatKey, type ChatRef } from '../core/types.js';
import type { QueuedReminder, Store } from '../store/store.js';
import { sloganOfDay } from '../core/slogans.js';
import { digestMessage, escalationMessage, noChatMessage, reminderMessage, sloganMessage, type DigestItem } from './messages.js';
import { planReminders, reminderKey, type PlannedStep } from './planner.js';

export interface JobDeps {
  content: Content;
  store: Store;
  catalog(): Catalog;
  adminChats: readonly ChatRef[];
  logger: Logger;
  /** Sends what was queued (the outbox dispatcher); absent in a dry run. */
  dispatch?: () => Promise<unknown>;
  /**
   * The channels that deliver (the running ones): chats on other channels (a console chat left in
   * the database) get nothing, and a unit with no other chat counts as having none. All when absent.
   */
  channels?: readonly string[];
}

/** The chats of a unit that a running channel can reach. */
export function reachableChats(deps: Pick<JobDeps, 'store' | 'channels'>, unit: string): ChatRef[] {
  const chats = deps.store.chatsOf(unit);
  return deps.channels ? chats.filter((c) => deps.channels!.includes(c.channel)) : chats;
}

export interface Job {
  name: string;
  /** Where the cron expression comes from, for error messages (e.g. `schedule.sloganCron`). */
  source: string;
  cron: string;
  run(deps: JobDeps, now: Date): Promise<void>;
}

/** The reminder steps due at `now` (nothing is written). */
export function planAt(deps: Pick<JobDeps, 'content' | 'store' | 'catalog' | 'channels'>, now: Date): PlannedStep[] {
  const { content, store } = deps;
  return planReminders({
    deadlines: deps.catalog().all(),
    schedule: content.org.schedule,
    zone: content.org.timezone,
    officeUnit: content.org.officeUnit,
    now,
    state: {
      status: (d, occ, unit) => unitStatus(store, d, occ, unit),
      recorded: (key) => store.reminder(key) !== undefined,
      chatsOf: (unit) => reachableChats(deps, unit),
    },
  });
}

/** Office chats and admins, without repeats; `fallbackOnly`: admins only when the office has no chat. */
function officeTargets(deps: JobDeps, fallbackOnly = false): ChatRef[] {
  const office = reachableChats(deps, deps.content.org.officeUnit);
  const admins = deps.adminChats.filter((c) => !deps.channels || deps.channels.includes(c.channel));
  const list = fallbackOnly && office.length ? office : [...office, ...admins];
  const seen = new Set<string>();
  return list.filter((c) => !seen.has(chatKey(c)) && seen.add(chatKey(c)));
}

function unitsWithoutChat(deps: JobDeps): Set<string> {
  return new Set(deps.content.org.units.map((u) => u.code).filter((u) => reachableChats(deps, u).length === 0));
}

/**
 * Queues the messages of the reminder steps due at `now` (planned here unless the caller
 * already has them). Returns what was queued.
 */
export async function queueReminders(deps: JobDeps, now: Date, planned?: PlannedStep[]): Promise<{ sent: number; skipped: number; noChat: number }> {
  const { content, store } = deps;
  const today = dayOf(now, content.org.timezone);
  const steps = planned ?? planAt(deps, now);
  const noChat = unitsWithoutChat(deps);
  const items: QueuedReminder[] = [];
  const unreachable = new Map<string, { step: PlannedStep; units: string[] }>();
  let sent = 0;
  let skipped = 0;
  for (const step of steps) {
    if (step.action === 'skip') {
      items.push({ key: step.key, status: 'skipped', sends: [] });
      skipped++;
      continue;
    }
    if (step.kind === 'escalate') {
      const out = escalationMessage(content, step, today, noChat);
      items.push({ key: step.key, status: 'queued', sends: officeTargets(deps).map((chat) => ({ chat, out })) });
      sent++;
      continue;
    }
    const chats = reachableChats(deps, step.unit);
    if (chats.length === 0) {
      items.push({ key: step.key, status: 'no-chat', sends: [] });
      const k = reminderKey(step.deadline.id, step.occurrence, content.org.officeUnit, `nochat:${step.step}`);
      const entry = unreachable.get(k) ?? { step, units: [] };
      entry.units.push(step.unit);
      unreachable.set(k, entry);
      continue;
    }
    const out = reminderMessage(content, { ...step, status: step.received ? 'nhan' : 'chua' }, today);
    items.push({ key: step.key, status: 'queued', sends: chats.map((chat) => ({ chat, out })) });
    sent++;
  }
  for (const [key, { step, units }] of unreachable) {
    const out = noChatMessage(content, step.deadline, step.occurrence, today, units);
    items.push({ key, status: 'queued', sends: officeTargets(deps, true).map((chat) => ({ chat, out })) });
  }
  await store.queueReminders(items);
  const unreached = [...unreachable.values()].reduce((n, e) => n + e.units.length, 0);
  if (items.length) deps.logger.info(`reminders at ${now.toISOString()}: ${sent} queued, ${skipped} skipped as stale, ${unreached} without a chat`);
  return { sent, skipped, noChat: unreached };
}

/** Digest window: open deadlines due within this many days either way of today. */
export const DIGEST_WINDOW_DAYS = 30;

/** Open deadlines for the digest (see {@link openWork}) due within the window, with the units still missing. */
export function openItems(deps: Pick<JobDeps, 'store' | 'catalog' | 'content'>, today: Day): DigestItem[] {
  return openWork({ store: deps.store, today, catalog: deps.catalog() })
    .filter(({ deadline: d, occurrence }) => !(d.announcement && !d.announcement.hasDue) && Math.abs(daysBetween(today, occurrence)) <= DIGEST_WINDOW_DAYS)
    .map(({ deadline, occurrence, units }) => ({ deadline, occurrence, missing: units.filter((u) => u.status !== 'xong') }));
}

async function queueDigest(deps: JobDeps, now: Date): Promise<void> {
  const today = dayOf(now, deps.content.org.timezone);
  const out = digestMessage(deps.content, openItems(deps, today), today, unitsWithoutChat(deps));
  await deps.store.queueReminders([{ key: `digest@${today}`, status: 'queued', sends: officeTargets(deps, true).map((chat) => ({ chat, out })) }]);
}

async function queueSlogan(deps: JobDeps, now: Date): Promise<void> {
  const today = dayOf(now, deps.content.org.timezone);
  const slogan = sloganOfDay(deps.content.slogans, today);
  const chats = deps.store.sloganChats().filter((c) => !deps.channels || deps.channels.includes(c.channel));
  if (!slogan || chats.length === 0) return;
  const out = sloganMessage(slogan, today, deps.content.slogans.length);
  await deps.store.queueReminders([{ key: `slogan@${today}`, status: 'queued', sends: chats.map((chat) => ({ chat, out })) }]);
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
