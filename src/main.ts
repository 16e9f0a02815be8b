/**
 * Composition root: config → stores and content → engine → channels → signals. Nothing else
 * starts anything. With no chat platform configured, Loa opens the console chat; the platform
 * run is in `serve.ts`.
 */
import { commands } from '../commands/index.js';
import { createRouter } from './app.js';
import { createConsoleAdapter } from './channels/console/adapter.js';
import { contentEditor } from './core/content-editor.js';
import { createEngine } from './core/dispatcher.js';
import { createHandInFiles } from './files/hand-in-files.js';
import type { QueuedSend } from './core/ports.js';
import { createImportService } from './importer/service.js';
import { findUnit } from './core/org.js';
import { formatInstant } from './core/dates.js';
import type { Config } from './config.js';
import { createDelivery } from './delivery/delivery.js';
import { createLogger } from './logger.js';
import { openAll, processOwner } from './open.js';
import { createOutbox } from './scheduler/outbox.js';
import { runChannels } from './serve.js';
import { views } from './views.js';
import { startConsoleWeb, type ConsoleWeb } from './web/console-web.js';

export { clockFor, deliveryChannels, openAll } from './open.js';
export { runChannels } from './serve.js';

export interface ConsoleRun {
  /** Unit code (or alias) the console chat speaks for; default the office (`VP`). */
  as?: string | undefined;
  input: NodeJS.ReadableStream & import('node:stream').Readable;
  output: import('node:stream').Writable;
  interactive: boolean;
  /** Also serve the web console (`npm start` as the office admin). */
  web?: boolean | undefined;
}

export class StartError extends Error {
  override name = 'StartError';
}

/** The console's admin persona: the office's own console session (`npm start` without `--as`). */
const CONSOLE_ADMIN = { channel: 'console', chatId: 'admin' };

/** Runs the console chat until its input ends. Resolves when the store is flushed. */
export async function runConsole(config: Config, run: ConsoleRun): Promise<void> {
  const logger = createLogger(config.logLevel ?? 'warn');
  // The console always keeps its trial data in a file of its own, even beside a PostgreSQL deployment.
  const { content, stores, clock } = await openAll(config, true, config.consoleDbFile, false, logger);
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
  if ((await stores.bindings.bindingOf(chat))?.unit !== unit.code) await stores.bindings.bind(chat, unit.code, user);
  // The console's admin persona always exists (it is the office's own session), so a request made
  // with --as goes to it and is approved in a later session with /duyet.
  const adminIds = [...config.adminIds, `${CONSOLE_ADMIN.channel}:${CONSOLE_ADMIN.chatId}`];
  // The web console runs while the console chat does, on 127.0.0.1 unless HTTP_HOST says otherwise.
  // What the web queues (reminders, notices, an uploaded plan's answer) goes out through the console's outbox.
  let outbox: { dispatch(): Promise<unknown> } | undefined;
  const send = async (sends: readonly QueuedSend[]) => {
    await stores.outbox.queueMessages(sends);
    await outbox?.dispatch();
  };
  const editor = contentEditor(content, stores);
  const imports = createImportService(config.dataDir, content, stores.content, { logger, editor, audit: stores.audit, deliver: (to, outs) => send(outs.map((out) => ({ chat: to, out }))) });
  const handInFiles = createHandInFiles();
  const admin = { id: `${CONSOLE_ADMIN.channel}:${CONSOLE_ADMIN.chatId}`, name: user.name };
  const web: ConsoleWeb | undefined = run.web
    ? await startConsoleWeb({ http: config.consoleHttp, baseUrl: config.webBaseUrl, content, stores, clock, logger, admin, editor, imports, handInFiles, send }).catch(
        async (error: unknown) => {
          await stores.close();
          throw error;
        },
      )
    : undefined;
  const engine = createEngine({
    content,
    stores,
    clock,
    commands,
    adminIds,
    viewerIds: config.viewerIds,
    webLinks: web?.links,
    botUsername: config.botUsername,
    logger,
    views,
    handInFiles,
    channels: ['console'],
  });
  const now = config.now ? ` · giờ cố định (BOT_NOW): ${formatInstant(config.now.toISOString(), content.org.timezone)}` : '';
  const adapter = createConsoleAdapter({
    input: run.input,
    output: run.output,
    identity: { chat, user, title: `Console — ${unit.name}` },
    interactive: run.interactive,
    // Other console chats are named as people know them, never by an internal key.
    describe: async (target) =>
      target.chatId === CONSOLE_ADMIN.chatId
        ? 'quản trị viên (console)'
        : `nhóm chat console của ${content.unit((await stores.bindings.bindingOf(target))?.unit ?? target.chatId)?.name ?? 'một đơn vị'}`,
    banner:
      `📢 Loa — trợ lý công tác dân vận của ${content.org.name}\n` +
      `Trò chuyện trên console với tư cách ${isOfficeAdmin ? 'quản trị viên' : 'cán bộ'}, nhóm chat của ${unit.name} (${unit.code})${now}.\n` +
      (config.consoleDbFile !== config.dbFile ? `Dữ liệu dùng thử của console: ${config.consoleDbFile} (bot thật không dùng tệp này).\n` : '') +
      (web?.notice ?? '') +
      `${content.plans.length} kế hoạch · ${content.deadlines.length} thời hạn · ${content.slogans.length} khẩu hiệu. ` +
      'Gõ /help để xem các lệnh; /tep <đường dẫn tệp> [chú thích] để gửi tệp báo cáo vào nhóm; /thoat hoặc Ctrl+D để thoát.',
  });
  const stop = () => void adapter.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    // No admin notices on the console: what would be one is logged.
    const delivery = createDelivery({ channels: () => [adapter], stores, notify: async (text) => logger.warn(text), logger });
    const consoleOutbox = createOutbox({ outbox: stores.outbox, delivery, channels: ['console'], owner: processOwner(), logger });
    outbox = consoleOutbox;
    await adapter.start(createRouter(engine, [adapter], delivery, logger, () => consoleOutbox.dispatch()));
    await adapter.finished;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await web?.http?.close();
    await imports.close();
    await stores.close();
  }
}

/** `npm start`: the configured channels, or the console chat when none is configured. */
export async function start(config: Config, run: ConsoleRun): Promise<void> {
  if (config.telegram || config.zaloOa || config.zaloBot) return runChannels(config);
  await runConsole(config, { ...run, web: run.web ?? run.as === undefined });
}
