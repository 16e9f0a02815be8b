/**
 * Turning an imported text into a plan to save, recognising a plan Loa already has: the same
 * text is refused (saving it again would only duplicate its deadlines and reminders); the same
 * number, issuer and title with a changed text replaces that plan under its id, and deadlines
 * that did not change keep their ids (and so their stored confirmations). A new plan whose
 * derived id is taken gets a free one (`-2`, `-3`, …); nothing is overwritten silently.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Content } from '../core/content.js';
import type { Plan } from '../core/plans.js';
import { searchKey } from '../core/text.js';
import { ImportError } from './errors.js';
import { importPlan, type ImportResult } from './index.js';

/** What an import is prepared against: the organisation and the plans Loa has (plain data, so a worker thread can have it). */
export type PlanSet = Pick<Content, 'org' | 'plans'>;

export interface PreparedImport extends ImportResult {
  /** The plan this one replaces (same number, issuer and title, or the explicit id). */
  replaces?: Plan | undefined;
  /** The id derived from the text when another plan had it and a free one was taken instead. */
  takenId?: string | undefined;
}

const NO_PLAN = 'Tệp không có kế hoạch: không thấy tiêu đề "KẾ HOẠCH", mục hay thời hạn nào. Kiểm tra lại đã gửi đúng tệp kế hoạch chưa.';

