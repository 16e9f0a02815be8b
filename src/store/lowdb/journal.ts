/**
 * Writes of the lowdb database: each write appends ONE line (the redo operations since the last
 * write) to `<file>.journal` and fsyncs it; the file itself is rewritten whole (compacted, see
 * {@link writePrivate}) only when there is none yet, when the journal passes `journalMax` bytes,
 * when asked (close) or when the data nears `maxJson`, and never while a unit of work is open
 * (its half-done changes would reach the file). Before each write both files are checked to be
 * the ones we wrote: one changed under us is never written over. A failed append is cut off the
 * journal again. The last state on disk (the file's text plus the lines written since) is kept,
 * so the store can roll back a change that could not be written.
 */
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { changedError, changeOf, identityOf, jsonText, statOrNone, syncDir, writeError, writePrivate, type FileIo, type Identity } from '../safe-file.js';
import type { StoreData } from '../schema.js';
import { dirname } from 'node:path';
import { compactedLine, hashOf, headerLine, journalOf, replay } from './journal-format.js';

/** Journal size past which the file is compacted. */
export const DEFAULT_JOURNAL_MAX = 4 * 1024 * 1024;

/** What was on disk at open (see open.ts). */
export interface JournalStart {
  /** The file's stats, the hash and length of its text (undefined: no file yet). */
  stats: Stats | undefined;
  hash: string | undefined;
  length: number;
  /** The journal's stats, when there is one, and its operation lines (already replayed). */
  journal: Stats | undefined;
  lines: string[];
  /** The journal is stale (already in the file): replace it rather than append to it. */
  stale: boolean;
  /** The file was upgraded to the current schema when read: the first write rewrites it whole. */
  upgraded: boolean;
}

export class JournalFile {
  readonly journal: string;
  /** Writes that reached the disk (appends and compactions). */
  writes = 0;
  /** Compact at the next write (set by close). */
  compactNext = false;
  private base: Identity | undefined;
  private baseHash: string | undefined;
  private baseLength: number;
  /** The data as of the file's last text (upgraded), and the operation lines written since. */
  private goodBase = 'null';
  private goodLines: string[];
  private journalId: Identity | undefined;
  private journalBytes: number;
  /** The journal is to be written anew rather than appended to (stale, or torn by a failed append). */
  private replace: boolean;
  /** A failed append could not be cut off: the journal's identity is not known (it is replaced next). */
  private unknown = false;
  /** The file is of an older schema: compact at the first write. */
  private upgrade: boolean;
  private handle: FileHandle | undefined;

  constructor(
    readonly file: string,
    private readonly io: FileIo,
    start: JournalStart,
    private readonly maxJson: number,
    private readonly journalMax: number,
  ) {
    this.journal = journalOf(file);
    this.base = start.stats && identityOf(start.stats);
    this.baseHash = start.hash;
    this.baseLength = start.length;
    this.journalId = start.journal && identityOf(start.journal);
    this.journalBytes = start.journal?.size ?? 0;
    this.goodLines = [...start.lines];
    this.replace = start.stale;
    this.upgrade = start.upgraded;
  }

  /** Takes `data` (the file as read and upgraded, before its journal's lines) as the base to roll back to. */
  acceptBase(data: StoreData): void {
    this.goodBase = JSON.stringify(data);
  }

  /** Whether there are journal lines the file does not hold (or a stale journal to remove). */
  get hasJournal(): boolean {
    return this.journalId !== undefined;
  }

  /** A fresh copy of the last state known to be on disk. */
  lastGood(): StoreData {
    return replay(JSON.parse(this.goodBase) as StoreData, this.goodLines);
  }

