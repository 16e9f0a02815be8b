/**
 * The web console beside the console chat (`npm start` with no channel): Loa's HTTP server on
 * `HTTP_HOST` (127.0.0.1) / `HTTP_PORT` (8080) with no webhook, and a sign-in link for the
 * console's admin. A port already taken is not fatal: the chat goes on without the web console.
 */
import type { Clock } from '../core/clock.js';
import type { Content } from '../core/content.js';
import type { Logger } from '../core/dispatcher.js';
import type { ContentEditor } from '../core/content-editor.js';
import type { QueuedSend, Stores } from '../core/ports.js';
import type { HandInFiles } from '../core/hand-in-ports.js';
import type { ImportService } from '../importer/service.js';
import { webLinkIssuer, type WebLinkIssuer } from '../core/web-links.js';
import { startHttpServer, type HttpServer } from '../http-server.js';
import { webListener } from './index.js';

export interface ConsoleWeb {
  /** The running server, or undefined when it could not start (`notice` says why). */
  http: HttpServer | undefined;
  /** Issues sign-in links (also for `/web` in the console chat). */
  links: WebLinkIssuer | undefined;
  /** Lines for the banner: the sign-in link, or why there is no web console. */
  notice: string;
}

export async function startConsoleWeb(options: {
  http: { host: string; port: number };
  baseUrl: string | undefined;
  content: Content;
  stores: Stores;
  clock: Clock;
  logger: Logger;
  admin: { id: string; name: string };
  editor: ContentEditor;
  imports: ImportService;
  /** File checks and merged tables of hand-ins. */
  handInFiles?: HandInFiles | undefined;
  send(sends: readonly QueuedSend[]): Promise<void>;
}): Promise<ConsoleWeb> {
  const { http: where, content, stores, clock, logger, editor, imports, handInFiles, send } = options;
  let port = where.port;
  const baseUrl = () => options.baseUrl ?? `http://127.0.0.1:${port}`;
  let http: HttpServer;
  try {
    http = await startHttpServer({
      ...where,
      posts: new Map(),
      logger,
      health: () => ({ channels: ['console'], paths: [] }),
      web: webListener({ content, stores, clock, baseUrl, logger, editor, imports, handInFiles, send, channels: ['console'] }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `cổng ${where.port} đang có chương trình khác dùng` : `không mở được ${where.host}:${where.port} (${code ?? (error as Error).message})`;
    return { http: undefined, links: undefined, notice: `⚠️ Bảng điều khiển web không chạy: ${why}. Đặt HTTP_PORT khác để dùng nó; trò chuyện trên console vẫn bình thường.\n` };
  }
  port = http.port;
  const links = webLinkIssuer(stores.web, baseUrl, () => clock.now());
  const { url } = await links({ role: 'admin', user: { id: options.admin.id, name: options.admin.name } });
  return { http, links, notice: `🌐 Bảng điều khiển web: ${url}\n   (đường dẫn đăng nhập dùng một lần, trong 10 phút; cần đường dẫn mới: chạy lại npm start, hoặc gõ /web trong tin nhắn riêng với bot)\n` };
}
