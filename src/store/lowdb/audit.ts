/**
 * The audit log: who changed what, when. The file keeps the newest entries (its `auditMax`,
 * MAX_AUDIT unless a test sets fewer); each older one goes to the archive beside the file
 * before the file drops it (see audit-archive.ts), so none is lost, and the search reads on into
 * the archive past the file's entries.
 */
import type { AuditEntry, AuditFilter, AuditPage, AuditPort } from '../../core/ports.js';
import { canonicalAudit } from '../audit-archive.js';
import { ArchiveIndex } from './audit-archive-index.js';
import { AuditScan } from './audit-scan.js';
import type { LowdbFile } from './file.js';

export class LowdbAudit {
  private readonly index: ArchiveIndex;

  constructor(private readonly file: LowdbFile) {
    this.index = new ArchiveIndex(file.archive.path);
  }

  /**
   * Appends an entry in memory: it is written with the next write (the change it records, in the
   * same unit of work), as processed updates are, so logging a change costs no write of its own.
   * Past the cap, the oldest entries leave the list now and reach the archive with that write (a
   * unit that fails puts them back).
   */
  record(entry: Omit<AuditEntry, 'at'>): void {
    const { file } = this;
    file.pushItem('audit', canonicalAudit({ at: file.nowIso(), ...entry }));
    const over = file.data.audit.length - file.auditMax;
    if (over <= 0) return;
    const dropped = file.data.audit.splice(0, over);
    const staged = file.archive.stage(dropped);
    file.record(staged.op);
    file.onUndo(() => {
      if (file.archive.unstage(staged)) file.data.audit.unshift(...dropped);
    });
  }

  /** The newest entries first (on into the archive). */
  async recent(limit: number): Promise<AuditEntry[]> {
    return (await this.search({}, limit)).entries;
  }

  /**
   * One page, newest first: the file's entries, then those dropped and not yet archived, then the
   * archive's up to where it ended when the search began (all three taken at that same instant).
   */
  async search(filter: AuditFilter, limit: number): Promise<AuditPage> {
    const scan = new AuditScan(filter, limit);
    const archived = this.file.archive.state();
    const staged = this.file.archive.staged();
    const all = this.file.data.audit;
    for (let i = all.length - 1; i >= 0 && !scan.done; i--) scan.offer(all[i]!.at, all[i]!);
    for (let i = staged.length - 1; i >= 0 && !scan.done; i--) scan.offer(staged[i]!.at, staged[i]!);
    await this.index.scan(scan, archived);
    return scan.page();
  }
}

export function auditPort(a: LowdbAudit): AuditPort {
  return {
    record: async (entry) => a.record(entry),
    recent: (limit) => a.recent(limit),
    search: (filter, limit) => a.search(filter, limit),
  };
}
