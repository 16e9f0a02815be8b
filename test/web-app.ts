/**
 * The web console app over a test harness, wired as `npm start` wires it: the content editor,
 * the import service (over the harness's copy of the data folder) and the outbox as its sender.
 */
import { contentEditor } from '../src/core/content-editor.js';
import type { QueuedSend } from '../src/core/ports.js';
import { createImportService } from '../src/importer/service.js';
import { createWebApp, type WebAppDeps } from '../src/web/app.js';
import { silentLogger, type Harness } from './helpers.js';

export type WebAppOptions = Partial<Pick<WebAppDeps, 'signInPerMinute' | 'rateNow' | 'content' | 'channels'>> & { base?: string };

/** The app, and what it queued for chats (also in the harness's outbox). */
export function testWebApp(h: Harness, options: WebAppOptions = {}) {
  const content = options.content ?? h.content;
  const sent: QueuedSend[] = [];
  const send = async (sends: readonly QueuedSend[]) => {
    sent.push(...sends);
    await h.stores.outbox.queueMessages(sends);
  };
  const editor = contentEditor(content, h.stores);
  const imports = createImportService(h.dataDir, content, h.stores.content, { logger: silentLogger, editor, audit: h.stores.audit, deliver: (chat, outs) => send(outs.map((out) => ({ chat, out }))) });
  const app = createWebApp({
    content,
    stores: h.stores,
    clock: h.clock,
    baseUrl: () => options.base ?? 'http://127.0.0.1:8080',
    logger: silentLogger,
    editor,
    imports,
    send,
    signInPerMinute: options.signInPerMinute ?? 1000,
    ...(options.rateNow ? { rateNow: options.rateNow } : {}),
    ...(options.channels ? { channels: options.channels } : {}),
  });
  return { app, sent, imports };
}
