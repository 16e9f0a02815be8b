/**
 * The plan forms' changes, shared by the review page of a staged plan and the edit page of a
 * published one. Each turns a submitted form into a change of a plan's raw JSON, made in place,
 * and says what it changed (before → after, for the audit line); a bad value throws
 * {@link EditRefused} before anything changes. The caller saves the result: a draft through
 * the import service's `editDraft` (checked by `draftProblem`), or through the content editor,
 * which checks it by the start-up rules.
 */
import { EditRefused, type Raw } from '../core/content-editor.js';
import { type Org } from '../core/org.js';
import { settleReportTo, type Plan, type PlanDeadline } from '../core/plans.js';
import { searchKey, truncate } from '../core/text.js';
import { mapInDeadlines } from '../importer/unmapped.js';
import { dayField, reportToField, requiredLine, timeFields, unitFields, values, type Form } from './plan-fields.js';

/** What a change did: the part of the plan, before → after (for the audit line), and where the page shows it. */
export interface Changed {
  what: 'title' | 'deadline-add' | 'deadline-edit' | 'deadline-remove' | 'slogan-add' | 'slogan-edit' | 'slogan-remove' | 'map-unit' | 'form-tie';
  before: unknown;
  after: unknown;
  /** The anchor of the changed part on the page ("h-H12", "khau-hieu"). */
  anchor: string;
}

export type PlanChange = (plan: Raw) => Changed;

const TITLE_MAX = 300;
const TASK_MAX = 500;
const SLOGAN_MAX = 300;

type RawDeadline = Record<string, unknown>;
const deadlinesOf = (plan: Raw): RawDeadline[] => (Array.isArray(plan.deadlines) ? (plan.deadlines as RawDeadline[]) : (plan.deadlines = []));
const slogansOf = (plan: Raw): string[] => (Array.isArray(plan.slogans) ? (plan.slogans as string[]) : (plan.slogans = []));
const copy = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

/** Title and period: both days or neither (then the period is derived from the title and dates again). */
export function titleChange(form: Form): PlanChange {
  const title = requiredLine(form, 'title', 'Tên kế hoạch', TITLE_MAX);
  const from = dayField(form, 'from', 'Ngày bắt đầu');
  const to = dayField(form, 'to', 'Ngày kết thúc');
  if ((from === undefined) !== (to === undefined)) throw new EditRefused('Thời gian thực hiện cần cả ngày bắt đầu và ngày kết thúc (hoặc để trống cả hai để Loa tự suy ra).');
  if (from && to && from > to) throw new EditRefused('Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.');
  return (plan) => {
    const before = { title: plan.title, period: copy(plan.period) };
    plan.title = title;
    if (from && to) plan.period = { from, to };
    else delete plan.period;
    return { what: 'title', before, after: { title, period: copy(plan.period) }, anchor: 'tieu-de' };
  };
}

/** The deadline fields of a form (task, time, units, report-to), settled: a unit never reports to itself. */
function deadlineFields(form: Form, org: Org, reference: boolean): Pick<PlanDeadline, 'task' | 'due' | 'recurrence' | 'assignees' | 'reportTo'> {
  const task = requiredLine(form, 'task', 'Nội dung công việc', TASK_MAX);
  const time = timeFields(form);
  const assignees = unitFields(form, org);
  if (reference && assignees.length) throw new EditRefused('Kế hoạch tham khảo (của cơ quan khác) không giao hạn cho đơn vị nào: bỏ chọn các đơn vị.');
  if (!reference && assignees.length === 0) throw new EditRefused('Chọn ít nhất một đơn vị thực hiện.');
  return settleReportTo({ task, ...time, assignees, reportTo: reportToField(form, org) });
}

function findDeadline(plan: Raw, id: string): RawDeadline {
  const d = deadlinesOf(plan).find((x) => x?.id === id);
  if (!d) throw new EditRefused(`Không có hạn ${truncate(id, 20)} trong kế hoạch này (có thể vừa bị xóa): tải lại trang rồi thử lại.`);
  return d;
}

/** The ids of deadlines removed from the plan (never reused). */
function retiredOf(plan: Raw): string[] {
  return Array.isArray(plan.retiredDeadlines) ? plan.retiredDeadlines.map(String) : [];
}

/** The id a new deadline gets: after every id of the plan and of `others` (the other plans' deadline ids). */
export function nextDeadlineId(plan: Raw, others: readonly string[]): string {
  let max = 0;
  const own = [...deadlinesOf(plan).map((d) => String(d?.id ?? '')), ...retiredOf(plan)];
  for (const id of [...others, ...own]) max = Math.max(max, Number(/(\d+)$/.exec(id)?.[1] ?? 0));
  return `H${max + 1}`;
}

/** Changes one deadline (by id); its id, section and quote stay. */
export function deadlineEdit(form: Form, id: string, org: Org): PlanChange {
  return (plan) => {
    const d = findDeadline(plan, id);
    const fields = deadlineFields(form, org, plan.reference === true);
    const before = copy(d);
    Object.assign(d, fields);
    // Set by the office now: the importer's doubt no longer holds.
    delete d.confidence;
    return { what: 'deadline-edit', before, after: copy(d), anchor: `h-${id}` };
  };
}

