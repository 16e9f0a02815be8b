/**
 * The audit log ("Nhật ký") in `store copy`: it is carried whole, in the order recorded, and never
 * changed on the way. A lowdb side is its file AND the archive beside it (see audit-archive.ts):
 * - from a file, the archive's entries come first, then the file's (an entry in both, left by a
 *   crash between the two, is taken once);
 * - into a file, the newest {@link MAX_AUDIT} entries go into the file and the older ones into a
 *   new archive beside it (an archive already there is moved aside with the file it belonged to);
 * - PostgreSQL cannot hold a NUL character, nor half a UTF-16 pair (its driver would store it
 *   as "�"): a record with one is refused before anything is written, naming where it is.
 */
import { access, rename } from 'node:fs/promises';
import type { Clock } from '../core/clock.js';
import type { AuditEntry } from '../core/ports.js';
import { archivedHead, auditArchiveOf, auditText, freeJsonlPath, readAuditArchive } from './audit-archive.js';
import { MAX_AUDIT } from './schema.js';
import { writePrivate } from './safe-file.js';

/** The entries a lowdb file keeps (the newest {@link MAX_AUDIT}) and the older ones, both oldest first. */
export function splitForFile(audit: readonly AuditEntry[]): { kept: AuditEntry[]; older: AuditEntry[] } {
  const cut = Math.max(0, audit.length - MAX_AUDIT);
  return { kept: audit.slice(cut), older: audit.slice(0, cut) };
}

/**
 * Moves the archive beside `file` out of the way of a copy into it: to `<keptAs>.audit-archive.jsonl`
 * beside the file kept, or `<file>.before-copy-<time>.audit-archive.jsonl` (`-n` before `.jsonl` when taken). Returns where, if there was one.
 */
export async function moveArchiveAside(file: string, keptAs: string | undefined, clock: Clock): Promise<string | undefined> {
  const archive = auditArchiveOf(file);
  try {
    await access(archive);
  } catch {
    return undefined;
  }
  const base = keptAs ?? `${file}.before-copy-${clock.now().toISOString().replace(/[:.]/g, '-')}`;
  const to = await freeJsonlPath(`${base}.audit-archive`);
  await rename(archive, to);
  return to;
}

/** Writes `entries` (oldest first) as the archive beside `file` (none there: see {@link moveArchiveAside}); returns its path. */
export async function writeAuditArchive(file: string, entries: readonly AuditEntry[]): Promise<string> {
  const path = auditArchiveOf(file);
  await writePrivate(path, entries.map((e) => `${auditText(e)}\n`).join(''));
  return path;
}

/**
 * The audit log of a lowdb file as a whole, oldest first: its archive's entries, then the file's
 * (`inFile`), less the file's first entries the archive already holds (a crash between the archive
 * and the file, or a restored backup).
 */
export async function withArchive(file: string, inFile: AuditEntry[]): Promise<AuditEntry[]> {
  let archived: AuditEntry[];
  try {
    archived = await readAuditArchive(auditArchiveOf(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return inFile;
    throw error;
  }
  async function* newestFirst() {
    for (let i = archived.length - 1; i >= 0; i--) yield auditText(archived[i]!);
  }
  const held = await archivedHead(newestFirst(), inFile);
  return [...archived, ...inFile.slice(held)];
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
