/**
 * The lowdb unit of work. Units are NOT serialized (a unit may run a long import while other
 * chats go on): they share the one in-memory state. So each change made inside a unit registers
 * how to undo it; when the unit's work throws, its changes are undone in reverse order, and
 * changes made meanwhile by other work stay. An undo step only restores what the unit set if it
 * is still there (compare, then restore), so it never clobbers a later change by someone else.
 * If a write ran while the unit was open (another caller's), the unit's half-done state may be
 * on disk: the state is written again so the file matches memory.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** One open unit: its undo steps (in the order the changes were made), and whether it changed anything. */
interface Unit {
  undo: Array<() => void>;
  dirty: boolean;
}

/** What a unit needs from the store's writes. */
export interface UnitWrites {
  /** How many writes have started (taken their snapshot of the data) so far. */
  started(): number;
  /** Writes the current state and waits for it. */
  persist(): Promise<void>;
  /** Called when the state could not be put back on disk after a rollback. */
  onRollbackWriteFailed?(error: unknown): void;
}

export class UnitOfWork {
  private readonly als = new AsyncLocalStorage<Unit>();

  constructor(private readonly writes: UnitWrites) {}

  /** Whether the caller runs inside a unit. */
  get active(): boolean {
    return this.als.getStore() !== undefined;
  }

  /**
   * Inside a unit: notes that it changed something (written once at its end) and returns true.
   * Outside: returns false (the caller writes at once).
   */
  markDirty(): boolean {
    const unit = this.als.getStore();
    if (!unit) return false;
    unit.dirty = true;
    return true;
  }

  /** Registers how to undo a change just made; does nothing outside a unit. */
  onUndo(step: () => void): void {
    this.als.getStore()?.undo.push(step);
  }

  /**
   * Runs `work` as one unit: its changes are written in one write at its end (it resolves once
   * that write is done), or undone when it throws (the error is rethrown). A unit started inside
   * a unit joins the outer one: the outer unit writes or undoes everything.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.als.getStore()) return work();
    const unit: Unit = { undo: [], dirty: false };
    const startedBefore = this.writes.started();
    let result: T;
    try {
      result = await this.als.run(unit, work);
    } catch (error) {
      await this.rollback(unit, startedBefore);
      throw error;
    }
    if (unit.dirty) await this.writes.persist();
    return result;
  }

  private async rollback(unit: Unit, startedBefore: number): Promise<void> {
    for (let i = unit.undo.length - 1; i >= 0; i--) {
      try {
        unit.undo[i]!();
      } catch {
        // an undo step only touches memory; one that cannot apply (state reloaded) is skipped
      }
    }
    const changed = unit.dirty || unit.undo.length > 0;
    unit.undo.length = 0;
    // A write taken while the unit was open may hold its half-done changes: write again.
    if (changed && this.writes.started() !== startedBefore) {
      try {
        await this.writes.persist();
      } catch (error) {
        this.writes.onRollbackWriteFailed?.(error);
      }
    }
  }
}