/** Adds a deadline at the end, numbered after every deadline id in use (`others`: the other plans'). */
export function deadlineAdd(form: Form, org: Org, others: readonly string[]): PlanChange {
  return (plan) => {
    const fields = deadlineFields(form, org, plan.reference === true);
    const d = { id: nextDeadlineId(plan, others), ...fields, section: null };
    deadlinesOf(plan).push(d);
    return { what: 'deadline-add', before: null, after: copy(d), anchor: `h-${d.id}` };
  };
}

export function deadlineRemove(id: string): PlanChange {
  return (plan) => {
    const list = deadlinesOf(plan);
    const d = findDeadline(plan, id);
    list.splice(list.indexOf(d), 1);
    // Its id is not given again: confirmations and reminders of it stay its own.
    plan.retiredDeadlines = [...new Set([...retiredOf(plan), String(d.id)])];
    // A form it asked for waits for the office to tie it to another deadline.
    if (Array.isArray(plan.forms)) for (const f of plan.forms as RawDeadline[]) if (f?.deadline === d.id) f.deadline = null;
    return { what: 'deadline-remove', before: copy(d), after: null, anchor: 'thoi-han' };
  };
}

/** The slogan at position `n` (from 1) as the form saw it (`was`): a stale form changes nothing. */
function sloganAt(plan: Raw, n: string, form: Form): number {
  const i = /^\d{1,5}$/.test(n) ? Number(n) - 1 : -1;
  const list = slogansOf(plan);
  if (i < 0 || i >= list.length || list[i] !== (values(form, 'was')[0] ?? '')) {
    throw new EditRefused('Khẩu hiệu này đã thay đổi hoặc bị xóa trong lúc bạn sửa: tải lại trang rồi thử lại.');
  }
  return i;
}

function sloganText(form: Form, plan: Raw, except?: number): string {
  const text = requiredLine(form, 'slogan', 'Khẩu hiệu', SLOGAN_MAX);
  const key = searchKey(text);
  if (slogansOf(plan).some((s, i) => i !== except && searchKey(s) === key)) throw new EditRefused('Kế hoạch đã có khẩu hiệu này.');
  return text;
}

export function sloganAdd(form: Form): PlanChange {
  return (plan) => {
    const text = sloganText(form, plan);
    slogansOf(plan).push(text);
    return { what: 'slogan-add', before: null, after: text, anchor: 'khau-hieu' };
  };
}

export function sloganEdit(form: Form, n: string): PlanChange {
  return (plan) => {
    const i = sloganAt(plan, n, form);
    const text = sloganText(form, plan, i);
    const before = slogansOf(plan)[i];
    slogansOf(plan)[i] = text;
    return { what: 'slogan-edit', before, after: text, anchor: 'khau-hieu' };
  };
}

export function sloganRemove(form: Form, n: string): PlanChange {
  return (plan) => {
    const i = sloganAt(plan, n, form);
    const [before] = slogansOf(plan).splice(i, 1);
    return { what: 'slogan-remove', before, after: null, anchor: 'khau-hieu' };
  };
}

/** Phrases of the plan that name no unit of the org (a report-to or unit as the text wrote it), with their deadlines. */
export function unmappedPhrases(plan: Pick<Plan, 'deadlines'>, org: Org): Array<{ phrase: string; deadlines: string[] }> {
  const codes = new Set(org.units.map((u) => u.code));
  const found = new Map<string, string[]>();
  for (const d of plan.deadlines) {
    for (const p of [...d.assignees, ...(d.reportTo ? [d.reportTo] : [])]) {
      if (codes.has(p)) continue;
      const ids = found.get(p) ?? [];
      if (!ids.includes(d.id)) ids.push(d.id);
      found.set(p, ids);
    }
  }
  return [...found].map(([phrase, deadlines]) => ({ phrase, deadlines }));
}

/** Whether the plan names `phrase` as a report-to or a unit. */
export function phraseIn(plan: Raw, phrase: string): boolean {
  return phrase !== '' && deadlinesOf(plan).some((d) => d?.reportTo === phrase || (Array.isArray(d?.assignees) && (d.assignees as unknown[]).includes(phrase)));
}

/** Puts unit `code` wherever the plan names `phrase` (a report-to, a unit). */
export function mapPhrase(phrase: string, code: string): PlanChange {
  return (plan) => {
    if (!phraseIn(plan, phrase)) throw new EditRefused(`Kế hoạch không còn cụm từ “${truncate(phrase, 60)}”: tải lại trang.`);
    const { changed } = mapInDeadlines(deadlinesOf(plan), phrase, [code]);
    return { what: 'map-unit', before: phrase, after: { unit: code, deadlines: changed }, anchor: 'can-xem' };
  };
}
