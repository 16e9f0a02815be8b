/**
 * Sessions of the web console. A sign-in link (from `/web` in chat) is redeemed once for a
 * session cookie; the cookie's secret is never stored (only its SHA-256, through WebAuthPort).
 * Each session has a CSRF token derived from its secret: every POST carries it in a hidden field.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { WebAuthPort, WebSession } from '../core/ports.js';
import { hashSecret, newSecret, SESSION_TTL_MS } from '../core/web-links.js';

export const SESSION_COOKIE = 'loa_session';

/** A signed-in request's session, its secret's hash and its CSRF token. */
export interface SignedIn extends WebSession {
  hash: string;
  csrf: string;
}

export type WebEnv = { Variables: { session: SignedIn | undefined } };

/** The CSRF token of a session: a hash of its secret (knowing it does not give the cookie). */
export function csrfOf(sessionSecret: string): string {
  return hashSecret(`csrf\n${sessionSecret}`).slice(0, 43);
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Reads the session cookie into `c.var.session` (undefined when absent, ended or expired). */
export function loadSession(port: WebAuthPort, now: () => Date): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    // The style sheet is the same for everyone: no store read for it.
    if (c.req.path.startsWith('/static/')) {
      c.set('session', undefined);
      return next();
    }
    const secret = getCookie(c, SESSION_COOKIE);
    let session: SignedIn | undefined;
    if (secret && /^[A-Za-z0-9_-]{43}$/.test(secret)) {
      const hash = hashSecret(secret);
      const found = await port.session(hash, now());
      if (found) session = { ...found, hash, csrf: csrfOf(secret) };
    }
    c.set('session', session);
    await next();
  };
}

/** Opens a session for a redeemed link: the cookie (HttpOnly, SameSite=Lax, Secure on https, 8 h). */
export async function openSession(c: Context, port: WebAuthPort, linkSecret: string, now: Date, secure: boolean): Promise<WebSession | undefined> {
  const secret = newSecret();
  const session = await port.redeemLink(hashSecret(linkSecret), now, hashSecret(secret), new Date(now.getTime() + SESSION_TTL_MS));
  if (!session) return undefined;
  setCookie(c, SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: SESSION_TTL_MS / 1000 });
  return session;
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}

/** The client's address (the socket's; `app.request()` in tests has none). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * At most `limit` attempts per address per window (fixed windows, real time: a fixed BOT_NOW must
 * not freeze them). Bounded: past `maxAddresses` the oldest windows are forgotten.
 */
export function rateLimiter(limit: number, windowMs: number, now: () => number = Date.now, maxAddresses = 10_000) {
  const windows = new Map<string, { start: number; n: number }>();
  return (address: string): boolean => {
    const t = now();
    let w = windows.get(address);
    if (!w || t - w.start >= windowMs) {
      windows.delete(address);
      if (windows.size >= maxAddresses) windows.delete(windows.keys().next().value!);
      windows.set(address, (w = { start: t, n: 0 }));
    }
    w.n++;
    return w.n <= limit;
  };
}
