/**
 * Confirmations, indexed by deadline occurrence then unit: a confirmation, the planner and the
 * digest look up the occurrences they need and never scan the list (at 100k confirmations a scan
 * per unit made the 08:00 planning take seconds). The list in the file stays the record.
 */
import type { ConfirmationPort, OccurrenceCompletions, OccurrenceKey, OccurrenceStatuses } from '../../core/ports.js';
import type { Confirmation, ConfirmInput, ConfirmResult } from '../../core/records.js';
import { chatKey } from '../../core/types.js';
import type { LowdbFile } from './file.js';

const occurrenceKey = (deadline: string, occurrence: string) => `${deadline}@${occurrence}`;

export class LowdbConfirmations {
  /** `deadline@occurrence` → unit → its confirmation. */
  private byOccurrence = new Map<string, Map<string, Confirmation>>();

  constructor(private readonly file: LowdbFile) {
    this.rebuild();
    file.onReload(() => this.rebuild());
  }

  private rebuild(): void {
    this.byOccurrence = new Map();
    for (const c of this.file.data.confirmations) this.index(c);
  }

  private index(c: Confirmation): void {
    const key = occurrenceKey(c.deadline, c.occurrence);
    let units = this.byOccurrence.get(key);
    if (!units) this.byOccurrence.set(key, (units = new Map()));
    units.set(c.unit, c);
  }

  private unindex(c: Confirmation): void {
    const key = occurrenceKey(c.deadline, c.occurrence);
    const units = this.byOccurrence.get(key);
    if (units?.get(c.unit) !== c) return;
    units.delete(c.unit);
    if (units.size === 0) this.byOccurrence.delete(key);
  }

  /** How many confirmations are held. */
  get size(): number {
    return this.file.data.confirmations.length;
  }

  confirmationOf(deadline: string, occurrence: string, unit: string): Confirmation | undefined {
    return this.byOccurrence.get(occurrenceKey(deadline, occurrence))?.get(unit);
  }

  confirmationsOf(deadline: string, occurrence: string): Confirmation[] {
    return [...(this.byOccurrence.get(occurrenceKey(deadline, occurrence))?.values() ?? [])];
  }

  /** Who completed and who only received one occurrence, read off the index; undefined without confirmations. */
  statusesOf(deadline: string, occurrence: string): OccurrenceStatuses | undefined {
    const units = this.byOccurrence.get(occurrenceKey(deadline, occurrence));
    if (!units) return undefined;
    const out: OccurrenceStatuses = { deadline, occurrence, completed: [], received: [] };
    for (const [unit, c] of units) (c.completed ? out.completed : out.received).push(unit);
    return out;
  }

  /** When each unit completed one occurrence, read off the index; undefined when nobody did. */
  completionsOf(deadline: string, occurrence: string): OccurrenceCompletions | undefined {
    const out: OccurrenceCompletions = { deadline, occurrence, units: [], at: [] };
    for (const [unit, c] of this.byOccurrence.get(occurrenceKey(deadline, occurrence)) ?? []) {
      if (!c.completed) continue;
      out.units.push(unit);
      out.at.push(c.completed.at);
    }
    return out.units.length ? out : undefined;
  }

  /**
   * Records that a unit received (`nhan`) or completed (`xong`) one deadline occurrence.
   * Completing implies receiving. Repeating a confirmation changes nothing.
   */
  async confirm(input: ConfirmInput): Promise<ConfirmResult> {
    const stamp = { at: this.file.nowIso(), by: { id: input.user.id, name: input.user.name }, chat: chatKey(input.chat) };
    const existing = this.confirmationOf(input.deadline, input.occurrence, input.unit);
    if (existing) {
      if (input.kind === 'nhan' || existing.completed) return { outcome: 'unchanged', confirmation: existing };
      this.file.setField('confirmations', existing, 'completed', stamp);
      await this.file.persist();
      return { outcome: 'upgraded', confirmation: existing };
    }
    const confirmation: Confirmation = {
      deadline: input.deadline,
      occurrence: input.occurrence,
      unit: input.unit,
      received: stamp,
      ...(input.kind === 'xong' ? { completed: stamp } : {}),
    };
    this.file.pushItem('confirmations', confirmation, () => this.unindex(confirmation));
    this.index(confirmation);
    await this.file.persist();
    return { outcome: 'new', confirmation };
  }

