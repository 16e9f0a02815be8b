/**
 * Channel tokens. A Zalo refresh token works once, so a refresh runs under a row lock on the
 * `tokens` row (`SELECT … FOR UPDATE`, held until the refresh ends): one replica refreshes, the
 * others wait on the lock and are then given the pair it saved.
 */
import type { Clock } from '../../core/clock.js';
import type { TokenPort } from '../../core/ports.js';
import type { ZaloTokens } from '../../core/records.js';
import type { Db } from './db.js';
import { iso } from './rows.js';

/** A refresh waits at most this long for another replica's refresh before failing. */
export const REFRESH_LOCK_TIMEOUT_MS = 60_000;

interface TokenRow {
  access: string | null;
  refresh: string | null;
  expires_at: string | null;
  updated_at: Date | null;
}

function tokensOf(r: TokenRow | undefined): ZaloTokens | null {
  if (!r || r.access === null || r.refresh === null) return null;
  return { access: r.access, refresh: r.refresh, expiresAt: r.expires_at ?? '', updatedAt: iso(r.updated_at) ?? '' };
}

export function tokenPort(db: Db, clock: Clock): TokenPort {
  return {
    async zaloTokens() {
      const { rows } = await db.query<TokenRow>("SELECT access, refresh, expires_at, updated_at FROM tokens WHERE name = 'zalo'");
      return tokensOf(rows[0]);
    },

    async saveZaloTokens(tokens) {
      await db.query(
        `INSERT INTO tokens (name, access, refresh, expires_at, updated_at) VALUES ('zalo', $1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET access = excluded.access, refresh = excluded.refresh,
           expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
        [tokens.access, tokens.refresh, tokens.expiresAt, clock.now().toISOString()],
      );
    },

    async refreshingTokens(refresh) {
      const own = !db.inTransaction();
      // What the refresh saved is committed even when it fails afterwards: a used refresh token is gone.
      return db.tx(
        async () => {
          if (own) await db.query(`SET LOCAL lock_timeout = ${REFRESH_LOCK_TIMEOUT_MS}`);
          const { rows } = await db.query<TokenRow>("SELECT access, refresh, expires_at, updated_at FROM tokens WHERE name = 'zalo' FOR UPDATE");
          return refresh(tokensOf(rows[0]));
        },
        { commitOnError: true },
      );
    },
  };
}
