/**
 * `npm run bench:telegram`: updates per second handled end to end (fake Bot API → Loa → reply
 * recorded) for /khauhieu and /xacnhan, beside a bare telegraf bot that only echoes, against
 * the same local fake in the same run. Pacing is switched off for both: this measures Loa's own
 * cost per update, not Telegram's limits. Prints figures and ratios; asserts nothing.
 *
 * `/xacnhan` writes a NEW confirmation for every update, on a store already holding
 * `BENCH_SEED` (100k) confirmations: each chat is bound to a unit of its own (added to a copy of
 * the sample organisation) and update i confirms deadline `B<i / chats>` of a bench plan. Ratios
 * are taken pair by pair (each round's Loa run against that round's bare run), then the median.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Telegraf } from 'telegraf';
import { commands } from '../commands/index.js';
import { createRouter } from '../src/app.js';
import { createTelegramAdapter } from '../src/channels/telegram/adapter.js';
import { fixedClock } from '../src/core/clock.js';
import { createEngine } from '../src/core/dispatcher.js';
import { loadContent } from '../src/content-files.js';
import { createLogger } from '../src/logger.js';
import { createDelivery } from '../src/delivery/delivery.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { FakeBotApi } from '../test/e2e/fake-bot-api.js';
import { seedLowdbFile } from './lowdb-seed.js';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 10000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CHATS = Number(process.env.BENCH_CHATS ?? 1000);
const SEED = Number(process.env.BENCH_SEED ?? 100_000);
const root = join(import.meta.dirname, '..', '..');
const DEADLINES = Math.ceil(UPDATES / CHATS);

/** A copy of the sample data with one unit per chat and a plan of `DEADLINES` deadlines assigned to all of them. */
function benchData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loa-bench-data-'));
  cpSync(join(root, 'data'), dir, { recursive: true });
  const org = JSON.parse(readFileSync(join(dir, 'org.json'), 'utf8'));
  const codes = Array.from({ length: CHATS }, (_, c) => `BU${c}`);
  org.units.push(...codes.map((code, c) => ({ code, name: `Đơn vị thử ${c}`, kind: 'phong', aliases: [] })));
  writeFileSync(join(dir, 'org.json'), JSON.stringify(org));
  const plan = JSON.parse(readFileSync(join(dir, 'plans', 'bac-giang-2023.json'), 'utf8'));
  const model = plan.deadlines[0];
  plan.id = 'bench-plan';
  plan.deadlines = Array.from({ length: DEADLINES }, (_, k) => ({ ...model, id: `B${k + 1}`, due: '2023-12-29', assignees: codes }));
  writeFileSync(join(dir, 'plans', 'bench-plan.json'), JSON.stringify(plan));
  return dir;
}
const dataDir = benchData();

async function drive(api: FakeBotApi, text: (i: number) => string): Promise<number> {
  const before = api.sent().length;
  const t0 = performance.now();
  for (let i = 0; i < UPDATES; i++) api.message(-(1000 + (i % CHATS)), text(i), { id: 7000 + (i % CHATS), first_name: 'Bench' });
  await api.waitFor(() => api.sent().length >= before + UPDATES, 120_000);
  return UPDATES / ((performance.now() - t0) / 1000);
}

