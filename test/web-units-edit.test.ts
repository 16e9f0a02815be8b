/**
 * Adding and editing units on the Đơn vị pages, on every store: through the content editor
 * (audited before → after, live in chat at once: a new unit can be registered with /dangky, a
 * renamed one shows its new name), the code never changes, and every bad form is refused with a
 * Vietnamese message and changes nothing; hostile names render as text.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN } from './helpers.js';
import { storeFactories } from './stores.js';
import { HOSTILE, HOSTILE_ESCAPED, rowOf, unitsSetUp } from './web-units-setup.js';

const NEW_UNIT = { code: 'ttdv', name: 'Trung tâm Dịch vụ Kỹ thuật', kind: 'su-nghiep', aliases: 'TT Dịch vụ, Trung tâm DVKT, TT Dịch vụ', contact_name: 'Lê Văn Cường', contact_phone: '0912 345 678', contact_email: 'cuong@example.vn' };

describe.each(storeFactories)('Đơn vị edits ($name)', (store) => {
  it('adds a unit: audited, on its page, and chat can register a group to it at once', async () => {
    const { h, post, signIn, inGroup, text } = await unitsSetUp(store);
    const { cookie, csrf } = await signIn();
    expect(await text('/don-vi/them', cookie)).toContain('action="/don-vi/them"');
    const res = await post('/don-vi/them', { csrf, ...NEW_UNIT }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/don-vi/TTDV?tb=them');
    const unit = { code: 'TTDV', name: NEW_UNIT.name, kind: 'su-nghiep', aliases: ['TT Dịch vụ', 'Trung tâm DVKT'], contact: { name: 'Lê Văn Cường', phone: '0912 345 678', email: 'cuong@example.vn' } };
    expect(h.content.unit('TTDV')).toEqual(unit);
    const [entry] = await h.stores.audit.recent(1);
    expect(entry).toMatchObject({ action: 'unit-add', subject: 'TTDV', actor: { id: 'telegram:1001', chat: 'web:telegram:1001' }, detail: { after: unit } });
    const page = await text('/don-vi/TTDV?tb=them', cookie);
    expect(page).toContain('Đã thêm đơn vị');
    expect(page).toContain('<a href="tel:0912345678">0912 345 678</a>');
    expect(page).toContain('Đơn vị chưa có nhóm chat nào nhận tin của Loa');
    expect(rowOf(await text('/don-vi', cookie), 'unit', 'TTDV')).toContain('Trung tâm Dịch vụ Kỹ thuật');
    // Chat sees it at once: by its code and by an alias.
    expect(await inGroup('-50', 'Tổ Dịch vụ', '/dangky TTDV', ADMIN)).toContain('Đã đăng ký: nhóm chat này thuộc đơn vị Trung tâm Dịch vụ Kỹ thuật (TTDV)');
    expect(await inGroup('-51', 'Tổ 2', '/dangky trung tam dvkt', ADMIN)).toContain('(TTDV)');
    expect(await h.ask('/donvi')).toContain('TTDV — Trung tâm Dịch vụ Kỹ thuật (2 nhóm chat)');
    expect(rowOf(await text('/don-vi/TTDV', cookie), 'chat', 'telegram:-50')).toContain('Tổ Dịch vụ');
  });

  it('edits a unit (name, kind, aliases, contact; never the code): audited before → after, chat shows the new name', async () => {
    const { h, post, signIn, text } = await unitsSetUp(store);
    await h.ask('/dangky TTRA');
    const { cookie, csrf } = await signIn();
    const before = h.content.unit('TTRA');
    const form = await text('/don-vi/TTRA', cookie);
    expect(form).toContain('action="/don-vi/TTRA/sua"');
    expect(form).toContain('value="Thanh tra, Thanh tra Sở"');
    const edit = { csrf, code: 'KHAC', name: 'Thanh tra Sở Khoa học', kind: 'phong', aliases: 'Thanh tra, Thanh tra KH&CN', contact_name: 'Bà Hoa', contact_phone: '', contact_email: '' };
    const res = await post('/don-vi/TTRA/sua', edit, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/don-vi/TTRA?tb=sua');
    const after = { code: 'TTRA', name: 'Thanh tra Sở Khoa học', kind: 'phong', aliases: ['Thanh tra', 'Thanh tra KH&CN'], contact: { name: 'Bà Hoa' } };
    expect(h.content.unit('TTRA')).toEqual(after);
    expect(h.content.unit('KHAC')).toBeUndefined();
    const [entry] = await h.stores.audit.recent(1);
    expect(entry).toMatchObject({ action: 'unit-edit', subject: 'TTRA', detail: { before, after } });
    const log = await text('/nhat-ky?action=unit-edit', cookie);
    expect(log).toContain('<td>Sửa đơn vị</td>');
    expect(log).toContain('Thanh tra Sở Khoa học');
    expect(await h.ask('/dangky')).toContain('Thanh tra Sở Khoa học (TTRA)');
    expect(await h.ask('/donvi')).toContain('TTRA — Thanh tra Sở Khoa học');
    expect(await h.ask('/tiendo H8')).toContain('Thanh tra Sở Khoa học');
    // Removing the contact and every alias.
    await post('/don-vi/TTRA/sua', { ...edit, aliases: ' , ', contact_name: '' }, cookie);
    expect(h.content.unit('TTRA')).toEqual({ code: 'TTRA', name: 'Thanh tra Sở Khoa học', kind: 'phong', aliases: [] });
  });

  it('refuses a bad form with a clear message, keeps what was typed, and changes nothing', async () => {
    const { h, post, signIn } = await unitsSetUp(store);
    const { cookie, csrf } = await signIn();
    const units = h.content.org.units.length;
    const audits = (await h.stores.audit.recent(100)).length;
    const add = async (form: Record<string, string>) => {
      const res = await post('/don-vi/them', { csrf, ...NEW_UNIT, ...form }, cookie);
      expect(res.status).toBe(400);
      return res.text();
    };
    expect(await add({ code: 'VP' })).toContain('Đã có đơn vị mã VP (Văn phòng Sở)');
    expect(await add({ code: '1AB' })).toContain('Mã đơn vị “1AB” không hợp lệ');
    expect(await add({ code: 'ĐV' })).toContain('không hợp lệ: 1–12 chữ in hoa');
    expect(await add({ code: '' })).toContain('Mã đơn vị “” không hợp lệ');
    expect(await add({ code: 'ABCDEFGHIJKLM' })).toContain('không hợp lệ');
    expect(await add({ code: HOSTILE })).toContain('không hợp lệ');
    expect(await add({ name: '   ' })).toContain('Tên đơn vị không được để trống.');
    expect(await add({ name: 'x'.repeat(20_000) })).toContain('Tên đơn vị dài quá 200 ký tự.');
    expect(await add({ kind: '' })).toContain('Loại đơn vị không được để trống');
    expect(await add({ aliases: 'Thanh tra' })).toContain('Tên gọi “Thanh tra” trùng với đơn vị Thanh tra Sở (TTRA)');
    expect(await add({ aliases: 'thanh TRA so' })).toContain('trùng với đơn vị Thanh tra Sở (TTRA)');
    expect(await add({ aliases: 'ttkhcn' })).toContain('trùng với đơn vị Trung tâm Khoa học và Công nghệ (TTKHCN)');
    expect(await add({ name: 'Văn phòng' })).toContain('Tên gọi “Văn phòng” trùng với đơn vị Văn phòng Sở (VP)');
    expect(await add({ aliases: 'Các phòng chuyên môn' })).toContain('trùng với nhóm đơn vị “Các phòng thuộc Sở”');
    expect(await add({ contact_name: '' })).toContain('Cần tên người liên hệ');
    expect(await add({ contact_phone: 'gọi tôi' })).toContain('Số điện thoại của người liên hệ không hợp lệ.');
    expect(await add({ contact_email: 'a@b' })).toContain('Địa chỉ e-mail của người liên hệ không hợp lệ.');
    const kept = await add({ code: 'VP' });
    expect(kept).toContain('value="Trung tâm Dịch vụ Kỹ thuật"');
    expect(kept).toContain('value="cuong@example.vn"');

    const edit = async (form: Record<string, string>) => {
      const res = await post('/don-vi/TTRA/sua', { csrf, name: 'Thanh tra Sở', kind: 'phong', aliases: 'Thanh tra', ...form }, cookie);
      expect(res.status).toBe(400);
      return res.text();
    };
    expect(await edit({ aliases: 'Chi cục' })).toContain('Tên gọi “Chi cục” trùng với đơn vị Chi cục Tiêu chuẩn Đo lường Chất lượng (CCTDC)');
    expect(await edit({ name: 'Phòng QLKH' })).toContain('trùng với đơn vị Phòng Quản lý Khoa học (QLKH)');
    expect(await edit({ name: '' })).toContain('Tên đơn vị không được để trống.');
    expect(await edit({ aliases: Array.from({ length: 31 }, (_, i) => `Tên ${i}`).join(',') })).toContain('Nhiều nhất 30 tên gọi khác');
    expect((await post('/don-vi/KHONGCO/sua', { csrf, name: 'A', kind: 'b' }, cookie)).status).toBe(404);

    expect(h.content.org.units).toHaveLength(units);
    expect(h.content.unit('TTRA')).toMatchObject({ name: 'Thanh tra Sở', aliases: ['Thanh tra', 'Thanh tra Sở'] });
    expect(h.content.unit('TTDV')).toBeUndefined();
    expect(await h.stores.audit.recent(100)).toHaveLength(audits);
    const stored = (await h.stores.content.load()).org.raw as { units: unknown[] };
    expect(stored.units).toHaveLength(units);
  });

  it('renders hostile unit names, aliases, contacts and chat titles as text', async () => {
    const { h, post, signIn, inGroup, text } = await unitsSetUp(store);
    const { cookie, csrf } = await signIn();
    const res = await post('/don-vi/them', { csrf, code: 'XSS', name: `Đơn vị ${HOSTILE}`, kind: `loại ${HOSTILE}`, aliases: `bí danh ${HOSTILE}`, contact_name: `Ông ${HOSTILE}` }, cookie);
    expect(res.status).toBe(303);
    await inGroup('-66', `Nhóm ${HOSTILE}`, '/dangky XSS');
    await h.stores.bindings.bind({ channel: 'telegram', chatId: '-67' }, 'XSS', { id: 'x', name: `Người ${HOSTILE}` }, `Nhóm 2 ${HOSTILE}`);
    for (const path of ['/don-vi', '/don-vi/XSS', `/don-vi?q=${encodeURIComponent(HOSTILE)}`]) {
      const page = await text(path, cookie);
      expect(page).not.toContain('<script>alert');
      expect(page).not.toContain('<img src=x');
      expect(page).toContain(`Đơn vị ${HOSTILE_ESCAPED}`);
    }
    const list = await text('/don-vi', cookie);
    expect(list).toContain(`Nhóm ${HOSTILE_ESCAPED}`);
    const unit = await text('/don-vi/XSS', cookie);
    expect(unit).toContain(`Ông ${HOSTILE_ESCAPED}`);
    expect(unit).toContain(`Nhóm 2 ${HOSTILE_ESCAPED}`);
    expect(unit).toContain(`Người ${HOSTILE_ESCAPED}`);
    // A refused form shows the hostile text typed as text too.
    const refused = await (await post('/don-vi/them', { csrf, code: 'VP', name: HOSTILE, kind: 'x' }, cookie)).text();
    expect(refused).not.toContain('<script>alert');
    expect(refused).toContain(`value="${HOSTILE_ESCAPED}"`);
  });
});
