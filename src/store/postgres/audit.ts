/** The audit log: who changed what, when (append only; the newest first when read). */
import type { Clock } from '../../core/clock.js';
import type { AuditEntry, AuditPort } from '../../core/ports.js';
import type { Db } from './db.js';
import { iso } from './rows.js';

export function auditEntryOf(r: Record<string, unknown>): AuditEntry {
  return {
    at: iso(r.at as Date)!,
    actor: { id: r.actor_id as string, name: r.actor_name as string, ...(r.actor_chat ? { chat: r.actor_chat as string } : {}) },
    action: r.action as string,
    subject: r.subject as string,
    ...(r.detail ? { detail: r.detail as Record<string, unknown> } : {}),
  };
}

export function auditPort(db: Db, clock: Clock): AuditPort {
  return {
    async record(entry) {
      await db.query(
        'INSERT INTO audit_log (at, actor_id, actor_name, actor_chat, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [
          clock.now().toISOString(),
          entry.actor.id,
          entry.actor.name,
          entry.actor.chat ?? null,
          entry.action,
          entry.subject,
          entry.detail === undefined ? null : JSON.stringify(entry.detail),
        ],
      );
    },

    async recent(limit) {
      const { rows } = await db.query(
        'SELECT at, actor_id, actor_name, actor_chat, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1',
        [Math.max(0, Math.floor(limit))],
      );
      return rows.map(auditEntryOf);
    },
  };
}
