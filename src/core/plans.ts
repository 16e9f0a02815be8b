/** Plans ("Kế hoạch") as curated JSON in `data/plans/`, each beside its original text. */
import { z } from 'zod';
import { fold } from './text.js';

/** A day of the calendar: `YYYY-MM-DD`, and one that exists (no 30 February). */
const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày dạng YYYY-MM-DD')
  .refine(isCalendarDay, 'ngày không có trên lịch');

/** True unless a `YYYY-MM-DD` names no day (another form is the regex's to refuse). */
function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return true;
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

const dayOfMonth = z.number().int().min(1).max(31);

/**
 * How a deadline recurs. Without a day it falls on the period's last day. With one: yearly on
 * `day`/`month`; monthly on `day` of each month; quarterly and semiannual on `day` of the
 * `month`-th month of each period (quarterly `month` 1–3: 3 = the last month of the quarter;
 * semiannual 1–6). A day past the month's end falls on its last day (31 → 28/02).
 */
export const recurrenceSchema = z.union([
  z.object({ freq: z.literal('yearly'), month: z.number().int().min(1).max(12), day: dayOfMonth }).strict(),
  z.object({ freq: z.literal('monthly'), day: dayOfMonth }).strict(),
  z.object({ freq: z.literal('quarterly'), month: z.number().int().min(1).max(3), day: dayOfMonth }).strict(),
  z.object({ freq: z.literal('semiannual'), month: z.number().int().min(1).max(6), day: dayOfMonth }).strict(),
  z.object({ freq: z.enum(['yearly', 'semiannual', 'quarterly', 'monthly']) }).strict(),
]);

/**
 * A registration template: an appendix table whose header names the fields a unit fills and whose
 * body rows are empty or numbered (Bắc Giang's Phụ lục II). Units fill it in chat or send it
 * back filled; the office gets every unit's rows merged in the same layout.
 */
export const formSchema = z
  .object({
    /** How the plan names the appendix: "Phụ lục II". */
    appendix: z.string().min(1),
    /** The appendix's heading: "Đăng ký hoạt động triển khai hưởng ứng “Tháng Dân vận” năm 2023". */
    title: z.string().min(1),
    /** The fields a unit fills, in the template's order; the numbering column (Stt, TT) is not one. */
    columns: z.array(z.string().min(1).max(200)).min(1).max(20),
    /** The id of the plan's deadline that asks for it ("mẫu theo Phụ lục II"); null when none does. */
    deadline: z.string().nullable(),
  })
  .strict();

export const deadlineSchema = z
  .object({
    id: z.string().regex(/^[A-Z][A-Z0-9]{0,11}$/, 'mã hạn: chữ in hoa + số, ví dụ H12'),
    task: z.string().min(1),
    due: daySchema.nullable(),
    recurrence: recurrenceSchema.nullable(),
    /** Unit codes; empty only in a reference plan (see `reference`). */
    assignees: z.array(z.string()),
    reportTo: z.string().nullable().default(null),
    section: z.string().nullable().default(null),
    /** The words of the source the deadline was read from (its time phrase), when the importer read it. */
    quote: z.string().optional(),
    /**
     * How the importer came to it: `chắc chắn` from an explicit rule, `cần xem lại` when it guessed
     * (a year not written, a unit not named or not known). Absent: curated or entered by hand.
     */
    confidence: z.enum(['chắc chắn', 'cần xem lại']).optional(),
    /**
     * Occurrences the office moved (see `occurrences.ts`): each day an occurrence fell on before
     * → the day it falls on now. A recurring deadline's scheduled day is replaced by its value;
     * a one-off deadline's `due` is the day itself, and the map keeps its earlier days, so old
     * buttons, replies and the reminder history still find the occurrence.
     */
    moved: z.record(daySchema, daySchema).optional(),
  })
  .refine((d) => (d.due === null) !== (d.recurrence === null), {
    message: 'một hạn có đúng một trong "due" (ngày) hoặc "recurrence" (định kỳ)',
  });

/** The time a plan is in force, both days included. */
export const periodSchema = z
  .object({ from: daySchema, to: daySchema })
  .strict()
  .refine((p) => p.from <= p.to, { message: '"from" phải trước hoặc bằng "to"' });

