/**
 * The Zalo Official Account channel: webhook in (`POST /zalo/webhook`, signature checked
 * before anything else, then the event's time: a signed event is only good within
 * `ZALO_OA_MAX_EVENT_AGE_SEC` of now), OA API v3 out (users: `/v3.0/oa/message/cs`, groups
 * (GMF): `/v3.0/oa/group/message`). Chats: `zalo:<user id>` and `zalo:g:<group id>`. Every event
 * is acted on once, by its key ({@link oaEventKey}): messages through the router's record of
 * updates, follow/unfollow through the same record kept here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZaloOaConfig } from '../../config.js';
import type { Logger } from '../../core/dispatcher.js';
import { splitMessage } from '../../core/text.js';
import type { Stores } from '../../core/ports.js';
import type { ChatRef, Incoming, Outgoing } from '../../core/types.js';
import { Pacer, realSleep, type SendPacer, type Sleep } from '../pacer.js';
import { RecentIds } from '../recent.js';
import { ChatNames, describeChat } from '../chat-names.js';
import type { ChannelAdapter, Route, SendResult } from '../types.js';
import { ZaloError, ZaloOaClient, ZaloStartError, type Fetch } from './client.js';
import { buttonTemplate, mapOaEvent, oaEventTime, OA_CHANNEL, verifySignature, withTypedButtons, ZALO_MAX_BODY, ZALO_MAX_TEXT } from './map.js';
import { zaloAttachment } from './files.js';
import { pacedWithRetry } from './retry.js';
import { OaTokens } from './tokens.js';

export const OA_WEBHOOK_PATH = '/zalo/webhook';
const RECENT = 5000;
/** `X-ZEvent-Signature` as Zalo sends it: `mac=` and a SHA-256 in hex. */
const SIGNATURE_HEADER = /^mac=[0-9a-f]{64}$/i;

export interface ZaloOaDeps {
  config: ZaloOaConfig;
  /**
   * Bindings (a user out of reach is written to through the unit's group), chat state and
   * processed events (follow/unfollow), the token pair, and the unit of work they share.
   */
  stores: Pick<Stores, 'bindings' | 'chats' | 'updates' | 'tokens' | 'atomically'>;
  logger: Logger;
  fetch?: Fetch;
  /** The pacing of sends (this process's own {@link Pacer} by default). */
  pacer?: SendPacer;
  sleep?: Sleep;
  /** Loa's clock (ms), to judge an event's timestamp (`BOT_NOW` in tests). */
  now?: () => number;
}

