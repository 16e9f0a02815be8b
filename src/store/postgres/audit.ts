/** The audit log: who changed what, when (append only; the newest first when read). */
import type { Clock } from '../../core/clock.js';
import type { AuditEntry, AuditFilter, AuditPage, AuditPort } from '../../core/ports.js';
import type { Db } from './db.js';
import { iso } from './rows.js';

export function auditEntryOf(r: Record<string, unknown>): AuditEntry {
  return {
    at: iso(r.at as Date)!,
    actor: { id: r.actor_id as string, name: r.actor_name as string, ...(typeof r.actor_chat === 'string' ? { chat: r.actor_chat } : {}) },
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

    search: (filter, limit) => searchAudit(db, filter, limit),
  };
}

/** `<at>|<id>`: the page ended at the entry of this time and id. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,18})$/;

/**
 * One page, newest first by (at, id): keyset paging on the indexes of migration 4 (at DESC, id
 * DESC; action, at DESC, id DESC). The query asks for one row more to know whether a page follows.
 */
async function searchAudit(db: Db, filter: AuditFilter, limit: number): Promise<AuditPage> {
  const max = Math.max(0, Math.floor(limit));
  if (max === 0) return { entries: [] };
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filter.action !== undefined) where.push(`action = ${param(filter.action)}`);
  if (filter.actor !== undefined) {
    const p = param(filter.actor);
    where.push(`(actor_id = ${p} OR strpos(lower(actor_name), lower(${p})) > 0)`);
  }
  if (filter.subject !== undefined) where.push(`starts_with(subject, ${param(filter.subject)})`);
  if (filter.from) where.push(`at >= ${param(filter.from.toISOString())}`);
  if (filter.to) where.push(`at < ${param(filter.to.toISOString())}`);
  const cursor = filter.before ? CURSOR.exec(filter.before) : null;
  if (cursor) where.push(`(at, id) < (${param(cursor[1])}::timestamptz, ${param(cursor[2])}::bigint)`);
  const { rows } = await db.query(
    `SELECT id, at, actor_id, actor_name, actor_chat, action, subject, detail FROM audit_log
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${param(max + 1)}`,
    params,
  );
  const page = rows.slice(0, max);
  const last = page[page.length - 1];
  return {
    entries: page.map(auditEntryOf),
    ...(rows.length > max && last ? { next: `${iso(last.at as Date)}|${String(last.id)}` } : {}),
  };
}
