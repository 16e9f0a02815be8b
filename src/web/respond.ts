/**
 * What every web console route does the same way: the signed-in person as pages show them, a
 * page sent never cached, and the person as the audit trail records a change made on the web.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { SignedIn } from './auth.js';
import type { Html, Viewer } from './layout.js';

/** The signed-in person as the page header shows them, with their forms' CSRF token. */
export const viewerOf = (s: SignedIn): Viewer => ({ name: s.user.name, role: s.role, csrf: s.csrf });

/** Sends a page; pages are never cached (they show who is signed in and live state). */
export async function sendPage(c: Context, body: Html, status: ContentfulStatusCode = 200): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  return c.html(await body, status);
}

/** Who makes a change from the web, as the audit trail and the chat commands record people. */
export const webEditor = (s: SignedIn): { id: string; name: string; chat: string } => ({ id: s.user.id, name: s.user.name, chat: `web:${s.user.id}` });
