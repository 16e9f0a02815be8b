/**
 * "Nhắc ngay": the office reminds, now, the units that have not finished one deadline occurrence,
 * with the very message and buttons of the scheduled reminder. Each unit's reminder is a reminder
 * step of its own (`…#UNIT#now:<nonce>`), recorded with its outbox rows in one write, so it shows
 * in the occurrence's reminder history, and the same press (the same form's nonce) sent twice, or
 * twice at once on two replicas, queues once: the step keys make the second a no-op.
 */
import { reachableChatsOf } from '../core/reach.js';
import { openBook, type UnitStatus } from '../core/confirmation-book.js';
import type { Content, Deadline } from '../core/content.js';
import { dayOf, daysBetween, type Day } from '../core/dates.js';
import type { QueuedReminder, Stores } from '../core/ports.js';
import { reminderMessage } from './messages.js';
import { reminderKey } from './planner.js';

/** The step name of a reminder sent at once (`now:` and the form's one-time nonce). */
export const REMIND_NOW_STEP = 'now:';

/** What reminding now works with. */
export interface RemindNowDeps {
  content: Content;
  stores: Pick<Stores, 'bindings' | 'confirmations' | 'outbox'>;
  /** The channels running (chats of others are not reminded: nothing would send to them). */
  channels?: readonly string[] | undefined;
}

/** What was queued: the units reminded and their chats, the units without a chat; `repeated` when this press was queued before. */
export interface RemindNowResult {
  units: string[];
  chats: number;
  noChat: string[];
  repeated: boolean;
}

/** Whether a unit in `status` still needs reminding: not completed (a notice without a due date: not received). */
export function stillOpen(d: Deadline, status: UnitStatus): boolean {
  const receiptOnly = d.announcement !== undefined && !d.announcement.hasDue;
  return receiptOnly ? status === 'chua' : status !== 'xong';
}

/** The units of one occurrence that still need reminding, in the deadline's order. */
export async function openUnits(deps: RemindNowDeps, d: Deadline, occurrence: Day, today: Day): Promise<Array<{ unit: string; status: UnitStatus }>> {
  const book = await openBook(deps.stores.confirmations, [], today, [{ deadline: d.id, occurrence }]);
  return d.assignees.map((unit) => ({ unit, status: book.status(d.id, occurrence, unit) })).filter((u) => stillOpen(d, u.status));
}

/**
 * The reminder steps of one press, without writing them: one per open unit, with the scheduled
 * reminder's message to each chat of the unit, or `no-chat` when it has none.
 */
export async function remindNowSteps(deps: RemindNowDeps, d: Deadline, occurrence: Day, now: Date, nonce: string): Promise<QueuedReminder[]> {
  const today = dayOf(now, deps.content.org.timezone);
  const open = await openUnits(deps, d, occurrence, today);
  const chatsOf = reachableChatsOf(deps.stores.bindings, deps.channels);
  const chats = await Promise.all(open.map((u) => chatsOf(u.unit)));
  const daysLeft = daysBetween(today, occurrence);
  return open.map(({ unit, status }, i) => {
    const key = reminderKey(d.id, occurrence, unit, `${REMIND_NOW_STEP}${nonce}`);
    const targets = chats[i]!;
    if (targets.length === 0) return { key, status: 'no-chat', sends: [] };
    const out = reminderMessage(deps.content, { deadline: d, occurrence, unit, daysLeft, status }, today);
    return { key, status: 'queued', sends: targets.map((chat) => ({ chat, out })) };
  });
}

/**
 * Queues one press's reminders (see {@link remindNowSteps}); `record` writes its audit line in the
 * same unit of work, only when this press was not queued before. The caller starts the outbox.
 */
export async function remindNow(
  deps: RemindNowDeps & { stores: Pick<Stores, 'atomically'> },
  d: Deadline,
  occurrence: Day,
  now: Date,
  nonce: string,
  record: (result: RemindNowResult) => Promise<void>,
): Promise<RemindNowResult> {
  const steps = await remindNowSteps(deps, d, occurrence, now, nonce);
  const result: RemindNowResult = {
    units: steps.filter((s) => s.sends.length).map((s) => unitOf(s.key)),
    chats: steps.reduce((n, s) => n + s.sends.length, 0),
    noChat: steps.filter((s) => !s.sends.length).map((s) => unitOf(s.key)),
    repeated: false,
  };
  if (steps.length === 0) return result;
  return deps.stores.atomically(async () => {
    // A press queued before (a reload of the form's answer, a second click after the first ended).
    if ((await deps.stores.outbox.recordedReminders([steps[0]!.key])).size) return { ...result, repeated: true };
    // Two at once: the keys let one queue its rows; the other gets none (PostgreSQL: it waits for the first's keys).
    const rows = await deps.stores.outbox.queueReminders(steps);
    if (result.chats > 0 && rows.length === 0) return { ...result, repeated: true };
    await record(result);
    return result;
  });
}

/** The unit of a reminder key (`deadline@occurrence#unit#step`). */
function unitOf(key: string): string {
  return key.split('#')[1] ?? '';
}
