/**
 * When the store does not answer (PostgreSQL down or unreachable), an update cannot be recorded:
 * it must not be lost. A webhook answers 503 so the platform delivers it again; a poller keeps
 * the update and tries again, waiting longer each time, until the store is back or Loa stops.
 */
import type { Logger } from '../core/dispatcher.js';

/** Whether `error` says the store cannot be reached now (named so the channels need not import a store). */
export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof Error && error.name === 'StoreUnavailableError';
}

const FIRST_WAIT_MS = 500;
const LONGEST_WAIT_MS = 10_000;

/** Runs `work` until it does not fail for an unreachable store (other errors are thrown), or `stopping()` says to give up. */
export async function retryWhileUnavailable(work: () => Promise<void>, stopping: () => boolean, logger: Logger, what: string): Promise<void> {
  let wait = FIRST_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      if (attempt > 1) logger.info(`${what}: done once the store answered again`);
      return;
    } catch (error) {
      if (!isStoreUnavailable(error) || stopping()) throw error;
      if (attempt === 1) logger.warn(`${what}: the store does not answer (${(error as Error).message}); trying again`);
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
      wait = Math.min(wait * 2, LONGEST_WAIT_MS);
    }
  }
}
