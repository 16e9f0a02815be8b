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
  /** Fixed "now" for demos and tests (`BOT_NOW`, ISO 8601 with offset). */
  now: Date | undefined;
  /** `channel:userId` of each admin (`ADMIN_IDS`, comma-separated). */
  adminIds: string[];
  /** The bot's username for `/cmd@name` (`BOT_USERNAME`, default `LoaBot`; Telegram reads it from the API). */
  botUsername: string;
  /** Backups kept at start (`BACKUP_KEEP`, default 5). */
  keepBackups: number;
  /** `LOG_LEVEL`: debug, info, warn (default in the console), error. */
  logLevel: LogLevel | undefined;
  /** Set when `TELEGRAM_BOT_TOKEN` is given (the Telegram channel comes in a later release). */
  telegramConfigured: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
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
  const adminIds = (value(env, 'ADMIN_IDS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of adminIds) {
    if (!/^[a-z][a-z0-9]*:[^\s:][^\s]*$/.test(id)) {
      throw new ConfigError(`ADMIN_IDS: "${id}" không hợp lệ; dùng dạng kênh:mã, ví dụ telegram:123456,zalo:abc`);
    }
  }
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
  return {
    dataDir,
    dbFile: resolve(cwd, value(env, 'DB_FILE') ?? join(PROJECT_ROOT, 'data', 'db.json')),
    now,
    adminIds,
    botUsername,
    keepBackups,
    logLevel: level as LogLevel | undefined,
    telegramConfigured: value(env, 'TELEGRAM_BOT_TOKEN') !== undefined,
  };
}
