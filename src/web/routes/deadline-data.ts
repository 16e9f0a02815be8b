/**
 * What the Hạn routes share: finding the occurrence an address names (an earlier day of a moved
 * occurrence leads to where it is now) and gathering what its page shows: the units' states,
 * the names of the chats, the reminder history and the state of the action forms.
 */
import { randomBytes } from 'node:crypto';
import { catalogOf } from '../../core/catalog.js';
import { openBook, type ConfirmationBook } from '../../core/confirmation-book.js';
import type { Clock } from '../../core/clock.js';
import type { ContentEditor } from '../../core/content-editor.js';
import type { Content, Deadline } from '../../core/content.js';
import { addDays, dayOf, formatDay, type Day } from '../../core/dates.js';
import type { Logger } from '../../core/dispatcher.js';
import { earlierDays, nextOccurrence, occurrenceNow, previousOccurrence } from '../../core/occurrences.js';
import type { QueuedSend, Stores } from '../../core/ports.js';
import { mergedTable } from '../../core/merged.js';
import { truncate } from '../../core/text.js';
import { REMIND_NOW_STEP, stillOpen } from '../../scheduler/remind-now.js';
import { deadlinePath, type DeadlineView } from '../pages/deadline-page.js';
import { REMIND_GAP_MINUTES, type ActionProblem } from '../pages/deadline-forms.js';
import { historyOf } from '../pages/deadline-history.js';

export interface DeadlineRouteDeps {
  content: Content;
  stores: Pick<Stores, 'confirmations' | 'audit' | 'announcements' | 'atomically' | 'bindings' | 'outbox' | 'submissions'>;
  clock: Clock;
  logger: Logger;
  /** Plan edits (a moved due date), checked and audited. */
  editor: Pick<ContentEditor, 'editPlan'>;
  /** Queues messages through the outbox and starts sending (an empty list: only starts sending). */
  send(sends: readonly QueuedSend[]): Promise<void>;
  /** The channels running (Nhắc ngay skips chats of others). */
  channels?: readonly string[] | undefined;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** An occurrence found, with its confirmations. */
export interface Found {
  d: Deadline;
  occ: Day;
  book: ConfirmationBook;
  today: Day;
}

export type Lookup = Found | { problem: [string, string] } | { moved: { d: Deadline; to: Day } };

/** The deadline and occurrence of an address (the current one when `day` is undefined), with their confirmations. */
export async function findOccurrence(deps: DeadlineRouteDeps, id: string, day: string | undefined): Promise<Lookup> {
  const { content, stores, clock } = deps;
  const today = dayOf(clock.now(), content.org.timezone);
  const d = catalogOf(content, await stores.announcements.announcements()).get(id);
  if (!d) return { problem: ['Không có hạn này', `Không có hạn nào mã ${truncate(id, 40)}.`] };
  if (day !== undefined) {
    const now = DAY.test(day) ? occurrenceNow(d, day) : undefined;
    if (!now) return { problem: ['Không có kỳ này', `Hạn ${d.id} không có kỳ nào vào ngày ${DAY.test(day) ? formatDay(day) : truncate(day, 20)}.`] };
    if (now !== day) return { moved: { d, to: now } };
  }
  const book = await openBook(stores.confirmations, [d], today, day ? [{ deadline: d.id, occurrence: day }] : []);
  return { d, occ: day ?? book.occurrenceFor(d), book, today };
}

/** A fresh one-time nonce for a "Nhắc ngay" form. */
export const newNonce = (): string => randomBytes(12).toString('base64url');
export const NONCE = /^[A-Za-z0-9_-]{16}$/;

/** Everything the page of a found occurrence shows; `notice` and `problem` come from the last action. */
export async function deadlineView(deps: DeadlineRouteDeps, f: Found, extra: { notice?: string | undefined; problem?: ActionProblem | undefined } = {}): Promise<DeadlineView> {
  const { content, stores, clock } = deps;
  const { d, occ, book, today } = f;
  const zone = content.org.timezone;
  const earlier = earlierDays(d, occ);
  const traces = await stores.outbox.reminderTraces([occ, ...earlier].map((occurrence) => ({ deadline: d.id, occurrence })));
  const handIns = await stores.submissions.submissionsOf([{ deadline: d.id, occurrence: occ }]);
  const units = d.assignees.map((code) => ({
    code,
    name: content.unit(code)?.name ?? code,
    status: book.status(d.id, occ, code),
    confirmation: book.confirmation(d.id, occ, code),
  }));
  const chats = new Set<string>();
  for (const u of units) for (const s of [u.confirmation?.received, u.confirmation?.completed]) if (s) chats.add(s.chat);
  for (const t of traces) for (const { row } of t.rows) chats.add(row.chat);
  const names = await stores.bindings.chatNames([...chats]);
  const since = new Date(clock.now().getTime() - REMIND_GAP_MINUTES * 60_000).toISOString();
  const lastRemind = traces
    .filter((t) => t.key.split('#')[2]?.startsWith(REMIND_NOW_STEP) && t.record && t.record.at > since)
    .map((t) => t.record!.at)
    .sort()
    .at(-1);
  const confirmable = occ <= book.latestConfirmable(d);
  return {
    deadline: d,
    occurrence: occ,
    today,
    zone,
    units,
    confirmable,
    names,
    previous: d.recurrence ? previousOccurrence(d, occ) : undefined,
    next: d.recurrence ? nextOccurrence(d, addDays(occ, 1)) : undefined,
    earlier,
    history: historyOf(traces, names, content),
    handIns,
    merged: mergedTable(content, d, occ, handIns, clock.now()),
    notice: extra.notice,
    actions: {
      path: deadlinePath(d.id, occ),
      occurrence: occ,
      zone,
      recurring: d.recurrence !== null,
      open: units.filter((u) => stillOpen(d, u.status)).length,
      nonce: newNonce(),
      lastRemind,
      confirmable,
      movable: !d.announcement,
      problem: extra.problem,
    },
  };
}