  /** Removes a unit's confirmation of an occurrence (journalled as a drop; undone inside a failed unit). */
  async undo(deadline: string, occurrence: string, unit: string): Promise<Confirmation | undefined> {
    const existing = this.confirmationOf(deadline, occurrence, unit);
    if (!existing) return undefined;
    const list = this.file.data.confirmations;
    const i = list.indexOf(existing);
    if (i >= 0) list.splice(i, 1);
    this.unindex(existing);
    this.file.dropped('confirmations', [existing]);
    this.file.onUndo(() => {
      const now = this.file.data.confirmations;
      if (now.includes(existing) || this.confirmationOf(deadline, occurrence, unit)) return;
      now.splice(Math.min(i, now.length), 0, existing);
      this.index(existing);
    });
    await this.file.persist();
    return existing;
  }

  /**
   * Moves the confirmations of one occurrence to the day `to`: dropped and added again under
   * their new key (journalled as a drop and pushes; undone inside a failed unit). One pass over the list.
   */
  async move(deadline: string, from: string, to: string): Promise<number> {
    const moving = this.confirmationsOf(deadline, from);
    if (moving.length === 0) return 0;
    const gone = new Set(moving);
    const list = this.file.data.confirmations;
    let kept = 0;
    for (const c of list) if (!gone.has(c)) list[kept++] = c;
    list.length = kept;
    for (const c of moving) this.unindex(c);
    this.file.dropped('confirmations', moving);
    // Registered before the pushes, so it runs after their undo steps took the copies out.
    this.file.onUndo(() => {
      const now = this.file.data.confirmations;
      for (const c of moving) {
        if (now.includes(c) || this.confirmationOf(deadline, from, c.unit)) continue;
        now.push(c);
        this.index(c);
      }
    });
    for (const c of moving) {
      const copy: Confirmation = { ...c, occurrence: to };
      this.file.pushItem('confirmations', copy, () => this.unindex(copy));
      this.index(copy);
    }
    await this.file.persist();
    return moving.length;
  }

  /** Moves the chat of the stamps of chat `a` to `b` (a rare, whole-list change; no write). */
  moveChat(a: string, b: string): void {
    this.file.rechat('confirmations', ['received', 'chat'], a, b);
    this.file.rechat('confirmations', ['completed', 'chat'], a, b);
  }
}

/** `read` of each occurrence asked once, those it found. */
function perOccurrence<T>(occurrences: readonly OccurrenceKey[], read: (deadline: string, occurrence: string) => T | undefined): T[] {
  const found = new Map<string, T>();
  for (const { deadline, occurrence } of occurrences) {
    const key = occurrenceKey(deadline, occurrence);
    const value = found.has(key) ? undefined : read(deadline, occurrence);
    if (value !== undefined) found.set(key, value);
  }
  return [...found.values()];
}

/** The confirmation port over {@link LowdbConfirmations}: one lookup per occurrence asked. */
export function confirmationPort(c: LowdbConfirmations): ConfirmationPort {
  return {
    async confirmationsOf(occurrences) {
      const seen = new Set<string>();
      return occurrences.flatMap(({ deadline, occurrence }) => {
        const key = occurrenceKey(deadline, occurrence);
        if (seen.has(key)) return [];
        seen.add(key);
        return c.confirmationsOf(deadline, occurrence);
      });
    },
    statusesOf: async (occurrences) => perOccurrence(occurrences, (deadline, occurrence) => c.statusesOf(deadline, occurrence)),
    completionsOf: async (occurrences) => perOccurrence(occurrences, (deadline, occurrence) => c.completionsOf(deadline, occurrence)),
    confirm: (input) => c.confirm(input),
    undoConfirmation: (key) => c.undo(key.deadline, key.occurrence, key.unit),
    moveOccurrence: (deadline, from, to) => c.move(deadline, from, to),
  };
}
