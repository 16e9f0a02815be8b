/**
 * `npm run bench:reminders`: one reminder fanned out to each of 1,000 bound group chats through
 * the local fake Bot API, which enforces 30 msg/s overall and 20 msg/min per chat with real
 * 429s. Prints the total time against the floor the limits set (1000 / 30 ≈ 33 s), the 429
 * count, duplicates and losses, once on an empty database and once on a store already holding
 * `BENCH_SEED` (100k) confirmations. Figures only; nothing is asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../commands/index.js';
import { createTelegramAdapter } from '../src/channels/telegram/adapter.js';
import { catalogOf } from '../src/core/catalog.js';
import { fixedClock } from '../src/core/clock.js';
import { loadContent } from '../src/content-files.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { jobsFor, type JobDeps } from '../src/scheduler/jobs.js';
import { createOutbox } from '../src/scheduler/outbox.js';
import { createDelivery } from '../src/delivery/delivery.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { FakeBotApi } from '../test/e2e/fake-bot-api.js';
import { seedLowdbFile } from './lowdb-seed.js';

const CHATS = Number(process.env.BENCH_CHATS ?? 1000);
const API_PER_SECOND = 30;
const SEED = Number(process.env.BENCH_SEED ?? 100_000);
const root = join(import.meta.dirname, '..', '..');

for (const seed of [0, SEED]) await run(seed);

async function run(seed: number): Promise<void> {
const api = await new FakeBotApi('123456:TEST', 'LoaBench', { globalPerSecond: API_PER_SECOND, perChatPerMinute: 20 }).start();
const dir = mkdtempSync(join(tmpdir(), 'loa-bench-'));
try {
  const now = new Date('2023-09-22T08:00:00+07:00');
  const clock = fixedClock(now);
  const content = await loadContent(join(root, 'data'));
  if (seed) seedLowdbFile(join(dir, 'db.json'), seed);
  const store = await openLowdbStores({ file: join(dir, 'db.json'), clock, dataDir: join(root, 'data'), keepBackups: 1 });
  const units = content.org.units.map((u) => u.code);
  await Promise.all(
    Array.from({ length: CHATS }, (_, i) => store.bindings.bind({ channel: 'telegram', chatId: String(-(10_000 + i)) }, units[i % units.length]!, { id: 'b', name: 'Bench' })),
  );
  const logger = createLogger('error');
  // The same limits a deployment gets by default (TELEGRAM_* variables unset).
  const limits = loadConfig({ TELEGRAM_BOT_TOKEN: api.token }).telegram!.limits;
  const adapter = createTelegramAdapter({ config: { token: api.token, apiRoot: api.apiRoot, webhook: undefined, limits }, stores: store, logger, commands });
  await adapter.start(async () => undefined);
  const delivery = createDelivery({ channels: () => [adapter], stores: store, notify: async () => undefined, logger });
  const outbox = createOutbox({ outbox: store.outbox, delivery, channels: ['telegram'], owner: 'bench', logger });
  const deps: JobDeps = { content, stores: store, catalog: async () => catalogOf(content, await store.announcements.announcements()), adminChats: [], logger, dispatch: () => outbox.dispatch() };

  const t0 = performance.now();
  await jobsFor(content.org.schedule)[0]!.run(deps, now);
  const seconds = (performance.now() - t0) / 1000;
  await adapter.stop();
  await store.flush();

  const calls = api.sent();
  const accepted = calls.filter((c) => c.messageId !== undefined);
  const refused = calls.length - accepted.length;
  const perChat = new Map<string, number>();
  for (const c of accepted) perChat.set(String(c.params.chat_id), (perChat.get(String(c.params.chat_id)) ?? 0) + 1);
  const duplicates = [...perChat.values()].reduce((n, v) => n + Math.max(0, v - 1), 0);
  const lost = CHATS - perChat.size;
  const floor = CHATS / API_PER_SECOND;
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(`\nReminder fan-out to ${CHATS} group chats through the fake Bot API (${API_PER_SECOND} msg/s overall, 20 msg/min per chat enforced), store holding ${seed} confirmations:`);
  console.log(`  total time      ${seconds.toFixed(1)} s`);
  console.log(`  floor (limits)  ${floor.toFixed(1)} s   ratio ${(seconds / floor).toFixed(2)} (goal ≤ 1.15)`);
  console.log(`  sent ${accepted.length}, 429s ${refused}, duplicates ${duplicates}, lost ${lost}   (goal: 0, 0, 0)`);
  console.log(`  Loa's own pace: ${limits.globalPerSecond} msg/s (TELEGRAM_GLOBAL_PER_SECOND); ${(CHATS / seconds).toFixed(1)} msg/s reached; RSS after ${rss.toFixed(0)} MB`);
} finally {
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
}
}