async function loaRun(): Promise<{ khauhieu: number; xacnhan: number; created: number }> {
  const api = await new FakeBotApi().start();
  const dir = mkdtempSync(join(tmpdir(), 'loa-bench-'));
  const clock = fixedClock(new Date('2023-09-20T02:00:00Z'));
  const content = await loadContent(dataDir);
  seedLowdbFile(join(dir, 'db.json'), SEED);
  const store = await openLowdbStores({ file: join(dir, 'db.json'), clock, dataDir, keepBackups: 1 });
  const logger = createLogger('error');
  await Promise.all(Array.from({ length: CHATS }, (_, c) => store.bindings.bind({ channel: 'telegram', chatId: String(-(1000 + c)) }, `BU${c}`, { id: 'b', name: 'Bench' })));
  const limits = { perChatIntervalMs: 0, perGroupPerMinute: 1_000_000, globalPerSecond: 1_000_000, maxRetryAfterSec: 60, maxAttempts: 6 };
  const adapter = createTelegramAdapter({ config: { token: api.token, apiRoot: api.apiRoot, webhook: undefined, limits }, stores: store, logger, commands });
  const engine = createEngine({ content, stores: store, clock, commands, adminIds: [], botUsername: 'LoaBot', logger });
  const delivery = createDelivery({ channels: () => [adapter], stores: store, notify: async () => undefined, logger });
  await adapter.start(createRouter(engine, [adapter], delivery, logger));
  const khauhieu = await drive(api, (i) => `/khauhieu ${(i % 19) + 1}`);
  const before = (await store.confirmations.confirmationsOf(Array.from({ length: DEADLINES }, (_, k) => ({ deadline: `B${k + 1}`, occurrence: '2023-12-29' })))).length;
  // Update i: chat i % CHATS (its own unit) confirms deadline B<i / CHATS + 1>: always a new confirmation.
  const xacnhan = await drive(api, (i) => `/xacnhan B${Math.floor(i / CHATS) + 1} ${i % 2 ? 'xong' : 'nhan'}`);
  const after = (await store.confirmations.confirmationsOf(Array.from({ length: DEADLINES }, (_, k) => ({ deadline: `B${k + 1}`, occurrence: '2023-12-29' })))).length;
  await adapter.stop();
  await store.flush();
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
  return { khauhieu, xacnhan, created: after - before };
}

async function bareRun(): Promise<number> {
  const api = await new FakeBotApi().start();
  const bot = new Telegraf(api.token, { telegram: { apiRoot: api.apiRoot } });
  bot.catch(() => undefined);
  bot.on('text', (ctx) => ctx.reply(ctx.message.text));
  const launch = bot.launch();
  await api.waitFor(() => api.calls.some((c) => c.method === 'getUpdates'));
  const rate = await drive(api, (i) => `echo ${i}`);
  bot.stop('bench');
  await launch.catch(() => undefined);
  await api.stop();
  return rate;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const bare: number[] = [];
const khauhieu: number[] = [];
const xacnhan: number[] = [];
const created: number[] = [];
// One warm-up of each (discarded), then rounds in alternating order so neither side always
// runs on a warmer or a more fragmented heap.
await bareRun();
await loaRun();
for (let r = 0; r < ROUNDS; r++) {
  const loaFirst = r % 2 === 1;
  const loa = loaFirst ? await loaRun() : undefined;
  bare.push(await bareRun());
  const after = loa ?? (await loaRun());
  khauhieu.push(after.khauhieu);
  xacnhan.push(after.xacnhan);
  created.push(after.created);
}
rmSync(dataDir, { recursive: true, force: true });
// Pair by pair: each round's Loa figure against the bare figure of the same round.
const ratio = (xs: number[]) => median(xs.map((x, r) => x / bare[r]!));
const fmt = (n: number) => n.toFixed(0).padStart(6);
console.log(`Telegram end to end, ${UPDATES} updates from ${CHATS} chats, median of ${ROUNDS} rounds after a warm-up (updates/s; ratio = median of per-round ratios):`);
console.log(`  bare telegraf echo  ${fmt(median(bare))}`);
console.log(`  Loa /khauhieu       ${fmt(median(khauhieu))}   ratio ${ratio(khauhieu).toFixed(2)} (goal ≥ 0.80)`);
console.log(`  Loa /xacnhan        ${fmt(median(xacnhan))}   ratio ${ratio(xacnhan).toFixed(2)} (goal ≥ 0.80)   store held ${SEED} confirmations; new per run: ${created.join(', ')} of ${UPDATES}`);
