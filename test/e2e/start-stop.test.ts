/**
 * Start-up and shutdown of the real built process when a platform hangs or fails: a channel
 * that cannot start stops the ones already started and the process exits non-zero with the
 * cause; a signal at any moment of start-up stops it cleanly (exit 0), promptly.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { FakeBotApi } from './fake-bot-api.js';
import { ready, startCli, type Running } from './run.js';
import { WAIT_MS, waitUntil } from './wait.js';

/** "Within a few seconds", with room for a busy 2-core machine; a hang lasts far longer. */
const PROMPT_MS = 20_000;

let api: FakeBotApi | undefined;
let bot: Running | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await api?.stop();
  bot = undefined;
  api = undefined;
});

/** A 127.0.0.1 port nothing listens on (connections are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function start(a: FakeBotApi, env: Record<string, string> = {}): Running {
  bot = startCli(['start'], {
    TELEGRAM_BOT_TOKEN: a.token,
    TELEGRAM_API_ROOT: a.apiRoot,
    DB_FILE: join(tempDir(), 'db.json'),
    BOT_NOW: '2023-09-20T09:00:00+07:00',
    ...env,
  });
  return bot;
}

/** The exit code, or a failure when the process is still running after `ms`. */
async function exitWithin(running: Running, ms: number): Promise<{ code: number | null; ms: number }> {
  const t0 = Date.now();
  const code = await Promise.race([running.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), ms).unref())]);
  if (code === 'hung') throw new Error(`still running after ${ms} ms:\n${running.stderr()}`);
  return { code, ms: Date.now() - t0 };
}

/** A server that accepts connections and never answers. */
async function silentServer(): Promise<{ port: number; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Sends SIGTERM; the exit code (null: it had to be killed after WAIT_MS) and how long it took. */
async function sigterm(running: Running): Promise<{ code: number | null; ms: number }> {
  const t0 = Date.now();
  const code = await running.stop('SIGTERM');
  return { code, ms: Date.now() - t0 };
}

describe('start-up failures and signals (built process)', () => {
  it('a channel that cannot start while Telegram is still launching: every channel stops, the cause is logged, exit 1 within seconds', async () => {
    api = await new FakeBotApi().start();
    const a = api;
    a.hold('deleteWebhook');
    const running = start(a, { ZALO_BOT_TOKEN: '12345:bot-token', ZALO_BOT_API_BASE: `http://127.0.0.1:${await closedPort()}` });
    // Telegram is launching (deleteWebhook unanswered) when the Zalo Bot channel fails at once.
    const { code } = await exitWithin(running, PROMPT_MS);
    expect(code).toBe(1);
    expect(running.stderr()).toMatch(/Không kết nối được Zalo Bot API tại ZALO_BOT_API_BASE=/);
    expect(a.calls.some((c) => c.method === 'getUpdates')).toBe(false);
  });

  it('SIGTERM while getMe hangs: clean stop, exit 0, promptly', async () => {
    api = await new FakeBotApi().start();
    const a = api;
    a.hold('getMe');
    const running = start(a);
    await a.waitFor(() => a.calls.some((c) => c.method === 'getMe'));
    const { code, ms } = await sigterm(running);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(PROMPT_MS);
    expect(running.stderr()).toMatch(/SIGTERM: stopping/);
    expect(running.stderr()).not.toMatch(/ERROR/);
  });

  it('SIGTERM while another channel\'s start hangs (Zalo Bot API accepts but never answers): exit 0, promptly', async () => {
    api = await new FakeBotApi().start();
    const a = api;
    const silent = await silentServer();
    try {
      const running = start(a, { ZALO_BOT_TOKEN: '12345:bot-token', ZALO_BOT_API_BASE: `http://127.0.0.1:${silent.port}` });
      await waitUntil(() => silent.connections() > 0, WAIT_MS, () => `no connection to the Zalo Bot API:\n${running.stderr()}`);
      const { code, ms } = await sigterm(running);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(PROMPT_MS);
      expect(running.stderr()).not.toMatch(/ERROR/);
    } finally {
      await silent.close();
    }
  });

  it('SIGTERM while Telegram launches (deleteWebhook hangs): clean stop, exit 0, promptly, never polls', async () => {
    api = await new FakeBotApi().start();
    const a = api;
    a.hold('deleteWebhook');
    const running = start(a);
    await ready(running);
    await a.waitFor(() => a.calls.some((c) => c.method === 'deleteWebhook'));
    const { code, ms } = await sigterm(running);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(PROMPT_MS);
    expect(a.calls.some((c) => c.method === 'getUpdates')).toBe(false);
    expect(running.stderr()).not.toMatch(/ERROR/);
  });
});
