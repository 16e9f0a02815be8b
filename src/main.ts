/**
 * Composition root: config → content → store → engine → channels → signals. Nothing else
 * starts anything. With no chat platform configured, Loa opens the console chat.
 */
import { commands, validateCommands } from '../commands/index.js';
import { createDurableRouter, createRouter } from './app.js';
import { writeFailureReason, writeFailureText } from './core/write-failure.js';
import { createConsoleAdapter } from './channels/console/adapter.js';
import { fixedClock, systemClock, type Clock } from './core/clock.js';
import { createEngine } from './core/dispatcher.js';
import { loadContent } from './content-files.js';
import { findUnit } from './core/org.js';
import { formatInstant } from './core/dates.js';
import type { Config } from './config.js';
import { createTelegramAdapter, type TelegramAdapter } from './channels/telegram/adapter.js';
import { createZaloBotAdapter } from './channels/zalo/bot-adapter.js';
import { createZaloOaAdapter } from './channels/zalo/oa-adapter.js';
import type { ChannelAdapter, Route } from './channels/types.js';
import type { Logger } from './core/dispatcher.js';
import { parseChatKeys } from './core/types.js';
import { startHttpServer, type HttpServer } from './http-server.js';
import { settlesWithin } from './channels/bounded.js';
import { createLogger } from './logger.js';
import { Store } from './store/store.js';
import { createImportService } from './importer/service.js';
import { join } from 'node:path';
import { catalogOf } from './core/catalog.js';
import { jobsFor, type JobDeps } from './scheduler/jobs.js';
import { createOutbox } from './scheduler/outbox.js';
import { fire, startTimer, validateJobs } from './scheduler/timer.js';
import type { Content } from './core/content.js';
import { views } from './views.js';
import { createAdminNotices } from './admin-notices.js';

export interface ConsoleRun {
  /** Unit code (or alias) the console chat speaks for; default the office (`VP`). */
  as?: string | undefined;
  input: NodeJS.ReadableStream & import('node:stream').Readable;
  output: import('node:stream').Writable;
  interactive: boolean;
}

export class StartError extends Error {
  override name = 'StartError';
}

export function clockFor(config: Config): Clock {
  return config.now ? fixedClock(config.now) : systemClock;
}

/** Opens the content and the store (`file`: the bot's database unless given); the caller owns both. */
export async function openAll(config: Config, lock = true, file = config.dbFile): Promise<{ content: Content; store: Store; clock: Clock }> {
  validateCommands(commands);
  const content = await loadContent(config.dataDir);
  validateJobs(jobsFor(content.org.schedule), join(config.dataDir, 'org.json'));
  const clock = clockFor(config);
  const store = await Store.open({ file, clock, keepBackups: config.keepBackups, lock });
  return { content, store, clock };
}

/**
 * The channels that will deliver reminders and notices: the platforms configured, or (when none
 * is, e.g. `remind --send` run without the tokens) every platform Loa has. Never the console.
 */
export function deliveryChannels(config: Config): string[] {
  const configured = [config.telegram && 'telegram', config.zaloOa && 'zalo', config.zaloBot && 'zalobot'].filter((n): n is string => Boolean(n));
  return configured.length ? configured : ['telegram', 'zalo', 'zalobot'];
}

/** The console's admin persona: the office's own console session (`npm start` without `--as`). */
const CONSOLE_ADMIN = { channel: 'console', chatId: 'admin' };

