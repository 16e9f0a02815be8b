/**
 * Messages a channel could not send for now (a long rate limit, repeated 5xx or network
 * errors) wait in the store's `parked` list; this resends them every 30 s and at start,
 * through the channel's own `send` (which parks again if it fails again).
 */
import type { Logger } from '../core/dispatcher.js';
import { parseChatKey, type ChatRef, type Outgoing } from '../core/types.js';
import type { Store } from '../store/store.js';
import type { SendResult } from './types.js';

export const PARKED_RETRY_MS = 30_000;

export function parkedResender(options: {
  store: Store;
  channel: string;
  logger: Logger;
  send(chat: ChatRef, out: Outgoing): Promise<SendResult>;
  now?: () => number;
}) {
  const { store, channel, logger } = options;
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let busy = false;

  async function run(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      for (const p of store.parkedOf(channel)) {
        if (Date.parse(p.notBefore) > now()) continue;
        const chat = parseChatKey(p.chat);
        if (chat) {
          const result = await options.send(chat, { text: p.text, buttons: p.buttons, ref: p.ref, outboxId: p.outboxId });
          if (result.status === 'sent') {
            if (p.ref) await store.rememberMessage(result.chat, result.messageId, p.ref);
            // The outbox row it was queued as is delivered now.
            if (p.outboxId) await store.finishOutbox(p.outboxId, 'sent', result.messageId);
            logger.info(`${channel} parked message ${p.id} sent`);
          }
        }
        await store.unpark(p.id);
      }
    } catch (error) {
      logger.error(`resending parked ${channel} messages failed`, error);
    } finally {
      busy = false;
    }
  }

  return {
    /** Resends what is due now, then every 30 s. */
    async start(): Promise<void> {
      await run();
      timer = setInterval(() => void run(), PARKED_RETRY_MS);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
    },
  };
}
