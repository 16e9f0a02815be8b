/**
 * A hand-in as both stores keep it: only the fields it has (absent ones stay absent, never
 * `undefined`), in one key order, cut loose from the caller's objects. The lowdb file stores the
 * record itself; PostgreSQL stores its file, report and form as jsonb: one builder keeps the two
 * (and `store copy` between them) from drifting apart.
 */
import type { Submission } from '../core/ports.js';

/** The file, report and form of a hand-in, each only when it has one (report: only its set fields). */
export function submissionParts(input: Omit<Submission, 'id'>): Pick<Submission, 'file' | 'report' | 'form'> {
  return {
    ...(input.file ? { file: { sha256: input.file.sha256, name: input.file.name, size: input.file.size, type: input.file.type } } : {}),
    ...(input.report ? { report: reportOf(input.report) } : {}),
    ...(input.form ? { form: { columns: [...input.form.columns], rows: input.form.rows.map((r) => [...r]) } } : {}),
  };
}

/** The record of a hand-in with its id. */
export function submissionRecord(id: string, input: Omit<Submission, 'id'>): Submission {
  return {
    id,
    deadline: input.deadline,
    occurrence: input.occurrence,
    unit: input.unit,
    by: { id: input.by.id, name: input.by.name },
    chat: input.chat,
    at: input.at,
    ...submissionParts(input),
  };
}

function reportOf(r: NonNullable<Submission['report']>): NonNullable<Submission['report']> {
  return { ...(r.number !== undefined ? { number: r.number } : {}), ...(r.date !== undefined ? { date: r.date } : {}) };
}