/** Runs the console chat until its input ends. Resolves when the store is flushed. */
export async function runConsole(config: Config, run: ConsoleRun): Promise<void> {
  const logger = createLogger(config.logLevel ?? 'warn');
  const { content, store, clock } = await openAll(config, true, config.consoleDbFile);
  const unitText = run.as ?? content.org.officeUnit;
  const unit = findUnit(content.org, unitText);
  if (!unit) {
    throw new StartError(`--as "${unitText}": không có đơn vị này. Các mã: ${content.org.units.map((u) => u.code).join(', ')}`);
  }
  const isOfficeAdmin = run.as === undefined;
  const user = isOfficeAdmin
    ? { id: 'admin', name: 'Quản trị viên (console)' }
    : { id: `staff-${unit.code.toLowerCase()}`, name: `Cán bộ ${unit.code} (console)` };
  const chat = { channel: 'console', chatId: unit.code };
  // The console chat always starts bound to the unit it speaks for.
  if (store.bindingOf(chat)?.unit !== unit.code) await store.bind(chat, unit.code, user);
  // The console's admin persona always exists (it is the office's own session), so a request made
  // with --as goes to it and is approved in a later session with /duyet.
  const adminIds = [...config.adminIds, `${CONSOLE_ADMIN.channel}:${CONSOLE_ADMIN.chatId}`];
  const engine = createEngine({ content, store, clock, commands, adminIds, botUsername: config.botUsername, logger, views, channels: ['console'] });
  const now = config.now ? ` · giờ cố định (BOT_NOW): ${formatInstant(config.now.toISOString(), content.org.timezone)}` : '';
  const adapter = createConsoleAdapter({
    input: run.input,
    output: run.output,
    identity: { chat, user, title: `Console — ${unit.name}` },
    interactive: run.interactive,
    // Other console chats are named as people know them, never by an internal key.
    describe: (target) =>
      target.chatId === CONSOLE_ADMIN.chatId
        ? 'quản trị viên (console)'
        : `nhóm chat console của ${content.unit(store.bindingOf(target)?.unit ?? target.chatId)?.name ?? 'một đơn vị'}`,
    banner:
      `📢 Loa — trợ lý công tác dân vận của ${content.org.name}\n` +
      `Trò chuyện trên console với tư cách ${isOfficeAdmin ? 'quản trị viên' : 'cán bộ'}, nhóm chat của ${unit.name} (${unit.code})${now}.\n` +
      (config.consoleDbFile !== config.dbFile ? `Dữ liệu dùng thử của console: ${store.file} (bot thật không dùng tệp này).\n` : '') +
      `${content.plans.length} kế hoạch · ${content.deadlines.length} thời hạn · ${content.slogans.length} khẩu hiệu. ` +
      'Gõ /help để xem các lệnh; /thoat hoặc Ctrl+D để thoát.',
  });
  const stop = () => void adapter.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const outbox = createOutbox(store, [adapter], logger);
    await adapter.start(createRouter(engine, [adapter], logger, () => outbox.dispatch()));
    await adapter.finished;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await store.close();
  }
}

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

/** The platform channels configured in the environment (Telegram, Zalo OA, Zalo Bot). */
function platformChannels(config: Config, store: Store, logger: Logger, notifyAdmins: (text: string) => Promise<void>): ChannelAdapter[] {
  const channels: ChannelAdapter[] = [];
  if (config.telegram) channels.push(createTelegramAdapter({ config: config.telegram, store, logger, notifyAdmins, commands }));
  if (config.zaloOa) channels.push(createZaloOaAdapter({ config: config.zaloOa, store, logger, notifyAdmins, now: () => clockFor(config).now().getTime() }));
  if (config.zaloBot) channels.push(createZaloBotAdapter({ config: config.zaloBot, store, logger, notifyAdmins }));
  return channels;
}