  /**
   * Writes `ops` (serialized redo operations) as one journal line, or compacts when due. While a
   * unit of work is open (`unitsOpen`) the memory holds its half-done changes, so a compaction
   * writes the state on disk plus `ops` instead of `data`. `first` runs before anything is
   * written (once what is written was taken from memory): the audit archive's append. Throws a
   * {@link StoreWriteError}.
   */
  async write(ops: string[], data: StoreData, unitsOpen: boolean, first?: () => Promise<void>): Promise<void> {
    const line = `[${ops.join(',')}]`;
    const estimate = this.baseLength + this.journalBytes + line.length;
    const due = !this.base || this.upgrade || this.journalBytes + line.length > this.journalMax || estimate > this.maxJson;
    const compact = due || (this.compactNext && this.hasJournal);
    this.compactNext = false;
    if (ops.length === 0 && !compact) return;
    if (compact) {
      // Taken now, before any wait: the memory holds exactly the state on disk plus `ops`.
      const text = jsonText(this.file, this.maxJson, unitsOpen ? replay(this.lastGood(), ops.length ? [line] : []) : data);
      await first?.();
      await this.checkUnchanged();
      return this.compact(text);
    }
    await first?.();
    await this.checkUnchanged();
    await this.append(line);
    this.goodLines.push(line);
    this.writes++;
  }

  /** Compacts `data` (the state read at open, its journal replayed) now; returns the text written. */
  async compactNow(data: StoreData): Promise<string> {
    const text = jsonText(this.file, this.maxJson, data);
    await this.checkUnchanged();
    await this.compact(text);
    await this.close();
    return text;
  }

  /** Closes the journal (after the last write). */
  async close(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }

  /** Refuses to write when the file or the journal is not the one we last wrote (or read). */
  private async checkUnchanged(): Promise<void> {
    const change = changeOf(this.base, await statOrNone(this.io, this.file));
    const journalChange = this.unknown ? undefined : changeOf(this.journalId, await statOrNone(this.io, this.journal, this.file));
    const what = change ?? (journalChange && `nhật ký ghi ${this.journal}: ${journalChange}`);
    if (what) throw changedError(this.file, what);
  }

  /** Rewrites the file whole; the journal is then removed (its lines are in the file). */
  private async compact(text: string): Promise<void> {
    const hash = hashOf(text);
    try {
      // Names the new file before it replaces the old one: a crash after the rename leaves a journal known as applied.
      if (this.journalId) await this.append(compactedLine(hash));
      const stats = await writePrivate(this.file, text, this.io);
      this.base = identityOf(stats);
    } catch (error) {
      throw writeError(this.file, error);
    }
    this.upgrade = false;
    this.baseHash = hash;
    this.baseLength = text.length;
    this.goodBase = text;
    this.goodLines = [];
    this.journalBytes = 0;
    this.writes++;
    await this.close();
    if (this.journalId) {
      try {
        await this.io.unlink(this.journal);
        this.journalId = undefined;
        this.replace = false;
        await syncDir(dirname(this.file), this.io);
      } catch {
        // left in place: it names the new file as applied; the next write replaces it
        this.replace = true;
        const left = await statOrNone(this.io, this.journal).catch(() => undefined);
        this.journalId = left && identityOf(left);
      }
    }
  }

  /**
   * Appends one line and fsyncs it. A new journal (or one to replace: stale, or torn by a failed
   * append) is written whole: its first line naming the file, then the lines kept, then this one.
   */
  private async append(line: string): Promise<void> {
    if (!this.journalId || this.replace) {
      const text = [headerLine(this.baseHash!), ...this.goodLines, line].join('\n') + '\n';
      try {
        await this.close();
        this.journalId = identityOf(await writePrivate(this.journal, text, this.io));
      } catch (error) {
        throw writeError(this.file, error);
      }
      this.replace = false;
      this.unknown = false;
      this.journalBytes = Buffer.byteLength(text);
      return;
    }
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    const before = this.journalBytes;
    try {
      this.handle ??= await this.io.open(this.journal, 'a');
      let done = 0;
      while (done < bytes.length) done += (await this.handle.write(bytes, done, bytes.length - done)).bytesWritten;
      await this.handle.datasync();
      this.journalId = identityOf(await this.handle.stat());
    } catch (error) {
      await this.cutBack(before);
      throw writeError(this.file, error);
    }
    this.journalBytes = before + bytes.length;
  }

  /** After a failed append: cuts the journal back to `size`, or replaces it at the next write when it cannot. */
  private async cutBack(size: number): Promise<void> {
    try {
      const handle = this.handle ?? (await this.io.open(this.journal, 'r+'));
      this.handle = handle;
      await handle.truncate(size);
      await handle.datasync();
      this.journalId = identityOf(await handle.stat());
    } catch {
      // the journal may end with part of a line: write it anew (its header and the lines kept) next time
      await this.close();
      this.replace = true;
      this.unknown = true;
    }
  }
}
