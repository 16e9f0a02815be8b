/**
 * The Đơn vị routes: the list (`GET /don-vi`, with the requests waiting), one unit
 * (`GET /don-vi/:code`), and the admin's changes: add a unit (`/don-vi/them`), edit one
 * (`POST /don-vi/:code/sua`), unbind a chat (`POST /don-vi/:code/bo-gan`), approve or reject a
 * request (`POST /don-vi/yeu-cau/:id/duyet|tu-choi`, as chat /duyet and /tuchoi do, message to
 * the chat included). Unit edits go through the content editor (checked, audited, live in chat
 * at once); the other changes write their audit line in the same unit of work. app.ts has
 * already checked the session, the CSRF token and the admin role of every POST.
 */
import type { Context, Hono } from 'hono';
import type { Clock } from '../../core/clock.js';
import type { Content } from '../../core/content.js';
import type { ContentEditor } from '../../core/content-editor.js';
import type { Logger } from '../../core/dispatcher.js';
import type { QueuedSend, Stores } from '../../core/ports.js';
import { decideRegistration } from '../../core/registration.js';
import { truncate } from '../../core/text.js';
import { addUnit, editUnit } from '../../core/unit-edits.js';
import { chatKey, parseChatKey } from '../../core/types.js';
import type { WebEnv } from '../auth.js';
import { addUnitPage, unitsProblem } from '../pages/unit-form-page.js';
import { unitPage } from '../pages/unit-page.js';
import { parseUnitsFilter, unitsList } from '../pages/units-data.js';
import { flashText, unitPath, unitsPage } from '../pages/units-page.js';
import { EMPTY_UNIT_FORM, formOfUnit, unitFormValues, unitInputOf, type UnitFormValues } from '../unit-form.js';
import { sendPage, viewerOf, webEditor } from '../respond.js';

export interface UnitRouteDeps {
  content: Content;
  stores: Pick<Stores, 'bindings' | 'audit' | 'atomically'>;
  clock: Clock;
  editor: ContentEditor;
  send(sends: readonly QueuedSend[]): Promise<void>;
  logger: Logger;
}

