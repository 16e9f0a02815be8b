/**
 * Thông báo: `GET /thong-bao` lists the notices (admins also get the form) and `POST /thong-bao`
 * sends one, exactly as chat `/thongbao` does (src/core/notices.ts): the announcement and its
 * audit line are written in one unit of work, then its message is queued for each chat of the
 * chosen units through the outbox sender. The form carries a nonce claimed in that same unit, so
 * a second submit of one form (a double click, a reload) creates nothing. app.ts has already
 * checked the session, the CSRF token and the admin role of every POST.
 */
import { reachableChatsOf } from '../../core/reach.js';
import type { Context, Hono } from 'hono';
import { openBook } from '../../core/confirmation-book.js';
import type { UnitStatus } from '../../core/confirmation-book.js';
import type { Clock } from '../../core/clock.js';
import type { Content } from '../../core/content.js';
import { dayOf } from '../../core/dates.js';
import type { Logger } from '../../core/dispatcher.js';
import { createNotice } from '../../core/notices.js';
import type { QueuedSend, Stores } from '../../core/ports.js';
import type { WebEnv } from '../auth.js';
import type { Html } from '../layout.js';
import { EMPTY_NOTICE_FORM, formValues, freshNonce, newNonce, noticeDraft, type NoticeFormValues } from '../notice-input.js';
import { noticesPage, type NoticeItem } from '../pages/notices-page.js';
import { viewerOf, webEditor } from '../respond.js';

export interface NoticeRouteDeps {
  content: Content;
  stores: Pick<Stores, 'announcements' | 'audit' | 'bindings' | 'confirmations' | 'updates' | 'outbox' | 'atomically'>;
  clock: Clock;
  logger: Logger;
  send(sends: readonly QueuedSend[]): Promise<void>;
  /** Channels running now: chats on others get no notice (as in chat). All when absent. */
  channels?: readonly string[] | undefined;
}

/** Notices per page of the list. */
export const NOTICES_PER_PAGE = 30;

export function registerNoticeRoutes(app: Hono<WebEnv>, deps: NoticeRouteDeps): void {
  const { content, stores, clock } = deps;
  const chatsOf = reachableChatsOf(stores.bindings, deps.channels);

  /** The list's page `n` (clamped), each notice with its counts, and the page around it. */
  async function render(c: Context<WebEnv>, opts: { n: number; flash?: string; error?: string; form?: NoticeFormValues }, status: 200 | 400 = 200): Promise<Response> {
    const session = c.var.session!;
    const now = clock.now();
    const today = dayOf(now, content.org.timezone);
    const all = [...(await stores.announcements.announcements())].sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id, 'en', { numeric: true }));
    const pages = Math.max(1, Math.ceil(all.length / NOTICES_PER_PAGE));
    const n = Math.min(Math.max(1, opts.n), pages);
    const shown = all.slice((n - 1) * NOTICES_PER_PAGE, n * NOTICES_PER_PAGE);
    const keys = shown.map((a) => ({ deadline: a.id, occurrence: a.due ?? a.day }));
    const book = await openBook(stores.confirmations, [], today, keys);
    const items: NoticeItem[] = shown.map((a) => {
      const occurrence = a.due ?? a.day;
      const counts: Record<UnitStatus, number> = { xong: 0, nhan: 0, chua: 0 };
      for (const u of a.units) counts[book.status(a.id, occurrence, u)]++;
      return { announcement: a, occurrence, counts };
    });
    const form = session.role === 'admin' ? (opts.form ?? { ...EMPTY_NOTICE_FORM, nonce: newNonce(now) }) : undefined;
    const view = { items, page: n, pages, total: all.length, zone: content.org.timezone, flash: opts.flash, error: opts.error, form };
    c.header('Cache-Control', 'no-store');
    return c.html(await (noticesPage(content, view, viewerOf(session), today) as Html), status);
  }

  /** The line after a redirect: `?gui=T3&nhom=4&thieu=1` (a notice sent), `?trung=1` (a form sent twice). */
  async function flashOf(c: Context<WebEnv>): Promise<string | undefined> {
    if (c.req.query('trung') !== undefined) return 'Biểu mẫu này đã được gửi trước đó: không tạo thêm thông báo. Thông báo đã tạo có trong danh sách bên dưới.';
    const id = c.req.query('gui');
    if (!id) return undefined;
    const a = (await stores.announcements.announcements()).find((x) => x.id === id);
    if (!a) return undefined;
    const count = (name: string) => Math.max(0, Math.min(1_000_000, Math.trunc(Number(c.req.query(name))) || 0));
    const chats = count('nhom');
    const without = count('thieu');
    return `📢 Đã tạo thông báo ${a.id} cho ${a.units.length} đơn vị. Đang gửi tới ${chats} nhóm chat.${without ? ` ${without} đơn vị chưa có nhóm chat nên không nhận được.` : ''}`;
  }

  app.get('/thong-bao', async (c) => {
    if (!c.var.session) return c.redirect('/dang-nhap', 303);
    const flash = await flashOf(c);
    return render(c, { n: Number(c.req.query('trang')) || 1, ...(flash ? { flash } : {}) });
  });

  app.post('/thong-bao', async (c) => {
    const session = c.var.session!;
    const now = clock.now();
    const today = dayOf(now, content.org.timezone);
    const values = formValues(await c.req.parseBody({ all: true }), content);
    const refuse = (error: string, form: NoticeFormValues) => render(c, { n: 1, error, form }, 400);
    if (!freshNonce(values.nonce, now)) {
      return refuse('Biểu mẫu đã cũ (quá một ngày) hoặc không hợp lệ. Hãy kiểm tra nội dung rồi bấm gửi lại.', { ...values, nonce: newNonce(now) });
    }
    const parsed = noticeDraft(values, content, today);
    if ('error' in parsed) return refuse(parsed.error, values);
    const person = { id: session.user.id, name: session.user.name };
    const actor = webEditor(session);
    const made = await stores.atomically(async () => {
      // Claimed with the notice itself: of two submits of one form, one creates it, the other nothing.
      if (!(await stores.updates.claimUpdate(`web-notice:${values.nonce}`))) return undefined;
      const notice = await createNotice({ content, announcements: stores.announcements, audit: stores.audit, chatsOf }, parsed.draft, { person, actor }, today);
      // Its messages are queued in the same write: a notice is never kept without them.
      if (notice.sends.length) await stores.outbox.queueMessages(notice.sends);
      return notice;
    });
    if (!made) return c.redirect('/thong-bao?trung=1', 303);
    // Queued already: this only starts sending.
    await deps.send([]);
    const a = made.announcement;
    deps.logger.info(`web: ${person.id} sent notice ${a.id} to ${a.units.length} units (${made.sends.length} chats)`);
    return c.redirect(`/thong-bao?gui=${encodeURIComponent(a.id)}&nhom=${made.sends.length}&thieu=${made.without.length}`, 303);
  });
}
