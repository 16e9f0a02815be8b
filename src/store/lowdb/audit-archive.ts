/**
 * The lowdb audit log past its cap: the entries the file drops are first appended to the archive
 * beside it (`<file>.audit-archive.jsonl`, see ../audit-archive.ts), in order, unchanged, fsync'd,
 * 0600, and only then dropped from the file. An entry dropped in memory is "staged": its drop is
 * an operation (`unaudit`, naming the entries) that waits for a write like any change (inside a
 * unit of work, for the unit's end; undone with it). The write appends the staged entries to the
 * archive before it writes its journal line (or compacts); when that write fails, the archive is
 * cut back to where it was, so neither holds the change. A crash between the two leaves the
 * entries in both: at the next open, the file's first entries that the archive already ends with
 * are known as archived and are not appended again when dropped (see audit-archive-open.ts).
 */
import type { FileHandle } from 'node:fs/promises';
import type { AuditEntry } from '../../core/ports.js';
import { auditArchiveOf, auditText, wholeLinesEnd } from '../audit-archive.js';
import { statOrNone, syncDir, writeError, type FileIo } from '../safe-file.js';
import { dirname } from 'node:path';
import { redo } from './redo.js';
import type { ArchiveState } from './audit-archive-index.js';

/** Entries dropped from the file in memory, waiting for the write that archives them. */
export interface Staged {
  op: string;
  entries: AuditEntry[];
}

/** An append made for one write: where the archive ended before it (and the entries known as archived then). */
export interface Appended {
  before: number;
  already: readonly string[];
}

const UNAUDIT = '{"o":"unaudit"';

export class AuditArchive {
  readonly path: string;
  /** Where the archive's whole lines end (bytes). */
  private size: number;
  /** Changes when bytes were cut back or the file replaced (the search's index starts over). */
  private generation = 0;
  private ino: number | undefined;
  private limbo: Staged[] = [];

  constructor(
    private readonly file: string,
    private readonly io: FileIo,
    /** Where the archive's whole lines end, and its inode (undefined: none yet); see audit-archive-open.ts. */
    start: { size: number; ino: number | undefined },
    /** Texts of the file's first entries that the archive already holds (oldest first). */
    private already: readonly string[],
  ) {
    this.path = auditArchiveOf(file);
    this.size = start.size;
    this.ino = start.ino;
  }

  /** What a search may read: the archive up to here, less the lines still in the file (taken at the same instant as the file's entries). */
  state(): ArchiveState {
    return { size: this.size, generation: this.generation, inFile: new Set(this.already) };
  }

  /** Entries dropped from the file, not yet archived, oldest first. */
  staged(): AuditEntry[] {
    return this.limbo.flatMap((s) => s.entries);
  }

  /** Stages entries just dropped from the file in memory; returns them with the operation to record. */
  stage(entries: AuditEntry[]): Staged {
    const staged = { op: redo.unaudit(entries), entries };
    this.limbo.push(staged);
    return staged;
  }

  /** Takes back a drop (its unit failed); false when it was no longer waiting. */
  unstage(staged: Staged): boolean {
    const i = this.limbo.indexOf(staged);
    if (i < 0) return false;
    this.limbo.splice(i, 1);
    return true;
  }

  /** The memory was replaced by the state on disk, which still holds every staged entry. */
  reset(): void {
    this.limbo = [];
  }

  /**
   * Before a write of `ops`: appends the entries they drop to the archive and fsyncs it (an entry
   * the archive already ends with is not appended again). Throws a StoreWriteError of the file.
   */
  async beforeWrite(ops: readonly string[]): Promise<Appended | undefined> {
    const drops = ops.filter((op) => op.startsWith(UNAUDIT));
    if (drops.length === 0) return undefined;
    const already = this.already;
    let rest = already;
    const texts: string[] = [];
    for (const op of drops) {
      for (const e of (JSON.parse(op) as { v: AuditEntry[] }).v) {
        const text = auditText(e);
        if (rest[0] === text) rest = rest.slice(1);
        else {
          rest = [];
          texts.push(text);
        }
      }
    }
    const before = texts.length ? await this.append(`${texts.join('\n')}\n`).catch((error: unknown) => Promise.reject(writeError(this.file, error))) : this.size;
    // At once with the append's end: a search sees these entries in one place only.
    this.already = rest;
    for (const op of drops) {
      const i = this.limbo.findIndex((s) => s.op === op);
      if (i >= 0) this.limbo.splice(i, 1);
    }
    return { before, already };
  }

  /** The write that followed the append failed: the archive goes back to where it was. */
  async cutBack(appended: Appended): Promise<void> {
    this.already = appended.already;
    if (appended.before === this.size) return;
    let handle: FileHandle | undefined;
    try {
      handle = await this.io.open(this.path, 'r+');
      await handle.truncate(appended.before);
      await handle.datasync();
    } catch {
      // left in place: those entries are still in the file too, and may be archived twice
    } finally {
      await handle?.close().catch(() => undefined);
    }
    this.size = appended.before;
    this.generation++;
  }

  /** Appends whole lines (cutting off first what a crashed append left); returns where the archive ended before. */
  private async append(text: string): Promise<number> {
    const created = !(await statOrNone(this.io, this.path, this.file));
    const handle = await this.io.open(this.path, 'a+', 0o600);
    let before: number | undefined;
    try {
      const stats = await handle.stat();
      if (stats.ino !== this.ino) {
        this.ino = stats.ino;
        this.generation++;
      }
      before = await wholeLinesEnd(handle, stats.size);
      if (before < stats.size) await handle.truncate(before);
      const bytes = Buffer.from(text, 'utf8');
      for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
      await handle.datasync();
      this.size = before + bytes.length;
    } catch (error) {
      if (before !== undefined) await handle.truncate(before).catch(() => undefined);
      throw error;
    } finally {
      await handle.close().catch(() => undefined);
    }
    if (created) await syncDir(dirname(this.path), this.io);
    return before;
  }
}
