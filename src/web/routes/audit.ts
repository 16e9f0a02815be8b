/**
 * Nhật ký (`GET /nhat-ky`): the audit trail, read only, for admins and viewers alike. The filter
 * comes from the query string (a GET form), days as dd/mm/yyyy in the organisation's zone; the
 * next page is asked by the cursor the store gave. Nothing here changes the trail.
 */
import type { Hono } from 'hono';
import type { Content } from '../../core/content.js';
import { addDays, instantAt, parseDay } from '../../core/dates.js';
import type { AuditFilter, Stores } from '../../core/ports.js';
import { cleanInput } from '../../core/text.js';
import type { WebEnv } from '../auth.js';
import { auditPage, type AuditQuery } from '../pages/audit-page.js';

/** Entries per page. */
export const AUDIT_PAGE_SIZE = 50;

export interface AuditRouteDeps {
  content: Content;
  stores: Pick<Stores, 'audit'>;
}

/** The query's fields as typed (kept to fill the form again), or undefined when empty. */
function queryOf(get: (name: string) => string | undefined): AuditQuery {
  const field = (name: string, max: number) => {
    const value = cleanInput(get(name) ?? '').slice(0, max);
    return value === '' ? undefined : value;
  };
  return { action: field('action', 64), actor: field('actor', 120), subject: field('subject', 200), from: field('from', 10), to: field('to', 10) };
}

/** The store's filter for a query, or the Vietnamese reason it cannot be read. */
export function auditFilterOf(q: AuditQuery, zone: string): { filter: AuditFilter } | { error: string } {
  const from = q.from === undefined ? undefined : parseDay(q.from);
  const to = q.to === undefined ? undefined : parseDay(q.to);
  if (q.from !== undefined && !from) return { error: `"Từ ngày" không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/03/2024.` };
  if (q.to !== undefined && !to) return { error: `"Đến ngày" không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/03/2024.` };
  if (from && to && from > to) return { error: '"Từ ngày" phải trước hoặc trùng "Đến ngày".' };
  return {
    filter: {
      action: q.action,
      actor: q.actor,
      subject: q.subject,
      // Whole days in the organisation's zone: from its first instant up to the next day's.
      from: from ? instantAt(from, '00:00', zone) : undefined,
      to: to ? instantAt(addDays(to, 1), '00:00', zone) : undefined,
    },
  };
}

export function registerAuditRoutes(app: Hono<WebEnv>, deps: AuditRouteDeps): void {
  app.get('/nhat-ky', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const viewer = { name: session.user.name, role: session.role, csrf: session.csrf };
    const { content } = deps;
    const q = queryOf((name) => c.req.query(name));
    const parsed = auditFilterOf(q, content.org.timezone);
    c.header('Cache-Control', 'no-store');
    if ('error' in parsed) return c.html(await auditPage(content, viewer, q, { error: parsed.error }), 400);
    const before = c.req.query('before')?.slice(0, 80) || undefined;
    const found = await deps.stores.audit.search({ ...parsed.filter, before }, AUDIT_PAGE_SIZE);
    return c.html(await auditPage(content, viewer, q, { found, first: before === undefined }));
  });
}
