/**
 * The confirmations a piece of work will look at, fetched in ONE port call and then looked up
 * synchronously: /deadline tatca, /tiendo, the planner, the digest and the views each ask about
 * many units of many deadlines, and a store round trip per unit would be slow (PostgreSQL) or
 * pointless (lowdb). A lookup of an occurrence that was not fetched is a bug and throws, so a
 * missing prefetch cannot pass for "not confirmed".
 */
import type { Deadline } from './content.js';
import type { Day } from './dates.js';
import { currentOccurrence, nextOccurrence, previousOccurrence } from './occurrences.js';
import type { ConfirmationPort, OccurrenceKey } from './ports.js';
import type { Confirmation } from './records.js';

/** Where a unit stands on one deadline occurrence: completed, received, or nothing yet. */
export type UnitStatus = 'xong' | 'nhan' | 'chua';

/** Confirmations fetched at once, looked up synchronously (see the module's comment). */
export interface ConfirmationBook {
  /** A unit's confirmation of one occurrence, if any. */
  confirmation(deadline: string, occurrence: Day, unit: string): Confirmation | undefined;
  /** Every confirmation of one occurrence (any unit). */
  confirmationsOf(deadline: string, occurrence: Day): Confirmation[];
  status(deadline: string, occurrence: Day, unit: string): UnitStatus;
  /** Whether every responsible unit has completed one occurrence. */
  settled(d: Deadline, occurrence: Day): boolean;
  /** The occurrence a confirmation or progress question is about (see {@link currentOccurrence}). */
  occurrenceFor(d: Deadline): Day;
  /**
   * The latest occurrence a unit may confirm today: the current one, or the next one when it is
   * later (a reminder before the next report). Later periods cannot be confirmed in advance.
   */
  latestConfirmable(d: Deadline): Day;
}

/**
 * The occurrences {@link ConfirmationBook.occurrenceFor} and `latestConfirmable` may look at:
 * a one-off deadline's date; else the previous and the next occurrence (today when neither exists).
 */
export function candidateOccurrences(d: Deadline, today: Day): Day[] {
  if (d.due) return [d.due];
  const found = [previousOccurrence(d, today), nextOccurrence(d, today)].filter((x): x is Day => x !== undefined);
  return found.length ? found : [today];
}

const keyOf = (deadline: string, occurrence: string) => `${deadline}@${occurrence}`;

/** The rules over units' statuses: settled, the current occurrence, the latest one confirmable. */
export type StatusBook = Pick<ConfirmationBook, 'status' | 'settled' | 'occurrenceFor' | 'latestConfirmable'>;

/** The keys of the candidate occurrences of `deadlines` (see {@link candidateOccurrences}) and of `extra`. */
function keysToFetch(deadlines: readonly Deadline[], today: Day, extra: readonly OccurrenceKey[]): Map<string, OccurrenceKey> {
  const keys = new Map<string, OccurrenceKey>();
  for (const d of deadlines) for (const occurrence of candidateOccurrences(d, today)) keys.set(keyOf(d.id, occurrence), { deadline: d.id, occurrence });
  for (const k of extra) keys.set(keyOf(k.deadline, k.occurrence), k);
  return keys;
}

/**
 * Fetches the confirmations of the candidate occurrences of `deadlines` (see
 * {@link candidateOccurrences}) and of the `extra` occurrences, in one call.
 */
export async function openBook(
  port: Pick<ConfirmationPort, 'confirmationsOf'>,
  deadlines: readonly Deadline[],
  today: Day,
  extra: readonly OccurrenceKey[] = [],
): Promise<ConfirmationBook> {
  const keys = keysToFetch(deadlines, today, extra);
  const found = keys.size ? await port.confirmationsOf([...keys.values()]) : [];
  return bookOf(found, new Set(keys.keys()), today);
}

/**
 * The same book without the stamps (who, when, which chat), from {@link ConfirmationPort.statusesOf}:
 * for views of many occurrences that only ask where units stand (the web overview reads 200
 * short rows instead of 100,000 confirmations).
 */
export async function openStatusBook(
  port: Pick<ConfirmationPort, 'statusesOf'>,
  deadlines: readonly Deadline[],
  today: Day,
  extra: readonly OccurrenceKey[] = [],
): Promise<StatusBook> {
  const keys = keysToFetch(deadlines, today, extra);
  const found = keys.size ? await port.statusesOf([...keys.values()]) : [];
  const byOccurrence = new Map<string, Map<string, UnitStatus>>();
  for (const o of found) {
    const units = new Map<string, UnitStatus>();
    for (const unit of o.received) units.set(unit, 'nhan');
    for (const unit of o.completed) units.set(unit, 'xong');
    byOccurrence.set(keyOf(o.deadline, o.occurrence), units);
  }
  const units = lookup(byOccurrence, new Set(keys.keys()));
  return rulesOf((deadline, occurrence, unit) => units(deadline, occurrence)?.get(unit) ?? 'chua', today);
}

/**
 * An occurrence's units, by `deadline@occurrence`; throws for one that was not fetched. The last
 * occurrence asked is kept: callers ask about every unit of one occurrence in turn.
 */
function lookup<T>(byOccurrence: ReadonlyMap<string, Map<string, T>>, fetched: ReadonlySet<string>): (deadline: string, occurrence: Day) => Map<string, T> | undefined {
  let last: { deadline: string; occurrence: Day; units: Map<string, T> | undefined } | undefined;
  return (deadline, occurrence) => {
    if (last?.deadline === deadline && last.occurrence === occurrence) return last.units;
    const key = keyOf(deadline, occurrence);
    if (!fetched.has(key)) throw new Error(`confirmation book: ${key} was not fetched`);
    last = { deadline, occurrence, units: byOccurrence.get(key) };
    return last.units;
  };
}

/** The rules of a {@link StatusBook} over a unit's status. */
function rulesOf(status: StatusBook['status'], today: Day): StatusBook {
  const settled = (d: Deadline, occurrence: Day) => d.assignees.every((u) => status(d.id, occurrence, u) === 'xong');
  const occurrenceFor = (d: Deadline) => currentOccurrence(d, today, (occ) => settled(d, occ));
  return {
    status,
    settled,
    occurrenceFor,
    latestConfirmable(d) {
      const current = occurrenceFor(d);
      const next = nextOccurrence(d, today);
      return next && next > current ? next : current;
    },
  };
}

/** A book over confirmations already fetched for the occurrences `fetched` (`deadline@occurrence`). */
export function bookOf(found: readonly Confirmation[], fetched: ReadonlySet<string>, today: Day): ConfirmationBook {
  const byOccurrence = new Map<string, Map<string, Confirmation>>();
  for (const c of found) {
    const key = keyOf(c.deadline, c.occurrence);
    let units = byOccurrence.get(key);
    if (!units) byOccurrence.set(key, (units = new Map()));
    units.set(c.unit, c);
  }
  const units = lookup(byOccurrence, fetched);
  const confirmation = (deadline: string, occurrence: Day, unit: string) => units(deadline, occurrence)?.get(unit);
  return {
    ...rulesOf((deadline, occurrence, unit) => {
      const c = confirmation(deadline, occurrence, unit);
      return c?.completed ? 'xong' : c ? 'nhan' : 'chua';
    }, today),
    confirmation,
    confirmationsOf: (deadline, occurrence) => [...(units(deadline, occurrence)?.values() ?? [])],
  };
}
