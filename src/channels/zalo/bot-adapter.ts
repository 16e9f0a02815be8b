/**
 * The Zalo Bot Platform channel (direct messages; bots cannot join groups yet): long polling
 * with `getUpdates` (one update per call, `408` is an empty poll) or a webhook checked with
 * `X-Bot-Api-Secret-Token`. No buttons: confirmations by `/xacnhan` or "đã nhận H12".
 * Chats: `zalobot:<chat id>`. A photo (`message.image.received`, with its caption as text) comes
 * as an attachment; the platform sends bots no other kind of file.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { ZaloBotConfig } from '../../config.js';
import type { Logger } from '../../core/dispatcher.js';
import { splitMessage } from '../../core/text.js';
import type { ChatRef, Incoming, Outgoing } from '../../core/types.js';
import { Pacer, realSleep, type SendPacer, type Sleep } from '../pacer.js';
import { RecentIds } from '../recent.js';
import { ChatNames, describeChat } from '../chat-names.js';
import type { ChannelAdapter, Route, SendResult } from '../types.js';
import { ZaloBotClient, ZaloError, ZaloStartError, type Fetch } from './client.js';
import { BOT_CHANNEL, mapBotUpdate, withTypedButtons, ZALO_MAX_BODY, ZALO_MAX_TEXT } from './map.js';
import { zaloAttachment } from './files.js';
import { pacedWithRetry } from './retry.js';

export interface ZaloBotDeps {
  config: ZaloBotConfig;
  logger: Logger;
  fetch?: Fetch;
  sleep?: Sleep;
  /** The pacing of sends (this process's own {@link Pacer} by default). */
  pacer?: SendPacer;
}

const RECENT = 5000;

