/**
 * The Telegram channel on telegraf 4.16.3. Every update goes through Loa's own dispatcher (no
 * `bot.command` per command); long polling by default, webhook when configured. `bot.catch` is
 * installed first, so no update can stop the loop, and `launch()` is never awaited at start
 * (it resolves only when polling stops, telegraf #1749). Every call made while starting can be
 * aborted, so `stop()` ends a start that hangs (telegraf's own `stop()` throws "Bot is not
 * running!" until polling has begun, and its `launch()` would then begin polling regardless).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Telegraf } from 'telegraf';
import type { TelegramConfig } from '../../config.js';
import type { Command } from '../../core/command.js';
import type { Logger } from '../../core/dispatcher.js';
import type { Stores } from '../../core/ports.js';
import { chatKey, type ChatRef, type Incoming, type Outgoing } from '../../core/types.js';
import { splitMessage } from '../../core/text.js';
import { Pacer, realSleep, type SendPacer, type Sleep } from '../pacer.js';
import { RecentIds } from '../recent.js';
import { KeyedQueue } from '../keyed-queue.js';
import { ChatNames, describeChat } from '../chat-names.js';
import { settlesWithin } from '../bounded.js';
import type { ChannelAdapter, SendResult } from '../types.js';
import { classify } from './errors.js';
import { appendedText, CHANNEL, inlineKeyboard, mapUpdate, MAX_TEXT, parseWebhookBody, toast, type ButtonPress } from './map.js';
import { sendWithRetry, type SenderDeps } from './sender.js';
import { telegramAttachment, type TelegramFileDeps } from './files.js';
import { pollUnderLease, type PollingLease } from './polling-lease.js';
import { isStoreUnavailable, retryWhileUnavailable } from '../unavailable.js';

export interface TelegramDeps {
  config: TelegramConfig;
  /** Chat state: a chat that writes again is active, a group that became a supergroup moves. */
  stores: Pick<Stores, 'chats'>;
  logger: Logger;
  commands: readonly Command[];
  sleep?: Sleep;
  now?: () => number;
  /** The pacing of sends (this process's own {@link Pacer} by default). */
  pacer?: SendPacer;
  /** Several replicas: long polling runs only while this lease is held (webhook mode needs none). */
  pollingLease?: PollingLease;
}

export interface TelegramAdapter extends ChannelAdapter {
  /** The bot's username (known after `start`). */
  readonly username: string;
  /** Rejects when polling stops on a fatal error (bad token, a second poller). */
  readonly failed: Promise<never>;
  /** Answers a button press: a toast, and an edit of the pressed message; returns replies still to send. */
  acknowledge(incoming: Incoming, replies: Outgoing[]): Promise<Outgoing[]>;
}

export class TelegramStartError extends Error {
  override name = 'TelegramStartError';
}

const RECENT_UPDATES = 2000;
/** The updates Loa asks for. */
const ALLOWED = ['message', 'callback_query'] as const;
/** Longest wait for polling to end at stop (it finishes the batch in flight first). */
const STOP_WAIT_MS = 5000;
/** Telegram's rules for menu commands. */
const MENU_NAME = /^[a-z0-9_]{1,32}$/;

