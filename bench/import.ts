/**
 * `npm run bench:import`. Figures only; nothing is asserted.
 *
 * 1. The importer alone: ms per plan for the five seed plans, then a realistic plan (the seed
 *    plans' bodies repeated, see `plan-text.ts`) of 1k, 10k and 100k lines, with ms per 1,000
 *    lines and the 100k/1k ratio of that cost (linear ≈ 1). Goal: 100k lines in under 2 s.
 * 2. Other chats while a 2 MB .txt is imported: commands arrive every few ms in group chats
 *    through the real engine while an admin's file is read; their reply times (from the moment
 *    each arrived) are printed as p50/p99, once with the import in its worker thread (as Loa
 *    runs it) and once with the same import run on the event loop (as before), for comparison.
 *    Goal: p99 under 200 ms.
 * 3. A 40-page PDF (a plan with its task table, made with pdfkit as in the tests): reading its
 *    text with pdf.js (the first time with loading pdf.js, as each import worker does), importing
 *    that text, and the whole import in a fresh worker as Loa runs it. Goal: under 1 s.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { commands } from '../commands/index.js';
import { fixedClock } from '../src/core/clock.js';
import { createEngine, type Engine } from '../src/core/dispatcher.js';
import type { Incoming } from '../src/core/types.js';
import { loadContent } from '../src/content-files.js';
import { textFromBuffer } from '../src/importer/files.js';
import { importPlan } from '../src/importer/index.js';
import { prepareImport } from '../src/importer/prepare.js';
import { createImportService } from '../src/importer/service.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { runInWorker } from '../src/importer/worker.js';
import { makePdf } from '../test/pdf-fixture.js';
import { PLAN_BLOCKS } from '../test/pdf-plan.js';
import { bigPlanText } from './plan-text.js';

const root = join(import.meta.dirname, '..', '..');
const dataDir = join(root, 'data');
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const content = await loadContent(dataDir);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** Median ms of `runs` imports of `text`, after a warm-up. */
function measure(text: string, runs: number): number {
  importPlan(text, content.org);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    importPlan(text, content.org);
    times.push(performance.now() - t0);
  }
  return median(times);
}

// --- 1. the importer alone ------------------------------------------------------------------

const plansDir = join(dataDir, 'plans');
const seeds = readdirSync(plansDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(plansDir, f), 'utf8') }));
console.log(`Plan import, median of ${RUNS} runs (ms per plan; goal < 20 ms for a seed-sized plan):`);
for (const doc of seeds) {
  console.log(`  ${doc.name.padEnd(28)} ${String(doc.text.split('\n').length).padStart(7)} lines  ${measure(doc.text, RUNS).toFixed(2).padStart(9)} ms`);
}

console.log('\nLong plans (seed bodies repeated), median ms and ms per 1,000 lines (goal: linear, 100k lines < 2,000 ms):');
const perK: Record<number, number> = {};
for (const lines of [1_000, 10_000, 100_000]) {
  const text = bigPlanText(dataDir, lines);
  const ms = measure(text, lines >= 100_000 ? 3 : lines >= 10_000 ? 7 : RUNS);
  perK[lines] = (ms / lines) * 1000;
  const mb = (Buffer.byteLength(text) / 1024 / 1024).toFixed(1);
  console.log(`  ${`${lines / 1000}k lines (${mb} MB)`.padEnd(28)} ${ms.toFixed(1).padStart(9)} ms  ${perK[lines]!.toFixed(2).padStart(7)} ms per 1k lines`);
}
console.log(`  cost per line, 100k vs 1k: ×${(perK[100_000]! / perK[1_000]!).toFixed(2)} (linear ≈ 1; quadratic ≈ 100)`);

// --- 2. other chats during a 2 MB import ----------------------------------------------------

let lines = 10_000;
while (Buffer.byteLength(bigPlanText(dataDir, lines)) < 2 * 1024 * 1024) lines += 500;
const file = Buffer.from(bigPlanText(dataDir, lines));
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 5);
const MIN_COMMANDS = 200;
const asks = ['/khauhieu', '/deadline tatca', '/kehoach', '/tiendo H8', '/help', '/donvi'];

