/**
 * The audit log ("Nhật ký") in `store copy`: it is carried whole, in the order recorded, and never
 * changed on the way. Two limits of the targets are met here rather than by losing entries:
 * - the lowdb file keeps the newest {@link MAX_AUDIT} entries (each new entry then pushes the
 *   oldest out), so the older entries of a larger log (a PostgreSQL deployment's) are written,
 *   unchanged and in order, to an archive beside the file (JSON Lines, one entry a line);
 * - PostgreSQL cannot hold a NUL character, nor half a UTF-16 pair (its driver would store it
 *   as "�"): a record with one is refused before anything is written, naming where it is.
 */
import { access, readFile } from 'node:fs/promises';
import type { Clock } from '../core/clock.js';
import type { AuditEntry } from '../core/ports.js';
import { MAX_AUDIT } from './schema.js';
import { writePrivate } from './safe-file.js';

/** The entries a lowdb file keeps (the newest {@link MAX_AUDIT}) and the older ones, both oldest first. */
export function splitForFile(audit: readonly AuditEntry[]): { kept: AuditEntry[]; older: AuditEntry[] } {
  const cut = Math.max(0, audit.length - MAX_AUDIT);
  return { kept: audit.slice(cut), older: audit.slice(0, cut) };
}

/** A path beside `file` that does not exist yet: `<file>.audit-older-<time>[-n].jsonl`. */
async function freshArchivePath(file: string, clock: Clock): Promise<string> {
  const stem = `${file}.audit-older-${clock.now().toISOString().replace(/[:.]/g, '-')}`;
  for (let n = 1; ; n++) {
    const path = n === 1 ? `${stem}.jsonl` : `${stem}-${n}.jsonl`;
    try {
      await access(path);
    } catch {
      return path;
    }
  }
}

/** Writes `entries` (oldest first) to a new private archive beside `file`; returns its path. */
export async function writeAuditArchive(file: string, entries: readonly AuditEntry[], clock: Clock): Promise<string> {
  const path = await freshArchivePath(file, clock);
  await writePrivate(path, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return path;
}

/** Reads an archive back: its entries, in order (throws on a line that is not an entry). */
export async function readAuditArchive(path: string): Promise<AuditEntry[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, i) => {
      const e = JSON.parse(line) as AuditEntry;
      if (typeof e?.at !== 'string' || typeof e.action !== 'string' || typeof e.actor?.id !== 'string') {
        throw new Error(`dòng ${i + 1} của ${path} không phải một mục nhật ký`);
      }
      return e;
    });
}

/** A NUL, or a UTF-16 surrogate without its pair. */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const step = (path: string, key: string | number): string => {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
};

/**
 * Where the first text PostgreSQL cannot hold as it is lies in `value` (`audit[3].actor.name`),
 * keys included; undefined when there is none.
 */
export function unstorableInPostgres(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableInPostgres(value[i], step(path, i));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const where = step(path, k);
      if (UNSTORABLE.test(k)) return where;
      const found = unstorableInPostgres(v, where);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
