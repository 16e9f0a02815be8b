/**
 * Sends one message with pacing and retries. 429 waits `retry_after` (up to a cap; a longer
 * wait is `retry-later`, for the delivery service to park); 5xx and network errors back off with
 * a cap, then `retry-later`; 403 is `forbidden` (the delivery service marks the chat inactive); a
 * group that became a supergroup is moved and the message goes to the new id. Every outcome is
 * logged here or acted on by the caller: nothing is dropped silently.
 */
import type { SendLimits } from '../../config.js';
import type { Logger } from '../../core/dispatcher.js';
import type { Outgoing } from '../../core/types.js';
import type { SendPacer, Sleep } from '../pacer.js';
import { classify } from './errors.js';
import { toSendMessage } from './map.js';

export interface SenderDeps {
  /** `sendMessage`; resolves to the new message id. */
  call(chatId: string, payload: ReturnType<typeof toSendMessage>): Promise<number>;
  pacer: SendPacer;
  limits: SendLimits;
  logger: Logger;
  sleep: Sleep;
  /** Whether a chat id is a group (negative ids on Telegram). */
  isGroup(chatId: string): boolean;
  onMigrated(from: string, to: string): Promise<void>;
  now(): number;
}

export type SendOutcome =
  | { status: 'sent'; chatId: string; messageId: string }
  /** Not now: to be sent again from `retryAt` (epoch ms). */
  | { status: 'retry-later'; reason: string; retryAt: number }
  | { status: 'forbidden'; chatId: string; description: string }
  | { status: 'rejected'; description: string };

const BACKOFF_START_MS = 500;
const BACKOFF_CAP_MS = 30_000;

export async function sendWithRetry(deps: SenderDeps, chatId: string, out: Outgoing): Promise<SendOutcome> {
  const payload = toSendMessage(out);
  let target = chatId;
  let backoff = BACKOFF_START_MS;
  let failures = 0;
  for (;;) {
    await deps.pacer.acquire(target, deps.isGroup(target));
    try {
      const messageId = await deps.call(target, payload);
      return { status: 'sent', chatId: target, messageId: String(messageId) };
    } catch (error) {
      const failure = classify(error);
      switch (failure.kind) {
        case 'rate-limited': {
          if (failure.retryAfterSec > deps.limits.maxRetryAfterSec) {
            const reason = `Telegram yêu cầu chờ ${failure.retryAfterSec} giây (429)`;
            return { status: 'retry-later', reason, retryAt: deps.now() + failure.retryAfterSec * 1000 };
          }
          deps.logger.warn(`telegram 429 for chat ${target}: waiting ${failure.retryAfterSec}s`);
          await deps.sleep(failure.retryAfterSec * 1000);
          continue;
        }
        case 'migrated':
          deps.logger.info(`telegram chat ${target} became supergroup ${failure.to}`);
          await deps.onMigrated(target, failure.to);
          target = failure.to;
          continue;
        case 'forbidden':
          deps.logger.warn(`telegram chat ${target} refused the bot (403: ${failure.description})`);
          return { status: 'forbidden', chatId: target, description: failure.description };
        case 'rejected':
          deps.logger.error(`telegram rejected a message to chat ${target}: ${failure.description}`);
          return { status: 'rejected', description: failure.description };
        case 'unauthorized':
        case 'transient': {
          failures += 1;
          const why = failure.kind === 'unauthorized' ? 'token bị từ chối (401)' : failure.description;
          if (failures >= deps.limits.maxAttempts) {
            const reason = `gửi thất bại ${failures} lần: ${why}`;
            return { status: 'retry-later', reason, retryAt: deps.now() + BACKOFF_CAP_MS };
          }
          deps.logger.warn(`telegram send to chat ${target} failed (${why}); retry in ${backoff} ms`);
          await deps.sleep(backoff);
          backoff = Math.min(backoff * 2, BACKOFF_CAP_MS);
          continue;
        }
      }
    }
  }
}
