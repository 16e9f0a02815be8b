/**
 * Web console sign-in links and sessions, keyed by the SHA-256 of their secrets. One process:
 * taking a link is a synchronous check-and-delete, so a link opens at most one session.
 */
import type { WebAuthPort, WebGrant, WebSession } from '../../core/ports.js';
import type { WebGrantRecord } from '../schema.js';
import type { LowdbFile } from './file.js';

const grantOf = (r: WebGrantRecord): WebSession => ({ role: r.role, user: { id: r.user.id, name: r.user.name }, expiresAt: r.expiresAt });

export class LowdbWebAuth {
  constructor(private readonly file: LowdbFile) {}

  /** Forgets the links and sessions expired at `now` (no write of its own). */
  private prune(now: Date): void {
    const at = now.toISOString();
    for (const table of ['webLinks', 'webSessions'] as const) {
      for (const [hash, r] of Object.entries(this.file.data[table])) if (r.expiresAt <= at) this.file.deleteKey(table, hash);
    }
  }

  async issueLink(linkHash: string, grant: WebGrant, expiresAt: Date): Promise<void> {
    this.prune(this.file.clock.now());
    this.file.setKey('webLinks', linkHash, { role: grant.role, user: { id: grant.user.id, name: grant.user.name }, expiresAt: expiresAt.toISOString() });
    await this.file.persist();
  }

  async redeemLink(linkHash: string, now: Date, sessionHash: string, sessionExpiresAt: Date): Promise<WebSession | undefined> {
    const link = this.file.data.webLinks[linkHash];
    if (!link) return undefined;
    // Used or expired: gone either way.
    this.file.deleteKey('webLinks', linkHash);
    if (link.expiresAt <= now.toISOString()) {
      await this.file.persist();
      return undefined;
    }
    const session: WebGrantRecord = { role: link.role, user: link.user, expiresAt: sessionExpiresAt.toISOString() };
    this.file.setKey('webSessions', sessionHash, session);
    await this.file.persist();
    return grantOf(session);
  }

  session(sessionHash: string, now: Date): WebSession | undefined {
    const r = this.file.data.webSessions[sessionHash];
    return r && r.expiresAt > now.toISOString() ? grantOf(r) : undefined;
  }

  async endSession(sessionHash: string): Promise<void> {
    if (!Object.hasOwn(this.file.data.webSessions, sessionHash)) return;
    this.file.deleteKey('webSessions', sessionHash);
    await this.file.persist();
  }
}

export function webAuthPort(w: LowdbWebAuth): WebAuthPort {
  return {
    issueLink: (hash, grant, expiresAt) => w.issueLink(hash, grant, expiresAt),
    redeemLink: (hash, now, sessionHash, until) => w.redeemLink(hash, now, sessionHash, until),
    session: async (hash, now) => w.session(hash, now),
    endSession: (hash) => w.endSession(hash),
  };
}
