/**
 * A local fake of the Telegram Bot API (node:http on 127.0.0.1, port 0) that behaves like the
 * platform for what Loa calls: getMe, getUpdates (offset, long-poll hold), sendMessage,
 * answerCallbackQuery, editMessageText, editMessageReplyMarkup, setMyCommands, deleteWebhook,
 * setWebhook, getFile and file downloads (documents and photos a user sends). It records every call and can inject 429 with retry_after, 5xx, 403 and a 400
 * with migrate_to_chat_id. Optionally it enforces rate limits with real 429s.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WAIT_MS, waitUntil } from './wait.js';

export interface Call {
  method: string;
  params: Record<string, unknown>;
  at: number;
}

/** How a user's file is sent: its caption, the bot message it replies to, what the update claims. */
export interface FileOptions {
  caption?: string;
  replyTo?: number | (Call & { messageId?: number });
  declaredSize?: number;
  tooBig?: boolean;
}

export type Fault =
  | { code: 429; retryAfter: number }
  | { code: 500 | 502 | 503 }
  | { code: 403; description?: string }
  | { code: 400; migrateTo?: number; description?: string };

interface Waiter {
  resolve: () => void;
}

export interface RateRules {
  globalPerSecond?: number;
  perChatPerMinute?: number;
}

export class FakeBotApi {
  readonly calls: Call[] = [];
  private server: Server | undefined;
  private updates: Array<Record<string, unknown>> = [];
  /**
   * Update ids differ between instances, as Telegram's do between bot runs: a test that restarts
   * the bot with a new fake on the same database is not taken for a redelivery.
   */
  private static instances = 0;
  private nextUpdateId = 1000 + FakeBotApi.instances++ * 1_000_000;
  private nextMessageId = new Map<string, number>();
  private faults = new Map<string, Fault[]>();
  private chatFaults = new Map<string, Array<{ fault: Fault; chats: Set<string> }>>();
  private waiters: Waiter[] = [];
  private sentTimes: number[] = [];
  private sentByChat = new Map<string, number[]>();
  /** Methods whose calls get no answer until released (a Bot API that hangs), and the calls waiting. */
  private holding = new Set<string>();
  private held: Array<{ method: string; resolve: () => void }> = [];
  /** Files a user "uploaded" (by file id and by path): getFile and /file/bot<token>/<path> serve them. */
  readonly files = new Map<string, Buffer>();
  /** The `file_path` getFile gives for a file id (the id itself when absent). */
  private filePaths = new Map<string, string>();
  /** File ids Telegram would not let a bot download (over 20 MB): getFile answers 400 "file is too big". */
  readonly tooBig = new Set<string>();
  /** Every file download (`/file/bot…/<path>`), as requested: the path, and whether the token was right. */
  readonly downloads: Array<{ path: string; ok: boolean }> = [];
  /** Chats that migrated: sending to the old id fails with 400 migrate_to_chat_id. */
  readonly migrated = new Map<string, number>();
  port = 0;
  /** The getUpdates call waiting now (a long poll), and how many live ones another poller ended with 409. */
  private waiting: { req: IncomingMessage; end(): void } | undefined;
  conflicts = 0;
  /**
   * Webhook mode: updates go to this function (which posts them to the bot) instead of waiting for
   * getUpdates. Set it to test a bot (or several replicas) behind a webhook.
   */
  deliver: ((update: Record<string, unknown>) => void) | undefined;

