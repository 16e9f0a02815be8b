/**
 * The office's draft of a staged plan (the review page, `/ke-hoach/duyet/:code`): the plan's JSON
 * as the office corrected it, beside what the importer was unsure of when it read the file. It
 * is kept with the staged plan (`StagedPlan.draft`); a staged plan with a draft publishes the
 * draft instead of a fresh reading of its text (see {@link settleDraft}).
 */
import { z } from 'zod';
import { planSchema, type Plan } from '../core/plans.js';
import type { PreparedImport } from './prepare.js';
import { zodIssues } from '../core/content.js';

export interface PlanDraft {
  /** The plan's JSON value as the office corrected it (it started as the importer's reading). */
  plan: Record<string, unknown>;
  /** The importer's warnings when it read the file: what to look at before publishing. */
  warnings: string[];
  /** The plan it replaces (the same number, issuer and title), when it does. */
  replaces: { id: string; title: string } | null;
  /** The id the text would have had, when another plan had it already. */
  takenId: string | null;
}

const draftSchema = z.object({
  plan: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()).default([]),
  replaces: z.object({ id: z.string(), title: z.string() }).nullable().default(null),
  takenId: z.string().nullable().default(null),
});

/** The draft of a fresh reading, before any correction. */
export function draftOf(result: PreparedImport): PlanDraft {
  return {
    plan: JSON.parse(JSON.stringify(result.plan)) as Record<string, unknown>,
    warnings: [...result.warnings],
    replaces: result.replaces ? { id: result.replaces.id, title: result.replaces.title } : null,
    takenId: result.takenId ?? null,
  };
}

/** The draft kept with a staged plan; undefined when there is none (or it is not one). */
export function readDraft(value: unknown): PlanDraft | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = draftSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The number ending a deadline id ("H12" → 12; 0 without one). */
const numberOf = (id: unknown) => Number(/(\d+)$/.exec(String(id))?.[1] ?? 0);

/**
 * The draft as it is published, against the plans Loa has now: under the id and text file of
 * `fresh` (the text read again now: a plan published since may have taken the draft's id, or be
 * the one it replaces), each deadline whose id another plan took since (or the draft repeats)
 * numbered after every id in use (a form tied to it follows it), and checked by the plan rules. The plan, or why it is refused.
 */
export function settleDraft(draft: PlanDraft, fresh: Pick<Plan, 'id' | 'source'>, plans: readonly Plan[]): { plan: Plan } | { refused: string } {
  const raw = structuredClone(draft.plan);
  raw.id = fresh.id;
  raw.source = fresh.source;
  const others = plans.filter((p) => p.id !== fresh.id);
  const taken = new Set<string>();
  let max = 0;
  for (const p of others) {
    for (const id of [...p.deadlines.map((d) => d.id), ...(p.retiredDeadlines ?? [])]) {
      taken.add(id.toUpperCase());
      max = Math.max(max, numberOf(id));
    }
  }
  const deadlines = Array.isArray(raw.deadlines) ? (raw.deadlines as Array<Record<string, unknown>>) : [];
  for (const d of deadlines) max = Math.max(max, numberOf(d?.id));
  const seen = new Set<string>();
  const renamed = new Map<unknown, unknown>();
  for (const d of deadlines) {
    if (!d || typeof d !== 'object') continue;
    const id = String(d.id ?? '').toUpperCase();
    if (!id || taken.has(id) || seen.has(id)) {
      if (!renamed.has(d.id)) renamed.set(d.id, `H${max + 1}`);
      d.id = `H${++max}`;
    }
    seen.add(String(d.id).toUpperCase());
  }
  // A form follows its deadline to its new id.
  const forms = Array.isArray(raw.forms) ? (raw.forms as Array<Record<string, unknown>>) : [];
  for (const f of forms) if (f && typeof f === 'object' && renamed.has(f.deadline)) f.deadline = renamed.get(f.deadline);
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) return { refused: `Bản nháp chưa hợp lệ: ${zodIssues(parsed.error)}. Hãy sửa trên trang duyệt rồi công bố lại.` };
  return { plan: parsed.data };
}

/**
 * Why a draft would not pass the plan rules (the schema, its ids), or undefined: a draft is
 * checked at every change, so a bad value is refused when it is made. An assignee that is no unit
 * of the org is a phrase as the plan wrote it ("Sở Tư pháp"): listed to map, and publishing
 * waits until it is mapped or its deadlines removed, so it never keeps another change from being saved.
 */
export function draftProblem(plan: Record<string, unknown>): string | undefined {
  const parsed = planSchema.safeParse(plan);
  if (!parsed.success) return `Không lưu được: ${zodIssues(parsed.error)}`;
  const ids = new Set<string>();
  for (const d of parsed.data.deadlines) {
    if (ids.has(d.id)) return `Không lưu được: mã hạn ${d.id} bị trùng.`;
    ids.add(d.id);
  }
  return undefined;
}
