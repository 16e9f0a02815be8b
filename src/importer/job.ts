/**
 * One import as the worker thread runs it: a file's bytes (a file sent in chat), a file on disk
 * (`loa import`) or a text already read (publishing) → text → plan prepared against the plans
 * Loa has → summary. Plain data in and out, so both cross the thread boundary.
 */
import { createHash } from 'node:crypto';
import type { Org } from '../core/org.js';
import type { Plan } from '../core/plans.js';
import { ImportError } from './errors.js';
import { readPlanFile, textFromBuffer } from './files.js';
import { prepareImport, type PreparedImport } from './prepare.js';
import { importSummary } from './summary.js';

export type ImportSource = { file: string } | { name: string; data: Uint8Array } | { text: string };

export interface ImportJob {
  source: ImportSource;
  dataDir: string;
  org: Org;
  plans: Plan[];
  /** `loa import --id`: the id to save the plan under. */
  id?: string | undefined;
  /** The plans' original texts as the store keeps them (plan id → text); the data folder's files when absent. */
  texts?: Record<string, string> | undefined;
}

export type ImportOutcome =
  | { ok: true; text: string; textKey: string; result: PreparedImport; summary: string }
  /** `refusal` is the ImportError's message; `textKey` is there when the text could be read. */
  | { ok: false; refusal: string; textKey?: string };

/** What the file's name is in messages. */
export function sourceName(source: ImportSource): string {
  return 'file' in source ? source.file : 'name' in source ? source.name : 'kế hoạch';
}

/** A text's identity, line ends and spacing aside: a file sent twice is recognised without keeping two copies to compare. */
export function textKey(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('base64');
}

/** Runs one import; an {@link ImportError} becomes a refusal, anything else is thrown (a bug). */
export async function runJob(job: ImportJob): Promise<ImportOutcome> {
  const { source } = job;
  let text: string | undefined;
  try {
    if ('text' in source) text = source.text;
    else if ('file' in source) text = await readPlanFile(source.file);
    else text = await textFromBuffer(source.name, Buffer.from(source.data.buffer, source.data.byteOffset, source.data.byteLength));
    const result = await prepareImport(job.dataDir, job, text, { id: job.id, texts: job.texts });
    const units = new Map(job.org.units.map((u) => [u.code, u]));
    const summary = importSummary({ unit: (code) => units.get(code.toUpperCase()) }, result);
    return { ok: true, text, textKey: textKey(text), result, summary };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { ok: false, refusal: error.message, ...(text !== undefined ? { textKey: textKey(text) } : {}) };
  }
}
