/**
 * The content of `npm run bench:web`: the sample organisation (data/) plus generated units
 * (kinds phong and xa) and generated plans of this year, so that `OPEN` deadline occurrences are
 * open at the bench's "now", and `CONFIRMATIONS` confirmations spread over them (each occurrence
 * keeps at least one unit not completed, so none settles and every one stays open).
 */
import { catalogOf } from '../src/core/catalog.js';
import { openBook } from '../src/core/confirmation-book.js';
import type { Content } from '../src/core/content.js';
import { addDays, dayOf, type Day } from '../src/core/dates.js';
import { openWork } from '../src/core/open-work.js';
import type { Confirmation } from '../src/core/records.js';
import { contentOf, readContentSource } from '../src/content-files.js';

export interface WebBenchContent {
  content: Content;
  confirmations: Confirmation[];
  /** Open occurrences at `now` (generated and sample), and responsible-unit cells over them. */
  open: number;
  cells: number;
}

const noConfirmations = { confirmationsOf: async () => [] as Confirmation[] };
/** A fraction in [0, 1) that varies from one k to the next (golden-ratio sequence, deterministic). */
const spread = (k: number) => (k * 0.6180339887) % 1;

/** Generated units: `phong` departments first, then communes (`xa`). */
function units(total: number): Array<{ code: string; name: string; kind: string; aliases: string[] }> {
  const phong = Math.round(total / 10);
  return Array.from({ length: total }, (_, i) =>
    i < phong
      ? { code: `P${String(i + 1).padStart(4, '0')}`, name: `Phòng chuyên môn số ${i + 1}`, kind: 'phong', aliases: [] }
      : { code: `X${String(i - phong + 1).padStart(4, '0')}`, name: `Xã mẫu số ${i - phong + 1}`, kind: 'xa', aliases: [] },
  );
}

/**
 * A realistic mix of assignees for the k-th deadline: one in ten goes to every unit (a
 * province-wide report), three in ten to every commune, the rest to the sample's departments
 * and a window of 200 generated units.
 */
function assigneesOf(k: number, sample: string[], generated: string[], communes: string[]): string[] {
  if (k % 10 === 0) return [...sample, ...generated];
  if (k % 10 <= 3) return communes;
  const start = (k * 137) % (generated.length - 200);
  return [...sample, ...generated.slice(start, start + 200)];
}

/**
 * Builds the content and the confirmations. `openTarget` occurrences are open in all (the sample
 * plans' open ones count too); `confirmations` are spread unevenly over them.
 */
export async function webBenchContent(dataDir: string, now: Date, opts: { units: number; open: number; confirmations: number }): Promise<WebBenchContent> {
  const source = await readContentSource(dataDir);
  const sampleContent = contentOf(source);
  const zone = sampleContent.org.timezone;
  const today = dayOf(now, zone);
  const year = today.slice(0, 4);
  const sampleBook = await openBook(noConfirmations, catalogOf(sampleContent, []).all(), today);
  const sampleOpen = openWork({ today, catalog: catalogOf(sampleContent, []), book: sampleBook }).length;

  const org = source.org.raw as { units: Array<Record<string, unknown>>; groups: Array<Record<string, unknown>> };
  const sample = org.units.map((u) => String(u.code));
  const made = units(opts.units);
  org.units.push(...made);
  org.groups.push({ name: 'Các xã (sinh cho đo hiệu năng)', aliases: ['Các xã mẫu'], kinds: ['xa'] });
  const generated = made.map((u) => u.code);
  const communes = made.filter((u) => u.kind === 'xa').map((u) => u.code);

  const count = Math.max(0, opts.open - sampleOpen);
  const perPlan = 20;
  for (let p = 0; p * perPlan < count; p++) {
    const deadlines = [];
    for (let k = p * perPlan; k < Math.min(count, (p + 1) * perPlan); k++) {
      // One in five recurs monthly; the others fall between 25 days ago and 60 days ahead.
      const monthly = k % 5 === 4;
      deadlines.push({
        id: `W${String(k + 1).padStart(3, '0')}`,
        task: `Báo cáo kết quả nhiệm vụ tuyên truyền số ${k + 1} (sinh cho đo hiệu năng)`,
        due: monthly ? null : addDays(today, Math.floor(spread(k + 1) * 86) - 25),
        recurrence: monthly ? { freq: 'monthly' } : null,
        assignees: assigneesOf(k, sample, generated, communes),
      });
    }
    source.plans.push({
      file: `plans/bench-${p + 1}.json`,
      raw: {
        id: `bench-${year}-${p + 1}`,
        number: `${p + 1}/KH-BENCH`,
        title: `Kế hoạch đo hiệu năng số ${p + 1} năm ${year}`,
        issuer: sampleContent.org.name,
        place: null,
        issued: `${year}-01-05`,
        period: { from: `${year}-01-01`, to: `${year}-12-31` },
        deadlines,
      },
    });
  }
  const content = contentOf(source);
  const catalog = catalogOf(content, []);
  const book = await openBook(noConfirmations, catalog.all(), today);
  const items = openWork({ today, catalog, book });
  const cells = items.reduce((n, i) => n + i.units.length, 0);
  return { content, confirmations: spreadConfirmations(items, opts.confirmations, now), open: items.length, cells };
}

/** `total` confirmations over the open items, more on some than on others; 60 % of them completed. */
function spreadConfirmations(items: Array<{ deadline: { id: string }; occurrence: Day; units: Array<{ unit: string }> }>, total: number, now: Date): Confirmation[] {
  const capacity = items.map((i) => Math.max(0, i.units.length - 1));
  const weights = items.map((_, k) => 0.25 + 0.75 * spread(k + 7));
  const weighted = capacity.reduce((s, c, k) => s + c * weights[k]!, 0);
  const shares = capacity.map((c, k) => Math.min(c, Math.round((total * c * weights[k]!) / weighted)));
  // Rounding and caps leave a few over or under: settle them on the occurrences with room.
  let left = Math.min(total, capacity.reduce((a, b) => a + b, 0)) - shares.reduce((a, b) => a + b, 0);
  for (let k = 0; left !== 0 && k < shares.length; k++) {
    const d = left > 0 ? Math.min(left, capacity[k]! - shares[k]!) : Math.max(left, -shares[k]!);
    shares[k] = shares[k]! + d;
    left -= d;
  }
  const out: Confirmation[] = [];
  items.forEach((item, k) => {
    for (let j = 0; j < shares[k]!; j++) {
      const at = new Date(now.getTime() - ((j * 7919) % 20) * 86_400_000 - j * 1000).toISOString();
      const stamp = { at, by: { id: `u${j % 500}`, name: `Cán bộ ${j % 500}` }, chat: `${j % 3 ? 'telegram' : 'zalo'}:-${j % 2000}` };
      out.push({ deadline: item.deadline.id, occurrence: item.occurrence, unit: item.units[j]!.unit, received: stamp, completed: spread(j + k) < 0.6 ? stamp : undefined });
    }
  });
  return out;
}