export function createZaloOaAdapter(deps: ZaloOaDeps): ChannelAdapter {
  const { config, stores, logger } = deps;
  const sleep = deps.sleep ?? realSleep;
  const now = deps.now ?? Date.now;
  const starting = new AbortController();
  const client = new ZaloOaClient(config.apiBase, config.oauthBase, deps.fetch);
  const tokens = new OaTokens(stores.tokens, client, config, logger);
  const pacer = deps.pacer ?? new Pacer(config.limits, Date.now, sleep);
  const recent = new RecentIds(RECENT);
  const names = new ChatNames();
  const inflight = new Set<Promise<void>>();
  let onIncoming: ((incoming: Incoming) => Promise<void>) | undefined;

  /** One API call with the current token; on -216 refresh once and retry once. */
  async function withToken(send: (token: string) => Promise<string>): Promise<string> {
    const token = await tokens.access();
    try {
      return await send(token);
    } catch (error) {
      if (!(error instanceof ZaloError) || error.code !== -216) throw error;
      logger.info('zalo -216: access token expired, refreshing');
      return send(await tokens.expired(token));
    }
  }

  async function sendOne(chat: ChatRef, text: string, out: Outgoing | undefined): Promise<string> {
    const group = chat.chatId.startsWith('g:');
    const id = group ? chat.chatId.slice(2) : chat.chatId;
    return pacedWithRetry({ pacer, limits: config.limits, logger, sleep }, `${OA_CHANNEL}:${chat.chatId}`, group, () =>
      withToken(async (token) => {
        if (group) return client.sendToGroup(token, id, { text });
        const messageId = await client.sendToUser(token, id, { text });
        if (out?.buttons?.length) await client.sendToUser(token, id, { attachment: buttonTemplate(text.split('\n')[0] ?? '', out) });
        return messageId;
      }),
    );
  }

  /** -230: the user has not written to the OA for 7 days: use the unit's group, else the admins are told. */
  async function outsideWindow(chat: ChatRef, out: Outgoing): Promise<SendResult> {
    const unit = (await stores.bindings.bindingOf(chat))?.unit;
    const group = unit ? (await stores.bindings.chatsOf(unit)).find((c) => c.channel === OA_CHANNEL && c.chatId.startsWith('g:')) : undefined;
    if (group) {
      logger.info(`zalo -230 for ${chat.chatId}: sending to the unit's group ${group.chatId} instead`);
      return send(group, { ...out, text: `(Tin gửi nhóm vì không nhắn riêng được)\n${out.text}` });
    }
    logger.warn(`zalo -230 for ${chat.chatId}: not reachable, admins told`);
    const who = describeChat({ type: 'private', platform: 'Zalo', name: names.get(chat), unit });
    const notice = `⚠️ Không gửi được tin Zalo tới ${who}: người này chưa tương tác với OA trong 7 ngày và ${unit ? 'đơn vị chưa có nhóm Zalo OA' : 'chưa gắn với đơn vị nào có nhóm Zalo OA'}.`;
    return { status: 'failed', reason: 'unreachable', chat, notice };
  }

  async function send(chat: ChatRef, out: Outgoing): Promise<SendResult> {
    const group = chat.chatId.startsWith('g:');
    // Groups get no template buttons: the commands are written out instead.
    const parts = splitMessage(group ? withTypedButtons(out) : out.text, ZALO_MAX_TEXT);
    let last = '';
    try {
      for (let i = 0; i < parts.length; i++) last = await sendOne(chat, parts[i]!, i === parts.length - 1 ? out : undefined);
      return { status: 'sent', messageId: last, chat };
    } catch (error) {
      if (error instanceof ZaloError && error.code === -230 && !group) return outsideWindow(chat, out);
      if (error instanceof ZaloError && error.transient) {
        return { status: 'retry-later', reason: `Zalo lỗi tạm thời: ${error.message}`, notBefore: new Date(), notice: 'Zalo lỗi tạm thời; sẽ tự gửi lại.' };
      }
      const detail = error instanceof ZaloError ? `${error.code} ${error.message}` : String(error);
      logger.error(`zalo message to ${chat.chatId} not delivered: ${detail}`);
      return { status: 'failed', reason: 'rejected', chat, detail };
    }
  }

  async function process(event: Record<string, unknown>): Promise<void> {
    const mapped = mapOaEvent(event);
    // Skipped when seen in this process; one whose handling failed is taken again when redelivered.
    if (!(await recent.once(mapped.key, () => processMapped(mapped)))) logger.info(`zalo event ${mapped.key} seen before: skipped`);
  }

  async function processMapped(mapped: ReturnType<typeof mapOaEvent>): Promise<void> {
    if (mapped.follow) {
      // Not a message for the router: its record of updates is kept here, written with the effect.
      const chat = { channel: OA_CHANNEL, chatId: mapped.follow.userId };
      const on = mapped.follow.on;
      const fresh = await stores.atomically(async () => {
        if (!(await stores.updates.claimUpdate(mapped.key))) return false;
        if (on) await stores.chats.markActive(chat);
        else await stores.chats.markInactive(chat, 'unfollow');
        return true;
      });
      if (!fresh) logger.info(`zalo event ${mapped.key} seen before: skipped`);
      return;
    }
    // Described now, downloaded only when read (http(s) only, bounded).
    if (mapped.incoming && mapped.file) mapped.incoming.attachment = zaloAttachment(mapped.file, deps.fetch ? { fetch: deps.fetch } : {});
    if (mapped.incoming && onIncoming) {
      names.remember(mapped.incoming);
      await stores.chats.markActive(mapped.incoming.chat);
      await onIncoming(mapped.incoming);
    }
  }

  /** Before the body is read: the signature header must be there, as Zalo writes it. */
  function authorize(req: IncomingMessage): number | undefined {
    const signature = req.headers['x-zevent-signature'];
    return typeof signature === 'string' && SIGNATURE_HEADER.test(signature.trim()) ? undefined : 401;
  }

  async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (req as IncomingMessage & { body?: Buffer }).body ?? Buffer.alloc(0);
    const signature = String(req.headers['x-zevent-signature']);
    let body: Record<string, unknown>;
    try {
      const parsed = JSON.parse(raw.toString('utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return void res.writeHead(400).end();
    }
    if (!verifySignature(signature, raw, body, config.appId, config.oaSecretKey)) return void res.writeHead(401).end();
    // A genuine event, but too old or from the future: a replay (or a clock far off). Refused
    // (403: the signature is right, the event is not accepted) before anything is done or stored.
    const at = oaEventTime(body);
    const maxMs = config.maxEventAgeSec * 1000;
    if (at === undefined || Math.abs(now() - at) > maxMs) {
      const off = at === undefined ? 'unreadable' : `${Math.round((at - now()) / 1000)} s from now`;
      logger.info(`zalo event ${String(body.event_name)} refused: timestamp ${off}, outside ±${config.maxEventAgeSec} s`);
      return void res.writeHead(403).end();
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    const task = process(body).catch((error: unknown) => logger.error('zalo event failed', error));
    inflight.add(task);
    void task.finally(() => inflight.delete(task));
  }

  return {
    name: OA_CHANNEL,
    maxMessageLength: ZALO_MAX_TEXT,
    messageNoun: 'tin Zalo',
    describeChat: async (chat, unit) => describeChat({ type: chat.chatId.startsWith('g:') ? 'group' : 'private', platform: 'Zalo', name: names.get(chat), unit }),
    routes: (): Route[] => [{ path: OA_WEBHOOK_PATH, authorize, maxBody: ZALO_MAX_BODY, handler: webhook }],
    async start(handler) {
      onIncoming = handler;
      await tokens.init();
      if (starting.signal.aborted) return;
      // A bad token pair is fatal at start, with a clear message; a network problem is not.
      try {
        const info = await withToken((token) => client.profile(token, starting.signal).then((d) => String(d.name ?? d.oa_id ?? '')));
        logger.info(`zalo OA connected${info ? `: ${info}` : ''}`);
      } catch (error) {
        // Stopped while starting: the call was aborted.
        if (starting.signal.aborted) return;
        if (error instanceof ZaloError && !error.transient) {
          throw new ZaloStartError(`Zalo OA từ chối token (${error.code} ${error.message}): kiểm tra ZALO_OA_ACCESS_TOKEN / ZALO_OA_REFRESH_TOKEN / ZALO_APP_SECRET, hoặc cấp quyền OAuth lại.`);
        }
        logger.warn(`zalo OA not reachable at start (${(error as Error).message}); will retry on each send`);
      }
    },
    send,
    async stop() {
      starting.abort();
      await Promise.allSettled([...inflight]);
    },
  };
}
