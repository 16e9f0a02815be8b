/**
 * Telegram long polling with two replicas on one PostgreSQL: only the replica holding the lease
 * polls (the fake Bot API answers 409 to a second poller, as Telegram does, so a conflict would
 * show), and when it is SIGKILLed the other takes over once the lease ends.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { systemClock } from '../../src/core/clock.js';
import { openPostgresStores } from '../../src/store/postgres/index.js';
import { dropSchema, noPostgres, TEST_DATABASE_URL, testSchema } from '../pg.js';
import { FakeBotApi } from './fake-bot-api.js';
import { ADMIN } from './replica-cluster.js';
import { logLine, ready, startCli, type Running } from './run.js';

const LONG = 240_000;
/** Each step's bound: a stalled step fails with its own message, well before the test's bound. */
const STEP = 60_000;
const HOLDS = /telegram polling: this replica holds the lease and polls/;

describe.skipIf(noPostgres)('Telegram long polling with two replicas', () => {
  const schema = testSchema('polling');
  let api: FakeBotApi | undefined;
  const runs: Running[] = [];

  afterAll(async () => {
    await Promise.all(runs.map((r) => r.stop('SIGKILL')));
    await api?.stop();
    await dropSchema(schema);
  }, LONG);

  it('polls on one replica at a time, never 409, and moves to the other when the poller dies', async () => {
    api = await new FakeBotApi().start();
    const a = api;
    // The schema exists before both start (each would create it otherwise, one waiting on the other's lock).
    await (await openPostgresStores(TEST_DATABASE_URL, { clock: systemClock, schema, dataDir: join(ROOT, 'data') })).close();
    const env = {
      TELEGRAM_BOT_TOKEN: a.token,
      TELEGRAM_API_ROOT: a.apiRoot,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      ADMIN_IDS: `telegram:${ADMIN.id}`,
      BOT_NOW: '2023-09-20T09:00:00+07:00',
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      LOG_LEVEL: 'info',
    };
    runs.push(startCli(['start'], env), startCli(['start'], env));
    await Promise.all(runs.map((r) => ready(r, STEP)));
    const poller = await Promise.race(runs.map((r, i) => logLine(r, HOLDS, STEP).then(() => i)));
    const other = runs[1 - poller]!;

    a.message(-100, '/dangky VP', ADMIN);
    await a.waitFor(() => a.sent(-100).some((c) => c.messageId), STEP);
    expect(HOLDS.test(other.stderr())).toBe(false);

    await runs[poller]!.stop('SIGKILL');
    await logLine(other, HOLDS, STEP);
    a.message(-100, '/khauhieu', ADMIN);
    await a.waitFor(() => a.sent(-100).filter((c) => c.messageId).length >= 2, STEP);
    expect(a.conflicts).toBe(0);
    expect(other.stderr()).not.toMatch(/409|Conflict/);
  }, LONG);
});
