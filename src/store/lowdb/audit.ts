/** The audit log: who changed what, when; the newest {@link MAX_AUDIT} entries are kept. */
import type { AuditEntry, AuditFilter, AuditPage, AuditPort } from '../../core/ports.js';
import { MAX_AUDIT } from '../schema.js';
import type { LowdbFile } from './file.js';

/** `<at>|<n>`: the page ended after the n newest entries recorded at `at`. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,9})$/;

export class LowdbAudit {
  constructor(private readonly file: LowdbFile) {}

  /**
   * Appends an entry in memory: it is written with the next write (the change it records, in the
   * same unit of work), as processed updates are, so logging a change costs no write of its own.
   */
  record(entry: Omit<AuditEntry, 'at'>): void {
    this.file.pushItem('audit', { at: this.file.nowIso(), ...entry });
    this.file.shiftItems('audit', this.file.data.audit.length - MAX_AUDIT);
  }

  /** The newest entries first. */
  recent(limit: number): AuditEntry[] {
    return limit > 0 ? this.file.data.audit.slice(-limit).reverse() : [];
  }

  /**
   * Scans the bounded list from its newest end (entries are appended as the clock goes, so the
   * order recorded is the order in time). The cursor is the last entry's time and how many
   * entries of that same time were passed, which stays right when old entries are dropped.
   */
  search(filter: AuditFilter, limit: number): AuditPage {
    const all = this.file.data.audit;
    const max = Math.max(0, Math.floor(limit));
    if (max === 0) return { entries: [] };
    const cursor = filter.before ? CURSOR.exec(filter.before) : null;
    const from = filter.from?.toISOString();
    const to = filter.to?.toISOString();
    const actor = filter.actor?.toLowerCase();
    const entries: AuditEntry[] = [];
    let skip = cursor ? Number(cursor[2]) : 0;
    let sameAt = '';
    let sameCount = 0;
    let lastCount = 0;
    for (let i = all.length - 1; i >= 0; i--) {
      const e = all[i]!;
      // How many entries of this time, from the newest, up to this one: the cursor's n.
      sameCount = e.at === sameAt ? sameCount + 1 : 1;
      sameAt = e.at;
      if (cursor && (e.at > cursor[1]! || (e.at === cursor[1] && skip-- > 0))) continue;
      if (to !== undefined && e.at >= to) continue;
      if (from !== undefined && e.at < from) continue;
      if (filter.action !== undefined && e.action !== filter.action) continue;
      if (filter.subject !== undefined && !e.subject.startsWith(filter.subject)) continue;
      if (actor !== undefined && e.actor.id !== filter.actor && !e.actor.name.toLowerCase().includes(actor)) continue;
      if (entries.length === max) return { entries, next: `${entries[max - 1]!.at}|${lastCount}` };
      entries.push(e);
      lastCount = sameCount;
    }
    return { entries };
  }
}

export function auditPort(a: LowdbAudit): AuditPort {
  return {
    record: async (entry) => a.record(entry),
    recent: async (limit) => a.recent(limit),
    search: async (filter, limit) => a.search(filter, limit),
  };
}
