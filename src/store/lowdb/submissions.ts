/**
 * What units hand in (report files, registration forms), kept as a list in the order recorded
 * with ids `N1`, `N2`, … from the file's sequence. A hand-in is never replaced: a second file for
 * the same deadline is a second item. The list is small (a unit hands in a few times per
 * deadline), so a read scans it.
 */
import type { OccurrenceKey, Submission, SubmissionPort } from '../../core/ports.js';
import { submissionRecord } from '../submission-record.js';
import type { LowdbFile } from './file.js';

const occurrenceKey = (k: OccurrenceKey): string => `${k.deadline}\n${k.occurrence}`;

export class LowdbSubmissions {
  constructor(private readonly file: LowdbFile) {}

  async add(input: Omit<Submission, 'id'>): Promise<Submission> {
    const record = submissionRecord(`N${this.file.nextSeq('submission')}`, input);
    this.file.pushItem('submissions', record);
    await this.file.persist();
    return structuredClone(record);
  }

  /** Hand-ins of these occurrences, in the order recorded (oldest first). */
  of(occurrences: readonly OccurrenceKey[]): Submission[] {
    const wanted = new Set(occurrences.map(occurrenceKey));
    if (wanted.size === 0) return [];
    return this.file.data.submissions.filter((s) => wanted.has(occurrenceKey(s))).map((s) => structuredClone(s));
  }

  byId(id: string): Submission | undefined {
    const found = this.file.data.submissions.find((s) => s.id === id);
    return found ? structuredClone(found) : undefined;
  }

  /** The hand-ins that came from chat `a` now name `b` (no write). */
  moveChat(a: string, b: string): void {
    this.file.rechat('submissions', ['chat'], a, b);
  }
}

export function submissionPort(s: LowdbSubmissions): SubmissionPort {
  return {
    addSubmission: (input) => s.add(input),
    submissionsOf: async (occurrences) => s.of(occurrences),
    submission: async (id) => s.byId(id.trim().toUpperCase()),
  };
}
