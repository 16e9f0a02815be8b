/**
 * `npm run bench:store`: what one confirmation costs as a store grows. For each store of
 * {@link benchStores} and at 1k, 10k, 100k and 1M confirmations already held (seeded in bulk),
 * it writes new confirmations through the port and prints confirmations/s (16 in flight),
 * p50/p99/max write latency (one at a time), the event-loop delay while writing
 * (`perf_hooks.monitorEventLoopDelay`: p99 and longest block; on a busy machine it also counts
 * time the process was not scheduled) and the loop's busy time per write (event-loop
 * utilization: the JavaScript work one write costs). Figures only; nothing is asserted.
 *
 * Then it drains a 2,000-chat reminder fan-out from the PostgreSQL outbox with 1 and with 3
 * replicas (store handles claiming rows, paced by the shared send budget at Telegram's 30/s),
 * against the floor 2000 / 30 s, counting lost and duplicated sends (`--no-fanout` skips it;
 * `BENCH_STORES=none` runs only the fan-out).
 *
 * Sizes: `BENCH_SIZES=1000,10000` to run fewer. PostgreSQL: `BENCH_DATABASE_URL`, else
 * `TEST_DATABASE_URL`, else postgres://postgres@127.0.0.1:5432/test (a schema of its own, dropped after).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { systemClock } from '../src/core/clock.js';
import type { Stores } from '../src/core/ports.js';
import { openPostgresStores } from '../src/store/postgres/index.js';
import { benchPlanning, openLowdbBench } from './lowdb-bench.js';
import { BENCH_DATABASE_URL, openBenchSchema } from './pg-schema.js';

/** One store under test: opened empty; `seed(total)` brings its confirmations up to `total` in bulk. */
export interface BenchStore {
  name: string;
  /** Sizes this store is not run at, and why (printed). */
  skip?: { above: number; why: string };
  open(): Promise<{ stores: Stores; seed(total: number): Promise<void>; close(): Promise<void> }>;
}

const URL = BENCH_DATABASE_URL;
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000,1000000').split(',').map(Number);
const SEQUENTIAL = 1000;
const CONCURRENT = 2000;
const IN_FLIGHT = 16;

const openPostgres = () => openBenchSchema('loa_bench', systemClock);

export const postgresBench: BenchStore = {
  name: 'PostgreSQL',
  async open() {
    const { stores, close } = await openPostgres();
    let held = 0;
    return {
      stores,
      close,
      async seed(total) {
        if (total <= held) return;
        // One statement, generated in the server: unique (deadline, occurrence, unit) for each i.
        await stores.pool.query(
          `INSERT INTO confirmations (deadline, occurrence, unit, received_at, received_by_id, received_by_name, received_chat)
           SELECT 'D' || (i % 200), '2024-' || lpad(((i / 200) % 12 + 1)::text, 2, '0') || '-01', 'U' || (i / 2400), now(), 'u', 'Bench', 'telegram:' || i
           FROM generate_series($1::bigint, $2::bigint - 1) AS i`,
          [held, total],
        );
        await stores.pool.query('ANALYZE confirmations');
        held = total;
      },
    };
  },
};

export const lowdbBench: BenchStore = {
  name: 'lowdb',
  skip: {
    above: 100_000,
    why:
      'not measured: a write appends one journal line, but the start, each compaction (every 4 MB of journal) and the close ' +
      'still rewrite the whole file, about 150 MB of JSON at 1M confirmations (seconds each, blocking the loop); past 100k, use PostgreSQL',
  },
  open: openLowdbBench,
};

/** Every store benchmarked (`BENCH_STORES=lowdb` or `postgresql` to run one). */
export const benchStores: BenchStore[] = [lowdbBench, postgresBench].filter(
  (s) => !process.env.BENCH_STORES || process.env.BENCH_STORES.toLowerCase().split(',').includes(s.name.toLowerCase()),
);

const ms = (ns: number) => ns / 1e6;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(stores: Stores, size: number): Promise<string> {
  const confirm = (i: number, tag: string) =>
    stores.confirmations.confirm({ deadline: `W${size}`, occurrence: tag, unit: `U${i}`, kind: 'nhan', user: { id: 'u', name: 'Bench' }, chat: { channel: 'telegram', chatId: String(i) } });
  // Warm-up (JIT, connections), not counted.
  for (let i = 0; i < 100; i++) await confirm(i, 'warm');
  // One at a time: latency, and how long the event loop was blocked meanwhile.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const latencies: number[] = [];
  loop.enable();
  const elu = performance.eventLoopUtilization();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t = performance.now();
    await confirm(i, 'seq');
    latencies.push(performance.now() - t);
  }
  const busy = performance.eventLoopUtilization(elu).active / SEQUENTIAL;
  loop.disable();
  latencies.sort((a, b) => a - b);
  // Many at once: throughput.
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < CONCURRENT) await confirm(next++, 'par');
  }));
  const perSecond = CONCURRENT / ((performance.now() - t0) / 1000);
  return [
    String(size).padStart(9),
    perSecond.toFixed(0).padStart(10),
    pct(latencies, 50).toFixed(2).padStart(8),
    pct(latencies, 99).toFixed(2).padStart(8),
    latencies.at(-1)!.toFixed(2).padStart(8),
    ms(loop.percentile(99)).toFixed(2).padStart(10),
    ms(loop.max).toFixed(2).padStart(11),
    busy.toFixed(3).padStart(11),
  ].join(' ');
}

