/**
 * What every lowdb module shares: the data in memory (one lowdb `Low` over {@link SafeFile}), the
 * write queue (coalesced writes, rolled back when they fail) and the unit of work (a failed unit
 * is undone). Modules read `file.data` each time (a failed write replaces it with the last state
 * on disk, after which `onReload` listeners rebuild their indexes) and register an undo step for
 * each change they make (see {@link UnitOfWork}).
 */
import type { Low } from 'lowdb';
import type { Clock } from '../../core/clock.js';
import type { StoreWriteError } from '../errors.js';
import type { SafeFile } from '../safe-file.js';
import type { StoreData } from '../schema.js';
import { WriteQueue } from '../write-queue.js';
import { UnitOfWork } from './unit-of-work.js';

export class LowdbFile {
  private readonly writes: WriteQueue;
  private readonly units: UnitOfWork;
  private readonly reloadListeners: Array<() => void> = [];

  constructor(
    private readonly db: Low<StoreData>,
    adapter: SafeFile<StoreData>,
    readonly clock: Clock,
    /** The database file (absolute). */
    readonly path: string,
  ) {
    this.writes = new WriteQueue({
      file: path,
      write: () => db.write(),
      rollback: () => {
        db.data = adapter.lastGood();
        for (const listener of this.reloadListeners) listener();
      },
      writes: () => adapter.writes,
    });
    const writes = this.writes;
    this.units = new UnitOfWork({ started: () => writes.started, persist: () => writes.persist() });
  }

  get data(): StoreData {
    return this.db.data;
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  /** Calls `listener` after the data was replaced by the last state on disk (rebuild indexes). */
  onReload(listener: () => void): void {
    this.reloadListeners.push(listener);
  }

  /** Once per outage: a write failed. */
  onWriteFailure(listener: (error: StoreWriteError) => void): void {
    this.writes.onFailure(listener);
  }

  /** A write succeeded after a failure. */
  onWriteRecovered(listener: () => void): void {
    this.writes.onRecovered(listener);
  }

  /** See {@link UnitOfWork.run}: one write at the end, or every change undone when `work` throws. */
  atomically<T>(work: () => Promise<T>): Promise<T> {
    return this.units.run(work);
  }

  /**
   * Waits for a write that holds the caller's change (made just before); inside a unit, the change
   * is written once with everything else the unit does. Rejects with a {@link StoreWriteError}
   * (the change rolled back) when it could not be written.
   */
  persist(): Promise<void> {
    if (this.units.markDirty()) return Promise.resolve();
    return this.writes.persist();
  }

  /** Writes the current state and waits for it (also inside a unit). */
  flush(): Promise<void> {
    return this.writes.persist();
  }

  /** Registers how to undo a change just made, when inside a unit (see {@link UnitOfWork}). */
  onUndo(step: () => void): void {
    this.units.onUndo(step);
  }

  // --- changes of plain (not indexed) records, undone compare-then-restore --------------------

  /** Sets `table()[key]`; undone only while it still holds `value`. */
  setKey<T>(table: () => Record<string, T>, key: string, value: T): void {
    const t = table();
    const had = Object.hasOwn(t, key);
    const prev = t[key];
    t[key] = value;
    this.onUndo(() => {
      const now = table();
      if (now[key] !== value) return;
      if (had) now[key] = prev as T;
      else delete now[key];
    });
  }

  /** Deletes `table()[key]`; undone only while nothing took its place. */
  deleteKey<T>(table: () => Record<string, T>, key: string): void {
    const t = table();
    if (!Object.hasOwn(t, key)) return;
    const prev = t[key] as T;
    delete t[key];
    this.onUndo(() => {
      const now = table();
      if (!Object.hasOwn(now, key)) now[key] = prev;
    });
  }

  /** Sets a field of a record; undone only while it still holds `value`. */
  setField<O extends object, K extends keyof O>(obj: O, field: K, value: O[K]): void {
    const had = Object.hasOwn(obj, field);
    const prev = obj[field];
    obj[field] = value;
    this.onUndo(() => {
      if (obj[field] !== value) return;
      if (had) obj[field] = prev;
      else delete (obj as Record<PropertyKey, unknown>)[field];
    });
  }

  /** Appends to `list()`; undone by taking that very item out again. */
  pushItem<T>(list: () => T[], item: T, undone?: () => void): void {
    list().push(item);
    this.onUndo(() => {
      const now = list();
      const i = now.lastIndexOf(item);
      if (i < 0) return;
      now.splice(i, 1);
      undone?.();
    });
  }
}
