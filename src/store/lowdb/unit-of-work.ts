/**
 * The lowdb unit of work. Units are NOT serialized (a unit may run a long import while other
 * chats go on): they share the one in-memory state. So each change made inside a unit registers
 * how to undo it and how to redo it. The redo operations of a unit are held until it ends, then
 * handed to the next write together: they reach the journal in one line (all or none). When the
 * unit's work throws, its changes are undone in reverse order and its redo operations dropped;
 * changes made meanwhile by other work stay. An undo step only restores what the unit set if it
 * is still there (compare, then restore), so it never clobbers a later change by someone else.
 * No write takes a unit's half-done changes (see journal.ts), so a failed unit leaves nothing on disk.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** One open unit: its undo steps and redo operations (in the order the changes were made), and whether it asked for a write. */
interface Unit {
  undo: Array<() => void>;
  redo: string[];
  dirty: boolean;
}

/** What a unit needs from the store's writes. */
export interface UnitWrites {
  /** Hands a finished unit's redo operations to the next write. */
  commit(ops: string[]): void;
  /** Writes what is pending and waits for it. */
  persist(): Promise<void>;
}

export class UnitOfWork {
  private readonly als = new AsyncLocalStorage<Unit>();
  private readonly open = new Set<Unit>();
  /** Undo steps are running: what they change was never written, so it is not recorded. */
  private undoing = false;

  constructor(private readonly writes: UnitWrites) {}

  /** Whether the caller runs inside a unit. */
  get active(): boolean {
    return this.als.getStore() !== undefined;
  }

  /** Whether any unit is open (its half-done changes are in memory). */
  get anyOpen(): boolean {
    return this.open.size > 0;
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
   * Keeps a change's redo operation for the unit's end and returns true; returns false outside a
   * unit (the caller hands it to the next write). An undo step's change is dropped (true).
   */
  record(op: string): boolean {
    if (this.undoing) return true;
    const unit = this.als.getStore();
    if (!unit) return false;
    unit.redo.push(op);
    return true;
  }

  /** The memory was replaced by the state on disk: what open units changed before is gone, so is its redo. */
  discardRedo(): void {
    for (const unit of this.open) unit.redo.length = 0;
  }

  /**
   * Runs `work` as one unit: its changes are written in one write at its end (it resolves once
   * that write is done), or undone when it throws (the error is rethrown). A unit started inside
   * a unit joins the outer one: the outer unit writes or undoes everything.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.als.getStore()) return work();
    const unit: Unit = { undo: [], redo: [], dirty: false };
    this.open.add(unit);
    let result: T;
    try {
      result = await this.als.run(unit, work);
    } catch (error) {
      this.open.delete(unit);
      this.rollback(unit);
      throw error;
    }
    this.open.delete(unit);
    if (unit.redo.length) this.writes.commit(unit.redo);
    if (unit.dirty) await this.writes.persist();
    return result;
  }

  private rollback(unit: Unit): void {
    this.undoing = true;
    try {
      for (let i = unit.undo.length - 1; i >= 0; i--) {
        try {
          unit.undo[i]!();
        } catch {
          // an undo step only touches memory; one that cannot apply (state reloaded) is skipped
        }
      }
    } finally {
      this.undoing = false;
    }
    unit.undo.length = 0;
    unit.redo.length = 0;
  }
}