  constructor(
    readonly token = '123456:TEST',
    readonly username = 'LoaTestBot',
    private readonly rules: RateRules = {},
  ) {}

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.route(req).then(({ status, body }) => {
        if (Buffer.isBuffer(body)) res.writeHead(status, { 'content-type': 'application/octet-stream' }).end(body);
        else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters.splice(0)) w.resolve();
    this.holding.clear();
    for (const h of this.held.splice(0)) h.resolve();
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  /** The next `n` calls of `method` (to one of `chats`, when given) fail with `fault`. */
  fail(method: string, fault: Fault, n = 1, chats?: ReadonlyArray<number | string>): void {
    if (chats) {
      // Only calls to these chats fail (e.g. the unit groups, not the admins' notices).
      const list = this.chatFaults.get(method) ?? [];
      for (let i = 0; i < n; i++) list.push({ fault, chats: new Set(chats.map(String)) });
      this.chatFaults.set(method, list);
      return;
    }
    const list = this.faults.get(method) ?? [];
    for (let i = 0; i < n; i++) list.push(fault);
    this.faults.set(method, list);
  }

  /**
   * Calls of `method` get no answer until {@link release} (or {@link stop}): a Bot API that hangs
   * (e.g. `deleteWebhook` while telegraf launches). The calls are recorded as they arrive.
   */
  hold(method: string): void {
    this.holding.add(method);
  }

  /** Answers the held calls of `method`, and answers later ones at once. */
  release(method: string): void {
    this.holding.delete(method);
    const [now, keep] = [this.held.filter((h) => h.method === method), this.held.filter((h) => h.method !== method)];
    this.held = keep;
    for (const h of now) h.resolve();
  }

  /** Queues an update (an `update_id` is assigned unless given) and wakes a held getUpdates. */
  push(update: Record<string, unknown>): number {
    const id = typeof update.update_id === 'number' ? update.update_id : this.nextUpdateId++;
    this.nextUpdateId = Math.max(this.nextUpdateId, id + 1);
    if (this.deliver) {
      this.deliver({ ...update, update_id: id });
      return id;
    }
    this.updates.push({ ...update, update_id: id });
    for (const w of this.waiters.splice(0)) w.resolve();
    return id;
  }

  /** A text message from a user in a chat (negative chat id: a group). */
  message(chatId: number, text: string, from = { id: 1001, first_name: 'Admin' }, extra: Record<string, unknown> = {}): number {
    return this.push({
      message: {
        message_id: this.nextUpdateId,
        date: Math.floor(Date.now() / 1000),
        chat: chatId < 0 ? { id: chatId, type: 'supergroup', title: 'Nhóm' } : { id: chatId, type: 'private', first_name: from.first_name },
        from: { is_bot: false, ...from },
        text,
        ...extra,
      },
    });
  }

  /**
   * A document sent by a user (its bytes are served by getFile and the file path), with a caption
   * and/or as a reply to one of the bot's messages (a sent call, or a message id) when given.
   * `declaredSize` is the `file_size` the update claims (the real length by default); `tooBig`
   * makes getFile answer like Telegram for a file over 20 MB without the test holding 20 MB.
   */
  document(chatId: number, name: string, data: Buffer, from = { id: 1001, first_name: 'Admin' }, opts: FileOptions & { mimeType?: string } = {}): number {
    const fileId = `f${this.nextUpdateId}-${name}`;
    this.addFile(fileId, `documents/${fileId}`, data, opts.tooBig);
    const document = { file_id: fileId, file_unique_id: fileId, file_name: name, file_size: opts.declaredSize ?? data.length, ...(opts.mimeType ? { mime_type: opts.mimeType } : {}) };
    return this.message(chatId, '', from, { text: undefined, document, ...this.fileExtra(chatId, opts) });
  }

  /**
   * A photo sent by a user, as Telegram sends one: several sizes (smallest first), each its own
   * file; `sizes` are their bytes and pixel widths (square). No name, a caption and a reply as for
   * {@link document}. Returns the update id; `lastPhotoIds` holds the file ids, smallest first.
   */
  photo(chatId: number, sizes: Array<{ data: Buffer; width: number }>, from = { id: 1001, first_name: 'Admin' }, opts: FileOptions = {}): number {
    const photo = sizes.map(({ data, width }, i) => {
      const fileId = `p${this.nextUpdateId}-${i}`;
      this.addFile(fileId, `photos/${fileId}.jpg`, data, opts.tooBig && i === sizes.length - 1);
      return { file_id: fileId, file_unique_id: fileId, width, height: width, file_size: i === sizes.length - 1 ? opts.declaredSize ?? data.length : data.length };
    });
    this.lastPhotoIds = photo.map((p) => p.file_id);
    return this.message(chatId, '', from, { text: undefined, photo, ...this.fileExtra(chatId, opts) });
  }

  /** File ids of the last {@link photo}'s sizes, smallest first. */
  lastPhotoIds: string[] = [];

  private addFile(fileId: string, path: string, data: Buffer, tooBig?: boolean): void {
    this.files.set(fileId, data);
    this.filePaths.set(fileId, path);
    this.files.set(path, data);
    if (tooBig) this.tooBig.add(fileId);
  }

  private fileExtra(chatId: number, opts: FileOptions): Record<string, unknown> {
    const replyId = typeof opts.replyTo === 'number' ? opts.replyTo : opts.replyTo?.messageId;
    return {
      ...(opts.caption !== undefined ? { caption: opts.caption } : {}),
      ...(replyId !== undefined
        ? {
            reply_to_message: {
              message_id: replyId,
              date: 0,
              chat: chatId < 0 ? { id: chatId, type: 'supergroup', title: 'Nhóm' } : { id: chatId, type: 'private' },
              from: { id: 1, is_bot: true, username: this.username },
              text: typeof opts.replyTo === 'object' ? opts.replyTo.params.text : '',
            },
          }
        : {}),
    };
  }

  /** A press of an inline button on one of the bot's messages. */
  press(chatId: number, sent: Call, index: number, from = { id: 1001, first_name: 'Admin' }): number {
    const markup = sent.params.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> };
    const data = markup.inline_keyboard.flat()[index]!.callback_data;
    return this.push({
      callback_query: {
        id: `cb${this.nextUpdateId}`,
        from: { is_bot: false, ...from },
        chat_instance: '1',
        data,
        message: {
          message_id: (sent as Call & { messageId?: number }).messageId,
          date: 0,
          chat: chatId < 0 ? { id: chatId, type: 'supergroup', title: 'Nhóm' } : { id: chatId, type: 'private' },
          from: { id: 1, is_bot: true, username: this.username },
          text: sent.params.text,
          reply_markup: sent.params.reply_markup,
        },
      },
    });
  }

