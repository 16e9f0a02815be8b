/**
 * Item 10: secrets in logs. Secrets shorter than 8 characters are refused at start (naming the
 * variable, never echoing the value); the log redacts every secret of 8 or more characters and
 * nothing shorter (a 1-character "secret" garbled every line); a refreshed Zalo token pair is
 * redacted too. (Modes of the files at rest: test/store-faults.test.ts.)
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OaTokens } from '../src/channels/zalo/tokens.js';
import type { ZaloOaClient } from '../src/channels/zalo/client.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { fixedClock } from '../src/core/clock.js';
import { createLogger } from '../src/logger.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { DATA_DIR, tempDir } from './helpers.js';

const OA = {
  ZALO_OA_ACCESS_TOKEN: 'oa-access-token-1',
  ZALO_OA_REFRESH_TOKEN: 'oa-refresh-token-1',
  ZALO_APP_ID: 'app-1',
  ZALO_APP_SECRET: 'app-secret-1',
  ZALO_OA_SECRET_KEY: 'oa-secret-key-1',
};

describe('secrets shorter than 8 characters are refused at start', () => {
  const cases: Array<[string, Record<string, string>]> = [
    ['TELEGRAM_BOT_TOKEN', { TELEGRAM_BOT_TOKEN: '1:abc' }],
    ['TELEGRAM_WEBHOOK_SECRET', { TELEGRAM_BOT_TOKEN: '123456:TEST', TELEGRAM_WEBHOOK_URL: 'https://loa.example/tg', TELEGRAM_WEBHOOK_SECRET: 'x' }],
    ['ZALO_OA_ACCESS_TOKEN', { ...OA, ZALO_OA_ACCESS_TOKEN: 'A1' }],
    ['ZALO_OA_REFRESH_TOKEN', { ...OA, ZALO_OA_REFRESH_TOKEN: 'R1' }],
    ['ZALO_APP_SECRET', { ...OA, ZALO_APP_SECRET: 's' }],
    ['ZALO_OA_SECRET_KEY', { ...OA, ZALO_OA_SECRET_KEY: 'k3y' }],
    ['ZALO_BOT_TOKEN', { ZALO_BOT_TOKEN: '1:ab' }],
    ['ZALO_BOT_WEBHOOK_SECRET', { ZALO_BOT_TOKEN: '12345:bot-token', ZALO_BOT_WEBHOOK_URL: 'https://loa.example/zb', ZALO_BOT_WEBHOOK_SECRET: 'short' }],
  ];
  for (const [name, env] of cases) {
    it(`refuses a short ${name}, naming it and not showing it`, () => {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain(name);
      expect(message).toMatch(/ít nhất 8 ký tự/);
      expect(message).not.toContain(`"${env[name]}"`);
    });
  }

  it('accepts secrets of 8 characters or more', () => {
    const config = loadConfig({ ...OA, TELEGRAM_BOT_TOKEN: '123456:TEST', ZALO_BOT_TOKEN: '12345:bot-token' });
    expect(config.zaloOa?.appSecret).toBe('app-secret-1');
    expect(config.telegram?.token).toBe('123456:TEST');
  });
});

describe('log redaction', () => {
  function capture(secrets: string[]) {
    const lines: string[] = [];
    return { lines, logger: createLogger('debug', secrets, (l) => lines.push(l)) };
  }

  it('leaves the log alone for a secret shorter than 8 characters (it would garble every line and reveal it)', () => {
    const { lines, logger } = capture(['e']);
    logger.info('telegram webhook registered');
    expect(lines[0]).toMatch(/INFO telegram webhook registered$/);
  });

  it('redacts a secret of 8 or more characters wherever it appears', () => {
    const { lines, logger } = capture(['123456:TEST']);
    logger.error('fetch failed', new Error('GET https://api.telegram.org/bot123456:TEST/getMe: ECONNRESET'));
    expect(lines[0]).toContain('/bot***/getMe');
    expect(lines[0]).not.toContain('123456:TEST');
  });

  it('redacts the longer of two overlapping secrets whole, revealing no part of it', () => {
    const { lines, logger } = capture(['abcdefgh', 'xxabcdefghyy']);
    logger.warn('token xxabcdefghyy and abcdefgh');
    expect(lines[0]).toMatch(/WARN token \*\*\* and \*\*\*$/);
  });

  it('redacts secrets added while running', () => {
    const { lines, logger } = capture([]);
    logger.addSecret('fresh-access-token');
    logger.addSecret('a');
    logger.info('using fresh-access-token for a call');
    expect(lines[0]).toMatch(/INFO using \*\*\* for a call$/);
  });
});

describe('refreshed Zalo tokens are redacted', () => {
  it('adds the stored pair at start and each refreshed pair to the log redaction', async () => {
    const store = await openLowdbStores({ file: join(tempDir(), 'db.json'), clock: fixedClock(new Date('2023-09-20T02:00:00Z')), dataDir: DATA_DIR });
    await store.tokens.saveZaloTokens({ access: 'stored-access-token', refresh: 'stored-refresh-token', expiresAt: '2000-01-01T00:00:00Z' });
    const lines: string[] = [];
    const logger = createLogger('debug', [], (l) => lines.push(l));
    const client = {
      refresh: async () => ({ access: 'refreshed-access-token', refresh: 'refreshed-refresh-token', expiresInSec: 90_000 }),
    } as unknown as ZaloOaClient;
    const config = { accessToken: 'env-access-token', refreshToken: 'env-refresh-token', appId: 'app-1', appSecret: 'app-secret-1', oaSecretKey: 'oa-secret-key-1' } as never;
    const tokens = new OaTokens(store.tokens, client, config, logger);
    await tokens.init();
    logger.info('stored: stored-access-token stored-refresh-token');
    expect(await tokens.access()).toBe('refreshed-access-token');
    logger.info('refreshed: refreshed-access-token refreshed-refresh-token');
    const log = lines.join('\n');
    expect(log).toMatch(/stored: \*\*\* \*\*\*/);
    expect(log).toMatch(/refreshed: \*\*\* \*\*\*/);
    expect(log).not.toMatch(/stored-access|refreshed-access|refreshed-refresh/);
  });
});
