/** The audit log: who changed what, when; the newest {@link MAX_AUDIT} entries are kept. */
import type { AuditEntry, AuditPort } from '../../core/ports.js';
import { MAX_AUDIT } from '../schema.js';
import type { LowdbFile } from './file.js';

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
}

export function auditPort(a: LowdbAudit): AuditPort {
  return {
    record: async (entry) => a.record(entry),
    recent: async (limit) => a.recent(limit),
  };
}
