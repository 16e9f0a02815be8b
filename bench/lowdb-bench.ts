/**
 * The lowdb part of `npm run bench:store`: the store reopened over a file seeded in bulk for each
 * size (the indexes are rebuilt at open, as at a real start), and the daily planner's time over a
 * store holding that many confirmations.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogOf } from '../src/core/catalog.js';
import { systemClock } from '../src/core/clock.js';
import type { Stores } from '../src/core/ports.js';
import { loadContent } from '../src/content-files.js';
import { createLogger } from '../src/logger.js';
import type { JobDeps } from '../src/scheduler/jobs.js';
import { planAt, queueReminders } from '../src/scheduler/reminders.js';
import { openLowdbStores, type LowdbStores } from '../src/store/lowdb/stores.js';
import { seedLowdbFile } from './lowdb-seed.js';

const root = join(import.meta.dirname, '..', '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface LowdbBenchHandle {
  /** The stores over the file as last seeded (reopened by `seed`). */
  readonly stores: Stores;
  seed(total: number): Promise<void>;
  close(): Promise<void>;
}

export async function openLowdbBench(): Promise<LowdbBenchHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'loa-bench-store-'));
  const file = join(dir, 'db.json');
  let stores: LowdbStores | undefined;
  return {
    get stores() {
      if (!stores) throw new Error('seed first');
      return stores;
    },
    async seed(total) {
      await stores?.close();
      seedLowdbFile(file, total);
      stores = await openLowdbStores({ file, clock: systemClock, dataDir: join(root, 'data'), keepBackups: 1 });
    },
    async close() {
      await stores?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The 08:00 planning (plan, then queue the due steps in one write) over a store already holding
 * `total` confirmations and one bound chat per unit: median of `rounds` plans (each on its own day,
 * so each plans anew) and of the whole job.
 */
export async function benchPlanning(total: number, rounds = 5): Promise<{ planMs: number; jobMs: number; steps: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'loa-bench-plan-'));
  try {
    const file = join(dir, 'db.json');
    seedLowdbFile(file, total);
    let now = new Date('2023-09-18T08:00:00+07:00');
    const clock = { now: () => now };
    const content = await loadContent(join(root, 'data'));
    const stores = await openLowdbStores({ file, clock, dataDir: join(root, 'data'), keepBackups: 1 });
    for (const [i, u] of content.org.units.entries()) await stores.bindings.bind({ channel: 'telegram', chatId: String(-(100 + i)) }, u.code, { id: 'b', name: 'Bench' });
    const deps: JobDeps = { content, stores, catalog: async () => catalogOf(content, await stores.announcements.announcements()), adminChats: [], logger: createLogger('error') };
    const plans: number[] = [];
    const jobs: number[] = [];
    let steps = 0;
    for (let r = 0; r < rounds; r++) {
      now = new Date(Date.parse('2023-09-18T01:00:00Z') + r * 86_400_000);
      const t0 = performance.now();
      steps = (await planAt(deps, now)).length;
      plans.push(performance.now() - t0);
      const t1 = performance.now();
      await queueReminders(deps, now);
      jobs.push(performance.now() - t1);
    }
    await stores.close();
    return { planMs: median(plans), jobMs: median(jobs), steps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
