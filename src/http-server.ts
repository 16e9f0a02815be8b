/**
 * Loa's own HTTP server: `GET /healthz`, the webhook paths of the channels that use them, and
 * every other path through the web console (a Node request listener: the Hono app, see src/web/).
 * Nothing unauthenticated is read: the route is looked up first (404), then the route's own
 * check of the request's headers (its secret), then the declared size, and only then the body,
 * counted as it comes. Slow, silent and idle connections are closed by timeouts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Route } from './channels/types.js';
import type { Logger } from './core/dispatcher.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Largest request body accepted when a route sets no limit of its own (a Telegram update is a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** How long a client may take, ms. Webhook senders (Telegram, Zalo) send a small body at once. */
export interface HttpTimeouts {
  /** To send the request line and headers (also a connection that sends nothing). */
  headersMs: number;
  /** To send the whole request, body included. */
  requestMs: number;
  /** An idle keep-alive connection between requests. */
  keepAliveMs: number;
  /** A connection on which nothing moves either way (e.g. while a handler works), as a last bound. */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, idleMs: 60_000 };

/** Reading the body stopped: it grew past the route's limit. */
class TooLarge extends Error {}

/** The whole body, or {@link TooLarge} as soon as it grows past `max` (nothing more is read). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.pause();
        req.off('data', onData);
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    // Closed by the client (or a timeout) before the body was complete.
    req.once('close', () => {
      if (!req.complete) reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    });
  });
}

/** After a refusal: what the client may still send, and for how long, before the connection is cut. */
const LINGER_BYTES = 8 * 1024 * 1024;
const LINGER_MS = 2000;

/**
 * Answers `status` without reading the request's body. A client still sending is then cut off
 * after at most {@link LINGER_BYTES} or {@link LINGER_MS} more (the answer first ends with a FIN): closing at once, with its bytes
 * unread, would reset the connection and could lose the answer (the usual "lingering close").
 * A client that had sent everything keeps its connection.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
  if (res.headersSent) {
    req.destroy();
    return;
  }
  res.once('finish', () => {
    if (req.complete) return;
    const socket = req.socket;
    // The answer is out: say so with a FIN at once (a busy client still reads it, then the end),
    // while what it still sends is read and dropped for a while; only then is it cut.
    socket.end();
    let seen = 0;
    const cut = () => socket.destroy();
    const timer = setTimeout(cut, LINGER_MS);
    timer.unref();
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > LINGER_BYTES) cut();
    };
    socket.on('data', onData);
    const done = () => {
      clearTimeout(timer);
      socket.off('data', onData);
    };
    socket.once('close', done);
    // Node discards the rest of the body after the answer; once it is all in, the connection lives on.
    req.once('end', done);
  });
  if (req.complete) {
    res.writeHead(status, { 'content-length': 0 }).end();
    return;
  }
  // A connection whose body is cut off cannot carry another request: `Connection: close` tells the
  // client not to reuse it. Node would then destroy the socket as soon as the answer is written
  // (its private `_last`), resetting a client still sending before it reads the answer: the
  // linger above closes it instead.
  res.writeHead(status, { 'content-length': 0, connection: 'close' });
  (res as ServerResponse & { _last?: boolean })._last = false;
  res.end();
  res.once('finish', () => {
    if (req.complete) req.socket.end();
  });
}

export async function startHttpServer(options: {
  port: number;
  host: string;
  /** POST routes by exact path. */
  posts: ReadonlyMap<string, Route>;
  health: () => Record<string, unknown>;
  /** Everything that is not `/healthz` or a webhook's POST (absent: 404). */
  web?: ((req: IncomingMessage, res: ServerResponse) => unknown) | undefined;
  logger: Logger & { debug?(message: string): void };
  timeouts?: HttpTimeouts;
}): Promise<HttpServer> {
  const { logger } = options;
  const t = options.timeouts ?? DEFAULT_TIMEOUTS;
  const server: Server = createServer(
    {
      headersTimeout: t.headersMs,
      requestTimeout: t.requestMs,
      keepAliveTimeout: t.keepAliveMs,
      // How often Node checks the two timeouts above (its default, 30 s, would stretch them).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(Math.min(t.headersMs, t.requestMs) / 4))),
    },
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method === 'GET' && path === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ...options.health() }));
        return;
      }
      const route = req.method === 'POST' ? options.posts.get(path) : undefined;
      if (!route) {
        if (!options.web) return refuse(req, res, 404);
        Promise.resolve(options.web(req, res)).catch((error: unknown) => {
          logger.error(`${req.method} ${path} failed`, error);
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
        return;
      }
      const refused = route.authorize(req);
      if (refused !== undefined) return refuse(req, res, refused);
      const max = route.maxBody ?? MAX_BODY_BYTES;
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > max) return refuse(req, res, 413);
      readBody(req, max)
        .then((body) => {
          // A pre-read body is passed as `req.body` (as telegraf's webhook callback takes it).
          (req as IncomingMessage & { body?: Buffer }).body = body;
          return route.handler(req, res);
        })
        .catch((error: unknown) => {
          if (error instanceof TooLarge) return refuse(req, res, 413);
          if (!req.complete || req.destroyed) {
            // A client that gave up (or was timed out): nothing to answer, nothing to fix.
            logger.debug?.(`POST ${path}: connection closed before the request was complete (${(error as Error).message})`);
            req.destroy();
            return;
          }
          logger.error(`POST ${path} failed`, error);
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
    },
  );
  server.setTimeout(t.idleMs);
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
