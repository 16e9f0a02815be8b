/**
 * The bot on its platforms: the configured channels, the delivery service and the outbox, the
 * scheduler and the HTTP server, until SIGINT or SIGTERM. Nothing here decides anything: it
 * builds the pieces from the configuration and starts and stops them in order.
 */
import { commands } from '../commands/index.js';
import { createAdminNotices } from './admin-notices.js';
import { createDurableRouter } from './app.js';
import { settlesWithin } from './channels/bounded.js';
import { platformChannels, secretsOf } from './channels/platforms.js';
import type { TelegramAdapter } from './channels/telegram/adapter.js';
import type { ChannelAdapter, Route } from './channels/types.js';
import type { Config } from './config.js';
import { catalogOf } from './core/catalog.js';
import { contentEditor } from './core/content-editor.js';
import type { QueuedSend } from './core/ports.js';
import { createEngine, type Logger } from './core/dispatcher.js';
import { createHandInFiles } from './files/hand-in-files.js';
import { parseChatKeys } from './core/types.js';
import { writeFailureReason, writeFailureText } from './core/write-failure.js';
import { createDelivery } from './delivery/delivery.js';
import { parkedResender } from './delivery/parked.js';
import { startHttpServer, type HttpServer } from './http-server.js';
import { createImportService } from './importer/service.js';
import { createLogger } from './logger.js';
import { clockFor, openAll, processOwner } from './open.js';
import { jobsFor, type JobDeps } from './scheduler/jobs.js';
import { createOutbox } from './scheduler/outbox.js';
import { fire, startTimer } from './scheduler/timer.js';
import { views } from './views.js';
import { replicasOf } from './replicas.js';
import { webLinkIssuer } from './core/web-links.js';
import { webListener } from './web/index.js';

/** Longest wait for one step of the shutdown (a channel's stop, the sends in flight). */
const STOP_WAIT_MS = 10_000;

/** Resolves on SIGINT/SIGTERM. */
function shutdownSignal(logger: Logger): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      logger.info(`${signal}: stopping`);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Builds every piece of a platform run over the opened stores (nothing is started). */
async function assemble(config: Config, logger: Logger) {
  const { content, stores, clock } = await openAll(config, true, config.dbFile, true, logger);
  const owner = processOwner();
  // PostgreSQL: one of N replicas (shared pace, polling lease, one cron fire, content followed).
  const replicas = stores.postgres ? replicasOf(stores.postgres, owner, logger) : undefined;
  const channels = platformChannels(config, stores, logger, () => clockFor(config).now().getTime(), replicas);
  const running = channels.map((c) => c.name);
  const delivery = createDelivery({ channels: () => channels, stores, notify: (text) => notices.notify(text), logger });
  // Batched, never dropped; a parked notice raises no further notice.
  const notices = createAdminNotices(
    parseChatKeys(config.adminIds).filter((c) => running.includes(c.channel)),
    (chat, out) => delivery.send(chat, out),
    logger,
  );
  // Once per outage: the store cannot write (disk full, read-only, the file replaced), and why.
  stores.onWriteFailure?.((error) => {
    logger.error(`store write failed (${error.code}): ${error.file}`);
    void notices.notify(`⚠️ ${error.message}`);
  });
  const leaseMs = replicas ? config.claimLeaseMs : undefined;
  const outbox = createOutbox({ outbox: stores.outbox, delivery, channels: running, owner, logger, ...(leaseMs ? { leaseMs } : {}) });
  const parked = parkedResender({ delivery, stores, channels: running, owner, logger, ...(leaseMs ? { leaseMs } : {}) });
  // A file sent in chat is read in the background; its summary goes out through the outbox.
  // Edits of the org and the plans (the web console, a plan published from chat): checked and audited.
  const editor = contentEditor(content, stores);
  const imports = createImportService(config.dataDir, content, stores.content, {
    logger,
    editor,
    audit: stores.audit,
    deliver: async (chat, outs) => {
      await stores.outbox.queueMessages(outs.map((out) => ({ chat, out })));
      outbox.kick();
    },
  });
  // The web console shares the HTTP server; its links use WEB_BASE_URL, else the port listened on.
  const listening = { port: config.http?.port ?? 8080 };
  const webBaseUrl = () => config.webBaseUrl ?? `http://127.0.0.1:${listening.port}`;
  const webLinks = config.http ? webLinkIssuer(stores.web, webBaseUrl, () => clock.now()) : undefined;
  const { adminIds, viewerIds, botUsername } = config;
  // Report files and registration forms handed in: checked by their bytes, read back, merged.
  const handInFiles = createHandInFiles();
  const engine = createEngine({ content, stores, clock, commands, adminIds, viewerIds, webLinks, botUsername, logger, imports, handInFiles, views, channels: running });
  const jobDeps: JobDeps = {
    content,
    stores,
    catalog: async () => catalogOf(content, await stores.announcements.announcements()),
    adminChats: parseChatKeys(config.adminIds),
    logger,
    dispatch: () => outbox.dispatch(),
    channels: running,
  };
  const router = createDurableRouter({
    engine,
    channels,
    stores,
    logger,
    kick: () => outbox.kick(),
    writeFailed: (error) => {
      const reason = writeFailureReason(error);
      return reason === undefined ? undefined : writeFailureText(reason);
    },
  });
  const send = async (sends: readonly QueuedSend[]) => {
    await stores.outbox.queueMessages(sends);
    outbox.kick();
  };
  const web = webListener({ content, stores, clock, baseUrl: webBaseUrl, logger, editor, imports, handInFiles, send, channels: running });
  return { content, stores, clock, channels, outbox, parked, imports, jobDeps, router, replicas, web, listening };
}

