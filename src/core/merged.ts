/**
 * The merged registrations of one deadline occurrence: every unit's latest filled form (a unit
 * that sent a corrected table replaces its earlier rows; the history keeps both), in the order
 * of the deadline's units, and the units that have not handed in one. Chat (`/tonghop`) and the
 * web console build the same table.
 */
import type { Content, Deadline } from './content.js';
import { formatDay, formatInstant, type Day } from './dates.js';
import { formOf } from './forms.js';
import type { MergedTable } from './hand-in-ports.js';
import type { Submission } from './submission-ports.js';

/** Each unit's latest hand-in with form rows (by unit code). */
function latestForms(subs: readonly Submission[]): Map<string, Submission> {
  const latest = new Map<string, Submission>();
  for (const s of subs) if (s.form && s.form.rows.length) latest.set(s.unit, s);
  return latest;
}

/** Values of a row taken against `from` columns, placed under `to` columns (by name; '' where absent). */
function realign(values: readonly string[], from: readonly string[], to: readonly string[]): string[] {
  if (from.length === to.length && from.every((c, i) => c === to[i])) return [...values];
  return to.map((c) => {
    const i = from.indexOf(c);
    return i >= 0 ? values[i] ?? '' : '';
  });
}

/** The merged table, or undefined when the deadline asks for no form. */
export function mergedTable(content: Content, d: Deadline, occurrence: Day, subs: readonly Submission[], now: Date): MergedTable | undefined {
  const form = formOf(d);
  if (!form) return undefined;
  const latest = latestForms(subs.filter((s) => s.deadline === d.id && s.occurrence === occurrence));
  const rows: MergedTable['rows'] = [];
  const missing: MergedTable['missing'] = [];
  for (const code of d.assignees) {
    const unitName = content.unit(code)?.name ?? code;
    const sub = latest.get(code);
    if (!sub?.form) {
      missing.push({ code, name: unitName });
      continue;
    }
    for (const values of sub.form.rows) rows.push({ unitCode: code, unitName, values: realign(values, sub.form.columns, form.columns) });
  }
  return {
    orgName: content.org.name,
    planTitle: d.plan.title,
    ...(d.plan.number ? { planNumber: d.plan.number } : {}),
    appendix: form.appendix,
    formTitle: form.title,
    columns: [...form.columns],
    deadline: { id: d.id, task: d.task, due: formatDay(occurrence) },
    rows,
    missing,
    generatedAt: formatInstant(now.toISOString(), content.org.timezone),
  };
}

/** The merged file's name: `tong-hop-H8-2023-09-25.xlsx`. */
export function mergedFileName(d: Pick<Deadline, 'id'>, occurrence: Day, ext: 'xlsx' | 'docx'): string {
  return `tong-hop-${d.id}-${occurrence}.${ext}`;
}

export const MERGED_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;
