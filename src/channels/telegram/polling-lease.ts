/**
 * Telegram long polling on one replica at a time (a second poller gets 409): the replica holding
 * the lease polls and renews it; the others wait and take it over when it ends (its replica died)
 * or is let go (it stopped).
 */
import type { Logger } from '../../core/dispatcher.js';

/** A lease held by this process (the store's; see src/store/postgres `createLease`). */
export interface PollingLease {
  /** Takes (or renews) the lease; whether this process holds it now. */
  acquire(): Promise<boolean>;
  /** Extends it; false when another took it meanwhile. */
  renew(): Promise<boolean>;
  release(): Promise<void>;
  /** How long the lease lasts without a renewal (ms). */
  readonly ttlMs: number;
}

/**
 * Keeps polling on this replica while it holds `lease`: `start` begins polling, `halt` ends it.
 * Returns the function that stops the loop (and lets the lease go).
 */
export function pollUnderLease(lease: PollingLease, start: () => void, halt: () => Promise<void>, logger: Logger): () => Promise<void> {
  let stopped = false;
  let polling = false;
  let wakeUp: () => void = () => undefined;
  const pause = () => new Promise<void>((resolve) => {
    wakeUp = resolve;
    setTimeout(resolve, Math.max(200, lease.ttlMs / 3)).unref();
  });
  const loop = (async () => {
    while (!stopped) {
      try {
        const held = polling ? await lease.renew() : await lease.acquire();
        if (held && !polling && !stopped) {
          logger.info('telegram polling: this replica holds the lease and polls');
          polling = true;
          start();
        } else if (!held && polling) {
          logger.warn('telegram polling: the lease was taken by another replica; polling stops here');
          polling = false;
          await halt();
        }
      } catch (error) {
        // The store does not answer: keep polling if polling (the lease still runs), try again later.
        logger.warn(`telegram polling lease: ${(error as Error).message}`);
      }
      await pause();
    }
  })();
  return async () => {
    stopped = true;
    wakeUp();
    await loop;
    if (polling) await halt();
    await lease.release().catch(() => undefined);
  };
}
