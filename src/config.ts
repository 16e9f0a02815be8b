/**
 * The only reader of `process.env`. Validates once at start; a bad value stops the start with a
 * message naming the variable. Secrets (tokens) are kept here and never logged.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInstant } from './core/clock.js';

/** The project folder (where `data/` and `package.json` are), whatever the working directory. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  /** Folder with `org.json` and `plans/` (`DATA_DIR`, default `<project>/data`). */
  dataDir: string;
  /** The database file (`DB_FILE`, default `<project>/data/db.json`). */
  dbFile: string;
  /**
   * The console chat's database: `DB_FILE` when set, else `<project>/data/console.json`, so trying
   * Loa in the console never leaves bindings or confirmations in the database a real bot runs on.
   */
  consoleDbFile: string;
  /**
   * The folder of handed-in files' bytes on the lowdb store (`FILES_DIR`); undefined: a `files`
   * folder beside the database file in use (`data/files/` for `data/db.json`). PostgreSQL keeps
   * the bytes in the database instead.
   */
  filesDir: string | undefined;
  /** Fixed "now" for demos and tests (`BOT_NOW`, ISO 8601 with offset). */
  now: Date | undefined;
  /** `channel:userId` of each admin (`ADMIN_IDS`, comma-separated). */
  adminIds: string[];
  /** `channel:userId` of each read-only web console user (`VIEWER_IDS`, as `ADMIN_IDS`), e.g. the Sở's leaders. */
  viewerIds: string[];
  /**
   * Where people open the web console (`WEB_BASE_URL`): sign-in links start with it, and an
   * https address makes the session cookie Secure. Absent: `http://127.0.0.1:<the port listened on>`.
   */
  webBaseUrl: string | undefined;
  /** The console run's HTTP server: `HTTP_HOST` (default 127.0.0.1) and `HTTP_PORT` (default 8080). */
  consoleHttp: { port: number; host: string };
  /** The bot's username for `/cmd@name` (`BOT_USERNAME`, default `LoaBot`; Telegram reads it from the API). */
  botUsername: string;
  /** Backups kept at start (`BACKUP_KEEP`, default 5). */
  keepBackups: number;
  /** `LOG_LEVEL`: debug, info, warn (default in the console), error. */
  logLevel: LogLevel | undefined;
  /** The Telegram channel, when `TELEGRAM_BOT_TOKEN` is set. */
  telegram: TelegramConfig | undefined;
  /** The Zalo Official Account channel, when all `ZALO_OA_*`/`ZALO_APP_*` variables are set. */
  zaloOa: ZaloOaConfig | undefined;
  /** The Zalo Bot Platform channel, when `ZALO_BOT_TOKEN` is set. */
  zaloBot: ZaloBotConfig | undefined;
  /** Loa's HTTP server (`HTTP_PORT`, `HTTP_HOST`): webhooks and `GET /healthz`. */
  http: { port: number; host: string } | undefined;
  /**
   * PostgreSQL (`DATABASE_URL=postgres://…`, tables in `DATABASE_SCHEMA`, default `public`): the
   * store of N replicas. Absent: the lowdb file (`DB_FILE`), one process.
   */
  database: DatabaseConfig | undefined;
  /** How long a replica's claim on an outbox row or parked message lasts (`CLAIM_LEASE_SEC`, default 120). */
  claimLeaseMs: number;
}

export interface DatabaseConfig {
  url: string;
  schema: string;
  /** The password in the URL, if any: kept out of the log. */
  password: string | undefined;
}

/** `DATABASE_URL` and `DATABASE_SCHEMA`, checked. */
function databaseConfig(env: Env): DatabaseConfig | undefined {
  const url = value(env, 'DATABASE_URL');
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL không phải địa chỉ hợp lệ: cần dạng postgres://người_dùng:mật_khẩu@máy:5432/tên_csdl');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL phải bắt đầu bằng postgres:// (đang là ${parsed.protocol}//): Loa chỉ dùng PostgreSQL cho nhiều bản chạy`);
  }
  const schema = value(env, 'DATABASE_SCHEMA') ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError(`DATABASE_SCHEMA="${schema}" không hợp lệ: chữ thường không dấu, số và dấu gạch dưới`);
  }
  return { url, schema, password: parsed.password ? decodeURIComponent(parsed.password) : undefined };
}

