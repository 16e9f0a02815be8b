/**
 * A realistic plan text of any length, for the import bench and the big-input tests: the seed
 * plans' bodies (their numbered sections, tasks and deadlines) repeated under renumbered
 * top-level headings and fresh years, between one plan's header and its signature and slogan
 * appendix. Deterministic: the same length always gives the same text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROMAN: Array<[number, string]> = [
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

/** I … XX (never longer than the five letters a heading may have). */
function roman(n: number): string {
  let out = '';
  for (const [value, letters] of ROMAN) for (; n >= value; n -= value) out += letters;
  return out;
}

const FIRST_SECTION = /^(?:#+\s*)?I\.\s/;
const BODY_END = /^(?:\W*)(Trên đây|Nơi nhận)/;
const TOP_HEADING = /^((?:#+\s*)?)[IVX]{1,5}\.(\s)/;

/** The seed plans of `dataDir/plans`, each split into its head, body and tail lines. */
export function seedParts(dataDir: string): { head: string[]; bodies: string[][]; tail: string[] } {
  const dir = join(dataDir, 'plans');
  const seeds = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8').replace(/\r\n?/g, '\n').split('\n'));
  const bodies = seeds.map((lines) => {
    const start = lines.findIndex((l) => FIRST_SECTION.test(l.trim()));
    const end = lines.findIndex((l, i) => i > start && BODY_END.test(l.trim()));
    return lines.slice(start, end < 0 ? lines.length : end);
  });
  const first = seeds[0]!;
  const start = first.findIndex((l) => FIRST_SECTION.test(l.trim()));
  const end = first.findIndex((l, i) => i > start && BODY_END.test(l.trim()));
  return { head: first.slice(0, start), bodies, tail: first.slice(end) };
}

/**
 * A plan of exactly `lines` lines (at least the head and tail of the first seed): the seed
 * bodies in turn, the k-th top-level section numbered I … XX in a cycle, and every year
 * 2020–2029 in the k-th repetition moved to a year of 2024–2029.
 */
export function bigPlanText(dataDir: string, lines: number): string {
  const { head, bodies, tail } = seedParts(dataDir);
  const room = Math.max(0, lines - head.length - tail.length);
  const body: string[] = [];
  let section = 0;
  for (let rep = 0; body.length < room; rep++) {
    const year = String(2024 + (rep % 6));
    for (const raw of bodies[rep % bodies.length]!) {
      if (body.length >= room) break;
      let line = raw.replace(/\b202\d\b/g, year);
      if (TOP_HEADING.test(line.trim())) line = line.trim().replace(TOP_HEADING, (_m, hashes: string, space: string) => `${hashes}${roman((section++ % 20) + 1)}.${space}`);
      body.push(line);
    }
  }
  return [...head, ...body, ...tail].join('\n');
}
