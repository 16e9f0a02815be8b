/**
 * The outbox dispatcher: claims pending rows (each chat's oldest, so each chat's order holds,
 * also across replicas) and hands them to the delivery service, which sends them through the
 * channels (which pace and retry) and writes how each ended. A row stays pending until its send
 * succeeded and that was written, so a restart (or another replica, once the claim's lease ends)
 * resumes it: at-least-once, and only a crash between the platform's success and our write can
 * repeat one message.
 */
import type { Logger } from '../core/dispatcher.js';
import type { OutboxPort } from '../core/ports.js';
import type { OutboxRow } from '../core/records.js';
import type { Delivery } from '../delivery/delivery.js';

/** Rows in flight at once (each waits for its channel's pacing). */
const MAX_IN_FLIGHT = 500;
/** How long a claim holds a row: longer than any one send with its retries and waits. */
export const OUTBOX_LEASE_MS = 10 * 60_000;

/** The dispatcher of one process. */
export interface Outbox {
  /** Sends every pending row of the running channels (rows of other channels stay pending). */
  dispatch(): Promise<{ sent: number; undelivered: number }>;
  /** Starts a dispatch soon, without waiting for it. */
  kick(): void;
  /** Waits for the sends in flight. */
  idle(): Promise<void>;
}

/** What the dispatcher works with. */
export interface OutboxDeps {
  outbox: Pick<OutboxPort, 'claimOutbox' | 'renewClaims'>;
  delivery: Pick<Delivery, 'deliverRow' | 'retryUnrecorded'>;
  /** The running channels: only their rows are claimed. */
  channels: readonly string[];
  /** This process, as the claims name it. */
  owner: string;
  logger: Logger;
  /** How long a claim holds a row ({@link OUTBOX_LEASE_MS} unless set: replicas use `CLAIM_LEASE_SEC`). */
  leaseMs?: number;
}

/** One dispatcher per process: concurrent `dispatch` calls share one pump that claims until nothing is left. */
export function createOutbox(deps: OutboxDeps): Outbox {
  const { logger } = deps;
  const inFlight = new Map<string, Promise<'sent' | 'undelivered'>>();
  let pump: Promise<{ sent: number; undelivered: number }> | undefined;
  /** Set when more may have been queued while a pump runs: it claims again before it ends. */
  let again = false;
  /** Wakes a pump waiting for its rows in flight: new rows were queued, claim them now. */
  let wake: () => void = () => undefined;
  const leaseMs = deps.leaseMs ?? OUTBOX_LEASE_MS;
  /** Renews the claims of the rows in flight every third of a lease, while there are any. */
  let renewer: NodeJS.Timeout | undefined;
  function renewing(): void {
    if (renewer) return;
    renewer = setInterval(() => {
      if (inFlight.size === 0) {
        clearInterval(renewer);
        renewer = undefined;
        return;
      }
      deps.outbox.renewClaims(deps.owner, [...inFlight.keys()], leaseMs).catch((error: unknown) => logger.warn(`renewing outbox claims failed: ${(error as Error).message}`));
    }, Math.max(100, leaseMs / 3));
    renewer.unref();
  }

  function start(row: OutboxRow, counts: { sent: number; undelivered: number }): void {
    const run = deps.delivery
      .deliverRow(row)
      .catch((error: unknown) => {
        logger.error(`outbox ${row.id} to ${row.chat} failed`, error);
        return 'undelivered' as const;
      })
      .then((r) => {
        counts[r]++;
        return r;
      })
      .finally(() => inFlight.delete(row.id));
    inFlight.set(row.id, run);
    renewing();
  }

  /** Claims and sends until nothing is left to claim and nothing is in flight. */
  async function drain(): Promise<{ sent: number; undelivered: number }> {
    const counts = { sent: 0, undelivered: 0 };
    try {
      await deps.delivery.retryUnrecorded();
      for (;;) {
        again = false;
        const room = MAX_IN_FLIGHT - inFlight.size;
        const rows = room > 0 && deps.channels.length ? await deps.outbox.claimOutbox(deps.owner, deps.channels, room, leaseMs) : [];
        // A row still in flight here (its claim ran out) is not sent twice by this process.
        for (const row of rows) if (!inFlight.has(row.id)) start(row, counts);
        if (inFlight.size === 0 && !again) {
          // Ended in the same step as the last check, so a dispatch asked for after it starts a new pump.
          pump = undefined;
          return counts;
        }
        // Each row that ends frees its chat, and new rows may wait: claim again then.
        if (!again && inFlight.size) await Promise.race([...inFlight.values(), new Promise<void>((resolve) => (wake = resolve))]);
      }
    } catch (error) {
      pump = undefined;
      throw error;
    }
  }

  function dispatch(): Promise<{ sent: number; undelivered: number }> {
    again = true;
    wake();
    pump ??= drain();
    return pump;
  }

  return {
    dispatch,
    kick() {
      setImmediate(() => {
        dispatch().catch((error: unknown) => logger.error('outbox dispatch failed', error));
      });
    },
    async idle() {
      await pump?.catch(() => undefined);
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
