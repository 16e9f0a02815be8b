/**
 * The web console as a Hono app: security headers on every answer, sessions from the cookie,
 * CSRF checks on every POST (hono/csrf's Origin check and the session's token), then the pages.
 * Served by Loa's HTTP server for every path that is not a webhook (see http-server.ts).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Clock } from '../core/clock.js';
import type { Content } from '../core/content.js';
import type { Logger } from '../core/dispatcher.js';
import type { ContentEditor } from '../core/content-editor.js';
import type { QueuedSend, Stores } from '../core/ports.js';
import type { ImportService } from '../importer/service.js';
import { clearSessionCookie, clientAddress, loadSession, openSession, rateLimiter, sameToken, type WebEnv } from './auth.js';
import { LOA_CSS } from './css.js';
import type { Html } from './layout.js';
import { catalogOf } from '../core/catalog.js';
import { dayOf } from '../core/dates.js';
import { exportFile, exportRequest } from './export-file.js';
import { collectReport, ExportError } from './export.js';
import { exportPage } from './pages/export-page.js';
import { overviewPage } from './pages/overview.js';
import { overviewOf, parseFilter } from './pages/overview-data.js';
import { completionCharts } from './pages/overview-chart.js';
import { completionOverTime } from './pages/overview-chart-data.js';
import { registerDeadlineRoutes } from './routes/deadline.js';
import { registerHandInRoutes } from './routes/hand-ins.js';
import type { HandInFiles } from '../core/hand-in-ports.js';
import { linkRefused, plainMessage, signInHelp, tooManyAttempts } from './pages/sign-in.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerPlanEditRoutes } from './routes/plan-edit.js';
import { registerPlanReviewRoutes, UPLOAD_PATH } from './routes/plan-review.js';
import { MAX_IMPORT_BYTES, tooLarge } from '../importer/files.js';
import { registerPlanRoutes } from './routes/plans.js';
import { registerUnitRoutes } from './routes/units.js';
import { registerNoticeRoutes } from './routes/notices.js';

export interface WebAppDeps {
  content: Content;
  stores: Stores;
  clock: Clock;
  /** Edits of the org and the plans (checked, audited, live at once). */
  editor: ContentEditor;
  /** Reads uploaded plan files and stages them (the same service as a file sent in chat). */
  imports: ImportService;
  /**
   * Queues messages for chats (the outbox, the one delivery path) and starts sending them; an
   * empty list only starts sending what was queued otherwise (reminder steps queued with their keys).
   */
  send(sends: readonly QueuedSend[]): Promise<void>;
  /** File checks and merged tables of hand-ins (absent: no merged table on the web). */
  handInFiles?: HandInFiles | undefined;
  /** Channels running now: a notice goes only to chats on them, as in chat. All when absent. */
  channels?: readonly string[] | undefined;
  /** The public address (`WEB_BASE_URL`, or the address listened on): Origin check and Secure cookie. */
  baseUrl: () => string;
  logger: Logger;
  /** Sign-in attempts allowed per address per minute (default 10). */
  signInPerMinute?: number;
  /** Real time for the rate limit (default `Date.now`). */
  rateNow?: () => number;
}

/** Largest form body accepted (the console's forms are small). */
const MAX_FORM_BYTES = 64 * 1024;
/** Largest upload (`/ke-hoach/tai-len` only): a plan file at the importer's limit, and the form around it. */
const MAX_UPLOAD_BYTES = MAX_IMPORT_BYTES + MAX_FORM_BYTES;

