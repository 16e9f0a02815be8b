/**
 * The journal beside the database file (`<file>.journal`): one JSON line per write, holding the
 * redo operations of that write (see redo.ts). Its first line names the file it applies to (a
 * hash of the file's text); when the file is compacted (rewritten whole), a last line names the
 * new file's hash before the file is replaced, so a journal left by a crash mid-compaction is
 * known as already applied. Reading: a torn last line (a kill mid-write) is ignored; anything
 * else that is not valid stops the start.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { codeOf } from '../errors.js';
import { migrate, type StoreData } from '../schema.js';
import { BadOperation, Replayer } from './redo.js';

export const journalOf = (file: string): string => `${file}.journal`;

export const hashOf = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The first line of a journal made for the file whose text hashes to `base`. */
export const headerLine = (base: string): string => JSON.stringify({ loaJournal: 1, base });

/** The line written before the file is replaced by a compaction whose text hashes to `hash`. */
export const compactedLine = (hash: string): string => JSON.stringify({ compacted: hash });

/** The journal's content is not valid: `reason` says where and why (Vietnamese). */
export class JournalError extends Error {}

export interface ReadJournal {
  /** Operation lines to replay, in order (empty for a stale journal). */
  lines: string[];
  /** The journal was made for a file since replaced by its compaction: its lines are in the file. */
  stale: boolean;
  /** The last line was torn (a kill mid-write) and is ignored. */
  torn: boolean;
}

/**
 * Splits a journal's text into the operation lines to replay onto the file whose text hashes to
 * `baseHash`; throws a {@link JournalError} when the journal does not belong to that file or a
 * complete line is not valid JSON.
 */
export function parseJournal(text: string, baseHash: string): ReadJournal {
  const parts = text.split('\n');
  const torn = parts.pop() !== '';
  if (parts.length === 0) return { lines: [], stale: false, torn };
  const parsed = parts.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch (error) {
      throw new JournalError(`dòng ${i + 1} không phải JSON hợp lệ (${(error as Error).message})`);
    }
  });
  const header = parsed[0] as { loaJournal?: unknown; base?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.loaJournal !== 1 || typeof header.base !== 'string') {
    throw new JournalError('dòng đầu không phải phần đầu của nhật ký Loa');
  }
  const markers = parsed.map((p) => (p && typeof p === 'object' && !Array.isArray(p) ? (p as { compacted?: unknown }).compacted : undefined));
  if (header.base !== baseHash) {
    if (markers.includes(baseHash)) return { lines: [], stale: true, torn };
    throw new JournalError('nhật ký không thuộc tệp dữ liệu hiện có (tệp có thể đã được thay, ví dụ khôi phục từ bản sao lưu)');
  }
  const lines: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    if (typeof markers[i] === 'string') continue; // a compaction that did not replace the file
    if (!Array.isArray(parsed[i])) throw new JournalError(`dòng ${i + 1} không phải một danh sách thao tác`);
    lines.push(parts[i]!);
  }
  return { lines, stale: false, torn };
}

/** Replays operation lines onto `data` (in place); throws a {@link JournalError} naming the line. */
export function replay(data: StoreData, lines: readonly string[], firstLine = 2): StoreData {
  const replayer = new Replayer(data);
  lines.forEach((line, i) => {
    try {
      replayer.applyLine(JSON.parse(line));
    } catch (error) {
      if (error instanceof BadOperation || error instanceof SyntaxError) throw new JournalError(`dòng ${firstLine + i}: ${error.message}`);
      throw error;
    }
  });
  return data;
}

/** The journal's text, or undefined when there is none. */
export async function readJournalText(file: string): Promise<string | undefined> {
  try {
    return await readFile(journalOf(file), 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The whole state of a database file, for a reader that does not open the store (`store copy`):
 * the file, upgraded, with its journal replayed. Throws on a missing or invalid file or journal.
 */
export async function readWholeState(file: string): Promise<StoreData> {
  const text = await readFile(file, 'utf8');
  const data = migrate(JSON.parse(text));
  const journal = await readJournalText(file);
  if (journal === undefined) return data;
  try {
    return replay(data, parseJournal(journal, hashOf(text)).lines);
  } catch (error) {
    if (error instanceof JournalError) throw new Error(`nhật ký ghi ${journalOf(file)}: ${error.message}`);
    throw error;
  }
}
