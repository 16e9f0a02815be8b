/**
 * Messages a channel could not send for now wait in the store (parked); this resends the due
 * ones at start and every 30 s through the delivery service, which parks them again if they fail
 * again. A parked message sent for an outbox row finishes that row: sent once delivered,
 * undelivered when the platform refuses it for good.
 */
import type { Logger } from '../core/dispatcher.js';
import type { Stores } from '../core/ports.js';
import { parseChatKey } from '../core/types.js';
import type { Delivery } from './delivery.js';

/** How often the due parked messages are resent (ms). */
export const PARKED_RETRY_MS = 30_000;
/** How long a replica holds the parked messages it took (one pass of sends). */
const PARKED_LEASE_MS = 10 * 60_000;

/** What the resender works with. */
export interface ParkedResenderDeps {
  delivery: Pick<Delivery, 'send'>;
  stores: Pick<Stores, 'parking' | 'outbox'>;
  /** The channels whose parked messages this process resends (the running ones). */
  channels: readonly string[];
  /** This process, as the claims name it. */
  owner: string;
  logger: Logger;
  /** Real time (ms): `notBefore` is a real instant. */
  now?: () => number;
  /** How long a claim holds a parked message (10 minutes unless set: replicas use `CLAIM_LEASE_SEC`). */
  leaseMs?: number;
}

/** Resends the due parked messages of the running channels: `run` once, or `start` (now and every 30 s) and `stop`. */
export function parkedResender(deps: ParkedResenderDeps): { run(): Promise<void>; start(): Promise<void>; stop(): void } {
  const { stores, logger } = deps;
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> | undefined;

  async function resend(channel: string): Promise<void> {
    for (const p of await stores.parking.dueParked(channel, new Date(now()), deps.owner, deps.leaseMs ?? PARKED_LEASE_MS)) {
      const chat = parseChatKey(p.chat);
      if (chat) {
        const result = await deps.delivery.send(chat, { text: p.text, buttons: p.buttons, ref: p.ref, outboxId: p.outboxId }, { quiet: true });
        if (result.status === 'sent') {
          // The outbox row it was queued as is delivered now.
          if (p.outboxId) await stores.outbox.finishOutbox(p.outboxId, 'sent', result.messageId);
          logger.info(`${channel} parked message ${p.id} sent`);
        } else if (result.status === 'not-sent' && p.outboxId && result.reason !== 'no-channel' && result.reason !== 'error') {
          await stores.outbox.finishOutbox(p.outboxId, 'undelivered');
        }
      }
      await stores.parking.unpark(p.id);
    }
  }

  async function pass(): Promise<void> {
    try {
      for (const channel of deps.channels) await resend(channel);
    } catch (error) {
      logger.error('resending parked messages failed', error);
    }
  }

  return {
    /** One pass over the due parked messages (a pass already running is joined). */
    run() {
      busy ??= pass().finally(() => (busy = undefined));
      return busy;
    },
    /** Resends what is due now, then every 30 s. */
    async start() {
      await this.run();
      timer = setInterval(() => void this.run(), PARKED_RETRY_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
