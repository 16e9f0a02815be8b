/**
 * Web console sign-in links and sessions, shared by every replica. A link is taken with one
 * `DELETE … RETURNING`: two replicas opening the same link at once give one session.
 */
import type { Clock } from '../../core/clock.js';
import type { WebAuthPort, WebRole, WebSession } from '../../core/ports.js';
import type { Db } from './db.js';
import { iso } from './rows.js';

interface GrantRow {
  role: WebRole;
  user_id: string;
  user_name: string;
  expires_at: Date;
}

const sessionOf = (r: GrantRow): WebSession => ({ role: r.role, user: { id: r.user_id, name: r.user_name }, expiresAt: iso(r.expires_at)! });

export function webAuthPort(db: Db, clock: Clock): WebAuthPort {
  return {
    async issueLink(hash, grant, expiresAt) {
      const now = clock.now().toISOString();
      await db.query('DELETE FROM web_links WHERE expires_at <= $1', [now]);
      await db.query('DELETE FROM web_sessions WHERE expires_at <= $1', [now]);
      await db.query('INSERT INTO web_links (hash, role, user_id, user_name, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        hash,
        grant.role,
        grant.user.id,
        grant.user.name,
        expiresAt.toISOString(),
      ]);
    },

    async redeemLink(hash, now, sessionHash, sessionExpiresAt) {
      return db.tx(async () => {
        const { rows } = await db.query<GrantRow>('DELETE FROM web_links WHERE hash = $1 RETURNING role, user_id, user_name, expires_at', [hash]);
        const link = rows[0];
        if (!link || link.expires_at.getTime() <= now.getTime()) return undefined;
        const { rows: made } = await db.query<GrantRow>(
          'INSERT INTO web_sessions (hash, role, user_id, user_name, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING role, user_id, user_name, expires_at',
          [sessionHash, link.role, link.user_id, link.user_name, sessionExpiresAt.toISOString()],
        );
        return sessionOf(made[0]!);
      });
    },

    async session(hash, now) {
      const { rows } = await db.query<GrantRow>('SELECT role, user_id, user_name, expires_at FROM web_sessions WHERE hash = $1 AND expires_at > $2', [
        hash,
        now.toISOString(),
      ]);
      return rows[0] ? sessionOf(rows[0]) : undefined;
    },

    async endSession(hash) {
      await db.query('DELETE FROM web_sessions WHERE hash = $1', [hash]);
    },
  };
}
