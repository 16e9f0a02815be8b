/**
 * Guided registrations in progress (`/dangkyhd`), one per person per chat, and one-time download
 * links. Both are small tables of the file: a session is saved at every answer (so a restart in
 * the middle loses nothing) and forgotten a day after its last change; a link is taken with a
 * synchronous check-and-delete (one process), so it hands its file out once.
 */
import { FORM_SESSION_TTL_MS } from '../../core/form-session.js';
import type { DownloadGrant, DownloadLinkPort, FormSession, FormSessionPort } from '../../core/ports.js';
import { chatKey, type ChatRef } from '../../core/types.js';
import { formSessionKey } from '../schema.js';
import type { LowdbFile } from './file.js';

/** A copy of a session without undefined fields, cut loose from the caller's arrays. */
function sessionRecord(s: FormSession): FormSession {
  return {
    deadline: s.deadline,
    occurrence: s.occurrence,
    chat: s.chat,
    user: s.user,
    unit: s.unit,
    rows: s.rows.map((r) => [...r]),
    draft: [...s.draft],
    step: s.step,
    ...(s.editing !== undefined ? { editing: s.editing } : {}),
    columns: [...s.columns],
    updatedAt: s.updatedAt,
  };
}

export class LowdbFormSessions {
  constructor(private readonly file: LowdbFile) {}

  /** The session of (chat, user); one a day past its last change is gone (pruned at the next save). */
  get(chat: ChatRef, user: string): FormSession | undefined {
    const s = this.file.data.formSessions[formSessionKey(chatKey(chat), user)];
    return s && Date.parse(s.updatedAt) >= this.file.clock.now().getTime() - FORM_SESSION_TTL_MS ? structuredClone(s) : undefined;
  }

  /** Creates or replaces the session; sessions a day older than this write are forgotten with it. */
  async save(session: FormSession): Promise<void> {
    const newest = Math.max(Date.parse(session.updatedAt) || 0, this.file.clock.now().getTime());
    const key = formSessionKey(session.chat, session.user);
    for (const [k, s] of Object.entries(this.file.data.formSessions)) {
      if (k !== key && Date.parse(s.updatedAt) < newest - FORM_SESSION_TTL_MS) this.file.deleteKey('formSessions', k);
    }
    this.file.setKey('formSessions', key, sessionRecord(session));
    await this.file.persist();
  }

  async end(chat: ChatRef, user: string): Promise<void> {
    const key = formSessionKey(chatKey(chat), user);
    if (!Object.hasOwn(this.file.data.formSessions, key)) return;
    this.file.deleteKey('formSessions', key);
    await this.file.persist();
  }

  /** The sessions of chat `a` move to `b` (no write); a session the person already has in `b` stays. */
  moveChat(a: string, b: string): void {
    for (const [k, s] of Object.entries(this.file.data.formSessions)) {
      if (s.chat !== a) continue;
      const to = formSessionKey(b, s.user);
      if (!Object.hasOwn(this.file.data.formSessions, to)) this.file.setKey('formSessions', to, { ...s, chat: b });
      this.file.deleteKey('formSessions', k);
    }
  }

  async issueDownload(linkHash: string, grant: DownloadGrant, expiresAt: Date): Promise<void> {
    // Links expired by now are forgotten first: the table holds only links that can still be used.
    const now = this.file.nowIso();
    for (const [hash, r] of Object.entries(this.file.data.downloadLinks)) if (r.expiresAt <= now) this.file.deleteKey('downloadLinks', hash);
    this.file.setKey('downloadLinks', linkHash, {
      sha256: grant.sha256,
      name: grant.name,
      type: grant.type,
      for: { id: grant.for.id, name: grant.for.name },
      expiresAt: expiresAt.toISOString(),
    });
    await this.file.persist();
  }

  peekDownload(linkHash: string, now: Date): DownloadGrant | undefined {
    const link = this.file.data.downloadLinks[linkHash];
    if (!link || link.expiresAt <= now.toISOString()) return undefined;
    return { sha256: link.sha256, name: link.name, type: link.type, for: { id: link.for.id, name: link.for.name } };
  }

  async takeDownload(linkHash: string, now: Date): Promise<DownloadGrant | undefined> {
    const link = this.file.data.downloadLinks[linkHash];
    if (!link) return undefined;
    // Used or expired: gone either way.
    this.file.deleteKey('downloadLinks', linkHash);
    await this.file.persist();
    if (link.expiresAt <= now.toISOString()) return undefined;
    return { sha256: link.sha256, name: link.name, type: link.type, for: { id: link.for.id, name: link.for.name } };
  }
}

export function formSessionPort(s: LowdbFormSessions): FormSessionPort {
  return {
    formSession: async (chat, user) => s.get(chat, user),
    saveFormSession: (session) => s.save(session),
    endFormSession: (chat, user) => s.end(chat, user),
  };
}

export function downloadLinkPort(s: LowdbFormSessions): DownloadLinkPort {
  return {
    issueDownload: (hash, grant, expiresAt) => s.issueDownload(hash, grant, expiresAt),
    peekDownload: async (hash, now) => s.peekDownload(hash, now),
    takeDownload: (hash, now) => s.takeDownload(hash, now),
  };
}
