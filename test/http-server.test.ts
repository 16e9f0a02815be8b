/**
 * Loa's HTTP server under hostile clients, with raw sockets: the route and its header check
 * come before a byte of the body is read, sizes are checked from the headers and while
 * reading, slow and silent connections are closed, aborted requests are one debug line. Then
 * the webhooks of the real built process (Telegram, Zalo OA, Zalo Bot) get the same treatment.
 */
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../src/http-server.js';
import type { Route } from '../src/channels/types.js';
import { tempDir } from './helpers.js';
import { FakeBotApi } from './e2e/fake-bot-api.js';
import { FakeZalo, signedPost } from './e2e/fake-zalo.js';
import { httpPortOf, startCli, type Running } from './e2e/run.js';
import { WAIT_MS, waitUntil } from './e2e/wait.js';

const HALF_GB = 512 * 1024 * 1024;
/** Far below 512 MB, far above what sits in socket buffers when the server stops reading. */
const FEW_MB = 64 * 1024 * 1024;

interface Raw {
  status: number | undefined;
  response: string;
  /** Body bytes handed to the socket before the server answered or closed. */
  written: number;
  closed: boolean;
  /** From the connection to its close. */
  ms: number;
}

/**
 * Sends `head` (request line and headers, ending with an empty line) and then up to `bodyBytes`
 * of body as fast as the server takes them, or one byte every `dripMs`; stops sending once the
 * server answers or closes, and resolves when the connection is closed (or after `waitMs`, open).
 */
function raw(port: number, head: string, opts: { bodyBytes?: number; dripMs?: number; waitMs?: number; chunked?: boolean } = {}): Promise<Raw> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    let response = '';
    let written = 0;
    let closed = false;
    const socket: Socket = connect(port, '127.0.0.1');
    const status = () => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]) || undefined;
    const done = () => resolve({ status: status(), response, written, closed, ms: Date.now() - t0 });
    const giveUp = setTimeout(() => {
      socket.destroy();
      done();
    }, opts.waitMs ?? WAIT_MS);
    socket.on('data', (d) => (response += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      clearTimeout(giveUp);
      done();
    });
    socket.on('connect', async () => {
      socket.write(head);
      const total = opts.bodyBytes ?? 0;
      if (opts.dripMs !== undefined) {
        const drip = setInterval(() => {
          if (closed || written >= total) return clearInterval(drip);
          socket.write('a');
          written += 1;
        }, opts.dripMs);
        return;
      }
      const chunk = Buffer.alloc(64 * 1024, 'a');
      while (written < total && !closed && !status()) {
        const n = Math.min(chunk.length, total - written);
        written += n;
        const data = n === chunk.length ? chunk : chunk.subarray(0, n);
        if (!socket.write(opts.chunked ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), data, Buffer.from('\r\n')]) : data)) {
          await new Promise<void>((r) => {
            const on = () => {
              socket.off('drain', on).off('close', on).off('data', on);
              r();
            };
            socket.once('drain', on).once('close', on).once('data', on);
          });
        }
      }
    });
  });
}

