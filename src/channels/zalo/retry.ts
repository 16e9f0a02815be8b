/** Paced sends with back-off for the Zalo drivers: transient failures (5xx, network) are retried. */
import type { SendLimits } from '../../config.js';
import type { Logger } from '../../core/dispatcher.js';
import type { SendPacer, Sleep } from '../pacer.js';
import { ZaloError } from './client.js';

const BACKOFF_START_MS = 500;
const BACKOFF_CAP_MS = 30_000;

/** Runs `attempt` after pacing; retries transient errors up to `limits.maxAttempts`; rethrows the rest. */
export async function pacedWithRetry<T>(
  deps: { pacer: SendPacer; limits: SendLimits; logger: Logger; sleep: Sleep },
  chat: string,
  isGroup: boolean,
  attempt: () => Promise<T>,
): Promise<T> {
  let backoff = BACKOFF_START_MS;
  for (let tries = 1; ; tries++) {
    await deps.pacer.acquire(chat, isGroup);
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ZaloError) || !error.transient || tries >= deps.limits.maxAttempts) throw error;
      deps.logger.warn(`zalo send to ${chat} failed (${error.message}); retry in ${backoff} ms`);
      await deps.sleep(backoff);
      backoff = Math.min(backoff * 2, BACKOFF_CAP_MS);
    }
  }
}
