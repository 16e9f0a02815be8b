/**
 * Secrets of the web console: sign-in links and session cookies are 32 random bytes
 * (base64url); only their SHA-256 is stored, so the database opens nothing by itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { WebAuthPort, WebGrant } from './ports.js';

/** How long a sign-in link works (10 minutes), once. */
export const LINK_TTL_MS = 10 * 60_000;
/** How long a session lasts (8 hours: a working day). */
export const SESSION_TTL_MS = 8 * 3600_000;

/** Where the web console's page about one deadline occurrence lives (chat answers link to it). */
export const deadlinePath = (id: string, occurrence: string): string => `/han/${encodeURIComponent(id)}/${occurrence}`;

/** A new secret: 32 random bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a secret: its SHA-256, hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Gives a sign-in link to someone allowed: the link's address and when it stops working; `page`
 * is the address of a console page (for chat answers that point to it).
 */
export type WebLinkIssuer = ((grant: WebGrant) => Promise<{ url: string; expiresAt: Date }>) & { page?(path: string): string };

/** An issuer over the port: `baseUrl()` is read at each call (the port may be known only once listening). */
export function webLinkIssuer(port: Pick<WebAuthPort, 'issueLink'>, baseUrl: () => string, now: () => Date): WebLinkIssuer {
  const issue = async (grant: WebGrant) => {
    const secret = newSecret();
    const expiresAt = new Date(now().getTime() + LINK_TTL_MS);
    await port.issueLink(hashSecret(secret), grant, expiresAt);
    return { url: `${baseUrl().replace(/\/+$/, '')}/dang-nhap?t=${secret}`, expiresAt };
  };
  return Object.assign(issue, { page: (path: string) => `${baseUrl().replace(/\/+$/, '')}${path}` });
}
