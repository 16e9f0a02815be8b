/**
 * The reminder job's two halves: planning what is due at `now` (the pure planner over state
 * fetched at once: the statuses of the occurrences it looks at, which of its keys are recorded)
 * and queueing the messages of the due steps with their keys, in one store write.
 */
import { reachable, reachableChatsOf } from '../core/reach.js';
import { bookOf } from '../core/confirmation-book.js';
import { dayOf } from '../core/dates.js';
import type { QueuedReminder } from '../core/ports.js';
import { chatKey, type ChatRef } from '../core/types.js';
import type { JobDeps } from './deps.js';
import { escalationMessage, noChatMessage, reminderMessage } from './messages.js';
import { planReminders, plannerNeeds, reminderKey, type PlannedStep } from './planner.js';

/** The chats of each unit of the organisation that a running channel can reach. */
export async function reachableChats(deps: Pick<JobDeps, 'content' | 'stores' | 'channels'>): Promise<Map<string, ChatRef[]>> {
  const units = deps.content.org.units.map((u) => u.code);
  const chatsOf = reachableChatsOf(deps.stores.bindings, deps.channels);
  const lists = await Promise.all(units.map(chatsOf));
  return new Map(units.map((u, i) => [u, lists[i]!]));
}

/** The reminder steps due at `now` (nothing is written). */
export async function planAt(deps: Pick<JobDeps, 'content' | 'stores' | 'catalog'>, now: Date): Promise<PlannedStep[]> {
  const { content } = deps;
  const input = {
    deadlines: (await deps.catalog()).all(),
    schedule: content.org.schedule,
    zone: content.org.timezone,
    officeUnit: content.org.officeUnit,
    now,
  };
  const needs = plannerNeeds(input);
  const [found, recorded] = await Promise.all([deps.stores.confirmations.confirmationsOf(needs.occurrences), deps.stores.outbox.recordedReminders(needs.keys)]);
  const book = bookOf(found, new Set(needs.occurrences.map((k) => `${k.deadline}@${k.occurrence}`)), dayOf(now, input.zone));
  return planReminders({ ...input, state: { status: book.status, recorded: (key) => recorded.has(key) } });
}

/** Office chats and admins, without repeats; `fallbackOnly`: admins only when the office has no chat. */
export function officeTargets(deps: Pick<JobDeps, 'content' | 'adminChats' | 'channels'>, chats: ReadonlyMap<string, ChatRef[]>, fallbackOnly = false): ChatRef[] {
  const office = chats.get(deps.content.org.officeUnit) ?? [];
  const admins = deps.adminChats.filter(reachable(deps.channels));
  const list = fallbackOnly && office.length ? office : [...office, ...admins];
  const seen = new Set<string>();
  return list.filter((c) => !seen.has(chatKey(c)) && seen.add(chatKey(c)));
}

/** Units no running channel reaches. */
export function unitsWithoutChat(chats: ReadonlyMap<string, ChatRef[]>): Set<string> {
  return new Set([...chats].filter(([, list]) => list.length === 0).map(([unit]) => unit));
}

/**
 * Queues the messages of the reminder steps due at `now` (planned here unless the caller
 * already has them). Returns what was queued.
 */
export async function queueReminders(deps: JobDeps, now: Date, planned?: PlannedStep[]): Promise<{ sent: number; skipped: number; noChat: number }> {
  const { content } = deps;
  const today = dayOf(now, content.org.timezone);
  const [steps, chats] = await Promise.all([planned ?? planAt(deps, now), reachableChats(deps)]);
  const noChat = unitsWithoutChat(chats);
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
      items.push({ key: step.key, status: 'queued', sends: officeTargets(deps, chats).map((chat) => ({ chat, out })) });
      sent++;
      continue;
    }
    const targets = chats.get(step.unit) ?? [];
    if (targets.length === 0) {
      items.push({ key: step.key, status: 'no-chat', sends: [] });
      const k = reminderKey(step.deadline.id, step.occurrence, content.org.officeUnit, `nochat:${step.step}`);
      const entry = unreachable.get(k) ?? { step, units: [] };
      entry.units.push(step.unit);
      unreachable.set(k, entry);
      continue;
    }
    const out = reminderMessage(content, { ...step, status: step.received ? 'nhan' : 'chua' }, today);
    items.push({ key: step.key, status: 'queued', sends: targets.map((chat) => ({ chat, out })) });
    sent++;
  }
  for (const [key, { step, units }] of unreachable) {
    const out = noChatMessage(content, step.deadline, step.occurrence, today, units);
    items.push({ key, status: 'queued', sends: officeTargets(deps, chats, true).map((chat) => ({ chat, out })) });
  }
  await deps.stores.outbox.queueReminders(items);
  const unreached = [...unreachable.values()].reduce((n, e) => n + e.units.length, 0);
  if (items.length) deps.logger.info(`reminders at ${now.toISOString()}: ${sent} queued, ${skipped} skipped as stale, ${unreached} without a chat`);
  return { sent, skipped, noChat: unreached };
}
