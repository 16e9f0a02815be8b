/**
 * The store's writes: coalesced (every change of one event-loop turn goes in one write: one fsync,
 * one journal line), one at a time, and rolled back when they fail. A change is made
 * in memory first, then waits for the write that holds it: if that write fails, the data goes
 * back to the last state on disk, and the change (with any queued behind it, made on top of it)
 * is refused with the write's {@link StoreWriteError}. Listeners hear of a failure once per outage.
 */
import { StoreWriteError } from './errors.js';

/** Changes waiting for one write; `cancelled` when a failed write rolled them back before it ran. */
interface Batch {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
  cancelled: boolean;
}

function newBatch(): Batch {
  const batch = { cancelled: false } as Batch;
  batch.promise = new Promise<void>((resolve, reject) => {
    batch.resolve = resolve;
    batch.reject = reject;
  });
  return batch;
}

function callSafely(fn: () => void): void {
  try {
    fn();
  } catch {
    // a listener's failure is not the store's
  }
}

export interface WriteTarget {
  file: string;
  /** Writes the current data (throws a StoreWriteError when it cannot). */
  write(): Promise<void>;
  /** Puts the data back to the last state on disk. */
  rollback(): void;
  /** How many writes really reached the disk (a write that changed nothing does not count). */
  writes(): number;
}

export class WriteQueue {
  /** Changes made since the last write started, waiting for the next one. */
  private queued: Batch | undefined;
  /** Writes, one after another. */
  private chain: Promise<void> = Promise.resolve();
  private readonly failureListeners: Array<(error: StoreWriteError) => void> = [];
  private readonly recoveryListeners: Array<() => void> = [];
  /** Writes are failing: listeners were told, and are told again only after a write succeeded. */
  private failing = false;

  constructor(private readonly target: WriteTarget) {}

  /**
   * Resolves when a write that includes the caller's change (made just before) is on disk;
   * rejects with a {@link StoreWriteError} when it could not be written and was rolled back.
   */
  persist(): Promise<void> {
    if (this.queued) return this.queued.promise;
    const batch = newBatch();
    this.queued = batch;
    this.chain = this.chain.then(() => new Promise<void>((r) => setImmediate(r))).then(() => this.write(batch));
    return batch.promise;
  }

  onFailure(listener: (error: StoreWriteError) => void): void {
    this.failureListeners.push(listener);
  }

  onRecovered(listener: () => void): void {
    this.recoveryListeners.push(listener);
  }

  private async write(batch: Batch): Promise<void> {
    if (batch.cancelled) return;
    if (this.queued === batch) this.queued = undefined;
    const before = this.target.writes();
    try {
      await this.target.write();
    } catch (error) {
      const failure =
        error instanceof StoreWriteError ? error : new StoreWriteError(this.target.file, 'lỗi khi ghi', 'EUNKNOWN', false, (error as Error)?.message ?? String(error));
      // Everything not on disk goes: this write's changes, and those queued behind it.
      this.target.rollback();
      batch.reject(failure);
      const next = this.queued;
      if (next) {
        next.cancelled = true;
        this.queued = undefined;
        next.reject(failure);
      }
      if (!this.failing) {
        this.failing = true;
        for (const listener of this.failureListeners) callSafely(() => listener(failure));
      }
      return;
    }
    batch.resolve();
    if (this.failing && this.target.writes() > before) {
      this.failing = false;
      for (const listener of this.recoveryListeners) callSafely(listener);
    }
  }
}
