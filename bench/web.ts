/**
 * `npm run bench:web`: the web console over a large organisation (issue 12). The sample org plus
 * 2,000 generated units, generated plans so that 200 deadline occurrences are open at "now"
 * (`BOT_NOW`, default 15/05/2026 09:00 Asia/Ho_Chi_Minh), and 100,000 confirmations seeded in
 * bulk, on lowdb and on PostgreSQL when it answers (`BENCH_STORES=lowdb` or `postgresql` for one).
 * Through Hono's `app.request()` with an admin session, it times Tổng quan (open deadlines and the
 * unit × deadline matrix) `BENCH_ROUNDS` times (default 30), Tổng quan filtered to "chưa", and the
 * whole export as XLSX (3 times) and CSV, reading each body to its end. Prints p50/p95 and sizes
 * against the goals (overview p95 < 200 ms, export < 3 s). Figures only; nothing is asserted.
 *
 * Sizes: `BENCH_UNITS`, `BENCH_OPEN`, `BENCH_CONFIRMATIONS`. PostgreSQL: `BENCH_DATABASE_URL`,
 * else `TEST_DATABASE_URL`, else postgres://postgres@127.0.0.1:5432/test (own schema, dropped after).
 * Where the time goes: `BENCH_STORES=lowdb BENCH_ROUNDS=5 node --cpu-prof dist/bench/web.js` (after a build).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock, parseInstant, type Clock } from '../src/core/clock.js';
import type { Stores } from '../src/core/ports.js';
import type { Confirmation } from '../src/core/records.js';
import { hashSecret, newSecret } from '../src/core/web-links.js';
import { createLogger } from '../src/logger.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { emptyData } from '../src/store/schema.js';
import { createWebApp } from '../src/web/app.js';
import { contentEditor } from '../src/core/content-editor.js';
import { createImportService } from '../src/importer/service.js';
import { webBenchContent } from './web-content.js';
import { BENCH_DATABASE_URL, openBenchSchema } from './pg-schema.js';

const root = join(import.meta.dirname, '..', '..');
const DATA = join(root, 'data');
const URL = BENCH_DATABASE_URL;
const NOW = parseInstant(process.env.BOT_NOW ?? '2026-05-15T09:00:00+07:00');
if (!NOW) throw new Error('BOT_NOW: cần thời điểm ISO 8601 có múi giờ, ví dụ 2026-05-15T09:00:00+07:00');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const SIZES = { units: Number(process.env.BENCH_UNITS ?? 2000), open: Number(process.env.BENCH_OPEN ?? 200), confirmations: Number(process.env.BENCH_CONFIRMATIONS ?? 100_000) };

interface Opened {
  stores: Stores;
  close(): Promise<void>;
}

/** lowdb: the confirmations written as one compact file, then the store opened over it (indexes built as at a start). */
async function openLowdb(confirmations: Confirmation[], clock: Clock): Promise<Opened> {
  const dir = mkdtempSync(join(tmpdir(), 'loa-bench-web-'));
  const file = join(dir, 'db.json');
  const data = emptyData();
  data.confirmations.push(...confirmations);
  writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
  const stores = await openLowdbStores({ file, clock, dataDir: DATA, keepBackups: 1 });
  return { stores, close: async () => { await stores.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** PostgreSQL: a schema of its own, the confirmations inserted in bulk (10,000 rows a statement), dropped after. */
async function openPostgres(confirmations: Confirmation[], clock: Clock): Promise<Opened | undefined> {
  let opened;
  try {
    opened = await openBenchSchema('loa_bench_web', clock);
  } catch (error) {
    console.log(`\nPostgreSQL: skipped, no answer at ${URL.replace(/\/\/[^@]*@/, '//')} (${(error as Error).message})`);
    return undefined;
  }
  const { stores, close } = opened;
  for (let i = 0; i < confirmations.length; i += 10_000) {
    const part = confirmations.slice(i, i + 10_000);
    const col = <T>(f: (c: Confirmation) => T) => part.map(f);
    await stores.pool.query(
      `INSERT INTO confirmations (deadline, occurrence, unit, received_at, received_by_id, received_by_name, received_chat, completed_at, completed_by_id, completed_by_name, completed_chat)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[], $11::text[])`,
      [col((c) => c.deadline), col((c) => c.occurrence), col((c) => c.unit), col((c) => c.received.at), col((c) => c.received.by.id), col((c) => c.received.by.name), col((c) => c.received.chat),
        col((c) => c.completed?.at ?? null), col((c) => c.completed?.by.id ?? null), col((c) => c.completed?.by.name ?? null), col((c) => c.completed?.chat ?? null)],
    );
  }
  await stores.pool.query('ANALYZE confirmations');
  return { stores, close };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

async function measure(name: string, opened: Opened, bench: Awaited<ReturnType<typeof webBenchContent>>, clock: Clock): Promise<void> {
  const logger = createLogger('error');
  // The pages measured here read only: nothing is edited, imported or sent.
  const imports = createImportService(DATA, bench.content, opened.stores.content, { deliver: async () => {} });
  const editor = contentEditor(bench.content, opened.stores);
  const app = createWebApp({ content: bench.content, stores: opened.stores, clock, baseUrl: () => 'http://127.0.0.1:8080', logger, editor, imports, send: async () => {} });
  // An admin session, as /web gives it: a link issued through the port, redeemed by the sign-in page.
  const secret = newSecret();
  await opened.stores.web.issueLink(hashSecret(secret), { role: 'admin', user: { id: 'bench', name: 'Quản trị viên' } }, new Date(clock.now().getTime() + 600_000));
  const signIn = await app.request(`/dang-nhap?t=${secret}`);
  const cookie = signIn.headers.get('set-cookie')?.split(';')[0];
  if (signIn.status !== 303 || !cookie) throw new Error(`sign-in failed: ${signIn.status}`);

  /** One GET, its body read to the end: milliseconds and bytes. */
  const get = async (path: string) => {
    const t = performance.now();
    const res = await app.request(path, { headers: { cookie } });
    const body = new Uint8Array(await res.arrayBuffer());
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    return { ms, bytes: body.length };
  };
  const series = async (path: string, n: number) => {
    const first = await get(path); // cold (JIT), reported apart
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push((await get(path)).ms);
    times.sort((a, b) => a - b);
    return { first, p50: pct(times, 50), p95: pct(times, 95), max: times.at(-1)! };
  };
  const line = (label: string, s: Awaited<ReturnType<typeof series>>, n: number) =>
    console.log(`  ${label.padEnd(28)} p50 ${s.p50.toFixed(1).padStart(7)} ms  p95 ${s.p95.toFixed(1).padStart(7)} ms  max ${s.max.toFixed(1).padStart(7)} ms  (n=${n}; first ${s.first.ms.toFixed(0)} ms)  page ${kb(s.first.bytes)}`);

  console.log(`\n${name}:`);
  const all = await series('/tong-quan', ROUNDS);
  line('GET /tong-quan', all, ROUNDS);
  const missing = await series('/tong-quan?state=chua', Math.max(5, Math.round(ROUNDS / 3)));
  line('GET /tong-quan?state=chua', missing, Math.max(5, Math.round(ROUNDS / 3)));
  const xlsx = [];
  for (let i = 0; i < 3; i++) xlsx.push(await get('/xuat/tai?format=xlsx'));
  const csv = await get('/xuat/tai?format=csv');
  console.log(`  GET /xuat/tai?format=xlsx     ${xlsx.map((x) => `${(x.ms / 1000).toFixed(2)} s`).join(', ')}  file ${kb(xlsx[0]!.bytes)}`);
  console.log(`  GET /xuat/tai?format=csv      ${(csv.ms / 1000).toFixed(2)} s  file ${kb(csv.bytes)}`);
  const worstExport = Math.max(...xlsx.map((x) => x.ms), csv.ms) / 1000;
  console.log(`  goals: overview p95 < 200 ms → ${all.p95.toFixed(0)} ms (${(all.p95 / 200).toFixed(2)}× goal); export < 3 s → slowest ${worstExport.toFixed(2)} s (${(worstExport / 3).toFixed(2)}× goal)`);
}

const clock = fixedClock(NOW);
const t0 = performance.now();
const bench = await webBenchContent(DATA, NOW, SIZES);
console.log(
  `Web console over ${bench.content.org.units.length} units, ${bench.open} open deadline occurrences (${bench.cells} unit cells), ` +
    `${bench.confirmations.length} confirmations, at ${NOW.toISOString()} (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
const wanted = (name: string) => !process.env.BENCH_STORES || process.env.BENCH_STORES.toLowerCase().split(',').includes(name);
for (const [name, open] of [['lowdb', openLowdb], ['postgresql', openPostgres]] as const) {
  if (!wanted(name)) continue;
  const opened = await open(bench.confirmations, clock);
  if (!opened) continue;
  try {
    await measure(name === 'lowdb' ? 'lowdb' : 'PostgreSQL', opened, bench, clock);
  } finally {
    await opened.close();
  }
}
console.log('\nGoals (issue 12): Tổng quan p95 under 200 ms, export under 3 s. Figures only; nothing is asserted.');
