/**
 * What units hand in, and the bytes of their files, shared by every replica. A hand-in is a row
 * of `submissions` (id from its sequence, shown `N<id>`), its file, report and form as jsonb; the
 * bytes are a row of `files` keyed by their SHA-256, written with `ON CONFLICT DO NOTHING` (the
 * same bytes twice are kept once) in the caller's transaction when there is one, so a failed
 * unit of work leaves no file row either.
 */
import type { Clock } from '../../core/clock.js';
import type { FileStorePort, OccurrenceKey, Submission, SubmissionPort } from '../../core/ports.js';
import { isSha256, sha256Of } from '../digest.js';
import { submissionParts } from '../submission-record.js';
import type { Db } from './db.js';
import { iso, json, recordId, seqOf } from './rows.js';

export const SUBMISSION_COLUMNS = 'id, deadline, occurrence, unit, by_id, by_name, chat, at, file, report, form';

export function submissionOf(r: Record<string, unknown>): Submission {
  const file = r.file as Submission['file'] | null;
  const report = r.report as Submission['report'] | null;
  const form = r.form as Submission['form'] | null;
  return {
    id: recordId('N', r.id as string),
    deadline: r.deadline as string,
    occurrence: r.occurrence as string,
    unit: r.unit as string,
    by: { id: r.by_id as string, name: r.by_name as string },
    chat: r.chat as string,
    at: iso(r.at as Date)!,
    ...(file ? { file } : {}),
    ...(report ? { report } : {}),
    ...(form ? { form } : {}),
  };
}

/** The jsonb of a hand-in's file, report and form: only the fields the record has. */
export function submissionJson(s: Omit<Submission, 'id'>): [string | null, string | null, string | null] {
  const { file, report, form } = submissionParts(s);
  return [json(file), json(report), json(form)];
}

export function submissionPort(db: Db): SubmissionPort {
  return {
    async addSubmission(input) {
      const { rows } = await db.query(
        `INSERT INTO submissions (deadline, occurrence, unit, by_id, by_name, chat, at, file, report, form)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${SUBMISSION_COLUMNS}`,
        [input.deadline, input.occurrence, input.unit, input.by.id, input.by.name, input.chat, input.at, ...submissionJson(input)],
      );
      return submissionOf(rows[0]!);
    },

    async submissionsOf(occurrences: readonly OccurrenceKey[]) {
      if (occurrences.length === 0) return [];
      // Each pair is looked up on the (deadline, occurrence, id) index.
      const { rows } = await db.query(
        `SELECT ${SUBMISSION_COLUMNS} FROM submissions
         WHERE (deadline, occurrence) IN (SELECT * FROM unnest($1::text[], $2::text[]))
         ORDER BY id`,
        [occurrences.map((o) => o.deadline), occurrences.map((o) => o.occurrence)],
      );
      return rows.map(submissionOf);
    },

    async submission(id) {
      const n = seqOf('N', id);
      if (n === undefined) return undefined;
      const { rows } = await db.query(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = $1`, [n]);
      return rows[0] ? submissionOf(rows[0]) : undefined;
    },
  };
}

export function fileStorePort(db: Db, clock: Clock): FileStorePort {
  return {
    async putFile(bytes) {
      const sha256 = sha256Of(bytes);
      await db.query('INSERT INTO files (sha256, bytes, size, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [
        sha256,
        bytes,
        bytes.length,
        clock.now().toISOString(),
      ]);
      return sha256;
    },

    async getFile(sha256) {
      if (!isSha256(sha256)) return undefined;
      const { rows } = await db.query<{ bytes: Buffer }>('SELECT bytes FROM files WHERE sha256 = $1', [sha256]);
      return rows[0]?.bytes;
    },
  };
}