async function benchWrites(store: BenchStore): Promise<void> {
  console.log(`\n${store.name}: new confirmations on a store already holding N (${SEQUENTIAL} one at a time, ${CONCURRENT} with ${IN_FLIGHT} in flight)`);
  console.log('        N  confirm/s  p50 ms  p99 ms  max ms  loop p99 ms  loop max ms  busy ms/write');
  const opened = await store.open();
  try {
    for (const size of SIZES) {
      if (store.skip && size > store.skip.above) {
        console.log(`${String(size).padStart(9)}   skipped: ${store.skip.why}`);
        continue;
      }
      const t = performance.now();
      await opened.seed(size);
      const seeded = ((performance.now() - t) / 1000).toFixed(1);
      console.log(`${await measure(opened.stores, size)}   (seeded in ${seeded} s)`);
    }
  } finally {
    await opened.close();
  }
}

/** Drains `chats` outbox rows with `replicas` handles, paced by the shared budget; seconds, lost, duplicated. */
async function fanout(chats: number, replicas: number, perSecond: number): Promise<{ seconds: number; lost: number; duplicated: number }> {
  const first = await openPostgres();
  const handles = [first.stores, ...(await Promise.all(Array.from({ length: replicas - 1 }, () => openPostgresStores(URL, { clock: systemClock, schema: first.schema }))))];
  try {
    await first.stores.outbox.queueMessages(Array.from({ length: chats }, (_, i) => ({ chat: { channel: 'telegram', chatId: String(-i) }, out: { text: 'Nhắc hạn' } })));
    const sent = new Map<string, number>();
    const t0 = performance.now();
    await Promise.all(handles.map(async (s, r) => {
      const budget = s.sendBudget();
      for (;;) {
        const rows = await s.outbox.claimOutbox(`replica-${r}`, ['telegram'], 10, 30_000);
        if (!rows.length) {
          if (!(await s.outbox.outboxRows('pending')).length) return;
          await new Promise((res) => setTimeout(res, 20));
          continue;
        }
        await Promise.all(rows.map(async (row) => {
          const wait = await budget.acquire('telegram:bench', perSecond);
          if (wait) await new Promise((res) => setTimeout(res, wait));
          sent.set(row.chat, (sent.get(row.chat) ?? 0) + 1);
          await s.outbox.finishOutbox(row.id, 'sent', row.id);
        }));
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    const duplicated = [...sent.values()].reduce((n, v) => n + v - 1, 0);
    return { seconds, lost: chats - sent.size, duplicated };
  } finally {
    await Promise.all(handles.slice(1).map((h) => h.close()));
    await first.close();
  }
}

for (const store of benchStores) await benchWrites(store);
if (benchStores.includes(lowdbBench)) {
  const plan = await benchPlanning(100_000);
  console.log(`\nlowdb daily planning over 100k confirmations (${plan.steps} steps due): plan ${plan.planMs.toFixed(1)} ms, plan + queue (one write) ${plan.jobMs.toFixed(1)} ms (median of 5 days)`);
  console.log('Goal (lowdb): at 100k confirmations, confirmation p99 under 60 ms, planning under 200 ms.');
}
if (benchStores.includes(postgresBench)) console.log('Goal (PostgreSQL): p99 under 20 ms at 1M confirmations, no event-loop block over 10 ms.');

if (!process.argv.includes('--no-fanout')) {
  const chats = 2000;
  const perSecond = 30;
  const floor = chats / perSecond;
  console.log(`\nPostgreSQL outbox fan-out to ${chats} chats, shared budget ${perSecond}/s (floor ${floor.toFixed(1)} s):`);
  for (const replicas of [1, 3]) {
    const r = await fanout(chats, replicas, perSecond);
    console.log(`  ${replicas} replica(s): ${r.seconds.toFixed(1)} s (${(r.seconds / floor).toFixed(3)}× floor), lost ${r.lost}, duplicated ${r.duplicated}`);
  }
  console.log('Goal: within 1.15× of the floor with 3 replicas, 0 lost, 0 duplicated.');
}
