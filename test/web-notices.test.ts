/**
 * Thông báo through Hono's `app.request()`: the list (chat's notices and the web's, with progress
 * and their Hạn links), the admin's form doing what chat `/thongbao` does (announcement, audit,
 * the message queued to each chosen unit's chats, tracked in `/tiendo`), the refusals (empty
 * text, no units, bad dates, unknown units, too long, hostile text escaped, viewer and CSRF 403)
 * and a double submit of one form, on lowdb and PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContent } from '../src/core/content.js';
import type { WebAppOptions } from './web-app.js';
import { ADMIN, DATA_DIR, STAFF, UNIT_CHAT } from './helpers.js';
import { storeFactories, type StoreFactory } from './stores.js';
import { HOSTILE, VIEWER, webSession, type Form } from './web-session.js';


async function setUp(options: WebAppOptions & { store?: StoreFactory } = {}) {
  const { store, ...app } = options;
  const session = await webSession('2023-09-20T09:00:00+07:00', store ? { store } : {}, app);
  const { h, get, post } = session;
  /** What the notices queued for chats (the outbox rows that are not reminder steps). */
  const queued = async () =>
    (await h.stores.outbox.outboxRows())
      .filter((r) => !r.key)
      .map((r) => {
        const at = r.chat.indexOf(':');
        return { chat: { channel: r.chat.slice(0, at), chatId: r.chat.slice(at + 1) }, out: { text: r.text, buttons: r.buttons } };
      });
  const signIn = (user = ADMIN) => session.signIn(user, '/thong-bao');
  /** A fresh form's nonce, as a reload of the page gives. */
  const nonceOf = async (cookie: string) => /name="nonce" value="([^"]+)"/.exec(await (await get('/thong-bao', cookie)).text())![1]!;
  const cardOf = (page: string, id: string) => new RegExp(`<section class="card" data-notice="${id}">[\\s\\S]*?</section>`).exec(page)?.[0] ?? '';
  return { h, queued, get, post, signIn, nonceOf, cardOf };
}

