/**
 * The audit archive beside a lowdb file, `<file>.audit-archive.jsonl`: the entries the file no
 * longer keeps (it keeps the newest {@link MAX_AUDIT}), oldest first, one JSON entry a line,
 * appended and fsync'd before the file drops them, never rewritten (see lowdb/audit-archive.ts).
 * Here: its name, the one text of an entry, and reading it by lines, forward or backward, in
 * chunks (an archive may hold millions of lines: it is never read whole into one string). A last
 * line without its newline is what an append cut short by a crash left: it is not an entry (that
 * entry is still in the file) and readers pass over it.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { AuditEntry } from '../core/ports.js';

export const auditArchiveOf = (file: string): string => `${file}.audit-archive.jsonl`;

/**
 * A name for an archive (or its backup copy) set aside that no file has yet: `<stem>.jsonl`, else
 * `<stem>-2.jsonl`, `-3`, …; nothing set aside is ever written over. `statOf` fails when there is
 * no file at a path (the store passes its own file operations, which tests replace).
 */
export async function freeJsonlPath(stem: string, statOf: (path: string) => Promise<unknown> = stat): Promise<string> {
  for (let n = 1; ; n++) {
    const path = n === 1 ? `${stem}.jsonl` : `${stem}-${n}.jsonl`;
    if (!(await statOf(path).then(() => true, () => false))) return path;
  }
}

const NL = 0x0a;
const CHUNK = 1024 * 1024;

/** The entry with its keys in one order (the file's, PostgreSQL's): equal entries have equal texts. */
export function canonicalAudit(e: AuditEntry): AuditEntry {
  return {
    at: e.at,
    actor: { id: e.actor.id, name: e.actor.name, ...(e.actor.chat !== undefined ? { chat: e.actor.chat } : {}) },
    action: e.action,
    subject: e.subject,
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
  };
}

/** An entry's line in the archive (without its newline). */
export const auditText = (e: AuditEntry): string => JSON.stringify(canonicalAudit(e));

const isStr = (x: unknown): x is string => typeof x === 'string';

/** Whether `x` has the shape of an audit entry. */
export function isAuditEntry(x: unknown): x is AuditEntry {
  const e = x as Partial<AuditEntry> | null;
  if (typeof e !== 'object' || e === null || !isStr(e.at) || !isStr(e.action) || !isStr(e.subject)) return false;
  if (typeof e.actor !== 'object' || e.actor === null || !isStr(e.actor.id) || !isStr(e.actor.name)) return false;
  if (e.actor.chat !== undefined && !isStr(e.actor.chat)) return false;
  return e.detail === undefined || (typeof e.detail === 'object' && e.detail !== null && !Array.isArray(e.detail));
}

/** The entry a line holds, or undefined when it holds none. */
export function parseAuditLine(line: string): AuditEntry | undefined {
  try {
    const e = JSON.parse(line) as unknown;
    return isAuditEntry(e) ? e : undefined;
  } catch {
    return undefined;
  }
}

/** Reads `buffer.length` bytes at `position` (fewer only at the end of the file); returns how many. */
export async function readAt(handle: FileHandle, buffer: Buffer, position: number): Promise<number> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/** Where the whole lines of the first `size` bytes end: just after the last newline (0 when none). */
export async function wholeLinesEnd(handle: FileHandle, size: number): Promise<number> {
  const last = Buffer.alloc(1);
  if (size > 0 && (await readAt(handle, last, size - 1)) === 1 && last[0] === NL) return size;
  for (let end = size; end > 0; ) {
    const n = Math.min(64 * 1024, end);
    const buffer = Buffer.allocUnsafe(n);
    await readAt(handle, buffer, end - n);
    const i = buffer.lastIndexOf(NL);
    if (i >= 0) return end - n + i + 1;
    end -= n;
  }
  return 0;
}

/** One line: its bytes (without the newline) and where it starts and ends (after its newline) in the file. */
export interface RawLine {
  bytes: Buffer;
  start: number;
  end: number;
}

/** The whole lines between byte `from` (a line's start) and `to`, in order, read in chunks. */
export async function* linesForward(handle: FileHandle, from: number, to: number): AsyncGenerator<RawLine> {
  let carry = Buffer.alloc(0);
  let carryStart = from;
  for (let pos = from; pos < to; ) {
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, to - pos));
    const n = await readAt(handle, buffer, pos);
    if (n === 0) return;
    pos += n;
    const data = carry.length ? Buffer.concat([carry, buffer.subarray(0, n)]) : buffer.subarray(0, n);
    let start = 0;
    for (let nl = data.indexOf(NL); nl >= 0; nl = data.indexOf(NL, start)) {
      yield { bytes: data.subarray(start, nl), start: carryStart + start, end: carryStart + nl + 1 };
      start = nl + 1;
    }
    carry = Buffer.from(data.subarray(start));
    carryStart += start;
  }
}

/** The whole lines before byte `end` (just after a newline), the last first, as text, read in chunks. */
export async function* linesBackward(handle: FileHandle, end: number): AsyncGenerator<string> {
  let carry = Buffer.alloc(0);
  // The data always ends where a line ends (its newline left out).
  let first = true;
  for (let pos = end; pos > 0; ) {
    const n = Math.min(64 * 1024, pos);
    pos -= n;
    const buffer = Buffer.allocUnsafe(n);
    await readAt(handle, buffer, pos);
    let data = carry.length ? Buffer.concat([buffer, carry]) : buffer;
    if (first) {
      data = data.subarray(0, data.length - 1);
      first = false;
    }
    let stop = data.length;
    const previous = () => (stop > 0 ? data.lastIndexOf(NL, stop - 1) : -1);
    for (let nl = previous(); nl >= 0; nl = previous()) {
      yield data.toString('utf8', nl + 1, stop);
      stop = nl;
    }
    carry = Buffer.from(data.subarray(0, stop));
  }
  if (!first) yield carry.toString('utf8');
}

/** Every entry of an archive, oldest first; throws on a whole line that is not an entry. */
export async function readAuditArchive(path: string): Promise<AuditEntry[]> {
  const handle = await open(path, 'r');
  try {
    const entries: AuditEntry[] = [];
    let n = 0;
    for await (const line of linesForward(handle, 0, (await handle.stat()).size)) {
      n++;
      if (line.bytes.length === 0) continue;
      const e = parseAuditLine(line.bytes.toString('utf8'));
      if (!e) throw new Error(`dòng ${n} của ${path} không phải một mục nhật ký`);
      entries.push(e);
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/**
 * How many of the file's first entries (`head`, oldest first) the archive already holds: an append
 * to the archive whose drop from the file never reached the disk (a crash between the two), or a
 * backup of the file restored after its entries were archived. `newestFirst` are the archive's
 * lines from its end; the scan stops at a line older than the file's first entry (or after
 * `limit` lines: then none is taken as held, and an entry may be archived twice).
 */
export async function archivedHead(newestFirst: AsyncIterable<string>, head: readonly AuditEntry[], limit = 100_000): Promise<number> {
  const first = head[0];
  if (!first) return 0;
  const firstText = auditText(first);
  const newer: string[] = [];
  let n = 0;
  for await (const line of newestFirst) {
    if (++n > limit) return 0;
    const e = parseAuditLine(line);
    if (!e) continue;
    const text = auditText(e);
    if (text === firstText) {
      let k = 1;
      for (let i = newer.length - 1; i >= 0 && k < head.length && newer[i] === auditText(head[k]!); i--) k++;
      return k;
    }
    if (e.at < first.at) return 0;
    newer.push(text);
  }
  return 0;
}