/**
 * Runs the configured platform channels, the scheduler and the HTTP server until SIGINT or
 * SIGTERM: then stops receiving, waits for the updates and sends in flight, and closes the stores.
 */
export async function runChannels(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel ?? 'info', secretsOf(config));
  const { content, stores, clock, channels, outbox, parked, imports, jobDeps, router, replicas, web, listening } = await assemble(config, logger);
  const stopping = shutdownSignal(logger);
  const jobs = jobsFor(content.org.schedule);
  let http: HttpServer | undefined;
  let timer: { stop(): Promise<void> } | undefined;
  /** Channels whose start was called, one still starting included: its stop ends that start. */
  const started: ChannelAdapter[] = [];
  /** Set once stopping begins: a start-up still under way takes no further step. */
  let closing = false;
  const startUp = async (): Promise<void> => {
    for (const channel of channels) {
      if (closing) return;
      started.push(channel);
      await channel.start(router);
    }
    if (closing) return;
    // Messages parked by an earlier run that are due now go out first.
    await parked.start();
    if (closing) return;
    if (config.http) {
      const posts = new Map<string, Route>();
      for (const channel of channels) for (const r of channel.routes?.() ?? []) posts.set(r.path, r);
      http = await startHttpServer({
        ...config.http,
        posts,
        web,
        logger,
        health: () => ({ channels: channels.map((c) => c.name), paths: [...posts.keys()] }),
      });
      listening.port = http.port;
      logger.info(`HTTP server on ${config.http.host}:${http.port} (${[...posts.keys()].join(', ') || 'healthz only'}; web console, sign-in links ${config.webBaseUrl ?? `http://127.0.0.1:${http.port}`})`);
    }
    // Resume what a previous run queued, then catch up on reminders missed while stopped.
    if (closing) return;
    await outbox.dispatch();
    if (closing) return;
    replicas?.start(content, () => outbox.kick());
    await fire(jobs[0]!, jobDeps, clock);
    if (closing) return;
    timer = startTimer(jobs, jobDeps, clock, content.org.timezone, content.org.schedule.missedToleranceSec, logger, replicas?.coordinator);
  };
  const failures = channels.map((c) => c.failed ?? new Promise<never>(() => undefined));
  const starting = startUp();
  /** Something did not stop in time: the process is ended once the rest is closed. */
  let stuck = false;
  const bounded = async (what: string, task: Promise<unknown>) => {
    if (await settlesWithin(task, STOP_WAIT_MS)) return;
    stuck = true;
    logger.warn(`${what} did not finish within ${STOP_WAIT_MS / 1000} s: going on with the shutdown`);
  };
  /** Stops the timer, the resender and the HTTP server, if they run (again, for what a late start-up opened). */
  const closeServing = async () => {
    const [t, h] = [timer, http];
    timer = http = undefined;
    parked.stop();
    await replicas?.stop();
    await t?.stop();
    await h?.close();
  };
  try {
    // Start-up races a signal and any channel's failure: either stops whatever has started.
    const first = await Promise.race([starting.then(() => 'started' as const), stopping.then(() => 'signal' as const), ...failures]);
    if (first === 'started') {
      const names = channels.map((c) => (c.name === 'telegram' ? `telegram @${(c as TelegramAdapter).username}` : c.name));
      logger.info(`Loa is running on ${names.join(', ')}`);
      await Promise.race([stopping, ...failures]);
    }
  } finally {
    closing = true;
    await closeServing();
    for (const channel of started) await bounded(`stopping channel ${channel.name}`, channel.stop());
    // A start-up cut short ends once its channels are stopped; whatever it opened meanwhile is closed.
    await bounded('start-up', starting);
    await closeServing();
    await bounded('imports in flight', imports.close());
    await bounded('sends in flight', outbox.idle());
    await stores.close();
    // A platform call that ignored its abort may hold the process open: it ends anyway, with the
    // exit code already set, shortly after (the timer itself never keeps the process alive).
    if (stuck) setTimeout(() => process.exit(), 2000).unref();
  }
}
