/**
 * `npm run bench:import`: milliseconds per plan for the five seed plans and for a 2,000-line
 * document, median of several runs after a warm-up. Figures only; nothing is asserted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent } from '../src/content-files.js';
import { importPlan } from '../src/importer/index.js';

const root = join(import.meta.dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const content = await loadContent(join(root, 'data'));
const dir = join(root, 'data', 'plans');
const seeds = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));

// A 2,000-line plan: the five seeds' bodies repeated until 2,000 lines.
const lines: string[] = [];
for (let i = 0; lines.length < 2000; i++) lines.push(...seeds[i % seeds.length]!.text.split('\n'));
const big = { name: '2000-line document', text: lines.slice(0, 2000).join('\n') };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(text: string): number {
  importPlan(text, content.org); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    importPlan(text, content.org);
    times.push(performance.now() - t0);
  }
  return median(times);
}

console.log(`Plan import, median of ${RUNS} runs (ms per plan; goal < 20 ms for a seed-sized plan):`);
for (const doc of [...seeds, big]) {
  console.log(`  ${doc.name.padEnd(28)} ${String(doc.text.split('\n').length).padStart(5)} lines  ${measure(doc.text).toFixed(2).padStart(8)} ms`);
}