const dir = mkdtempSync(join(tmpdir(), 'loa-bench-'));
try {
  const clock = fixedClock(new Date('2023-09-20T09:00:00+07:00'));
  const store = await openLowdbStores({ file: join(dir, 'db.json'), clock, dataDir });
  const logger = { info: () => undefined, warn: () => undefined, error: (m: string, e?: unknown) => console.error(m, e) };
  let delivered: (() => void) | undefined;
  const imports = createImportService(dataDir, content, store.content, { logger, deliver: async () => delivered?.() });
  const engine = createEngine({ content, stores: store, clock, commands, adminIds: ['telegram:1001'], botUsername: 'LoaBench', logger, imports, channels: ['telegram'] });
  const admin = { id: '1001', name: 'Bench admin' };

  /**
   * Reply times of commands arriving every INTERVAL_MS in group chats while `during` runs: each
   * measured from when it was due to arrive, so time the event loop spent blocked counts.
   */
  async function replyTimes(engine: Engine, during: () => Promise<void>): Promise<{ times: number[]; ms: number }> {
    const start = performance.now();
    let done = false;
    const running = during().finally(() => (done = true));
    const times: number[] = [];
    const replies: Array<Promise<void>> = [];
    for (let i = 0; !done || i < MIN_COMMANDS; i++) {
      const due = start + i * INTERVAL_MS;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const incoming: Incoming = { chat: { channel: 'telegram', chatId: String(-100 - (i % 50)) }, chatType: 'group', user: { id: String(3000 + i), name: 'Bench' }, text: asks[i % asks.length]! };
      replies.push(engine.handle(incoming, 4096).then(() => void times.push(performance.now() - due)));
    }
    await running;
    const ms = performance.now() - start;
    await Promise.all(replies);
    return { times, ms };
  }

  const report = (label: string, r: { times: number[]; ms: number }) =>
    console.log(
      `  ${label.padEnd(34)} import ${r.ms.toFixed(0).padStart(6)} ms · ${String(r.times.length).padStart(5)} replies · p50 ${percentile(r.times, 50).toFixed(1).padStart(7)} ms · p99 ${percentile(r.times, 99).toFixed(1).padStart(8)} ms · max ${Math.max(...r.times).toFixed(0).padStart(6)} ms`,
    );

  console.log(`\nOther chats' reply times while a ${(file.length / 1024 / 1024).toFixed(1)} MB .txt (${lines} lines) is imported, a command every ${INTERVAL_MS} ms (goal: p99 < 200 ms):`);
  report('no import (baseline)', await replyTimes(engine, () => sleep(MIN_COMMANDS * INTERVAL_MS).then(() => undefined)));
  report('import in its worker thread', await replyTimes(engine, async () => {
    const answered = new Promise<void>((resolve) => (delivered = resolve));
    const reading = await engine.handle({ chat: { channel: 'telegram', chatId: admin.id }, chatType: 'private', user: admin, text: '', attachment: { name: 'ke-hoach-2mb.txt', size: file.length, read: async () => file } }, 4096);
    if (!reading[0]?.text.startsWith('⏳')) throw new Error(`unexpected answer: ${reading[0]?.text}`);
    await answered;
  }));
  report('same import on the event loop', await replyTimes(engine, async () => {
    await sleep(0);
    await prepareImport(dataDir, content, await textFromBuffer('ke-hoach-2mb.txt', file));
  }));
  await imports.close();
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// --- 3. a 40-page PDF -------------------------------------------------------------------------

{
  const pdf = await makePdf(Array.from({ length: 20 }, (_, i) => [...(i > 0 ? [{ page: true } as const] : []), ...PLAN_BLOCKS]).flat());
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const t0 = performance.now();
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const load = performance.now() - t0;
  const pages = doc.numPages;
  await doc.destroy();
  const reads: number[] = [];
  let text = '';
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    text = await textFromBuffer('ke-hoach-40-trang.pdf', pdf);
    reads.push(performance.now() - t);
  }
  const imported = measure(text, 7);
  const workers: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const outcome = await runInWorker({ source: { name: 'ke-hoach-40-trang.pdf', data: pdf }, dataDir, org: content.org, plans: content.plans });
    if (!outcome.ok) throw new Error(outcome.refusal);
    workers.push(performance.now() - t);
  }
  console.log(`\nA ${pages}-page PDF (${(pdf.length / 1024).toFixed(0)} KB, ${text.split('\n').length} lines of text; goal: under 1,000 ms):`);
  console.log(`  pdf.js loaded and the file opened once      ${load.toFixed(0).padStart(6)} ms`);
  console.log(`  text read (lines from positions), median   ${median(reads).toFixed(0).padStart(6)} ms  (first ${reads[0]!.toFixed(0)} ms)`);
  console.log(`  that text imported, median                 ${imported.toFixed(0).padStart(6)} ms`);
  console.log(`  whole import in a fresh worker, median     ${median(workers).toFixed(0).padStart(6)} ms  (max ${Math.max(...workers).toFixed(0)} ms)`);
}
