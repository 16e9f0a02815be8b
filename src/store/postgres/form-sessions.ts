/**
 * Guided registrations in progress and one-time download links, shared by every replica (a
 * person's next answer may reach another replica). A session is one row per (chat, person),
 * replaced at every answer; saving one forgets the sessions a day older than it. A link is taken
 * with one `DELETE … RETURNING`: two replicas opening it at once hand the file out once.
 */
import type { Clock } from '../../core/clock.js';
import { FORM_SESSION_TTL_MS } from '../../core/form-session.js';
import type { DownloadGrant, DownloadLinkPort, FormSession, FormSessionPort } from '../../core/ports.js';
import { chatKey } from '../../core/types.js';
import type { Db } from './db.js';
import { iso } from './rows.js';

const SESSION_COLUMNS = 'chat, user_id, deadline, occurrence, unit, saved_rows, draft, step, editing, form_columns, updated_at';

function sessionOf(r: Record<string, unknown>): FormSession {
  return {
    deadline: r.deadline as string,
    occurrence: r.occurrence as string,
    chat: r.chat as string,
    user: r.user_id as string,
    unit: r.unit as string,
    rows: r.saved_rows as string[][],
    draft: r.draft as string[],
    step: r.step as number,
    ...(r.editing !== null && r.editing !== undefined ? { editing: r.editing as boolean } : {}),
    columns: r.form_columns as string[],
    updatedAt: iso(r.updated_at as Date)!,
  };
}

export function formSessionPort(db: Db, clock: Clock): FormSessionPort {
  return {
    async formSession(chat, user) {
      // One a day past its last change is gone (pruned at the next save).
      const { rows } = await db.query(`SELECT ${SESSION_COLUMNS} FROM form_sessions WHERE chat = $1 AND user_id = $2 AND updated_at >= $3`, [
        chatKey(chat),
        user,
        new Date(clock.now().getTime() - FORM_SESSION_TTL_MS).toISOString(),
      ]);
      return rows[0] ? sessionOf(rows[0]) : undefined;
    },

    async saveFormSession(s) {
      const newest = Math.max(Date.parse(s.updatedAt) || 0, clock.now().getTime());
      await db.query('DELETE FROM form_sessions WHERE updated_at < $1 AND NOT (chat = $2 AND user_id = $3)', [
        new Date(newest - FORM_SESSION_TTL_MS).toISOString(),
        s.chat,
        s.user,
      ]);
      await db.query(
        `INSERT INTO form_sessions (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (chat, user_id) DO UPDATE SET deadline = excluded.deadline, occurrence = excluded.occurrence, unit = excluded.unit,
         saved_rows = excluded.saved_rows, draft = excluded.draft, step = excluded.step, editing = excluded.editing,
         form_columns = excluded.form_columns, updated_at = excluded.updated_at`,
        [
          s.chat,
          s.user,
          s.deadline,
          s.occurrence,
          s.unit,
          JSON.stringify(s.rows),
          JSON.stringify(s.draft),
          s.step,
          s.editing ?? null,
          JSON.stringify(s.columns),
          s.updatedAt,
        ],
      );
    },

    async endFormSession(chat, user) {
      await db.query('DELETE FROM form_sessions WHERE chat = $1 AND user_id = $2', [chatKey(chat), user]);
    },
  };
}

interface LinkRow {
  sha256: string;
  name: string;
  type: string;
  for_id: string;
  for_name: string;
  expires_at: Date;
}

export function downloadLinkPort(db: Db, clock: Clock): DownloadLinkPort {
  return {
    async issueDownload(hash, grant, expiresAt) {
      await db.query('DELETE FROM download_links WHERE expires_at <= $1', [clock.now().toISOString()]);
      await db.query('INSERT INTO download_links (hash, sha256, name, type, for_id, for_name, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        hash,
        grant.sha256,
        grant.name,
        grant.type,
        grant.for.id,
        grant.for.name,
        expiresAt.toISOString(),
      ]);
    },

    async peekDownload(hash, now): Promise<DownloadGrant | undefined> {
      const { rows } = await db.query<LinkRow>('SELECT sha256, name, type, for_id, for_name, expires_at FROM download_links WHERE hash = $1 AND expires_at > $2', [hash, now.toISOString()]);
      const link = rows[0];
      return link ? { sha256: link.sha256, name: link.name, type: link.type, for: { id: link.for_id, name: link.for_name } } : undefined;
    },

    async takeDownload(hash, now): Promise<DownloadGrant | undefined> {
      const { rows } = await db.query<LinkRow>('DELETE FROM download_links WHERE hash = $1 RETURNING sha256, name, type, for_id, for_name, expires_at', [hash]);
      const link = rows[0];
      if (!link || link.expires_at.getTime() <= now.getTime()) return undefined;
      return { sha256: link.sha256, name: link.name, type: link.type, for: { id: link.for_id, name: link.for_name } };
    },
  };
}