describe('Thông báo page', () => {
  it('sends a notice to the chosen units’ chats, as /thongbao does, and tracks it like one from chat', async () => {
    const { h, queued, get, post, signIn, nonceOf, cardOf } = await setUp();
    await h.say('/dangky TTKHCN', { chat: UNIT_CHAT });
    await h.say('/thongbao Họp giao ban sáng thứ Hai');
    const { cookie, csrf, page } = await signIn();
    expect(page).toContain('action="/thong-bao"');
    expect(cardOf(page, 'T1')).toContain('Họp giao ban sáng thứ Hai');
    expect(cardOf(page, 'T1')).toContain('tới tất cả 10 đơn vị');
    expect(cardOf(page, 'T1')).toContain('href="/han/T1/2023-09-20"');

    const form = { csrf, nonce: await nonceOf(cookie), text: 'Gửi danh sách cán bộ\ndự hội nghị', unit: ['TTKHCN', 'CCTDC'], due: '30/09/2023' };
    const earlier = (await queued()).length;
    const res = await post('/thong-bao', form, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/thong-bao?gui=T2&nhom=1&thieu=1');
    const [a] = (await h.stores.announcements.announcements()).filter((x) => x.id === 'T2');
    expect(a).toMatchObject({ text: 'Gửi danh sách cán bộ\ndự hội nghị', units: ['CCTDC', 'TTKHCN'], due: '2023-09-30', day: '2023-09-20', by: { id: 'telegram:1001', name: ADMIN.name } });
    // The same message, buttons and reference as chat's notice, to the one bound chat.
    const sent = (await queued()).slice(earlier);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.chat).toEqual(UNIT_CHAT);
    expect(sent[0]!.out.text).toMatch(/^📢 THÔNG BÁO T2 từ Văn phòng Sở\n\nGửi danh sách cán bộ\ndự hội nghị\n\n📅 Hạn: Thứ Bảy, 30\/09\/2023/);
    expect(sent[0]!.out.buttons?.map((b) => b.data)).toEqual(['/xacnhan T2 nhan 2023-09-30', '/xacnhan T2 xong 2023-09-30']);
    const pending = (await h.stores.outbox.outboxRows('pending')).filter((r) => r.ref?.deadline === 'T2');
    expect(pending.map((r) => r.chat)).toEqual(['telegram:-200']);
    const [entry] = await h.stores.audit.recent(1);
    expect(entry).toMatchObject({ actor: { id: 'telegram:1001', chat: 'web:telegram:1001' }, action: 'announce', subject: 'T2', detail: { units: 2, due: '2023-09-30' } });

    const after = await (await get(res.headers.get('location')!, cookie)).text();
    expect(after).toContain('Đã tạo thông báo T2 cho 2 đơn vị. Đang gửi tới 1 nhóm chat. 1 đơn vị chưa có nhóm chat nên không nhận được.');
    expect(after.indexOf('data-notice="T2"')).toBeLessThan(after.indexOf('data-notice="T1"'));
    expect(cardOf(after, 'T2')).toContain('✔️ hoàn thành: 0/2');
    expect(cardOf(after, 'T2')).toContain('href="/han/T2/2023-09-30"');

    // The unit presses "Đã nhận" in its chat: chat's /tiendo and the list both see it.
    expect(await h.ask('', { chat: UNIT_CHAT, user: STAFF, button: sent[0]!.out.buttons![0]!.data })).toMatch(/đã NHẬN hạn T2/);
    expect(await h.ask('/tiendo T2')).toMatch(/Đã nhận\s+▓▓▓▓▓░░░░░ 1\/2/);
    expect(cardOf(await (await get('/thong-bao', cookie)).text(), 'T2')).toContain('✅ đã nhận: 1');
    expect(await (await get('/han/T2/2023-09-30', cookie)).text()).toMatch(/data-unit="TTKHCN">[\s\S]*?✅ đã nhận/);
  });

  it('takes groups and "all units", in the org’s order; only chats on the running channels get it', async () => {
    const { h, queued, post, signIn, nonceOf } = await setUp({ channels: ['telegram'] });
    await h.say('/dangky TTKHCN', { chat: UNIT_CHAT });
    await h.say('/dangky TTKHCN', { chat: { channel: 'zalo', chatId: 'g-1' }, user: { id: ADMIN.id, name: ADMIN.name } });
    const { cookie, csrf } = await signIn();
    await post('/thong-bao', { csrf, nonce: await nonceOf(cookie), text: 'Các phòng gửi báo cáo', group: 'Các phòng thuộc Sở' }, cookie);
    expect((await h.stores.announcements.announcements()).at(-1)?.units).toEqual(['VP', 'TTRA', 'KHTC', 'QLKH', 'QLCN']);
    await post('/thong-bao', { csrf, nonce: await nonceOf(cookie), text: 'Cả Sở', all: '1', unit: 'TTKHCN' }, cookie);
    expect((await h.stores.announcements.announcements()).at(-1)?.units).toHaveLength(10);
    expect((await queued()).map((s) => `${s.chat.channel}:${s.chat.chatId}`)).toEqual(['telegram:-200']);
  });

  it('refuses empty text, no units, bad or past dates, unknown units and too long a text, changing nothing', async () => {
    const { h, queued, post, signIn, nonceOf } = await setUp();
    const { cookie, csrf } = await signIn();
    const nonce = await nonceOf(cookie);
    const cases: Array<[Form, string]> = [
      [{ text: '   \n ', unit: 'VP' }, 'Thiếu nội dung thông báo.'],
      [{ text: 'Họp' }, 'Chưa chọn đơn vị nhận thông báo'],
      [{ text: 'Họp', unit: 'VP', due: '31/02/2023' }, 'Ngày hạn “31/02/2023” không hợp lệ'],
      [{ text: 'Họp', unit: 'VP', due: 'mai' }, 'Ngày hạn “mai” không hợp lệ'],
      [{ text: 'Họp', unit: 'VP', due: '19/09/2023' }, 'Ngày hạn đã qua.'],
      [{ text: 'Họp', unit: ['VP', 'XYZ'] }, 'Không có đơn vị: XYZ.'],
      [{ text: 'Họp', group: 'Nhóm lạ' }, 'Không có nhóm đơn vị: Nhóm lạ.'],
      [{ text: 'x'.repeat(2001), unit: 'VP' }, 'Nội dung dài quá 2000 ký tự.'],
      [{ text: 'x'.repeat(10_000), unit: 'VP' }, 'Nội dung dài quá 2000 ký tự.'],
    ];
    for (const [form, message] of cases) {
      const res = await post('/thong-bao', { csrf, nonce, ...form }, cookie);
      expect(res.status, message).toBe(400);
      expect(await res.text()).toContain(message);
    }
    // A refused form comes back filled in, so nothing typed is lost.
    const refilled = await (await post('/thong-bao', { csrf, nonce, text: 'Giữ nguyên nội dung', unit: 'TTRA', due: 'abc' }, cookie)).text();
    expect(refilled).toContain('>Giữ nguyên nội dung</textarea>');
    expect(refilled).toMatch(/value="TTRA" checked/);
    expect(refilled).toContain(`name="nonce" value="${nonce}"`);
    expect(await h.stores.announcements.announcements()).toEqual([]);
    expect(await queued()).toEqual([]);
    expect((await h.stores.audit.recent(50)).filter((e) => e.action === 'announce')).toEqual([]);
  });

  it('shows hostile text as text, in the list and in a refused form', async () => {
    const { h, get, post, signIn, nonceOf, cardOf } = await setUp();
    const { cookie, csrf } = await signIn();
    await post('/thong-bao', { csrf, nonce: await nonceOf(cookie), text: HOSTILE, unit: 'VP' }, cookie);
    const page = await (await get('/thong-bao', cookie)).text();
    expect(cardOf(page, 'T1')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    const refused = await (await post('/thong-bao', { csrf, nonce: await nonceOf(cookie), text: HOSTILE, unit: HOSTILE, group: HOSTILE }, cookie)).text();
    for (const html of [page, refused]) {
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
    }
    expect(await h.stores.announcements.announcements()).toHaveLength(1);
  });

  it('renders hostile unit and group names as text; a group without units is refused', async () => {
    const org = JSON.parse(readFileSync(join(DATA_DIR, 'org.json'), 'utf8'));
    org.units.find((u: { code: string }) => u.code === 'TTRA').name = `Thanh tra ${HOSTILE}`;
    org.groups.push({ name: `Nhóm ${HOSTILE}`, aliases: ['Nhóm rỗng'], kinds: ['khong-co'] });
    const { h, post, signIn, nonceOf } = await setUp({ content: buildContent('org.json', org, []) });
    const { cookie, csrf, page } = await signIn();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('Thanh tra &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(page).toContain('value="Nhóm &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"');
    const res = await post('/thong-bao', { csrf, nonce: await nonceOf(cookie), text: 'Họp', group: `Nhóm ${HOSTILE}` }, cookie);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Nhóm đã chọn chưa có đơn vị nào');
    expect(await h.stores.announcements.announcements()).toEqual([]);
  });

  it('refuses a viewer’s POST and one without the CSRF token; a viewer sees the list without the form', async () => {
    const { h, get, post, signIn, nonceOf } = await setUp();
    const admin = await signIn();
    const viewer = await signIn(VIEWER);
    const nonce = await nonceOf(admin.cookie);
    expect((await post('/thong-bao', { csrf: viewer.csrf, nonce, text: 'Họp', unit: 'VP' }, viewer.cookie)).status).toBe(403);
    expect((await post('/thong-bao', { nonce, text: 'Họp', unit: 'VP' }, admin.cookie)).status).toBe(403);
    expect((await post('/thong-bao', { csrf: 'x'.repeat(43), nonce, text: 'Họp', unit: 'VP' }, admin.cookie)).status).toBe(403);
    expect(await h.stores.announcements.announcements()).toEqual([]);
    await h.say('/thongbao Họp giao ban');
    const page = await (await get('/thong-bao', viewer.cookie)).text();
    expect(page).toContain('data-notice="T1"');
    expect(page).not.toContain('action="/thong-bao"');
    expect(page).not.toContain('name="nonce"');
    expect((await get('/thong-bao')).headers.get('location')).toBe('/dang-nhap');
  });

  it('refuses a form without a nonce or older than a day', async () => {
    const { h, post, signIn, nonceOf } = await setUp();
    const { cookie, csrf } = await signIn();
    const old = await nonceOf(cookie);
    expect((await post('/thong-bao', { csrf, text: 'Họp', unit: 'VP' }, cookie)).status).toBe(400);
    expect((await post('/thong-bao', { csrf, nonce: '"><b>', text: 'Họp', unit: 'VP' }, cookie)).status).toBe(400);
    // A day later (signed in again: sessions are shorter), the form is stale.
    h.clock.set('2023-09-21T09:01:00+07:00');
    const again = await signIn();
    const stale = await post('/thong-bao', { csrf: again.csrf, nonce: old, text: 'Họp', unit: 'VP' }, again.cookie);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('Biểu mẫu đã cũ');
    expect(await h.stores.announcements.announcements()).toEqual([]);
  });
});

describe.each(storeFactories)('Thông báo on the $name store', (store) => {
  it('creates one notice from a form submitted twice (one after the other, or at once)', async () => {
    const { h, queued, get, post, signIn, nonceOf } = await setUp({ store });
    await h.say('/dangky TTKHCN', { chat: UNIT_CHAT });
    const { cookie, csrf } = await signIn();
    const form = { csrf, nonce: await nonceOf(cookie), text: 'Nộp báo cáo quý', unit: 'TTKHCN' };
    const first = await post('/thong-bao', form, cookie);
    const again = await post('/thong-bao', form, cookie);
    expect(first.headers.get('location')).toBe('/thong-bao?gui=T1&nhom=1&thieu=0');
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/thong-bao?trung=1');
    expect(await (await get('/thong-bao?trung=1', cookie)).text()).toContain('Biểu mẫu này đã được gửi trước đó');
    const twin = { ...form, nonce: await nonceOf(cookie) };
    const both = await Promise.all([post('/thong-bao', twin, cookie), post('/thong-bao', twin, cookie)]);
    expect(both.map((r) => r.headers.get('location')).sort()).toEqual(['/thong-bao?gui=T2&nhom=1&thieu=0', '/thong-bao?trung=1']);
    expect((await h.stores.announcements.announcements()).map((a) => a.id)).toEqual(['T1', 'T2']);
    expect(await queued()).toHaveLength(2);
    expect((await h.stores.audit.recent(50)).filter((e) => e.action === 'announce')).toHaveLength(2);
  });
});