  sent(chatId?: number | string): Array<Call & { messageId?: number }> {
    return this.calls.filter((c) => c.method === 'sendMessage' && (chatId === undefined || String(c.params.chat_id) === String(chatId) )) as Array<Call & { messageId?: number }>;
  }

  /** Resolves when `predicate` holds (checked on each call), or rejects after `ms`. */
  waitFor<T>(predicate: () => T | undefined | false, ms = WAIT_MS): Promise<T> {
    return waitUntil(predicate, ms, () => `calls: ${this.calls.map((c) => c.method).join(',')}`);
  }

  private async route(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (file) {
      const data = file[1] === this.token ? this.files.get(decodeURIComponent(file[2]!)) : undefined;
      this.downloads.push({ path: decodeURIComponent(file[2]!), ok: data !== undefined });
      return data ? { status: 200, body: data } : { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const params = await readParams(req);
    if (!m) return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    const [, token, method = ''] = m;
    const call: Call & { messageId?: number } = { method, params, at: Date.now() };
    this.calls.push(call);
    if (token !== this.token) return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    if (this.holding.has(method)) await new Promise<void>((resolve) => this.held.push({ method, resolve }));
    const forChat = this.chatFaults.get(method);
    const i = forChat?.findIndex((f) => f.chats.has(String(params.chat_id))) ?? -1;
    const fault = i >= 0 ? forChat!.splice(i, 1)[0]!.fault : this.faults.get(method)?.shift();
    if (fault) return faultBody(fault);
    switch (method) {
      case 'getMe':
        return ok({ id: 1, is_bot: true, first_name: 'Loa', username: this.username });
      case 'getUpdates':
        return this.poll(req, params);
      case 'sendMessage': {
        const chat = String(params.chat_id);
        const to = this.migrated.get(chat);
        if (to !== undefined) {
          return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: to } } };
        }
        const limited = this.rateLimited(chat);
        if (limited) return limited;
        const id = (this.nextMessageId.get(chat) ?? 100) + 1;
        this.nextMessageId.set(chat, id);
        call.messageId = id;
        return ok({ message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: Number(chat), type: 'supergroup' }, text: params.text });
      }
      case 'getFile': {
        // As Telegram: a file over 20 MB cannot be downloaded by a bot, and getFile says so.
        const id = String(params.file_id);
        const data = this.files.get(id);
        if (data && (this.tooBig.has(id) || data.length > 20 * 1024 * 1024)) return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: file is too big' } };
        return data ? ok({ file_id: id, file_unique_id: id, file_size: data.length, file_path: this.filePaths.get(id) ?? id }) : { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' } };
      }
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'deleteWebhook':
      case 'setWebhook':
        return ok(true);
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return ok({ message_id: Number(params.message_id), date: 0, chat: { id: Number(params.chat_id), type: 'supergroup' }, text: params.text });
      default:
        return { status: 400, body: { ok: false, error_code: 400, description: `Bad Request: method ${method} not faked` } };
    }
  }

  private rateLimited(chat: string): { status: number; body: unknown } | undefined {
    const { globalPerSecond, perChatPerMinute } = this.rules;
    if (globalPerSecond === undefined && perChatPerMinute === undefined) return undefined;
    const t = Date.now();
    this.sentTimes = this.sentTimes.filter((x) => x > t - 1000);
    const mine = (this.sentByChat.get(chat) ?? []).filter((x) => x > t - 60_000);
    if (globalPerSecond !== undefined && this.sentTimes.length >= globalPerSecond) {
      return faultBody({ code: 429, retryAfter: 1 });
    }
    if (perChatPerMinute !== undefined && mine.length >= perChatPerMinute) {
      return faultBody({ code: 429, retryAfter: Math.ceil((mine[0]! + 60_000 - t) / 1000) });
    }
    this.sentTimes.push(t);
    mine.push(t);
    this.sentByChat.set(chat, mine);
    return undefined;
  }

  /**
   * As Telegram: a getUpdates ends the one still waiting, which answers 409 (two bot instances
   * polling). One whose process is gone (its connection closed) is not counted as a conflict.
   */
  private async poll(req: IncomingMessage, params: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const before = this.waiting;
    if (before) {
      if (!before.req.socket.destroyed) this.conflicts++;
      before.end();
    }
    let ended = false;
    const me = {
      req,
      end: () => {
        ended = true;
        for (const w of this.waiters.splice(0)) w.resolve();
      },
    };
    this.waiting = me;
    try {
      const batch = await this.getUpdates(params, () => ended);
      if (ended) return { status: 409, body: { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' } };
      return ok(batch);
    } finally {
      if (this.waiting === me) this.waiting = undefined;
    }
  }

  private async getUpdates(params: Record<string, unknown>, ended: () => boolean = () => false): Promise<unknown[]> {
    const offset = Number(params.offset ?? 0);
    if (offset > 0) this.updates = this.updates.filter((u) => (u.update_id as number) >= offset);
    const limit = Number(params.limit ?? 100);
    const pick = () => this.updates.filter((u) => (u.update_id as number) >= offset).slice(0, limit);
    let batch = pick();
    const timeout = Math.min(Number(params.timeout ?? 0), 50);
    if (batch.length === 0 && timeout > 0 && !ended()) {
      await new Promise<void>((resolve) => {
        const w: Waiter = { resolve };
        this.waiters.push(w);
        setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          resolve();
        }, timeout * 1000).unref();
      });
      batch = pick();
    }
    return batch;
  }
}

function ok(result: unknown): { status: number; body: unknown } {
  return { status: 200, body: { ok: true, result } };
}

function faultBody(fault: Fault): { status: number; body: unknown } {
  switch (fault.code) {
    case 429:
      return { status: 429, body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${fault.retryAfter}`, parameters: { retry_after: fault.retryAfter } } };
    case 403:
      return { status: 403, body: { ok: false, error_code: 403, description: fault.description ?? 'Forbidden: bot was kicked from the group chat' } };
    case 400:
      return {
        status: 400,
        body: { ok: false, error_code: 400, description: fault.description ?? 'Bad Request', ...(fault.migrateTo ? { parameters: { migrate_to_chat_id: fault.migrateTo } } : {}) },
      };
    default:
      return { status: fault.code, body: { ok: false, error_code: fault.code, description: 'Internal Server Error' } };
  }
}

async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (!text) return Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  if (type.includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
  if (type.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return { raw: text };
}