/** Send limits of one channel; every value configurable because platforms change them. */
export interface SendLimits {
  /** Minimum gap between two messages to one chat, ms. */
  perChatIntervalMs: number;
  /** Messages per minute to one group. */
  perGroupPerMinute: number;
  /** Messages per second overall. */
  globalPerSecond: number;
  /** Longest `retry_after` waited in place, s; a longer one parks the message. */
  maxRetryAfterSec: number;
  /** Tries for a 5xx or network error before the message is parked. */
  maxAttempts: number;
}

export interface ZaloOaConfig {
  /** Secrets: never logged. The access/refresh pair only seeds the first start; the store keeps the newest. */
  accessToken: string;
  refreshToken: string;
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  apiBase: string;
  oauthBase: string;
  limits: SendLimits;
  /**
   * A webhook event is accepted only this close to now, either way (`ZALO_OA_MAX_EVENT_AGE_SEC`,
   * default 900 s): a signed event replayed later is refused.
   */
  maxEventAgeSec: number;
}

export interface ZaloBotConfig {
  token: string;
  apiBase: string;
  webhook: { url: string; path: string; secret: string } | undefined;
  limits: SendLimits;
}

export interface TelegramConfig {
  /** Secret: never logged. */
  token: string;
  apiRoot: string;
  webhook: { url: string; path: string; secret: string } | undefined;
  limits: SendLimits;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * Secrets (tokens, keys) shorter than this are refused at start: no real one is, and the log
 * redacts only secrets this long (a one-letter "secret" would garble every line).
 */
export const MIN_SECRET_LENGTH = 8;

/** A secret's value, refused when too short (the message names the variable, never the value). */
function secret(name: string, text: string): string {
  if (text.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`${name} quá ngắn (${text.length} ký tự): cần ít nhất ${MIN_SECRET_LENGTH} ký tự. Hãy dán lại đúng giá trị lấy từ nền tảng.`);
  }
  return text;
}

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = value(env, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name}="${text}" không hợp lệ: cần số nguyên từ ${min} đến ${max}`);
  }
  return n;
}

function url(env: Env, name: string, fallback?: string): string | undefined {
  const text = value(env, name) ?? fallback;
  if (text === undefined) return undefined;
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    return text;
  } catch {
    throw new ConfigError(`${name}="${text}" không phải địa chỉ http(s) hợp lệ`);
  }
}

/** Send limits from `<PREFIX>_CHAT_INTERVAL_MS` etc. */
function limitsFrom(env: Env, prefix: string, d: SendLimits): SendLimits {
  return {
    perChatIntervalMs: integer(env, `${prefix}_CHAT_INTERVAL_MS`, d.perChatIntervalMs, 0, 600_000),
    perGroupPerMinute: integer(env, `${prefix}_GROUP_PER_MINUTE`, d.perGroupPerMinute, 1, 10_000),
    globalPerSecond: integer(env, `${prefix}_GLOBAL_PER_SECOND`, d.globalPerSecond, 1, 10_000),
    maxRetryAfterSec: integer(env, `${prefix}_MAX_RETRY_AFTER`, d.maxRetryAfterSec, 0, 86_400),
    maxAttempts: integer(env, `${prefix}_MAX_ATTEMPTS`, d.maxAttempts, 1, 100),
  };
}

const ZALO_LIMITS: SendLimits = { perChatIntervalMs: 1000, perGroupPerMinute: 20, globalPerSecond: 10, maxRetryAfterSec: 60, maxAttempts: 5 };
const OA_VARS = ['ZALO_OA_ACCESS_TOKEN', 'ZALO_OA_REFRESH_TOKEN', 'ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY'] as const;

function zaloOaConfig(env: Env): ZaloOaConfig | undefined {
  const present = OA_VARS.filter((n) => value(env, n) !== undefined);
  if (present.length === 0) return undefined;
  const missing = OA_VARS.filter((n) => value(env, n) === undefined);
  if (missing.length) throw new ConfigError(`Kênh Zalo OA cần đủ ${OA_VARS.join(', ')}; còn thiếu: ${missing.join(', ')}`);
  return {
    accessToken: secret('ZALO_OA_ACCESS_TOKEN', value(env, 'ZALO_OA_ACCESS_TOKEN')!),
    refreshToken: secret('ZALO_OA_REFRESH_TOKEN', value(env, 'ZALO_OA_REFRESH_TOKEN')!),
    appId: value(env, 'ZALO_APP_ID')!,
    appSecret: secret('ZALO_APP_SECRET', value(env, 'ZALO_APP_SECRET')!),
    oaSecretKey: secret('ZALO_OA_SECRET_KEY', value(env, 'ZALO_OA_SECRET_KEY')!),
    apiBase: url(env, 'ZALO_OA_API_BASE', 'https://openapi.zalo.me')!.replace(/\/+$/, ''),
    oauthBase: url(env, 'ZALO_OAUTH_BASE', 'https://oauth.zaloapp.com')!.replace(/\/+$/, ''),
    limits: limitsFrom(env, 'ZALO', ZALO_LIMITS),
    maxEventAgeSec: integer(env, 'ZALO_OA_MAX_EVENT_AGE_SEC', 900, 10, 7 * 86_400),
  };
}

function zaloBotConfig(env: Env): ZaloBotConfig | undefined {
  const token = value(env, 'ZALO_BOT_TOKEN');
  if (!token) return undefined;
  secret('ZALO_BOT_TOKEN', token);
  if (!/^[A-Za-z0-9:_-]{1,200}$/.test(token)) throw new ConfigError('ZALO_BOT_TOKEN không đúng dạng (lấy từ Zalo Bot Manager)');
  const webhookUrl = url(env, 'ZALO_BOT_WEBHOOK_URL');
  let webhook: ZaloBotConfig['webhook'];
  if (webhookUrl) {
    const hookSecret = value(env, 'ZALO_BOT_WEBHOOK_SECRET');
    if (hookSecret) secret('ZALO_BOT_WEBHOOK_SECRET', hookSecret);
    if (!hookSecret || !/^[A-Za-z0-9_-]{8,256}$/.test(hookSecret)) {
      throw new ConfigError('ZALO_BOT_WEBHOOK_SECRET là bắt buộc khi đặt ZALO_BOT_WEBHOOK_URL: 8-256 ký tự A-Z, a-z, 0-9, "_" hoặc "-"');
    }
    webhook = { url: webhookUrl, path: new URL(webhookUrl).pathname || '/', secret: hookSecret };
  }
  return {
    token,
    apiBase: url(env, 'ZALO_BOT_API_BASE', 'https://bot-api.zaloplatforms.com')!.replace(/\/+$/, ''),
    webhook,
    limits: limitsFrom(env, 'ZALO_BOT', ZALO_LIMITS),
  };
}

function telegramConfig(env: Env): TelegramConfig | undefined {
  const token = value(env, 'TELEGRAM_BOT_TOKEN');
  if (!token) return undefined;
  secret('TELEGRAM_BOT_TOKEN', token);
  if (!/^\d{1,20}:[A-Za-z0-9_-]{1,100}$/.test(token)) {
    throw new ConfigError('TELEGRAM_BOT_TOKEN không đúng dạng "123456789:ABC..." (lấy từ @BotFather)');
  }
  const webhookUrl = url(env, 'TELEGRAM_WEBHOOK_URL');
  let webhook: TelegramConfig['webhook'];
  if (webhookUrl) {
    const hookSecret = value(env, 'TELEGRAM_WEBHOOK_SECRET');
    if (!hookSecret) throw new ConfigError('TELEGRAM_WEBHOOK_SECRET là bắt buộc khi đặt TELEGRAM_WEBHOOK_URL');
    secret('TELEGRAM_WEBHOOK_SECRET', hookSecret);
    if (!/^[A-Za-z0-9_-]{8,256}$/.test(hookSecret)) {
      throw new ConfigError('TELEGRAM_WEBHOOK_SECRET: 8-256 ký tự A-Z, a-z, 0-9, "_" hoặc "-"');
    }
    webhook = { url: webhookUrl, path: new URL(webhookUrl).pathname || '/', secret: hookSecret };
  }
  return {
    token,
    apiRoot: url(env, 'TELEGRAM_API_ROOT', 'https://api.telegram.org')!,
    webhook,
    limits: limitsFrom(env, 'TELEGRAM', { perChatIntervalMs: 1000, perGroupPerMinute: 20, globalPerSecond: 28, maxRetryAfterSec: 60, maxAttempts: 6 }),
  };
}

/** A comma-separated list of `channel:userId` (`ADMIN_IDS`, `VIEWER_IDS`), checked. */
function chatIds(env: Env, name: string): string[] {
  const ids = (value(env, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!/^[a-z][a-z0-9]*:[^\s:][^\s]*$/.test(id)) {
      throw new ConfigError(`${name}: "${id}" không hợp lệ; dùng dạng kênh:mã, ví dụ telegram:123456,zalo:abc`);
    }
  }
  return ids;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const nowText = value(env, 'BOT_NOW');
  let now: Date | undefined;
  if (nowText) {
    now = parseInstant(nowText);
    if (!now) {
      throw new ConfigError(
        `BOT_NOW="${nowText}" không hợp lệ: cần thời điểm ISO 8601 có múi giờ, ví dụ 2023-09-20T09:00:00+07:00`,
      );
    }
  }
  const adminIds = chatIds(env, 'ADMIN_IDS');
  const viewerIds = chatIds(env, 'VIEWER_IDS');
  const keepText = value(env, 'BACKUP_KEEP');
  const keepBackups = keepText === undefined ? 5 : Number(keepText);
  if (!Number.isInteger(keepBackups) || keepBackups < 1 || keepBackups > 100) {
    throw new ConfigError(`BACKUP_KEEP="${keepText}" không hợp lệ: cần số nguyên từ 1 đến 100`);
  }
  const level = value(env, 'LOG_LEVEL');
  if (level && !['debug', 'info', 'warn', 'error'].includes(level)) {
    throw new ConfigError(`LOG_LEVEL="${level}" không hợp lệ: debug, info, warn hoặc error`);
  }
  const botUsername = (value(env, 'BOT_USERNAME') ?? 'LoaBot').replace(/^@/, '');
  if (!/^[A-Za-z0-9_]{1,64}$/.test(botUsername)) throw new ConfigError(`BOT_USERNAME="${botUsername}" không hợp lệ`);
  const dataDir = resolve(cwd, value(env, 'DATA_DIR') ?? join(PROJECT_ROOT, 'data'));
  const telegram = telegramConfig(env);
  const zaloOa = zaloOaConfig(env);
  const zaloBot = zaloBotConfig(env);
  const filesDir = value(env, 'FILES_DIR');
  return {
    dataDir,
    dbFile: resolve(cwd, value(env, 'DB_FILE') ?? join(PROJECT_ROOT, 'data', 'db.json')),
    consoleDbFile: resolve(cwd, value(env, 'DB_FILE') ?? join(PROJECT_ROOT, 'data', 'console.json')),
    filesDir: filesDir === undefined ? undefined : resolve(cwd, filesDir),
    now,
    adminIds,
    viewerIds,
    webBaseUrl: url(env, 'WEB_BASE_URL')?.replace(/\/+$/, ''),
    consoleHttp: { port: integer(env, 'HTTP_PORT', 8080, 0, 65_535), host: value(env, 'HTTP_HOST') ?? '127.0.0.1' },
    botUsername,
    keepBackups,
    logLevel: level as LogLevel | undefined,
    telegram,
    zaloOa,
    zaloBot,
    http:
      value(env, 'HTTP_PORT') !== undefined || telegram?.webhook || zaloOa || zaloBot?.webhook
        ? { port: integer(env, 'HTTP_PORT', 8080, 0, 65_535), host: value(env, 'HTTP_HOST') ?? '0.0.0.0' }
        : undefined,
    database: databaseConfig(env),
    claimLeaseMs: integer(env, 'CLAIM_LEASE_SEC', 120, 1, 3600) * 1000,
  };
}
