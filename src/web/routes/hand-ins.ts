/**
 * Files on the web: a handed-in file for a signed-in person (`GET /tep/:id`), the merged
 * registrations of an occurrence (`GET /han/:id/:occurrence/tong-hop/:ext`), and the one-time
 * links the bot gives admins (`GET /tai-ve/:secret` shows a page, its button `POST`s and gets the
 * file once; a chat's link preview only opens the page). Every download is audited.
 */
import type { Context, Hono } from 'hono';
import { hashSecret } from '../../core/web-links.js';
import type { HandInFiles } from '../../core/hand-in-ports.js';
import { MERGED_TYPES, mergedFileName, mergedTable } from '../../core/merged.js';
import type { Stores } from '../../core/ports.js';
import type { WebEnv } from '../auth.js';
import { downloadHeaders } from '../file-response.js';
import { downloadPage, downloadRefused } from '../pages/download-page.js';
import { plainMessage } from '../pages/sign-in.js';
import { findOccurrence, type DeadlineRouteDeps } from './deadline-data.js';
import { sendPage } from '../respond.js';

export interface HandInRouteDeps extends DeadlineRouteDeps {
  stores: DeadlineRouteDeps['stores'] & Pick<Stores, 'submissions' | 'files' | 'downloads'>;
  handInFiles?: HandInFiles | undefined;
}

const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function registerHandInRoutes(app: Hono<WebEnv>, deps: HandInRouteDeps): void {
  const { content, stores, clock } = deps;
  const org = () => content.org.name;
  const send = sendPage;
  const missing = (c: Context, text: string) => send(c, plainMessage(org(), 'Không có tệp này', text), 404);

  app.get('/tep/:id', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const id = c.req.param('id');
    const sub = /^N\d{1,9}$/.test(id) ? await stores.submissions.submission(id) : undefined;
    if (!sub?.file) return missing(c, 'Không có tệp nào với mã này.');
    const bytes = await stores.files.getFile(sub.file.sha256);
    if (!bytes) return missing(c, `Tệp “${sub.file.name}” không còn trong kho lưu trữ của Loa.`);
    await stores.audit.record({ actor: session.user, action: 'file-download', subject: `${sub.deadline}@${sub.occurrence}#${sub.unit}`, detail: { submission: sub.id, via: 'web' } });
    return c.body(new Uint8Array(bytes), 200, downloadHeaders(sub.file.name, sub.file.type));
  });

  app.get('/han/:id/:occurrence/tong-hop/:ext', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const ext = c.req.param('ext');
    if (ext !== 'xlsx' && ext !== 'docx') return missing(c, 'Chỉ có bảng tổng hợp dạng .xlsx và .docx.');
    const f = await findOccurrence(deps, c.req.param('id'), c.req.param('occurrence'));
    if (!('d' in f)) return missing(c, 'problem' in f ? f.problem[1] : 'Kỳ này đã được dời sang ngày khác; hãy mở lại trang của hạn.');
    const subs = await stores.submissions.submissionsOf([{ deadline: f.d.id, occurrence: f.occ }]);
    const table = mergedTable(content, f.d, f.occ, subs, clock.now());
    if (!table || !deps.handInFiles) return missing(c, `Hạn ${f.d.id} không có mẫu đăng ký để tổng hợp.`);
    const bytes = ext === 'xlsx' ? await deps.handInFiles.mergedXlsx(table) : await deps.handInFiles.mergedDocx(table);
    await stores.audit.record({ actor: session.user, action: 'merged-download', subject: `${f.d.id}@${f.occ}`, detail: { format: ext, rows: table.rows.length } });
    return c.body(new Uint8Array(bytes), 200, downloadHeaders(mergedFileName(f.d, f.occ, ext), MERGED_TYPES[ext]));
  });

  app.get('/tai-ve/:secret', async (c) => {
    const secret = c.req.param('secret');
    if (!SECRET.test(secret)) return send(c, downloadRefused(org()), 404);
    c.header('Referrer-Policy', 'no-referrer');
    // Looking does not take the link (a chat's link preview only looks); a used one says so at once.
    const grant = await stores.downloads.peekDownload(hashSecret(secret), clock.now());
    if (!grant) return send(c, downloadRefused(org()), 410);
    return send(c, downloadPage(org(), `/tai-ve/${secret}`, grant.name));
  });

  // No session needed (app.ts lets this path through): the secret is the permission, once.
  app.post('/tai-ve/:secret', async (c) => {
    const secret = c.req.param('secret');
    if (!SECRET.test(secret)) return send(c, downloadRefused(org()), 404);
    const grant = await stores.atomically(async () => {
      const taken = await stores.downloads.takeDownload(hashSecret(secret), clock.now());
      if (taken) await stores.audit.record({ actor: taken.for, action: 'file-download', subject: taken.name, detail: { via: 'link', sha256: taken.sha256 } });
      return taken;
    });
    if (!grant) return send(c, downloadRefused(org()), 410);
    const bytes = await stores.files.getFile(grant.sha256);
    if (!bytes) return missing(c, `Tệp “${grant.name}” không còn trong kho lưu trữ của Loa.`);
    return c.body(new Uint8Array(bytes), 200, downloadHeaders(grant.name, grant.type));
  });
}
