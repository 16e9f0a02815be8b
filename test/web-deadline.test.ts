/**
 * The Hạn page through Hono's `app.request()`: each unit's state, confirming on a unit's behalf
 * (chat channel 'web', audit with the note), undo (audit with what was removed), the refusals
 * (viewer, missing CSRF, unknown deadline or day, a unit not responsible) and hostile names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContent } from '../src/core/content.js';
import { ADMIN, DATA_DIR, type Harness } from './helpers.js';
import { HOSTILE, VIEWER, webSession } from './web-session.js';
const PAGE = '/han/H8/2023-09-25';

async function setUp(content?: Harness['content']) {
  const session = await webSession('2023-09-27T09:00:00+07:00', {}, content ? { content } : {});
  const { h, get, post } = session;
  const signIn = async (user = ADMIN) => {
    const { page, ...rest } = await session.signIn(user);
    return { ...rest, overview: page };
  };
  /** The row of one unit on the page. */
  const rowOf = (page: string, unit: string) => new RegExp(`<section class="card" data-unit="${unit}">[\\s\\S]*?</section>`).exec(page)?.[0] ?? '';
  return { h, get, post, signIn, rowOf };
}

describe('Hạn page', () => {
  it('links each overview card to its page, and a bare deadline to its current occurrence', async () => {
    const { get, signIn } = await setUp();
    const { cookie, overview } = await signIn();
    expect(overview).toContain(`<a href="${PAGE}">`);
    const bare = await get('/han/H8', cookie);
    expect(bare.status).toBe(303);
    expect(bare.headers.get('location')).toBe(PAGE);
    expect((await get('/han/H8', undefined)).headers.get('location')).toBe('/dang-nhap');
    expect((await get('/han/H999/2023-09-25', cookie)).status).toBe(404);
    const wrongDay = await get('/han/H8/2023-09-26', cookie);
    expect(wrongDay.status).toBe(404);
    expect(await wrongDay.text()).toContain('không có kỳ nào vào ngày 26/09/2023');
  });

  it('confirms on a unit’s behalf with a note, shows who, when and from where, and /tiendo sees it', async () => {
    const { h, get, post, signIn, rowOf } = await setUp();
    const { cookie, csrf } = await signIn();
    const before = await (await get(PAGE, cookie)).text();
    expect(rowOf(before, 'TTRA')).toContain('chưa xác nhận');
    expect(rowOf(before, 'TTRA')).toContain('Xác nhận thay');
    expect(before).toContain(`action="${PAGE}/xac-nhan"`);

    const res = await post(`${PAGE}/xac-nhan`, { csrf, unit: 'TTRA', kind: 'xong', note: '  nộp   bản giấy ' }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(PAGE);
    const c = await h.confirmation('H8', '2023-09-25', 'TTRA');
    expect(c?.received).toEqual({ at: new Date('2023-09-27T02:00:00Z').toISOString(), by: { id: 'telegram:1001', name: ADMIN.name }, chat: 'web:telegram:1001' });
    expect(c?.completed).toEqual(c?.received);
    const [entry] = await h.stores.audit.recent(1);
    expect(entry).toMatchObject({ actor: { id: 'telegram:1001', name: ADMIN.name, chat: 'web:telegram:1001' }, action: 'confirm', subject: 'H8@2023-09-25#TTRA' });
    expect(entry?.detail).toMatchObject({ kind: 'xong', note: 'nộp bản giấy' });

    const row = rowOf(await (await get(PAGE, cookie)).text(), 'TTRA');
    expect(row).toContain('✔️ hoàn thành');
    expect(row).toContain(`${ADMIN.name}</strong> · 27/09/2023 09:00`);
    expect(row).toContain('Bảng điều khiển web');
    expect(row).toContain('Hủy xác nhận');
    expect(row).not.toContain('Xác nhận thay');
    expect(await h.ask('/tiendo H8')).toMatch(/✔️ TTRA — [^\n]*hoàn thành 27\/09\/2023 09:00 \(Chánh Văn phòng\)/);
  });

  it('undoes a confirmation; the audit keeps what was removed and /tiendo shows the unit missing', async () => {
    const { h, get, post, signIn, rowOf } = await setUp();
    const { cookie, csrf } = await signIn();
    await post(`${PAGE}/xac-nhan`, { csrf, unit: 'TTRA', kind: 'nhan', note: '' }, cookie);
    const made = await h.confirmation('H8', '2023-09-25', 'TTRA');
    expect(made).toBeDefined();
    const res = await post(`${PAGE}/huy`, { csrf, unit: 'TTRA' }, cookie);
    expect(res.status).toBe(303);
    expect(await h.confirmation('H8', '2023-09-25', 'TTRA')).toBeUndefined();
    const [entry] = await h.stores.audit.recent(1);
    expect(entry).toMatchObject({ action: 'undo-confirm', subject: 'H8@2023-09-25#TTRA', detail: { before: made } });
    expect(rowOf(await (await get(PAGE, cookie)).text(), 'TTRA')).toContain('chưa xác nhận');
    expect(await h.ask('/tiendo H8')).toMatch(/⏳ TTRA — /);
    // Undoing what is not there changes nothing and records nothing.
    await post(`${PAGE}/huy`, { csrf, unit: 'TTRA' }, cookie);
    expect((await h.stores.audit.recent(10)).filter((e) => e.action === 'undo-confirm')).toHaveLength(1);
  });

  it('refuses a unit that is not responsible, a bad kind, a viewer, and a POST without the CSRF token', async () => {
    const { h, get, post, signIn, rowOf } = await setUp();
    const admin = await signIn();
    expect((await post(`${PAGE}/xac-nhan`, { csrf: admin.csrf, unit: 'XYZ', kind: 'xong' }, admin.cookie)).status).toBe(400);
    expect((await post(`${PAGE}/xac-nhan`, { csrf: admin.csrf, unit: 'TTRA', kind: 'gi' }, admin.cookie)).status).toBe(400);
    expect((await post(`${PAGE}/xac-nhan`, { unit: 'TTRA', kind: 'xong' }, admin.cookie)).status).toBe(403);
    const viewer = await signIn(VIEWER);
    expect((await post(`${PAGE}/xac-nhan`, { csrf: viewer.csrf, unit: 'TTRA', kind: 'xong' }, viewer.cookie)).status).toBe(403);
    expect(await h.confirmation('H8', '2023-09-25', 'TTRA')).toBeUndefined();
    await post(`${PAGE}/xac-nhan`, { csrf: admin.csrf, unit: 'TTRA', kind: 'xong' }, admin.cookie);
    expect((await post(`${PAGE}/huy`, { csrf: viewer.csrf, unit: 'TTRA' }, viewer.cookie)).status).toBe(403);
    expect((await post(`${PAGE}/huy`, { unit: 'TTRA' }, admin.cookie)).status).toBe(403);
    expect(await h.confirmation('H8', '2023-09-25', 'TTRA')).toBeDefined();
    // A viewer sees the states but no form.
    const page = await (await get(PAGE, viewer.cookie)).text();
    expect(rowOf(page, 'TTRA')).toContain('✔️ hoàn thành');
    expect(page).not.toContain('Xác nhận thay');
    expect(page).not.toContain('Hủy xác nhận');
  });

  it('renders a hostile unit name, task and note-taker as text', async () => {
    const org = JSON.parse(readFileSync(join(DATA_DIR, 'org.json'), 'utf8'));
    const ttra = org.units.find((u: { code: string }) => u.code === 'TTRA');
    ttra.name = `Thanh tra ${HOSTILE}`;
    const plan = JSON.parse(readFileSync(join(DATA_DIR, 'plans', 'bac-giang-2023.json'), 'utf8'));
    plan.deadlines.find((d: { id: string }) => d.id === 'H8').task = `Việc ${HOSTILE}`;
    const { get, signIn } = await setUp(buildContent('org.json', org, [{ file: 'plans/bac-giang-2023.json', raw: plan }]));
    const { cookie } = await signIn();
    const page = await (await get(PAGE, cookie)).text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('Thanh tra &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(page).toContain('Việc &lt;script&gt;');
  });
});
