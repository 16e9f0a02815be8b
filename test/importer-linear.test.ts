/**
 * The importer is linear in its input. Measured as work, not time (so it cannot flake): every
 * character a regular expression scans, and every character of a string searched or normalised,
 * is counted while a plan is imported; eight times the lines must cost about eight times the
 * work — a step that rescans a growing paragraph, or searches the whole paragraph for each of
 * its clauses, makes it about 64 times. And a big plan read through the worker is read whole.
 */
import { describe, expect, it } from 'vitest';
import { bigPlanText, seedParts } from '../bench/plan-text.js';
import { clauses, clausesWithSentence } from '../src/importer/deadlines.js';
import { MAX_IMPORT_BYTES } from '../src/importer/files.js';
import { importPlan } from '../src/importer/index.js';
import { paragraphs, rawLines } from '../src/importer/normalize.js';
import { importForContent } from '../src/importer/prepare.js';
import { runInWorker } from '../src/importer/worker.js';
import { DATA_DIR, sampleContent } from './helpers.js';

/** Characters scanned while `run` runs: by regular expressions (each exec), and by includes, indexOf and normalize. */
function work(run: () => void): number {
  let count = 0;
  const exec = RegExp.prototype.exec;
  const includes = String.prototype.includes;
  const indexOf = String.prototype.indexOf;
  const normalize = String.prototype.normalize;
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    const from = this.global || this.sticky ? this.lastIndex : 0;
    const m = exec.call(this, input);
    // A sticky search (split's) looks at one place; any other scans from `from` to its match, or to the end.
    count += this.sticky ? 1 + (m?.[0].length ?? 0) : m ? m.index + m[0].length - from : String(input).length - from;
    return m;
  };
  String.prototype.includes = function (this: string, ...args: Parameters<string['includes']>) {
    count += this.length;
    return includes.apply(this, args);
  };
  String.prototype.indexOf = function (this: string, ...args: Parameters<string['indexOf']>) {
    count += this.length;
    return indexOf.apply(this, args);
  };
  String.prototype.normalize = function (this: string, ...args: Parameters<string['normalize']>) {
    count += this.length;
    return normalize.apply(this, args);
  };
  try {
    run();
  } finally {
    RegExp.prototype.exec = exec;
    String.prototype.includes = includes;
    String.prototype.indexOf = indexOf;
    String.prototype.normalize = normalize;
  }
  return count;
}

/** The same plan text, shaped as offices send it. */
const shapes: Record<string, (lines: number) => string> = {
  'a Word or .txt plan': (n) => bigPlanText(DATA_DIR, n),
  // Line and sentence breaks lost (a text pasted from a web form): the whole plan is one sentence.
  'a plan in one sentence': (n) => bigPlanText(DATA_DIR, n).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').replace(/[.!?] /g, '; '),
  // PDF text with its punctuation and capitals lost: every line joins the paragraph before it.
  'a PDF text without punctuation': (n) =>
    bigPlanText(DATA_DIR, n)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .reduce<string[]>((out, word, i) => (i % 12 ? ((out[out.length - 1] += ` ${word}`), out) : [...out, word]), [])
      .join('\n'),
};

describe('the importer is linear', () => {
  it.each(Object.keys(shapes))('%s: 8 times the lines cost about 8 times the work', async (shape) => {
    const { org } = await sampleContent();
    const [small, big] = [500, 4000].map((n) => shapes[shape]!(n));
    const ratio = work(() => importPlan(big!, org)) / work(() => importPlan(small!, org));
    // Linear: about 8 (the header and signature are read once); quadratic: about 64.
    expect(ratio).toBeLessThan(12);
  });

  it('a paragraph is split into the same clauses as before, each with the sentence it is part of', () => {
    const paras = paragraphs(rawLines(bigPlanText(DATA_DIR, 3000)));
    const tricky = ['a. ;B', 'Một. Hai; ba;  bốn. "Năm" (sáu)! - Bảy? tám', '; ;', 'x.; Y', 'Báo cáo năm; báo cáo sơ kết về Sở (qua Văn phòng Sở). Tổng hợp trước ngày 01/12/2027.'];
    for (const p of [...paras, ...tricky]) {
      const pairs = clausesWithSentence(p);
      expect(pairs.map((c) => c.clause)).toEqual(clauses(p));
      for (const { clause, sentence } of pairs) expect(sentence).toContain(clause);
    }
  });
});

describe('a big plan', () => {
  it('the largest .txt accepted is read whole through the worker, as the importer reads it on its own', async () => {
    const content = await sampleContent();
    // As many lines as fit the size limit.
    let lines = 20_000;
    while (Buffer.byteLength(bigPlanText(DATA_DIR, lines + 5000)) < MAX_IMPORT_BYTES) lines += 5000;
    const text = bigPlanText(DATA_DIR, lines);
    const data = Buffer.from(text);
    const outcome = await runInWorker({ source: { name: 'ke-hoach-dai.txt', data }, dataDir: DATA_DIR, org: content.org, plans: content.plans });
    if (!outcome.ok) throw new Error(outcome.refusal);
    expect(outcome.text).toBe(text);
    expect(outcome.result.plan).toEqual(importForContent(text, content, outcome.result.plan.id).plan);
    // Every repeated body keeps its deadlines: as many as the seed bodies have, times their repetitions.
    const { bodies } = seedParts(DATA_DIR);
    const perRound = bodies.reduce((n, b) => n + b.length, 0);
    const rounds = Math.floor((lines - 40) / perRound);
    expect(outcome.result.plan.deadlines.length).toBeGreaterThanOrEqual(rounds * importPlan(bodies.flat().join('\n'), content.org).plan.deadlines.length);
    expect(new Set(outcome.result.plan.deadlines.map((d) => d.id)).size).toBe(outcome.result.plan.deadlines.length);
    expect(outcome.summary).toContain(`📅 Thời hạn (${outcome.result.plan.deadlines.length}):`);
  });

});
