/**
 * One page of a Nhật ký search over the lowdb audit log, fed its entries newest first: the file's,
 * then those just dropped from it and not yet archived, then the archive's (see audit.ts). Entries
 * are appended as the clock goes, so the order recorded is the order in time. The cursor is the
 * last entry's time and how many entries of that same time were passed, which stays right when
 * entries move from the file to the archive.
 */
import type { AuditEntry, AuditFilter, AuditPage } from '../../core/ports.js';

/** `<at>|<n>`: the page ended after the n newest entries recorded at `at`. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,9})$/;

export class AuditScan {
  readonly entries: AuditEntry[] = [];
  private next: string | undefined;
  private readonly max: number;
  private readonly cursorAt: string | undefined;
  private skip: number;
  private readonly from: string | undefined;
  private readonly to: string | undefined;
  private readonly actor: string | undefined;
  private sameAt = '';
  private sameCount = 0;
  private lastCount = 0;

  constructor(
    private readonly filter: AuditFilter,
    limit: number,
  ) {
    this.max = Math.max(0, Math.floor(limit));
    const cursor = filter.before ? CURSOR.exec(filter.before) : null;
    this.cursorAt = cursor?.[1];
    this.skip = cursor ? Number(cursor[2]) : 0;
    this.from = filter.from?.toISOString();
    this.to = filter.to?.toISOString();
    this.actor = filter.actor?.toLowerCase();
  }

  /** The page is full (or asked for nothing): no entry offered from now on changes it. */
  get done(): boolean {
    return this.max === 0 || this.next !== undefined;
  }

  /** The next older entry, recorded at `at`; `entry` is read only when its time matches (a line of the archive is parsed then). */
  offer(at: string, entry: AuditEntry | (() => AuditEntry | undefined)): void {
    if (this.done) return;
    // How many entries of this time, from the newest, up to this one: the cursor's n.
    this.sameCount = at === this.sameAt ? this.sameCount + 1 : 1;
    this.sameAt = at;
    const cursorAt = this.cursorAt;
    if (cursorAt !== undefined && (at > cursorAt || (at === cursorAt && this.skip-- > 0))) return;
    if (this.to !== undefined && at >= this.to) return;
    if (this.from !== undefined && at < this.from) return;
    const e = typeof entry === 'function' ? entry() : entry;
    if (!e) return;
    const f = this.filter;
    if (f.action !== undefined && e.action !== f.action) return;
    if (f.subject !== undefined && !e.subject.startsWith(f.subject)) return;
    if (this.actor !== undefined && e.actor.id !== f.actor && !e.actor.name.toLowerCase().includes(this.actor)) return;
    if (this.entries.length === this.max) {
      this.next = `${this.entries[this.max - 1]!.at}|${this.lastCount}`;
      return;
    }
    this.entries.push(e);
    this.lastCount = this.sameCount;
  }

  /**
   * Whether every entry recorded between `minAt` and `maxAt` is outside this page's reach (after
   * the cursor, or outside the days asked): a block of the archive that can be passed unread.
   */
  passes(minAt: string, maxAt: string): boolean {
    if (this.from !== undefined && maxAt < this.from) return true;
    if (this.to !== undefined && minAt >= this.to) return true;
    return this.cursorAt !== undefined && minAt > this.cursorAt;
  }

  /** Entries were passed unread (all of other times than the next one offered). */
  passed(): void {
    this.sameAt = '';
  }

  page(): AuditPage {
    return this.next === undefined ? { entries: this.entries } : { entries: this.entries, next: this.next };
  }
}
