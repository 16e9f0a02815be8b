/**
 * The platform channels configured in the environment (Telegram, Zalo OA, Zalo Bot), and the
 * secrets of the configuration that must never reach the log.
 */
import { commands } from '../../commands/index.js';
import type { Config, SendLimits } from '../config.js';
import type { Logger } from '../core/dispatcher.js';
import type { Stores } from '../core/ports.js';
import type { Replicas } from '../replicas.js';
import { Pacer, realSleep } from './pacer.js';
import { createTelegramAdapter } from './telegram/adapter.js';
import type { ChannelAdapter } from './types.js';
import { createZaloBotAdapter } from './zalo/bot-adapter.js';
import { createZaloOaAdapter } from './zalo/oa-adapter.js';

/**
 * The configured channels. With `replicas` (PostgreSQL), each bot's send pace is shared by every
 * replica and Telegram long polling runs on one replica at a time.
 */
export function platformChannels(config: Config, stores: Stores, logger: Logger, now: () => number, replicas?: Replicas): ChannelAdapter[] {
  const channels: ChannelAdapter[] = [];
  const shared = (limits: SendLimits, key: string) =>
    replicas ? { pacer: replicas.sharedPacer(new Pacer(limits, Date.now, realSleep), key, limits.globalPerSecond, realSleep) } : {};
  const tg = config.telegram;
  if (tg) {
    // The bot's numeric id (the token's first part) names its budget and lease; the token is never stored.
    const bot = tg.token.split(':')[0] ?? 'bot';
    channels.push(
      createTelegramAdapter({
        config: tg,
        stores,
        logger,
        commands,
        ...shared(tg.limits, `telegram:${bot}`),
        ...(replicas && !tg.webhook ? { pollingLease: replicas.pollingLease(bot) } : {}),
      }),
    );
  }
  if (config.zaloOa) channels.push(createZaloOaAdapter({ config: config.zaloOa, stores, logger, now, ...shared(config.zaloOa.limits, 'zalo:oa') }));
  if (config.zaloBot) channels.push(createZaloBotAdapter({ config: config.zaloBot, logger, ...shared(config.zaloBot.limits, 'zalobot') }));
  return channels;
}

/** Secrets to keep out of the log. */
export function secretsOf(config: Config): string[] {
  return [
    config.telegram?.token,
    config.telegram?.webhook?.secret,
    config.zaloOa?.accessToken,
    config.zaloOa?.refreshToken,
    config.zaloOa?.appSecret,
    config.zaloOa?.oaSecretKey,
    config.zaloBot?.token,
    config.zaloBot?.webhook?.secret,
    config.database?.password,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
