/** Loa's own HTTP server: `GET /healthz` and the webhook paths of the channels that use them. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './core/dispatcher.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Largest request body accepted (a Telegram update is a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The whole body, or undefined when it is larger than {@link MAX_BODY_BYTES} (the rest is discarded). */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooBig = true;
    if (!tooBig) chunks.push(chunk);
  }
  return tooBig ? undefined : Buffer.concat(chunks);
}

export async function startHttpServer(options: {
  port: number;
  host: string;
  /** POST handlers by exact path. */
  posts: ReadonlyMap<string, Handler>;
  health: () => Record<string, unknown>;
  logger: Logger;
}): Promise<HttpServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ...options.health() }));
      return;
    }
    const handler = req.method === 'POST' ? options.posts.get(path) : undefined;
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    readBody(req)
      .then((body) => {
        if (body === undefined) {
          res.writeHead(413).end();
          return;
        }
        // telegraf's webhook callback takes a pre-read body from `req.body`.
        (req as IncomingMessage & { body?: Buffer }).body = body;
        return handler(req, res);
      })
      .catch((error: unknown) => {
        options.logger.error(`POST ${path} failed`, error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