/** Secrets to keep out of the log. */
function secretsOf(config: Config): string[] {
  return [
    config.telegram?.token,
    config.telegram?.webhook?.secret,
    config.zaloOa?.accessToken,
    config.zaloOa?.refreshToken,
    config.zaloOa?.appSecret,
    config.zaloOa?.oaSecretKey,
    config.zaloBot?.token,
    config.zaloBot?.webhook?.secret,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/**
 * Runs the configured platform channels, the scheduler and the HTTP server until SIGINT or
 * SIGTERM: then stops receiving, waits for the updates and sends in flight, and flushes the store.
 */
export async function runChannels(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel ?? 'info', secretsOf(config));
  const { content, store, clock } = await openAll(config);
  const adminChats = parseChatKeys(config.adminIds);
  let channels: ChannelAdapter[] = [];
  // Batched, never dropped; a parked notice raises no further notice.
  const notices = createAdminNotices(adminChats, () => channels, logger);
  const notifyAdmins = (text: string) => notices.notify(text);
  channels = platformChannels(config, store, logger, notifyAdmins);
  // Once per outage: the store cannot write (disk full, read-only, the file replaced), and why.
  store.onWriteFailure((error) => {
    logger.error(`store write failed (${error.code}): ${error.file}`);
    void notifyAdmins(`⚠️ ${error.message}`);
  });
  const outbox = createOutbox(store, channels, logger);
  // A file sent in chat is read in the background; its summary goes out through the outbox.
  const imports = createImportService(config.dataDir, content, () => loadContent(config.dataDir), {
    logger,
    deliver: async (chat, outs) => {
      await store.queueMessages(outs.map((out) => ({ chat, out })));
      outbox.kick();
    },
  });
  const running = channels.map((c) => c.name);
  const engine = createEngine({ content, store, clock, commands, adminIds: config.adminIds, botUsername: config.botUsername, logger, imports, views, channels: running });
  const stopping = shutdownSignal(logger);
  const jobs = jobsFor(content.org.schedule);
  const jobDeps: JobDeps = {
    content,
    store,
    catalog: () => catalogOf(content, store.announcements()),
    adminChats,
    logger,
    dispatch: () => outbox.dispatch(),
    channels: running,
  };
  let http: HttpServer | undefined;
  let timer: { stop(): Promise<void> } | undefined;
  /** Channels whose start was called, one still starting included: its stop ends that start. */
  const started: ChannelAdapter[] = [];
  /** Set once stopping begins: a start-up still under way takes no further step. */
  let closing = false;
  const startUp = async (): Promise<void> => {
    const router = createDurableRouter({
      engine,
      channels,
      store,
      logger,
      kick: () => outbox.kick(),
      writeFailed: (error) => {
        const reason = writeFailureReason(error);
        return reason === undefined ? undefined : writeFailureText(reason);
      },
    });
    for (const channel of channels) {
      if (closing) return;
      started.push(channel);
      await channel.start(router);
    }
    if (closing) return;
    if (config.http) {
      const posts = new Map<string, Route>();
      for (const channel of channels) for (const r of channel.routes?.() ?? []) posts.set(r.path, r);
      http = await startHttpServer({
        ...config.http,
        posts,
        logger,
        health: () => ({ channels: channels.map((c) => c.name), paths: [...posts.keys()] }),
      });
      logger.info(`HTTP server on ${config.http.host}:${http.port} (${[...posts.keys()].join(', ') || 'healthz only'})`);
    }
    // Resume what a previous run queued, then catch up on reminders missed while stopped.
    if (closing) return;
    await outbox.dispatch();
    if (closing) return;
    await fire(jobs[0]!, jobDeps, clock);
    if (closing) return;
    timer = startTimer(jobs, jobDeps, clock, content.org.timezone, content.org.schedule.missedToleranceSec, logger);
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
  /** Stops the timer and the HTTP server, if they run (again, for what a late start-up opened). */
  const closeServing = async () => {
    const [t, h] = [timer, http];
    timer = http = undefined;
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
    await store.close();
    // A platform call that ignored its abort may hold the process open: it ends anyway, with the
    // exit code already set, shortly after (the timer itself never keeps the process alive).
    if (stuck) setTimeout(() => process.exit(), 2000).unref();
  }
}

/** `npm start`: the configured channels, or the console chat when none is configured. */
export async function start(config: Config, run: ConsoleRun): Promise<void> {
  if (config.telegram || config.zaloOa || config.zaloBot) return runChannels(config);
  await runConsole(config, run);
}
