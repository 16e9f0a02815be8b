/**
 * A local fake Zalo on 127.0.0.1 (port 0): OA API v3 (`/v3.0/oa/message/cs`,
 * `/v3.0/oa/group/message`), OAuth v4 (`/v4/oa/access_token`, refresh tokens work once) and
 * the Bot Platform (`/bot<TOKEN>/<method>`, getUpdates returns one update or 408). It records
 * every call and can answer -216, -230 and 5xx. It serves files users "sent" (`fileEvent`,
 * `imageEvent`, `botImage`) and 404s any other file URL. `signedPost` posts webhook events signed like Zalo.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WAIT_MS, waitUntil } from './wait.js';

export interface ZaloCall {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  at: number;
  messageId?: string;
}

export type ZaloFault = { error: number; message?: string } | { status: 500 | 502 | 503 };

export class FakeZalo {
  readonly calls: ZaloCall[] = [];
  /** Files users "sent": served at /files/<name>; any other /files/ path answers 404. */
  readonly files = new Map<string, Buffer>();
  /** Every file download, by name, and whether it was served. */
  readonly downloads: Array<{ name: string; ok: boolean }> = [];
  // The first pair is long enough for Loa's start (secrets of 8+ characters); refreshed ones are A2/R2…
  validAccess = 'A1-access-token';
  validRefresh = 'R1-refresh-token';
  private generation = 1;
  private faults = new Map<string, ZaloFault[]>();
  private botUpdates: unknown[] = [];
  private waiters: Array<() => void> = [];
  private nextId = 1;
  private server: Server | undefined;
  port = 0;

  constructor(
    readonly appId = 'app-1',
    readonly appSecret = 'app-secret',
    readonly oaSecretKey = 'oa-secret-key',
    readonly botToken = '12345:bot-token',
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const file = /^\/files\/(.+)$/.exec(req.url ?? '');
      if (file) {
        const data = this.files.get(decodeURIComponent(file[1]!));
        this.downloads.push({ name: decodeURIComponent(file[1]!), ok: data !== undefined });
        res.writeHead(data ? 200 : 404).end(data ?? '');
        return;
      }
      void this.route(req).then(({ status, body }) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters.splice(0)) w();
    await new Promise<void>((r) => {
      this.server?.close(() => r());
      this.server?.closeAllConnections();
    });
  }

  /** The access token stops working (the next OA call answers -216). */
  expireAccess(): void {
    this.validAccess = `expired-${this.validAccess}`;
  }

  fail(path: string, fault: ZaloFault, n = 1): void {
    const list = this.faults.get(path) ?? [];
    for (let i = 0; i < n; i++) list.push(fault);
    this.faults.set(path, list);
  }

  /** Queues a Bot Platform text update from a user. */
  botMessage(chatId: string, text: string, from = { id: 'u-bot', display_name: 'Hoa' }, messageId = `bm${this.nextId++}`): void {
    this.botUpdates.push({ event_name: 'message.text.received', message: { message_id: messageId, date: Date.now(), chat: { id: chatId, chat_type: 'PRIVATE' }, from, text } });
    for (const w of this.waiters.splice(0)) w();
  }

  /** The URL the fake serves a file at (a name never stored 404s, as an expired Zalo link does). */
  fileUrl(name: string): string {
    return `${this.base}/files/${encodeURIComponent(name)}`;
  }

  /**
   * An OA `user_send_file` event (`user_send_group_file` for a group) whose URL this fake serves;
   * `data` undefined: a URL that 404s. `size` is what the event declares (the real length by default).
   */
  fileEvent(kind: 'user' | 'group', userId: string, file: { name: string; data?: Buffer; size?: number; type?: string }, opts: EventOptions = {}): Record<string, unknown> {
    const stored = `${msgSeq}-${file.name}`;
    if (file.data) this.files.set(stored, file.data);
    const payload = { url: this.fileUrl(stored), name: file.name, size: String(file.size ?? file.data?.length ?? 0), type: file.type ?? file.name.split('.').pop() ?? '', checksum: 'x' };
    return oaEvent(kind, userId, opts.text ?? '', { ...opts, eventName: kind === 'user' ? 'user_send_file' : 'user_send_group_file', attachments: [{ type: 'file', payload }] });
  }

  /** An OA `user_send_image` event (`user_send_group_image` for a group): a full-size URL and a thumbnail; `data` undefined: a URL that 404s. */
  imageEvent(kind: 'user' | 'group', userId: string, data: Buffer | undefined, opts: EventOptions = {}): Record<string, unknown> {
    const stored = `${msgSeq}-anh.jpg`;
    if (data) this.files.set(stored, data);
    const payload = { url: this.fileUrl(stored), thumbnail: this.fileUrl(`thumb-${stored}`) };
    return oaEvent(kind, userId, opts.text ?? '', { ...opts, eventName: kind === 'user' ? 'user_send_image' : 'user_send_group_image', attachments: [{ type: 'image', payload }] });
  }

  /** Queues a Bot Platform `message.image.received` (a photo this fake serves, with an optional caption). */
  botImage(chatId: string, data: Buffer, caption?: string, from = { id: 'u-bot', display_name: 'Hoa' }, messageId = `bm${this.nextId++}`): void {
    const stored = `bot-${messageId}.jpg`;
    this.files.set(stored, data);
    this.botUpdates.push({
      event_name: 'message.image.received',
      message: { message_id: messageId, date: Date.now(), chat: { id: chatId, chat_type: 'PRIVATE' }, from, photo: this.fileUrl(stored), ...(caption !== undefined ? { caption } : {}) },
    });
    for (const w of this.waiters.splice(0)) w();
  }

  sends(path?: string): ZaloCall[] {
    return this.calls.filter((c) => (path ? c.path === path : /message|sendMessage/.test(c.path)) && c.messageId !== undefined);
  }

  waitFor<T>(predicate: () => T | undefined | false, ms = WAIT_MS): Promise<T> {
    return waitUntil(predicate, ms, () => `calls: ${this.calls.map((c) => c.path).join(',')}`);
  }

  private async route(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!;
    let body: Record<string, unknown> = {};
    if ((req.headers['content-type'] ?? '').includes('x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(text));
    else if (text) body = JSON.parse(text) as Record<string, unknown>;
    const call: ZaloCall = { path, headers: req.headers, body, at: Date.now() };
    this.calls.push(call);
    const fault = this.faults.get(path)?.shift();
    if (fault && 'status' in fault) return { status: fault.status, body: { error: -1, message: 'server error' } };
    if (fault) return { status: 200, body: { error: fault.error, message: fault.message ?? `error ${fault.error}` } };

    if (path === '/v3.0/oa/message/cs' || path === '/v3.0/oa/group/message') {
      if (req.headers.access_token !== this.validAccess) return { status: 200, body: { error: -216, message: 'Access token is invalid' } };
      call.messageId = `m${this.nextId++}`;
      return { status: 200, body: { error: 0, message: 'Success', data: { message_id: call.messageId } } };
    }
    if (path === '/v2.0/oa/getoa') {
      if (req.headers.access_token !== this.validAccess) return { status: 200, body: { error: -216, message: 'Access token is invalid' } };
      return { status: 200, body: { error: 0, message: 'Success', data: { oa_id: 'oa-1', name: 'Sở KH&CN (thử)' } } };
    }
    if (path === '/v4/oa/access_token') {
      if (req.headers.secret_key !== this.appSecret || body.app_id !== this.appId || body.grant_type !== 'refresh_token') {
        return { status: 200, body: { error: -14002, error_name: 'Invalid app' } };
      }
      if (body.refresh_token !== this.validRefresh) return { status: 200, body: { error: -14014, error_name: 'Invalid refresh token' } };
      this.generation += 1;
      this.validAccess = `A${this.generation}`;
      this.validRefresh = `R${this.generation}`;
      return { status: 200, body: { access_token: this.validAccess, refresh_token: this.validRefresh, expires_in: '90000' } };
    }
    const bot = /^\/bot([^/]+)\/(\w+)$/.exec(path);
    if (bot) {
      if (bot[1] !== this.botToken) return { status: 200, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
      switch (bot[2]) {
        case 'getMe':
          return { status: 200, body: { ok: true, result: { id: 'bot-1', account_name: 'loa.bot' } } };
        case 'getUpdates': {
          if (!this.botUpdates.length) {
            await new Promise<void>((r) => {
              this.waiters.push(r);
              setTimeout(r, Math.min(Number(body.timeout ?? 0), 1) * 1000).unref();
            });
          }
          const next = this.botUpdates.shift();
          return next ? { status: 200, body: { ok: true, result: next } } : { status: 200, body: { ok: false, error_code: 408, description: 'Request timeout' } };
        }
        case 'sendMessage':
          call.messageId = `b${this.nextId++}`;
          return { status: 200, body: { ok: true, result: { message_id: call.messageId, date: Date.now() } } };
        case 'setWebhook':
        case 'deleteWebhook':
          return { status: 200, body: { ok: true, result: true } };
        default:
          return { status: 200, body: { ok: false, error_code: 404, description: 'Not found' } };
      }
    }
    return { status: 404, body: { error: 404, message: 'not found' } };
  }
}

let msgSeq = 1;

/**
 * "Now" for the e2e bot (its `BOT_NOW`): Loa refuses OA events whose timestamp is far from its
 * own clock, so events are stamped with the bot's time, not the test machine's.
 */
export const ZALO_E2E_NOW = '2023-09-20T09:00:00+07:00';
const e2eNowMs = Date.parse(ZALO_E2E_NOW);

export interface EventOptions {
  groupId?: string;
  msgId?: string;
  appId?: string;
  timestamp?: number;
  /** A caption sent with a file or image. */
  text?: string;
}

/**
 * A Zalo OA event, as Zalo would post it; `timestamp` (ms) defaults to {@link ZALO_E2E_NOW}. A text
 * event by default; `eventName` and `attachments` make a file or image event.
 */
export function oaEvent(
  kind: 'user' | 'group',
  userId: string,
  text: string,
  opts: EventOptions & { eventName?: string; attachments?: unknown[] } = {},
): Record<string, unknown> {
  return {
    app_id: opts.appId ?? 'app-1',
    event_name: opts.eventName ?? (kind === 'user' ? 'user_send_text' : 'user_send_group_text'),
    timestamp: String(opts.timestamp ?? e2eNowMs),
    sender: { id: userId },
    recipient: { id: kind === 'group' ? opts.groupId : 'oa-1' },
    message: { ...(text || !opts.attachments ? { text } : {}), msg_id: opts.msgId ?? `msg${msgSeq++}`, ...(opts.attachments ? { attachments: opts.attachments } : {}) },
  };
}

/** A follow/unfollow event (no `msg_id`), as Zalo posts it. */
export function oaFollow(kind: 'follow' | 'unfollow', userId: string, opts: { appId?: string; timestamp?: number } = {}): Record<string, unknown> {
  return {
    app_id: opts.appId ?? 'app-1',
    oa_id: 'oa-1',
    event_name: kind,
    timestamp: String(opts.timestamp ?? e2eNowMs),
    source: 'oa_profile',
    follower: { id: userId },
    user_id_by_app: `app-${userId}`,
  };
}

export function signature(raw: string, body: Record<string, unknown>, secretKey: string): string {
  return `mac=${createHash('sha256').update(String(body.app_id)).update(raw).update(String(body.timestamp)).update(secretKey).digest('hex')}`;
}

/** Posts an event to Loa's webhook, signed (or with the given signature header, or none). */
export async function signedPost(url: string, body: Record<string, unknown>, secretKey: string, opts: { signature?: string | null; raw?: string } = {}): Promise<number> {
  const raw = opts.raw ?? JSON.stringify(body);
  const sig = opts.signature === undefined ? signature(JSON.stringify(body), body, secretKey) : opts.signature;
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(sig !== null ? { 'x-zevent-signature': sig } : {}) }, body: raw });
  return res.status;
}