/** Text compared for "the same text": line ends and spacing do not count. */
function sameTextKey(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

const key = (s: string | null) => searchKey(s ?? '');

/**
 * Same plan: same number and (real) title, the same issuer — unless the text does not name
 * one (the importer then puts the organisation's name) or one names it more fully ("Sở KH&CN"
 * vs "… tỉnh Quảng Ngãi") — and not issued in different years. Compared without case,
 * diacritics, punctuation or spacing.
 */
function samePlan(existing: Plan, imported: Plan, orgName: string): boolean {
  if (key(existing.number) !== key(imported.number) || key(existing.title) !== key(imported.title)) return false;
  const [a, b] = [key(existing.issuer), key(imported.issuer)];
  const issuer = a === b || b === key(orgName) || a.startsWith(b) || b.startsWith(a);
  const [yearA, yearB] = [existing.issued?.slice(0, 4), imported.issued?.slice(0, 4)];
  return issuer && (!yearA || !yearB || yearA === yearB);
}

/** Plan id → the original text the store keeps (the store is the source of truth once it has content). */
export type PlanTexts = Readonly<Record<string, string>>;

/** A plan's original text: the store's (`texts`) when given, else the file beside it in the data folder. */
async function storedText(dataDir: string, plan: Plan, texts: PlanTexts | undefined): Promise<string | undefined> {
  if (texts) return Object.hasOwn(texts, plan.id) ? texts[plan.id] : undefined;
  try {
    return await readFile(join(dataDir, 'plans', plan.source ?? `${plan.id}.txt`), 'utf8');
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** The existing plan whose stored text is this text, whitespace aside. */
export async function planWithText(dataDir: string, content: PlanSet, text: string, texts?: PlanTexts): Promise<Plan | undefined> {
  const key = sameTextKey(text);
  for (const plan of content.plans) {
    const stored = await storedText(dataDir, plan, texts);
    if (stored !== undefined && sameTextKey(stored) === key) return plan;
  }
  return undefined;
}

/**
 * Imports `text` against the running content, the plans' texts (`texts`: the store's; else the
 * files in `dataDir`) and the file names taken in `dataDir`; throws
 * {@link ImportError} for an empty file, a text with no plan in it, or a plan already there
 * unchanged. With `id` the plan is saved under that id as asked (replacing a plan of that id).
 */
export async function prepareImport(
  dataDir: string,
  content: PlanSet,
  text: string,
  options: { id?: string | undefined; texts?: PlanTexts | undefined } = {},
): Promise<PreparedImport> {
  if (!text.trim()) throw new ImportError('Tệp trống: không có chữ nào để nhập. Kiểm tra lại đã chọn đúng tệp kế hoạch chưa.');
  const probe = importPlan(text, content.org);
  if (!probe.titled && probe.plan.sections.length === 0 && probe.plan.deadlines.length === 0) throw new ImportError(NO_PLAN);
  const same = await planWithText(dataDir, content, text, options.texts);
  const match = probe.titled ? content.plans.find((p) => samePlan(p, probe.plan, content.org.name)) : undefined;

  if (options.id !== undefined) {
    const other = same ?? match;
    if (other && other.id !== options.id) {
      throw new ImportError(`Kế hoạch này đã có (mã ${other.id}): để thay thế, nhập lại với --id ${other.id}; không lưu thêm một bản nữa.`);
    }
    return { ...importForContent(text, content, options.id), replaces: content.plans.find((p) => p.id === options.id) };
  }
  if (same) throw new ImportError(`Kế hoạch này đã có (mã ${same.id}): không có gì thay đổi, không lưu thêm.`);
  if (match) return { ...importForContent(text, content, match.id), replaces: match };

  const derived = probe.plan.id;
  let id = derived;
  const taken = async (id: string) =>
    content.plans.some((p) => p.id === id || p.source === `${id}.txt`) || (await exists(join(dataDir, 'plans', `${id}.json`))) || (await exists(join(dataDir, 'plans', `${id}.txt`)));
  for (let n = 2; await taken(id); n++) id = `${derived.slice(0, 60)}-${n}`;
  return { ...importForContent(text, content, id), takenId: id === derived ? undefined : derived };
}

/** Imports text as a plan whose new deadlines get ids after every existing one (another plan's ids never move). */
export function importForContent(text: string, content: PlanSet, id?: string): ImportResult {
  // Every plan's deadlines count, reference plans' too: their ids are taken as well.
  const others = content.plans.filter((p) => p.id !== id).flatMap((p) => p.deadlines);
  // Ids removed from a plan are never given again either.
  const retired = content.plans.flatMap((p) => (p.retiredDeadlines ?? []).map((rid) => ({ id: rid }) as Deadline));
  const max = highestNumber([...others, ...retired], 0);
  const result = importPlan(text, content.org, { ...(id ? { id } : {}), firstDeadline: max + 1 });
  const previous = content.plans.find((p) => p.id === result.plan.id);
  if (previous) keepIds(result.plan, previous, max);
  return result;
}

type Deadline = Plan['deadlines'][number];

/** The highest number ending a deadline id ("H12" → 12), at least `floor` (a loop: a spread of a long plan's ids would overflow the stack). */
function highestNumber(deadlines: readonly Deadline[], floor: number): number {
  let max = floor;
  for (const d of deadlines) max = Math.max(max, Number(/(\d+)$/.exec(d.id)?.[1] ?? 0));
  return max;
}

/**
 * Deadlines that did not change keep their id; new ones are numbered after every id in use.
 * Unchanged means the same task and time, or — for a hand-curated plan whose task words were
 * edited — the same time and the same units, taken in order. The plan's forms follow their
 * deadlines' new ids.
 */
export function keepIds(plan: Plan, previous: Plan, max: number): void {
  const time = (d: Deadline) => `${d.due}|${JSON.stringify(d.recurrence)}`;
  const keys: Array<(d: Deadline) => string> = [(d) => `${d.task}|${time(d)}`, (d) => `${time(d)}|${[...d.assignees].sort().join(',')}`];
  const used = new Set<string>();
  const kept = new Map<Deadline, string>();
  for (const key of keys) {
    // The previous deadlines by key, in order: each new one takes the first not taken yet.
    const byKey = new Map<string, { list: Deadline[]; at: number }>();
    for (const p of previous.deadlines) {
      const k = key(p);
      const entry = byKey.get(k);
      if (entry) entry.list.push(p);
      else byKey.set(k, { list: [p], at: 0 });
    }
    for (const d of plan.deadlines) {
      if (kept.has(d)) continue;
      const entry = byKey.get(key(d));
      if (!entry) continue;
      while (entry.at < entry.list.length && used.has(entry.list[entry.at]!.id)) entry.at++;
      const old = entry.list[entry.at++];
      if (old) {
        kept.set(d, old.id);
        used.add(old.id);
      }
    }
  }
  let next = highestNumber(previous.deadlines, max) + 1;
  const renamed = new Map<string, string>();
  for (const d of plan.deadlines) {
    const id = kept.get(d) ?? `H${next++}`;
    renamed.set(d.id, id);
    d.id = id;
  }
  // A form stays tied to the deadline it was tied to, under that deadline's kept id.
  if (plan.forms) plan.forms = plan.forms.map((f) => ({ ...f, deadline: f.deadline === null ? null : (renamed.get(f.deadline) ?? null) }));
}
