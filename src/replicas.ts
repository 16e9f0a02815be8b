/**
 * What a run on PostgreSQL adds so that N identical replicas share the work: the cron fires run
 * on one replica (node-cron's RunCoordinator), the send pace of a bot is shared (Telegram's
 * 30 messages/s are per bot, not per process), long polling runs under a lease, outbox rows of a
 * replica that died are claimed again once their lease ends, and content published on any
 * replica is served by all of them at once. A lowdb run has none of this: it is one process.
 */
import type { RunCoordinator } from 'node-cron';
import type { PollingLease } from './channels/telegram/polling-lease.js';
import type { SendPacer, Sleep } from './channels/pacer.js';
import { contentOf } from './content-files.js';
import type { Content } from './core/content.js';
import type { Logger } from './core/dispatcher.js';
import type { PostgresStores } from './store/postgres/index.js';

/** How often a replica looks for outbox rows it did not queue itself (another replica's, or a dead one's). */
export const OUTBOX_POLL_MS = 1000;
/** How often the content revision is checked besides the notifications (a lost LISTEN connection). */
export const CONTENT_POLL_MS = 1000;
/** The Telegram polling lease: renewed every third of it; a dead poller's lease ends after it. */
export const POLLING_LEASE_MS = 15_000;

/** The replica pieces of a PostgreSQL run. */
export interface Replicas {
  coordinator: RunCoordinator;
  /** The polling lease of one bot (its token's numeric id names it: the token itself is never stored). */
  pollingLease(botKey: string): PollingLease;
  /** `local` pacing, then a slot of the bot's budget shared by every replica. */
  sharedPacer(local: SendPacer, key: string, perSecond: number, sleep: Sleep): SendPacer;
  /** Follows the content and kicks the outbox now and then, until `stop`. */
  start(content: Content, kick: () => void): void;
  stop(): Promise<void>;
}

export function replicasOf(pg: PostgresStores, owner: string, logger: Logger): Replicas {
  const stops: Array<() => Promise<void> | void> = [];
  return {
    coordinator: pg.runCoordinator(owner),
    pollingLease(botKey) {
      const lease = pg.lease(`telegram-polling:${botKey}`);
      return {
        ttlMs: POLLING_LEASE_MS,
        acquire: () => lease.acquire(owner, POLLING_LEASE_MS),
        renew: () => lease.renew(owner, POLLING_LEASE_MS),
        release: () => lease.release(owner),
      };
    },
    sharedPacer(local, key, perSecond, sleep) {
      const budget = pg.sendBudget();
      let warned = false;
      return {
        async acquire(chat, isGroup) {
          await local.acquire(chat, isGroup);
          let wait: number;
          try {
            wait = await budget.acquire(key, perSecond);
            warned = false;
          } catch (error) {
            // The database does not answer: this replica keeps its own pace (the platform's 429 is handled).
            if (!warned) logger.warn(`shared send budget unavailable (${(error as Error).message}): pacing locally`);
            warned = true;
            wait = 1000 / perSecond;
          }
          if (wait > 0) await sleep(Math.ceil(wait));
        },
      };
    },
    start(content, kick) {
      stops.push(followContent(pg, content, logger));
      const tick = setInterval(kick, OUTBOX_POLL_MS);
      tick.unref();
      stops.push(() => clearInterval(tick));
    },
    async stop() {
      for (const stop of stops.splice(0)) await stop();
    },
  };
}

/**
 * Keeps `content` (swapped in place, so every holder sees it) at the database's revision: at
 * once on a notification, and by a check every second in case notifications were lost.
 */
function followContent(pg: PostgresStores, content: Content, logger: Logger): () => Promise<void> {
  let known: string | undefined;
  let loading: Promise<void> | undefined;
  let again = false;
  const reload = (): Promise<void> => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        try {
          const source = await pg.content.load();
          if (source.revision !== known) {
            const first = known === undefined;
            known = source.revision;
            Object.assign(content, contentOf(source));
            if (!first) logger.info(`content revision ${source.revision} loaded (published on a replica)`);
          }
        } catch (error) {
          logger.warn(`content reload failed: ${(error as Error).message}`);
        }
      } while (again);
    })().finally(() => {
      loading = undefined;
    });
    return loading;
  };
  void reload();
  let deaf = false;
  const unwatch = pg.watchContent(
    () => {
      deaf = false;
      void reload();
    },
    (error) => {
      // Once per outage (the listener retries every second); the revision check covers the gap.
      if (!deaf) logger.warn(`content notifications lost: ${(error as Error).message}`);
      deaf = true;
    },
  );
  const poll = setInterval(async () => {
    try {
      if ((await pg.content.revision()) !== known) await reload();
    } catch {
      // reported by the reload once the database answers again
    }
  }, CONTENT_POLL_MS);
  poll.unref();
  return async () => {
    clearInterval(poll);
    await unwatch();
    await loading;
  };
}