export const planSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'mã kế hoạch: chữ thường, số, gạch nối'),
    number: z.string().nullable(),
    title: z.string().min(1),
    issuer: z.string().min(1),
    place: z.string().nullable(),
    issued: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'ngày ban hành dạng YYYY, YYYY-MM hoặc YYYY-MM-DD')
      .nullable(),
    /**
     * When the plan is in force. Absent: derived at load from the title, the issue year or the
     * deadlines' years (see `period.ts`); `null`: open-ended. Recurring deadlines stop after it.
     */
    period: periodSchema.nullable().optional(),
    /**
     * Another organisation's plan, kept for reference: listed, searchable, its slogans used, but
     * its deadlines belong to the issuer's own units, so none is assigned, tracked or reminded here.
     */
    reference: z.boolean().optional(),
    /**
     * The day the office ended (archived) the plan: still listed and searchable as ended, but
     * its deadlines are no longer tracked or reminded.
     */
    ended: daySchema.nullable().optional(),
    source: z.string().nullable().default(null),
    purposes: z.array(z.string()).default([]),
    sections: z.array(z.object({ numbering: z.string(), heading: z.string(), text: z.string() })).default([]),
    implementation: z
      .array(z.object({ actor: z.string(), units: z.array(z.string()), tasks: z.array(z.string()) }))
      .default([]),
    deadlines: z.array(deadlineSchema).default([]),
    /**
     * Ids of deadlines removed from the plan after it was read: never given to a new deadline, so a
     * new one never inherits an old one's confirmations and reminders.
     */
    retiredDeadlines: z.array(z.string()).optional(),
    slogans: z.array(z.string().min(1)).default([]),
    /** Registration templates of the plan's appendices (see {@link formSchema}). */
    forms: z.array(formSchema).optional(),
    signer: z.object({ position: z.string().nullable(), name: z.string().nullable() }).nullable().default(null),
  })
  .superRefine((plan, ctx) => {
    plan.deadlines.forEach((d, i) => {
      if (plan.reference && d.assignees.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['deadlines', i, 'assignees'], message: 'kế hoạch tham khảo không giao hạn cho đơn vị nào (để [])' });
      } else if (!plan.reference && d.assignees.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['deadlines', i, 'assignees'], message: 'cần ít nhất một đơn vị thực hiện' });
      }
    });
    const ids = new Set(plan.deadlines.map((d) => d.id));
    const tied = new Set<string>();
    plan.forms?.forEach((f, i) => {
      if (f.deadline === null) return;
      if (!ids.has(f.deadline)) ctx.addIssue({ code: 'custom', path: ['forms', i, 'deadline'], message: `kế hoạch không có hạn ${f.deadline}` });
      else if (tied.has(f.deadline)) ctx.addIssue({ code: 'custom', path: ['forms', i, 'deadline'], message: `hạn ${f.deadline} đã có một mẫu đăng ký` });
      tied.add(f.deadline);
    });
  });

export type Recurrence = z.infer<typeof recurrenceSchema>;
export type PlanDeadline = z.infer<typeof deadlineSchema>;
export type Plan = z.infer<typeof planSchema>;
export type PlanPeriod = z.infer<typeof periodSchema>;
export type PlanForm = z.infer<typeof formSchema>;

/**
 * The unit a deadline reports to collects the others' reports; it does not report to itself.
 * Drops it from the assignees; when it was the only assignee, the "report to" is what is wrong
 * (the unit does the task itself), so that is cleared instead. Pure; the importer can use it too.
 */
export function settleReportTo<D extends Pick<PlanDeadline, 'assignees' | 'reportTo'>>(d: D): D {
  if (!d.reportTo || !d.assignees.includes(d.reportTo)) return d;
  const others = d.assignees.filter((a) => a !== d.reportTo);
  return others.length ? { ...d, assignees: others } : { ...d, reportTo: null };
}

/**
 * Whether a plan's issuer is the same kind of department as the organisation ("Sở Khoa học và
 * Công nghệ tỉnh Bắc Giang" and "Sở Khoa học và Công nghệ tỉnh mẫu": yes; a "Sở Văn hoá, Thể
 * thao và Du lịch": no). A plan from another kind of department is one to keep for reference.
 */
export function sameAgency(orgName: string, issuer: string): boolean {
  const agency = (name: string) =>
    fold(name)
      .replace(/\b(tinh|thanh pho)\b.*$/, '')
      .replace(/&/g, ' va ')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return agency(orgName) === agency(issuer);
}
