/**
 * Everything the bot knows from `data/`: the organisation and its plans, with deadlines and
 * slogans flattened into numbered lists. Built once at start from validated files.
 */
import { z } from 'zod';
import { orgSchema, type Org, type Unit } from './org.js';
import { derivePeriod } from './period.js';
import { planSchema, settleReportTo, type Plan, type PlanDeadline } from './plans.js';
import { collectSlogans, type Slogan } from './slogans.js';

export interface Deadline extends PlanDeadline {
  plan: Plan;
  /** Set for an announcement (/thongbao); without a due date it has no reminders and is not listed by /deadline. */
  announcement?: { hasDue: boolean } | undefined;
}


export type { Slogan };

export interface Content {
  /** Changes when the content is reloaded (a plan published from chat). */
  revision: number;
  org: Org;
  /** Newest first (plans without a date last); each with its `period` resolved. */
  plans: Plan[];
  /** The deadlines tracked: those of every plan but the reference ones. */
  deadlines: Deadline[];
  slogans: Slogan[];
  unit(code: string): Unit | undefined;
  deadline(id: string): Deadline | undefined;
}

let revisions = 0;

export class ContentError extends Error {
  override name = 'ContentError';
}

/** The first three problems zod found, as "path: message" (a plan or org file that does not pass). */
export function zodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(gốc)'}: ${i.message}`)
    .join('; ');
}

/** Validates raw JSON values (file name → value) and builds {@link Content}; throws {@link ContentError} naming the file. */
export function buildContent(orgFile: string, orgRaw: unknown, planFiles: Array<{ file: string; raw: unknown }>): Content {
  const orgParsed = orgSchema.safeParse(orgRaw);
  if (!orgParsed.success) throw new ContentError(`${orgFile}: ${zodIssues(orgParsed.error)}`);
  const org = orgParsed.data;
  const codes = new Set(org.units.map((u) => u.code));

  const plans: Plan[] = [];
  const seenPlan = new Map<string, string>();
  const seenDeadline = new Map<string, string>();
  for (const { file, raw } of planFiles) {
    const parsed = planSchema.safeParse(raw);
    if (!parsed.success) throw new ContentError(`${file}: ${zodIssues(parsed.error)}`);
    const plan = parsed.data;
    if (seenPlan.has(plan.id)) throw new ContentError(`${file}: mã kế hoạch "${plan.id}" trùng với ${seenPlan.get(plan.id)}`);
    seenPlan.set(plan.id, file);
    if (plan.period === undefined) plan.period = derivePeriod(plan);
    plan.deadlines = plan.deadlines.map(settleReportTo);
    plan.deadlines.forEach((d, i) => {
      if (seenDeadline.has(d.id)) throw new ContentError(`${file}: deadlines.${i}: mã hạn ${d.id} trùng với ${seenDeadline.get(d.id)}`);
      seenDeadline.set(d.id, file);
      for (const a of d.assignees) {
        if (!codes.has(a)) throw new ContentError(`${file}: deadlines.${i} (${d.id}): đơn vị "${a}" không có trong org.json`);
      }
    });
    plans.push(plan);
  }
  plans.sort((a, b) => (b.issued ?? '').localeCompare(a.issued ?? '') || a.id.localeCompare(b.id));

  const deadlines: Deadline[] = plans.filter((p) => !p.reference && !p.ended).flatMap((plan) => plan.deadlines.map((d) => ({ ...d, plan })));
  deadlines.sort((a, b) => deadlineOrder(a.id) - deadlineOrder(b.id) || a.id.localeCompare(b.id));
  const slogans = collectSlogans(plans);
  const unitMap = new Map(org.units.map((u) => [u.code, u]));
  const deadlineMap = new Map(deadlines.map((d) => [d.id.toUpperCase(), d]));
  return {
    revision: ++revisions,
    org,
    plans,
    deadlines,
    slogans,
    unit: (code) => unitMap.get(code.toUpperCase()),
    deadline: (id) => deadlineMap.get(id.toUpperCase()),
  };
}

function deadlineOrder(id: string): number {
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}