const post = (path: string, headers: Record<string, string | number>) =>
  `POST ${path} HTTP/1.1\r\nHost: loa\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

interface Logged {
  level: string;
  message: string;
}

function recordingLogger(lines: Logged[]) {
  const add = (level: string) => (message: string, error?: unknown) =>
    lines.push({ level, message: error instanceof Error ? `${message}: ${error.stack}` : message });
  return { debug: add('debug'), info: add('info'), warn: add('warn'), error: add('error') };
}

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('http server (real server on port 0, raw sockets)', () => {
  const bodies: Buffer[] = [];
  const lines: Logged[] = [];
  const hook: Route = {
    path: '/hook',
    authorize: (req) => (req.headers['x-secret'] === 'right' ? undefined : 403),
    maxBody: 64 * 1024,
    handler: async (req, res) => {
      bodies.push((req as typeof req & { body: Buffer }).body);
      res.writeHead(200).end('ok');
    },
  };
  const hang: Route = { path: '/hang', authorize: () => undefined, handler: () => new Promise<void>(() => undefined) };

  async function open(timeouts?: { headersMs: number; requestMs: number; keepAliveMs: number; idleMs: number }): Promise<number> {
    bodies.length = 0;
    lines.length = 0;
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      posts: new Map([
        [hook.path, hook],
        [hang.path, hang],
      ]),
      health: () => ({}),
      logger: recordingLogger(lines),
      ...(timeouts ? { timeouts } : {}),
    });
    return server.port;
  }

  it('answers an unknown path (404), a wrong secret (403) and a declared size over the limit (413) without reading the body', async () => {
    const port = await open();
    for (const [head, want] of [
      [post('/nowhere', { 'content-length': HALF_GB }), 404],
      [post('/hook', { 'content-length': HALF_GB, 'x-secret': 'wrong' }), 403],
      [post('/hook', { 'content-length': HALF_GB }), 403],
      [post('/hook', { 'content-length': HALF_GB, 'x-secret': 'right' }), 413],
    ] as const) {
      const r = await raw(port, head, { bodyBytes: HALF_GB });
      expect(r.status, head).toBe(want);
      expect(r.closed, head).toBe(true);
      expect(r.written, head).toBeLessThan(FEW_MB);
    }
    expect(bodies).toHaveLength(0);
    // A body with no length that streams past the limit: 413, then the connection is closed.
    const chunked = await raw(port, post('/hook', { 'transfer-encoding': 'chunked', 'x-secret': 'right' }), { bodyBytes: HALF_GB, chunked: true });
    expect(chunked.status).toBe(413);
    expect(chunked.closed).toBe(true);
    expect(chunked.written).toBeLessThan(FEW_MB);
    expect(bodies).toHaveLength(0);
    // The right secret and a body within the limit reach the handler.
    const ok = await fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST', headers: { 'x-secret': 'right' }, body: '{"a":1}' });
    expect(ok.status).toBe(200);
    expect(bodies.map(String)).toEqual(['{"a":1}']);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('closes silent connections, dripped headers, dripped bodies and idle requests after its timeouts', async () => {
    const port = await open({ headersMs: 1000, requestMs: 1500, keepAliveMs: 1000, idleMs: 2000 });
    // Generous bounds for a busy machine; Node's defaults (60 s, 300 s, none) are far longer.
    const bound = 15_000;
    const [silent, headers, body, idle] = await Promise.all([
      raw(port, '', { waitMs: bound }),
      raw(port, 'POST /hook HTTP/1.1\r\nHost: loa\r\nX-Pad: ', { bodyBytes: 1000, dripMs: 100, waitMs: bound }),
      raw(port, post('/hook', { 'content-length': 1000, 'x-secret': 'right' }), { bodyBytes: 1000, dripMs: 100, waitMs: bound }),
      raw(port, post('/hang', { 'content-length': 2 }) + '{}', { waitMs: bound }),
    ]);
    for (const [name, r] of Object.entries({ silent, headers, body, idle })) {
      expect(r.closed, name).toBe(true);
      expect(r.ms, name).toBeLessThan(bound);
    }
    expect(body.written).toBeLessThan(1000);
    expect(bodies).toHaveLength(0);
    expect(lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
  });

  it('logs a request the client abandons mid-body as one debug line, without a stack', async () => {
    const port = await open();
    const aborts = Array.from(
      { length: 50 },
      () =>
        new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => {
            // Closed after the headers and part of the body (a close, not a reset, so the
            // server surely sees the request before the connection ends).
            socket.write(post('/hook', { 'content-length': 1000, 'x-secret': 'right' }) + 'a'.repeat(10), () => socket.destroy());
          });
          socket.on('error', () => undefined);
          socket.on('close', () => resolve());
        }),
    );
    await Promise.all(aborts);
    await waitUntil(() => lines.length >= 50, WAIT_MS, () => `${lines.length} lines: ${JSON.stringify(lines.slice(0, 3))}`);
    expect(lines.filter((l) => l.level !== 'debug')).toEqual([]);
    expect(lines).toHaveLength(50);
    for (const l of lines) expect(l.message).not.toMatch(/\n/);
    expect(bodies).toHaveLength(0);
  });
});

describe('webhooks of the built process (Telegram, Zalo OA, Zalo Bot)', () => {
  const TG_SECRET = 'S3cret_token-1';
  const ZB_SECRET = 'zalo-bot-secret-1';
  let api: FakeBotApi | undefined;
  let zalo: FakeZalo | undefined;
  let bot: Running | undefined;
  afterEach(async () => {
    await bot?.stop('SIGKILL');
    await api?.stop();
    await zalo?.stop();
    bot = api = zalo = undefined;
  });

  async function launch(): Promise<{ port: number; a: FakeBotApi; z: FakeZalo }> {
    const a = (api = await new FakeBotApi().start());
    const z = (zalo = await new FakeZalo().start());
    bot = startCli(['start'], {
      TELEGRAM_BOT_TOKEN: a.token,
      TELEGRAM_API_ROOT: a.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://loa.example.invalid/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      ZALO_OA_ACCESS_TOKEN: z.validAccess,
      ZALO_OA_REFRESH_TOKEN: z.validRefresh,
      ZALO_APP_ID: z.appId,
      ZALO_APP_SECRET: z.appSecret,
      ZALO_OA_SECRET_KEY: z.oaSecretKey,
      ZALO_OA_API_BASE: z.base,
      ZALO_OAUTH_BASE: z.base,
      ZALO_BOT_TOKEN: z.botToken,
      ZALO_BOT_API_BASE: z.base,
      ZALO_BOT_WEBHOOK_URL: 'https://loa.example.invalid/zalobot/webhook',
      ZALO_BOT_WEBHOOK_SECRET: ZB_SECRET,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      DB_FILE: join(tempDir(), 'db.json'),
      BOT_NOW: '2023-09-20T09:00:00+07:00',
    });
    return { port: await httpPortOf(bot), a, z };
  }

  it('checks each secret and size from the headers before reading, and answers 400 to a body that is not a JSON object', async () => {
    const { port, a, z } = await launch();
    const mac = `mac=${'0'.repeat(64)}`;
    for (const [head, want] of [
      [post('/telegram/webhook', { 'content-length': HALF_GB, 'x-telegram-bot-api-secret-token': 'wrong' }), 403],
      [post('/zalobot/webhook', { 'content-length': HALF_GB, 'x-bot-api-secret-token': 'wrong-secret' }), 403],
      [post('/zalo/webhook', { 'content-length': HALF_GB }), 401],
      [post('/zalo/webhook', { 'content-length': HALF_GB, 'x-zevent-signature': 'nonsense' }), 401],
      [post('/telegram/webhook', { 'content-length': HALF_GB, 'x-telegram-bot-api-secret-token': TG_SECRET }), 413],
      [post('/zalobot/webhook', { 'content-length': HALF_GB, 'x-bot-api-secret-token': ZB_SECRET }), 413],
      [post('/zalo/webhook', { 'content-length': HALF_GB, 'x-zevent-signature': mac }), 413],
    ] as const) {
      const r = await raw(port, head, { bodyBytes: HALF_GB });
      expect(r.status, head).toBe(want);
      expect(r.written, head).toBeLessThan(FEW_MB);
    }
    const to = (path: string, headers: Record<string, string>, body: string) => fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    for (const bad of ['null', '[]', '42', '"text"', 'true', 'not json', '']) {
      expect((await to('/telegram/webhook', { 'x-telegram-bot-api-secret-token': TG_SECRET }, bad)).status, `telegram ${bad}`).toBe(400);
      expect((await to('/zalobot/webhook', { 'x-bot-api-secret-token': ZB_SECRET }, bad)).status, `zalobot ${bad}`).toBe(400);
      // Zalo OA signs the body, so the signature is checked once it is parsed: a signed null is 400.
      expect(await signedPost(`http://127.0.0.1:${port}/zalo/webhook`, {}, z.oaSecretKey, { raw: bad, signature: mac }), `zalo ${bad}`).toBe(400);
    }
    expect(a.sent()).toHaveLength(0);
    expect(z.sends()).toHaveLength(0);
    expect(await bot!.stop()).toBe(0);
    expect(bot!.stderr()).not.toMatch(/ERROR/);
  });

  // Needs the router to queue replies into the outbox (the lead's change): on this branch alone
  // the webhook is answered only once sendMessage has waited out its 429.
  it('answers the Telegram webhook at once while the reply waits out a 429 (retry_after 3 s)', async () => {
    const { port, a } = await launch();
    await a.waitFor(() => a.calls.some((c) => c.method === 'setWebhook'));
    a.fail('sendMessage', { code: 429, retryAfter: 3 });
    const update = { update_id: 77, message: { message_id: 7, date: 0, chat: { id: -100, type: 'supergroup', title: 'Văn phòng' }, from: { id: 1001, is_bot: false, first_name: 'Chánh' }, text: '/khauhieu 2' } };
    const t0 = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
      body: JSON.stringify(update),
    });
    const answeredMs = Date.now() - t0;
    expect(res.status).toBe(200);
    // The reply still arrives, after the 429 and its 3 s.
    const sent = await a.waitFor(() => a.sent(-100).find((c) => c.messageId !== undefined && /Khẩu hiệu số 2/.test(String(c.params.text))));
    expect(sent.at - t0).toBeGreaterThanOrEqual(3000);
    expect(answeredMs).toBeLessThan(2000);
  });
});
