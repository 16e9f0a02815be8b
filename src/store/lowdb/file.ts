/**
 * What every lowdb module shares: the data in memory, the write queue (coalesced writes, rolled
 * back when they fail) and the unit of work (a failed unit is undone). Each change made through
 * {@link Mutations} records its redo operation: outside a unit it waits for the next write, inside
 * one for the unit's end; a write appends the operations waiting to the journal as one line (see
 * journal.ts). Modules read `file.data` each time (a failed write replaces it with the last state
 * on disk, after which `onReload` listeners rebuild their indexes).
 */
import { Low, type Adapter } from 'lowdb';
import type { Clock } from '../../core/clock.js';
import type { StoreWriteError } from '../errors.js';
import type { StoreData } from '../schema.js';
import { WriteQueue } from '../write-queue.js';
import type { Appended, AuditArchive } from './audit-archive.js';
import type { JournalFile } from './journal.js';
import { Mutations } from './mutations.js';
import { UnitOfWork } from './unit-of-work.js';

export class LowdbFile extends Mutations {
  private readonly writes: WriteQueue;
  private readonly units: UnitOfWork;
  private readonly reloadListeners: Array<() => void> = [];
  /** Redo operations of changes not yet written (outside units, and units that ended). */
  private pending: string[] = [];
  /** lowdb's document: the data in memory, written through the journal adapter. */
  private readonly db: Low<StoreData>;

  constructor(
    current: StoreData,
    private readonly journal: JournalFile,
    readonly clock: Clock,
    /** The database file (absolute). */
    readonly path: string,
    /** Where the audit entries the file drops go first. */
    readonly archive: AuditArchive,
    /** Most audit entries the file keeps. */
    readonly auditMax: number,
  ) {
    super();
    // lowdb's adapter over the journal: `Low.write()` hands it the data; the operations waiting
    // since the last write go with it as one journal line (or the file is compacted), after the
    // audit entries they drop were appended to the archive (cut back when the write fails).
    const adapter: Adapter<StoreData> = {
      read: async () => journal.lastGood(),
      write: async (data) => {
        const ops = this.pending;
        this.pending = [];
        let appended: Appended | undefined;
        try {
          await journal.write(ops, data, this.units.anyOpen, async () => {
            appended = await archive.beforeWrite(ops);
          });
        } catch (error) {
          if (appended) await archive.cutBack(appended);
          throw error;
        }
      },
    };
    this.db = new Low<StoreData>(adapter, current);
    this.writes = new WriteQueue({
      file: path,
      write: () => this.db.write(),
      rollback: () => {
        this.db.data = journal.lastGood();
        this.pending = [];
        this.units.discardRedo();
        archive.reset();
        for (const listener of this.reloadListeners) listener();
      },
      writes: () => journal.writes,
    });
    const writes = this.writes;
    this.units = new UnitOfWork({
      commit: (ops) => {
        for (const op of ops) this.pending.push(op);
      },
      persist: () => writes.persist(),
    });
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

  /** Writes what is waiting (a unit still open is written at its end) and waits for it. */
  flush(): Promise<void> {
    return this.writes.persist();
  }

  /** Rewrites the file whole (its journal then removed), with what is waiting; at close. */
  async compact(): Promise<void> {
    this.journal.compactNext = true;
    try {
      await this.writes.persist();
    } finally {
      await this.journal.close();
    }
  }

  onUndo(step: () => void): void {
    this.units.onUndo(step);
  }

  record(op: string): void {
    if (!this.units.record(op)) this.pending.push(op);
  }
}
