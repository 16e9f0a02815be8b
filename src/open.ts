/**
 * Opening what every run needs: the clock, the stores (the lowdb file, the default) and the
 * content through the store's content port. The caller owns what it opened.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commands, validateCommands } from '../commands/index.js';
import type { Config } from './config.js';
import { contentOf } from './content-files.js';
import { fixedClock, systemClock, type Clock } from './core/clock.js';
import type { Content } from './core/content.js';
import { jobsFor } from './scheduler/jobs.js';
import { validateJobs } from './scheduler/timer.js';
import type { Stores } from './core/ports.js';
import { seedLogLines, type SeedReport } from './store/content-seed.js';
import type { StoreWriteError } from './store/errors.js';
import { openLowdbStores } from './store/lowdb/stores.js';
import { openPostgresStores, type PostgresStores } from './store/postgres/index.js';

/** The stores of a run: the ports, and what the one or the other store offers besides. */
export type RunStores = Stores & {
  /** lowdb: once per outage, a write failed (to tell the admins, with the file and the cause). */
  onWriteFailure?(listener: (error: StoreWriteError) => void): void;
  /** PostgreSQL: the replica primitives (coordinator, leases, content notifications). */
  postgres?: PostgresStores;
  /** What the data folder added to the store's content at this open. */
  seeding?: SeedReport;
};

/** The clock of a run: fixed at `BOT_NOW` when it is set, the system's otherwise. */
export function clockFor(config: Config): Clock {
  return config.now ? fixedClock(config.now) : systemClock;
}

/**
 * Opens the stores and the content they serve, checked (commands, plans, schedule): PostgreSQL
 * when `DATABASE_URL` is set (`pg` false: the lowdb `file` anyway, e.g. the console's trial
 * data), else the lowdb file (`lock`: refuse a second writer). The content is the store's, the
 * data folder its seed (see store/content-seed.ts); `logger` gets a line per plan it added.
 * The caller closes the stores.
 */
export async function openAll(
  config: Config,
  lock = true,
  file = config.dbFile,
  pg = true,
  logger?: { info(message: string): void },
): Promise<{ content: Content; stores: RunStores; clock: Clock }> {
  validateCommands(commands);
  const clock = clockFor(config);
  const stores: RunStores =
    config.database && pg
      ? await openPostgres(config, clock)
      : await openLowdbStores({ file, clock, keepBackups: config.keepBackups, lock, dataDir: config.dataDir, filesDir: config.filesDir });
  try {
    const content = contentOf(await stores.content.load());
    validateJobs(jobsFor(content.org.schedule), join(config.dataDir, 'org.json'));
    if (stores.seeding && logger) for (const line of seedLogLines(stores.seeding, config.dataDir)) logger.info(line);
    return { content, stores, clock };
  } catch (error) {
    await stores.close();
    throw error;
  }
}

async function openPostgres(config: Config, clock: Clock): Promise<RunStores> {
  const db = config.database!;
  const postgres = await openPostgresStores(db.url, { clock, schema: db.schema, dataDir: config.dataDir });
  const { seeded, added } = postgres.migration;
  return Object.assign(Object.create(postgres) as PostgresStores, { postgres, seeding: { seeded, added } }) as RunStores;
}

/**
 * The channels that will deliver reminders and notices: the platforms configured, or (when none
 * is, e.g. `remind --send` run without the tokens) every platform Loa has. Never the console.
 */
export function deliveryChannels(config: Config): string[] {
  const configured = [config.telegram && 'telegram', config.zaloOa && 'zalo', config.zaloBot && 'zalobot'].filter((n): n is string => Boolean(n));
  return configured.length ? configured : ['telegram', 'zalo', 'zalobot'];
}

/** This process as outbox and parked claims name it: host, PID and a random part (a PID is reused). */
export function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