export function createTelegramAdapter(deps: TelegramDeps): TelegramAdapter {
  const { config, logger } = deps;
  const chats = deps.stores.chats;
  const sleep = deps.sleep ?? realSleep;
  const now = deps.now ?? Date.now;
  const bot = new Telegraf(config.token, {
    telegram: { apiRoot: config.apiRoot, webhookReply: false },
    handlerTimeout: 10 * 60_000,
  });
  const pacer = deps.pacer ?? new Pacer(config.limits, now, sleep);
  const presses = new WeakMap<Incoming, ButtonPress>();
  const names = new ChatNames();
  const recent = new RecentIds(RECENT_UPDATES);
  const perChat = new KeyedQueue();
  const inflight = new Set<Promise<void>>();
  let username = '';
  let launch: Promise<void> | undefined;
  /** Ends the polling-lease loop (several replicas, polling mode). */
  let stopLeaseLoop: (() => Promise<void>) | undefined;
  /** The webhook request handler (webhook mode only), served through `routes()`. */
  let webhook: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  let rejectFailed: (e: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  failed.catch(() => undefined);
  /** Set by `stop()`: a start in progress gives up, and its calls are aborted. */
  let stopping = false;
  const starting = new AbortController();
  /** Options for a Bot API call made while starting (telegraf takes any AbortSignal). */
  const startCall = { signal: starting.signal as never };
  // telegraf's launch() calls deleteWebhook before it polls: that call is abortable too, and once
  // stop() has been called it never leads to polling.
  bot.telegram.deleteWebhook = async (extra) => {
    const done = await bot.telegram.callApi('deleteWebhook', { ...extra }, startCall);
    if (stopping) throw new Error('stopped while launching');
    return done;
  };

  const senderDeps: SenderDeps = {
    call: async (chatId, payload) => (await bot.telegram.sendMessage(chatId, payload.text, payload.reply_markup ? { reply_markup: payload.reply_markup } : {})).message_id,
    pacer,
    limits: config.limits,
    logger,
    sleep,
    now,
    isGroup: (chatId) => chatId.startsWith('-'),
    onMigrated: async (from, to) => {
      names.move({ channel: CHANNEL, chatId: from }, { channel: CHANNEL, chatId: to });
      await chats.moveChat({ channel: CHANNEL, chatId: from }, { channel: CHANNEL, chatId: to });
    },
  };

  const fileDeps: TelegramFileDeps = {
    apiRoot: config.apiRoot,
    token: config.token,
    getFile: (fileId) => bot.telegram.callApi('getFile', { file_id: fileId }, { signal: AbortSignal.timeout(30_000) as never }),
  };

  /** A chat as staff know it: its title or person (seen in updates, else asked of Telegram), else its unit. */
  async function chatLabel(chat: ChatRef, unit: string | undefined): Promise<string> {
    const { chatId } = chat;
    let name = names.get(chat);
    if (!name) {
      try {
        const info = (await bot.telegram.callApi('getChat', { chat_id: chatId }, { signal: AbortSignal.timeout(5000) as never })) as { title?: string; first_name?: string; last_name?: string };
        name = info.title ?? ([info.first_name, info.last_name].filter(Boolean).join(' ') || undefined);
        if (name) names.set(chat, name);
      } catch (error) {
        logger.info(`getChat ${chatId} failed (${classify(error).kind}): the chat is named by its unit`);
      }
    }
    return describeChat({ type: chatId.startsWith('-') ? 'group' : 'private', platform: 'Telegram', name, unit });
  }

  async function answer(callbackId: string, text?: string): Promise<void> {
    try {
      await bot.telegram.answerCbQuery(callbackId, text);
    } catch (error) {
      logger.warn(`answerCallbackQuery failed: ${classify(error).kind}`);
    }
  }

  async function handle(update: unknown, onIncoming: (incoming: Incoming) => Promise<void>): Promise<void> {
    const mapped = mapUpdate(update, username);
    if (mapped.updateId === undefined) return handleMapped(mapped, onIncoming);
    // Skipped when seen in this process; one that failed (the store did not answer) is taken again.
    if (!(await recent.once(mapped.updateId, () => handleMapped(mapped, onIncoming)))) logger.info(`telegram update ${mapped.updateId} seen before: skipped`);
  }

  async function handleMapped(mapped: ReturnType<typeof mapUpdate>, onIncoming: (incoming: Incoming) => Promise<void>): Promise<void> {
    if (mapped.migrate) {
      logger.info(`telegram group ${mapped.migrate.from} became supergroup ${mapped.migrate.to}`);
      names.move({ channel: CHANNEL, chatId: mapped.migrate.from }, { channel: CHANNEL, chatId: mapped.migrate.to });
      await chats.moveChat({ channel: CHANNEL, chatId: mapped.migrate.from }, { channel: CHANNEL, chatId: mapped.migrate.to });
      return;
    }
    const incoming = mapped.incoming;
    if (!incoming) {
      if (mapped.press) await answer(mapped.press.callbackId);
      return;
    }
    if (mapped.press) presses.set(incoming, mapped.press);
    names.remember(incoming);
    // Described now, downloaded only when read (bounded; on the configured Bot API server).
    if (mapped.file) incoming.attachment = telegramAttachment(mapped.file, fileDeps);
    if (await chats.markActive(incoming.chat)) logger.info(`telegram chat ${incoming.chat.chatId} is active again`);
    // One chat's updates are answered in order.
    await perChat.run(chatKey(incoming.chat), () => onIncoming(incoming));
  }

  /** Tracks an update's handling, so stop() waits for the ones in flight. */
  function track(task: Promise<void>): Promise<void> {
    inflight.add(task);
    return task.finally(() => inflight.delete(task));
  }

  /** Starts long polling (once the lease, if any, is held). */
  function launchPolling(): void {
    launch = bot.launch({ allowedUpdates: [...ALLOWED] });
    launch.catch((error: unknown) => {
      if (stopping) return;
      const f = classify(error);
      rejectFailed(
        new TelegramStartError(
          f.kind === 'unauthorized'
            ? 'TELEGRAM_BOT_TOKEN bị Telegram từ chối (401 Unauthorized).'
            : `Nhận tin nhắn từ Telegram bị dừng: ${'description' in f ? f.description : f.kind}`,
        ),
      );
    });
  }

  /** Ends long polling (the lease went to another replica, or Loa stops); waits for its batch. */
  async function haltPolling(): Promise<void> {
    if (!launch) return;
    try {
      bot.stop('shutdown');
    } catch {
      // Not polling yet.
    }
    await settlesWithin(launch, STOP_WAIT_MS);
    launch = undefined;
  }

  const adapter: TelegramAdapter = {
    name: CHANNEL,
    maxMessageLength: MAX_TEXT,
    messageNoun: 'tin nhắn',
    describeChat: chatLabel,
    failed,
    get username() {
      return username;
    },
    routes() {
      if (!webhook || !config.webhook) return [];
      const secret = Buffer.from(config.webhook.secret);
      return [
        {
          path: config.webhook.path,
          authorize: (req) => {
            const given = Buffer.from(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''));
            return given.length === secret.length && timingSafeEqual(given, secret) ? undefined : 403;
          },
          handler: webhook,
        },
      ];
    },

    async start(onIncoming) {
      // Installed first: an error in one update is logged and never stops polling.
      bot.catch((error, ctx) => logger.error(`telegram update ${ctx.update.update_id} failed`, error));
      try {
        bot.botInfo = await bot.telegram.callApi('getMe', {}, startCall);
      } catch (error) {
        if (stopping) return;
        const f = classify(error);
        throw new TelegramStartError(
          f.kind === 'unauthorized'
            ? 'TELEGRAM_BOT_TOKEN bị Telegram từ chối (401 Unauthorized): kiểm tra lại token lấy từ @BotFather.'
            : `Không kết nối được Bot API tại TELEGRAM_API_ROOT=${config.apiRoot}: ${'description' in f ? f.description : f.kind}`,
        );
      }
      username = bot.botInfo.username;
      const menu = deps.commands.filter((c) => MENU_NAME.test(c.name)).map((c) => ({ command: c.name, description: c.description.slice(0, 256) }));
      if (menu.length !== deps.commands.length) throw new TelegramStartError('Tên lệnh không hợp lệ với Telegram ([a-z0-9_]{1,32})');
      try {
        await bot.telegram.callApi('setMyCommands', { commands: menu }, startCall);
      } catch (error) {
        if (stopping) return;
        logger.warn(`setMyCommands failed (${classify(error).kind}): the command menu may be out of date`);
      }
      if (stopping) return;
      // A polled update waits while the store does not answer (it is not lost; Telegram would not resend it).
      bot.use((ctx) => track(retryWhileUnavailable(() => handle(ctx.update, onIncoming), () => stopping, logger, `telegram update ${ctx.update.update_id}`)));
      if (config.webhook) {
        try {
          await bot.telegram.callApi('setWebhook', { url: config.webhook.url, secret_token: config.webhook.secret, allowed_updates: [...ALLOWED] }, startCall);
        } catch (error) {
          if (stopping) return;
          throw error;
        }
        // Our own handler instead of telegraf's webhookCallback, which answers 415 to a bad body;
        // the secret was checked from the headers (`authorize`) before the body was read.
        webhook = async (req, res) => {
          const update = parseWebhookBody((req as IncomingMessage & { body?: Buffer }).body ?? Buffer.alloc(0));
          if (!update) {
            logger.warn('telegram webhook: a body that is not a JSON object was refused (400)');
            return void res.writeHead(400).end();
          }
          // Answered as soon as the update is handled (its replies go through the outbox). When the
          // store does not answer: 503, and Telegram delivers the update again later. Any other
          // failure is logged and answered 200, or Telegram would redeliver it forever.
          try {
            await track(handle(update, onIncoming));
          } catch (error) {
            if (isStoreUnavailable(error)) {
              logger.warn(`telegram webhook: the store does not answer (${(error as Error).message}); 503, Telegram retries`);
              if (!res.writableEnded) res.writeHead(503, { 'retry-after': '5' }).end();
              return;
            }
            logger.error(`telegram update ${(update as { update_id?: unknown }).update_id} failed`, error);
          }
          if (!res.writableEnded) res.writeHead(200).end();
        };
      } else if (deps.pollingLease) {
        stopLeaseLoop = pollUnderLease(deps.pollingLease, launchPolling, haltPolling, logger);
      } else {
        launchPolling();
      }
    },

    async send(chat, out): Promise<SendResult> {
      // Long texts (a digest from the outbox) go as several messages; buttons and the reference with the last.
      const parts = splitMessage(out.text, MAX_TEXT);
      let target = chat.chatId;
      let last = '';
      for (let i = 0; i < parts.length; i++) {
        const final = i === parts.length - 1;
        const outcome = await sendWithRetry(senderDeps, target, final ? { ...out, text: parts[i]! } : { text: parts[i]! });
        const here = { channel: CHANNEL, chatId: target };
        switch (outcome.status) {
          case 'retry-later': {
            // What is not sent yet is kept: this part and the ones after it.
            const rest = i === 0 ? undefined : { ...out, text: parts.slice(i).join('\n\n') };
            return { status: 'retry-later', reason: outcome.reason, notBefore: new Date(outcome.retryAt), notice: `${outcome.reason}. Loa sẽ tự gửi lại sau.`, rest };
          }
          case 'forbidden':
            return { status: 'failed', reason: 'forbidden', chat: { channel: CHANNEL, chatId: outcome.chatId }, detail: outcome.description };
          case 'rejected':
            return { status: 'failed', reason: 'rejected', chat: here, detail: outcome.description };
        }
        // A group that became a supergroup: the rest goes there, and the result names it.
        target = outcome.chatId;
        last = outcome.messageId;
      }
      return { status: 'sent', messageId: last, chat: { channel: CHANNEL, chatId: target } };
    },

    async acknowledge(incoming, replies) {
      const press = presses.get(incoming);
      if (!press) return replies;
      await answer(press.callbackId, toast(replies));
      const ack = replies[0]?.ack;
      if (!ack) return replies;
      // The pressed message shows its state now and keeps only the buttons that still apply.
      const base = ack.text ?? press.messageText;
      const changes = ack.text !== undefined || ack.appendLine !== undefined || ack.buttons !== undefined;
      if (!changes) return replies.slice(1);
      // A message Telegram no longer shows us (too old): the reply goes as a new message instead.
      if (!press.messageId || base === undefined) return replies;
      const markup = ack.buttons ? inlineKeyboard(ack.buttons) : press.replyMarkup;
      try {
        await bot.telegram.editMessageText(incoming.chat.chatId, Number(press.messageId), undefined, appendedText(base, ack.appendLine), {
          reply_markup: markup as never,
        });
      } catch (error) {
        logger.warn(`editMessageText failed (${classify(error).kind}): the pressed message was not updated`);
        return replies;
      }
      return replies.slice(1);
    },

    async stop() {
      stopping = true;
      starting.abort();
      await stopLeaseLoop?.();
      if (launch) {
        const halt = () => {
          try {
            bot.stop('shutdown');
          } catch {
            // Not polling yet: the launch was aborted above and will not poll.
          }
        };
        halt();
        // Polling may have begun just now, after the first halt: halt it again.
        if (!(await settlesWithin(launch, STOP_WAIT_MS))) {
          halt();
          if (!(await settlesWithin(launch, STOP_WAIT_MS))) logger.warn('telegram polling did not stop in time');
        }
      }
      await Promise.allSettled([...inflight]);
    },
  };
  return adapter;
}