export function createWebApp(deps: WebAppDeps): Hono<WebEnv> {
  const { content, stores, clock } = deps;
  const org = () => content.org.name;
  const secure = () => deps.baseUrl().startsWith('https:');
  const allowSignIn = rateLimiter(deps.signInPerMinute ?? 10, 60_000, deps.rateNow);
  const app = new Hono<WebEnv>();
  const send = async (c: Context, body: Html, status: 200 | 400 | 403 | 404 | 413 | 429 | 500 = 200) => {
    c.header('Cache-Control', 'no-store');
    return c.html(await body, status);
  };

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      if (error.status === 413) return c.text('Nội dung gửi lên quá lớn.', 413);
      return c.text('Yêu cầu bị từ chối.', error.status);
    }
    deps.logger.error(`web ${c.req.method} ${c.req.path} failed`, error);
    return c.text('Loa gặp lỗi khi hiển thị trang này. Vui lòng thử lại sau.', 500);
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
    }),
  );
  app.use('*', csrf({ origin: (origin, c) => origin === new URL(deps.baseUrl()).origin || origin === new URL(c.req.url).origin }));
  const formLimit = bodyLimit({ maxSize: MAX_FORM_BYTES });
  const uploadLimit = bodyLimit({
    maxSize: MAX_UPLOAD_BYTES,
    onError: (c) => send(c, plainMessage(org(), 'Tệp quá lớn', `${tooLarge('gửi lên', Number(c.req.header('content-length') ?? MAX_UPLOAD_BYTES)).message}`), 413),
  });
  app.use('*', (c, next) => (c.req.path === UPLOAD_PATH ? uploadLimit(c, next) : formLimit(c, next)));
  app.use('*', loadSession(stores.web, () => clock.now()));
  // Every change: signed in, the session's CSRF token, and an admin (a viewer may only sign out).
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // A one-time download link: its secret is the permission (routes/hand-ins.ts).
    if (c.req.method === 'POST' && /^\/tai-ve\/[A-Za-z0-9_-]{43}$/.test(c.req.path)) return next();
    const session = c.var.session;
    const refuse = (text: string) => send(c, plainMessage(org(), 'Không được phép', text), 403);
    if (!session) return refuse('Phiên đăng nhập đã hết hoặc chưa đăng nhập. Hãy lấy đường dẫn mới bằng lệnh /web.');
    const form = await c.req.parseBody();
    const token = typeof form.csrf === 'string' ? form.csrf : '';
    if (!sameToken(token, session.csrf)) return refuse('Biểu mẫu đã cũ hoặc không hợp lệ. Hãy tải lại trang rồi thử lại.');
    if (c.req.path !== '/thoat' && session.role !== 'admin') return refuse('Tài khoản chỉ xem không thay đổi được dữ liệu.');
    return next();
  });

  app.get('/static/loa.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(LOA_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });
  // Browsers ask for it on every page; there is none.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/', async (c) => (c.var.session ? c.redirect('/tong-quan', 303) : send(c, signInHelp(org()))));

  app.get('/dang-nhap', async (c) => {
    const token = c.req.query('t');
    if (token === undefined) return send(c, signInHelp(org()));
    if (!allowSignIn(clientAddress(c))) return send(c, tooManyAttempts(org()), 429);
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return send(c, linkRefused(org()), 403);
    // The session and its line in the audit trail are written together.
    const session = await stores.atomically(async () => {
      const opened = await openSession(c, stores.web, token, clock.now(), secure());
      if (opened) await stores.audit.record({ actor: opened.user, action: 'web-sign-in', subject: 'web', detail: { role: opened.role } });
      return opened;
    });
    if (!session) return send(c, linkRefused(org()), 403);
    deps.logger.info(`web: ${session.user.id} signed in (${session.role})`);
    return c.redirect('/tong-quan', 303);
  });

  app.post('/thoat', async (c) => {
    const session = c.var.session!;
    await stores.atomically(async () => {
      await stores.web.endSession(session.hash);
      await stores.audit.record({ actor: session.user, action: 'web-sign-out', subject: 'web', detail: { role: session.role } });
    });
    clearSessionCookie(c, secure());
    return c.redirect('/dang-nhap', 303);
  });

  app.get('/tong-quan', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const filter = parseFilter((name) => c.req.query(name) || undefined, content);
    const [o, completion] = await Promise.all([overviewOf(content, stores, clock.now(), filter), completionOverTime(content, stores.confirmations, clock.now(), filter.plan)]);
    return send(c, overviewPage(content, o, filter, { name: session.user.name, role: session.role, csrf: session.csrf }, completionCharts(completion)));
  });

  app.get('/xuat', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    return send(c, exportPage(content, { name: session.user.name, role: session.role, csrf: session.csrf }));
  });

  // The file itself: admins and viewers alike (reading only).
  app.get('/xuat/tai', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const viewer = { name: session.user.name, role: session.role, csrf: session.csrf };
    try {
      const request = exportRequest(new URL(c.req.url).searchParams);
      const catalog = catalogOf(content, await stores.announcements.announcements());
      const report = await collectReport({ content, deadlines: catalog.all(), confirmations: stores.confirmations, clock, filter: request.filter });
      const file = await exportFile(report, request, dayOf(clock.now(), content.org.timezone));
      deps.logger.info(`web: ${session.user.id} exported ${file.filename}`);
      return c.body(new Uint8Array(file.body), 200, { 'Content-Type': file.contentType, 'Content-Disposition': file.disposition, 'Cache-Control': 'no-store' });
    } catch (error) {
      if (error instanceof ExportError) return send(c, exportPage(content, viewer, error.message), 400);
      throw error;
    }
  });

  registerHandInRoutes(app, deps);
  registerDeadlineRoutes(app, deps);
  // Before any `/ke-hoach/:id` route: /ke-hoach/tai-len and /ke-hoach/duyet/… are not plan ids.
  registerPlanReviewRoutes(app, deps);
  registerPlanEditRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerPlanRoutes(app, deps);
  registerUnitRoutes(app, deps);
  registerNoticeRoutes(app, deps);
  app.notFound((c) => send(c, plainMessage(org(), 'Không có trang này', 'Địa chỉ này không có trong bảng điều khiển.'), 404));
  return app;
}