export function createZaloBotAdapter(deps: ZaloBotDeps): ChannelAdapter {
  const { config, logger } = deps;
  const sleep = deps.sleep ?? realSleep;
  const client = new ZaloBotClient(config.apiBase, config.token, deps.fetch);
  const pacer = deps.pacer ?? new Pacer(config.limits, Date.now, sleep);
  const recent = new RecentIds(RECENT);
  const names = new ChatNames();
  const inflight = new Set<Promise<void>>();
  const abort = new AbortController();
  let polling: Promise<void> | undefined;
  let onIncoming: ((incoming: Incoming) => Promise<void>) | undefined;
  let rejectFailed: (e: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  failed.catch(() => undefined);

  async function process(update: unknown): Promise<void> {
    const mapped = mapBotUpdate(update);
    if (mapped.messageId && !recent.firstTime(mapped.messageId)) return;
    if (!mapped.incoming || !onIncoming) return;
    if (mapped.file) mapped.incoming.attachment = zaloAttachment(mapped.file, deps.fetch ? { fetch: deps.fetch } : {});
    names.remember(mapped.incoming);
    await onIncoming(mapped.incoming);
  }

  function track(task: Promise<void>): void {
    const t = task.catch((error: unknown) => logger.error('zalo bot update failed', error));
    inflight.add(t);
    void t.finally(() => inflight.delete(t));
  }

  async function poll(): Promise<void> {
    let backoff = 1000;
    while (!abort.signal.aborted) {
      try {
        const result = await client.call('getUpdates', { timeout: 30 }, AbortSignal.any([abort.signal, AbortSignal.timeout(45_000)]));
        backoff = 1000;
        const updates = Array.isArray(result) ? result : result ? [result] : [];
        for (const u of updates) track(process(u));
      } catch (error) {
        if (abort.signal.aborted) return;
        if (error instanceof ZaloError && error.code === 408) continue;
        if (error instanceof ZaloError && (error.code === 401 || error.code === 403)) {
          rejectFailed(new ZaloStartError(`ZALO_BOT_TOKEN bị Zalo từ chối (${error.code}): ${error.message}`));
          return;
        }
        logger.warn(`zalo bot getUpdates failed (${(error as Error).message}); retry in ${backoff} ms`);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  /** Before the body is read: the webhook's secret, in constant time. */
  function authorize(req: IncomingMessage): number | undefined {
    const given = Buffer.from(String(req.headers['x-bot-api-secret-token'] ?? ''));
    const want = Buffer.from(config.webhook?.secret ?? '');
    return want.length > 0 && given.length === want.length && timingSafeEqual(given, want) ? undefined : 403;
  }

  async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (req as IncomingMessage & { body?: Buffer }).body ?? Buffer.alloc(0);
    let update: unknown;
    try {
      update = JSON.parse(raw.toString('utf8'));
    } catch {
      return void res.writeHead(400).end();
    }
    // An update is a JSON object; `null`, arrays and plain values are not.
    if (typeof update !== 'object' || update === null || Array.isArray(update)) return void res.writeHead(400).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    track(process(update));
  }

  async function send(chat: ChatRef, out: Outgoing): Promise<SendResult> {
    const parts = splitMessage(withTypedButtons(out), ZALO_MAX_TEXT);
    let last = '';
    try {
      for (const text of parts) {
        const result = await pacedWithRetry({ pacer, limits: config.limits, logger, sleep }, `${BOT_CHANNEL}:${chat.chatId}`, false, () =>
          client.call('sendMessage', { chat_id: chat.chatId, text }),
        );
        const id = (result as { message_id?: unknown } | undefined)?.message_id;
        last = id === undefined ? String(Date.now()) : String(id);
      }
      return { status: 'sent', messageId: last, chat };
    } catch (error) {
      if (error instanceof ZaloError && error.transient) {
        return { status: 'retry-later', reason: `Zalo Bot lỗi tạm thời: ${error.message}`, notBefore: new Date(), notice: 'Zalo lỗi tạm thời; sẽ tự gửi lại.' };
      }
      logger.error(`zalo bot message to ${chat.chatId} not delivered: ${(error as Error).message}`);
      return { status: 'failed', reason: 'rejected', chat, detail: (error as Error).message };
    }
  }

  return {
    name: BOT_CHANNEL,
    maxMessageLength: ZALO_MAX_TEXT,
    messageNoun: 'tin Zalo Bot',
    describeChat: async (chat, unit) => describeChat({ type: 'private', platform: 'Zalo', name: names.get(chat), unit }),
    failed,
    routes: (): Route[] => (config.webhook ? [{ path: config.webhook.path, authorize, maxBody: ZALO_MAX_BODY, handler: webhook }] : []),
    async start(handler) {
      onIncoming = handler;
      // Every call made while starting ends at stop() (abort), so a start that hangs can be stopped.
      const starting = () => AbortSignal.any([abort.signal, AbortSignal.timeout(30_000)]);
      try {
        await client.call('getMe', {}, starting());
      } catch (error) {
        if (abort.signal.aborted) return;
        const e = error as ZaloError;
        throw new ZaloStartError(
          e.transient
            ? `Không kết nối được Zalo Bot API tại ZALO_BOT_API_BASE=${config.apiBase}: ${e.message}`
            : `ZALO_BOT_TOKEN bị Zalo từ chối (${e.code}): kiểm tra lại token của bot.`,
        );
      }
      if (abort.signal.aborted) return;
      if (config.webhook) {
        await client.call('setWebhook', { url: config.webhook.url, secret_token: config.webhook.secret }, starting()).catch((error: unknown) => {
          if (!abort.signal.aborted) throw error;
        });
      } else {
        await client.call('deleteWebhook', {}, starting()).catch((error: unknown) => {
          if (!abort.signal.aborted) logger.warn(`zalo bot deleteWebhook failed: ${(error as Error).message}`);
        });
        if (abort.signal.aborted) return;
        polling = poll();
      }
    },
    send,
    async stop() {
      abort.abort();
      await polling;
      await Promise.allSettled([...inflight]);
    },
  };
}