export function registerUnitRoutes(app: Hono<WebEnv>, deps: UnitRouteDeps): void {
  const { content, stores } = deps;
  const actorOf = webEditor;
  const send = sendPage;
  const problem = (c: Context<WebEnv>, status: 400 | 403 | 404, title: string, text: string) => send(c, unitsProblem(content, title, text, viewerOf(c.var.session!)), status);

  app.get('/don-vi', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    const filter = parseUnitsFilter((name) => c.req.query(name) || undefined, content);
    const [chats, pending] = await Promise.all([stores.bindings.boundChats(), stores.bindings.pendingRequests()]);
    const view = { list: unitsList(content, chats, filter), filter, pending, flash: flashText(c.req.query('tb'), c.req.query('ma')) };
    return send(c, unitsPage(content, view, viewerOf(session)));
  });

  app.get('/don-vi/them', async (c) => {
    const session = c.var.session;
    if (!session) return c.redirect('/dang-nhap', 303);
    if (session.role !== 'admin') return problem(c, 403, 'Không được phép', 'Tài khoản chỉ xem không thêm được đơn vị.');
    return send(c, addUnitPage(content, EMPTY_UNIT_FORM, viewerOf(session)));
  });

  app.post('/don-vi/them', async (c) => {
    const session = c.var.session!;
    const values = unitFormValues(await c.req.parseBody());
    const refuse = (message: string) => send(c, addUnitPage(content, values, viewerOf(session), message), 400);
    const read = unitInputOf(values);
    if ('refused' in read) return refuse(read.refused);
    const done = await deps.editor.editOrg(actorOf(session), (org) => addUnit(org, values.code, read.input));
    if (!done.ok) return refuse(done.message);
    deps.logger.info(`web: ${session.user.id} added unit ${values.code}`);
    return c.redirect(`${unitPath(values.code)}?tb=them`, 303);
  });

  app.post('/don-vi/yeu-cau/:id/:verdict{duyet|tu-choi}', async (c) => {
    const session = c.var.session!;
    const id = c.req.param('id');
    const approve = c.req.param('verdict') === 'duyet';
    const deciding = { bindings: stores.bindings, audit: stores.audit, content, zone: content.org.timezone };
    const byChat = { channel: 'web', chatId: session.user.id };
    const decision = await stores.atomically(() => decideRegistration(deciding, id, approve, actorOf(session), byChat));
    if (decision.outcome === 'not-found' || !decision.request) {
      return problem(c, 404, 'Không có yêu cầu này', `Không có yêu cầu đăng ký nào mã ${truncate(id, 20)}.`);
    }
    const ma = encodeURIComponent(decision.request.id);
    if (decision.outcome === 'already-decided') return c.redirect(`/don-vi?tb=da-quyet&ma=${ma}`, 303);
    // The chat that asked learns the answer, as when an admin decides in chat.
    if (decision.notify) await deps.send([decision.notify]);
    deps.logger.info(`web: ${session.user.id} ${approve ? 'approved' : 'rejected'} request ${decision.request.id}`);
    return c.redirect(`/don-vi?tb=${approve ? 'duyet' : 'tu-choi'}&ma=${ma}`, 303);
  });

  /** The unit of the address, or the 404 answer. */
  const unitOf = (c: Context<WebEnv>) => content.unit(c.req.param('code') ?? '');

  async function showUnit(c: Context<WebEnv>, options: { form?: UnitFormValues; error?: string } = {}) {
    const unit = unitOf(c);
    if (!unit) return problem(c, 404, 'Không có đơn vị này', `Không có đơn vị nào mã ${truncate(c.req.param('code') ?? '', 20)}.`);
    const chats = await stores.bindings.boundChats(unit.code);
    const view = { unit, chats, form: options.form ?? formOfUnit(unit), flash: flashText(c.req.query('tb'), c.req.query('ma')), error: options.error };
    return send(c, unitPage(content, view, viewerOf(c.var.session!)), options.error ? 400 : 200);
  }

  app.get('/don-vi/:code', async (c) => {
    if (!c.var.session) return c.redirect('/dang-nhap', 303);
    return showUnit(c);
  });

  app.post('/don-vi/:code/sua', async (c) => {
    const session = c.var.session!;
    const unit = unitOf(c);
    if (!unit) return showUnit(c);
    const values = { ...unitFormValues(await c.req.parseBody()), code: unit.code };
    const read = unitInputOf(values);
    if ('refused' in read) return showUnit(c, { form: values, error: read.refused });
    const done = await deps.editor.editOrg(actorOf(session), (org) => editUnit(org, unit.code, read.input));
    if (!done.ok) return showUnit(c, { form: values, error: done.message });
    deps.logger.info(`web: ${session.user.id} edited unit ${unit.code}`);
    return c.redirect(`${unitPath(unit.code)}?tb=sua`, 303);
  });

  app.post('/don-vi/:code/bo-gan', async (c) => {
    const session = c.var.session!;
    const unit = unitOf(c);
    if (!unit) return showUnit(c);
    const form = await c.req.parseBody();
    const chat = parseChatKey(typeof form.chat === 'string' ? form.chat : '');
    const removed =
      chat &&
      (await stores.atomically(async () => {
        // Only a chat of this unit: a stale page (the chat moved to another unit since) changes nothing.
        if ((await stores.bindings.bindingOf(chat))?.unit !== unit.code) return undefined;
        const before = await stores.bindings.unbind(chat);
        if (before) await stores.audit.record({ actor: actorOf(session), action: 'unbind', subject: chatKey(chat), detail: { unit: unit.code, before } });
        return before;
      }));
    if (!chat || !removed) return showUnit(c, { error: `Nhóm chat này không (còn) gắn với đơn vị ${unit.code}: không có gì thay đổi.` });
    await deps.send([
      {
        chat,
        out: { text: `ℹ️ Văn phòng Sở đã bỏ gắn chat này khỏi đơn vị ${unit.name} (${unit.code}): Loa không nhắc hạn của đơn vị ở đây nữa. Cần gắn lại: /dangky ${unit.code}` },
      },
    ]);
    deps.logger.info(`web: ${session.user.id} unbound ${chatKey(chat)} from ${unit.code}`);
    return c.redirect(`${unitPath(unit.code)}?tb=bo-gan`, 303);
  });
}
