/**
 * Correcting a staged plan's draft (deadlines, slogans, title and period, phrases mapped to a unit
 * or a unit created for them), publishing it (live at once in chat; once only; under a free id
 * when a plan published since took its id), `/congbo` in chat publishing a corrected draft, and
 * editing a published plan through the content editor. Through Hono's `app.request()`.
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { contentEditor } from '../src/core/content-editor.js';
import { NO_UNIT } from '../src/importer/unmapped.js';
import { createEngine } from '../src/core/dispatcher.js';
import { ADMIN, silentLogger } from './helpers.js';
import { storeFactories, type StoreFactory } from './stores.js';
import { cardOf, HOSTILE, planText, setUp } from './web-plan-fixture.js';

type D = { id: string; task: string; due: string | null; recurrence: unknown; assignees: string[]; reportTo: string | null };

/** An upload of the sample plan text, and its deadlines' ids. */
async function uploaded(text = planText(), store?: StoreFactory) {
  const s = await setUp(undefined, store);
  const admin = await s.signIn();
  expect((await s.upload('ke-hoach.txt', text, admin)).status).toBe(303);
  /** What the office does first (importer-unmapped tests show the forms): the deadline that names no unit goes to VP. */
  const settle = async (code: string) => {
    const d = (await s.draft(code))!;
    for (const x of d.plan.deadlines as D[]) x.assignees = x.assignees.map((a) => (a === NO_UNIT ? 'VP' : a));
    await s.h.stores.content.updateStagedPlan(code, d);
  };
  await settle('I1');
  const deadlines = async (code = 'I1') => (await s.draft(code))!.plan.deadlines as D[];
  const ids = (await deadlines()).map((d) => d.id);
  return { ...s, admin, deadlines, ids, settle };
}

describe('correcting a staged plan', () => {
  it('edits a deadline (task, date, units, report-to), adds and removes one; each change audited, each bad value refused with the draft unchanged', async () => {
    const { post, get, admin, draft, deadlines, ids, audited } = await uploaded();
    const [first, second] = ids as [string, string];
    const edit = (id: string, form: Record<string, string | string[]>) => post(`/ke-hoach/duyet/I1/han/${id}/sua`, { csrf: admin.csrf, ...form }, admin.cookie);
    const res = await edit(second, { task: 'Thanh tra Sở kiểm tra công vụ', due: '20/01/2027', repeat: '', units: ['TTRA', 'VP'], unitsText: 'Phòng QLKH', reportTo: 'Văn phòng Sở' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/ke-hoach/duyet/I1?ok=deadline-edit#h-${second}`);
    // VP receives the report, so it is not among those who send it.
    expect((await deadlines())[1]).toMatchObject({ id: second, task: 'Thanh tra Sở kiểm tra công vụ', due: '2027-01-20', recurrence: null, assignees: ['TTRA', 'QLKH'], reportTo: 'VP' });
    const [line] = await audited('plan-draft-edit');
    expect(line).toMatchObject({ subject: 'I1', detail: { what: 'deadline-edit', before: { due: '2027-06-15', assignees: ['TTRA'] }, after: { due: '2027-01-20' } } });
    const page = await (await get(`/ke-hoach/duyet/I1?ok=deadline-edit`, admin.cookie)).text();
    expect(page).toContain('Đã lưu hạn.');
    expect(cardOf(page, second)).toContain('20/01/2027');
    expect(cardOf(page, second)).toContain('Báo cáo về: Văn phòng Sở');

    const before = await draft('I1');
    const refusals: Array<[Record<string, string | string[]>, RegExp]> = [
      [{ task: 'x', due: '31/02/2027', units: 'VP' }, /Ngày hạn “31\/02\/2027” không hợp lệ: nhập ngày dạng dd\/mm\/yyyy/],
      [{ task: 'x', due: 'mai', units: 'VP' }, /Ngày hạn “mai” không hợp lệ/],
      [{ task: 'x', due: '', units: 'VP' }, /Nhập ngày hạn/],
      [{ task: 'x', due: '01/02/2027', repeat: 'quy', units: 'VP' }, /không cả hai/],
      [{ task: 'x', repeat: 'nam-ngay', day: '30/02', units: 'VP' }, /Ngày trong năm “30\/02” không hợp lệ/],
      [{ task: 'x', repeat: 'hang-tuan', units: 'VP' }, /Kiểu thời hạn không hợp lệ/],
      [{ task: '  ', due: '01/02/2027', units: 'VP' }, /Nội dung công việc không được để trống/],
      [{ task: 'x'.repeat(501), due: '01/02/2027', units: 'VP' }, /quá dài \(tối đa 500 ký tự\)/],
      [{ task: 'x', due: '01/02/2027', units: 'XYZ' }, /Không có đơn vị “XYZ”/],
      [{ task: 'x', due: '01/02/2027', unitsText: 'VP, Phòng Ma, <b>' }, /Không có đơn vị “Phòng Ma”, “&lt;b&gt;”/],
      [{ task: 'x', due: '01/02/2027' }, /Chọn ít nhất một đơn vị thực hiện/],
    ];
    for (const [form, message] of refusals) {
      const refused = await edit(first, form);
      expect(refused.status, JSON.stringify(form)).toBe(400);
      const text = await refused.text();
      expect(text, JSON.stringify(form)).toMatch(message);
      expect(text).toContain('Không có gì bị thay đổi.');
    }
    expect((await edit('H999', { task: 'x', due: '01/02/2027', units: 'VP' })).status).toBe(400);
    expect(await draft('I1')).toEqual(before);
    expect(await audited('plan-draft-edit')).toHaveLength(1);

    // A yearly deadline added after every id in use; one removed.
    const added = await post('/ke-hoach/duyet/I1/han/them', { csrf: admin.csrf, task: 'Báo cáo năm', repeat: 'nam-ngay', day: '5/11', unitsText: 'Các phòng, đơn vị thuộc Sở' }, admin.cookie);
    expect(added.status).toBe(303);
    const now = await deadlines();
    const fresh = now.at(-1)!;
    expect(Number(fresh.id.slice(1))).toBe(Math.max(...ids.map((id) => Number(id.slice(1)))) + 1);
    expect(fresh).toMatchObject({ task: 'Báo cáo năm', due: null, recurrence: { freq: 'yearly', month: 11, day: 5 }, });
    expect(fresh.assignees).toHaveLength(10);
    expect(cardOf(await (await get('/ke-hoach/duyet/I1', admin.cookie)).text(), fresh.id)).toContain('thêm tay');
    expect((await post(`/ke-hoach/duyet/I1/han/${first}/xoa`, { csrf: admin.csrf }, admin.cookie)).status).toBe(303);
    expect((await deadlines()).map((d) => d.id)).not.toContain(first);
    expect((await audited('plan-draft-edit')).map((e) => (e.detail as { what: string }).what)).toEqual(['deadline-edit', 'deadline-add', 'deadline-remove']);
  });

  it('sets the title and period; adds, edits and removes slogans (a duplicate or a stale form refused)', async () => {
    const { post, get, admin, draft } = await uploaded();
    const p = (path: string, form: Record<string, string>) => post(`/ke-hoach/duyet/I1${path}`, { csrf: admin.csrf, ...form }, admin.cookie);
    expect((await p('/tieu-de', { title: 'Chuyển đổi số 2027', from: '01/01/2027', to: '31/12/2027' })).status).toBe(303);
    expect((await draft('I1'))!.plan).toMatchObject({ title: 'Chuyển đổi số 2027', period: { from: '2027-01-01', to: '2027-12-31' } });
    expect(await (await p('/tieu-de', { title: 'x', from: '01/01/2027', to: '' })).text()).toMatch(/cần cả ngày bắt đầu và ngày kết thúc/);
    expect(await (await p('/tieu-de', { title: 'x', from: '01/12/2027', to: '01/01/2027' })).text()).toMatch(/Ngày bắt đầu phải trước/);
    expect((await p('/tieu-de', { title: '', from: '', to: '' })).status).toBe(400);
    expect((await p('/tieu-de', { title: 'Chuyển đổi số 2027', from: '', to: '' })).status).toBe(303);
    expect((await draft('I1'))!.plan.period).toBeUndefined();

    expect((await p('/khau-hieu/them', { slogan: '  Dân biết,   dân bàn ' })).status).toBe(303);
    expect((await draft('I1'))!.plan.slogans).toEqual(['Chuyển đổi số vì nhân dân phục vụ', 'Dân biết, dân bàn']);
    expect(await (await p('/khau-hieu/them', { slogan: 'dân BIẾT dân bàn' })).text()).toMatch(/đã có khẩu hiệu này/);
    expect((await p('/khau-hieu/2/sua', { was: 'Dân biết, dân bàn', slogan: 'Dân biết, dân bàn, dân làm' })).status).toBe(303);
    expect(await (await p('/khau-hieu/2/sua', { was: 'Dân biết, dân bàn', slogan: 'khác' })).text()).toMatch(/đã thay đổi hoặc bị xóa/);
    expect((await p('/khau-hieu/9/xoa', { was: 'x' })).status).toBe(400);
    expect((await p('/khau-hieu/1/xoa', { was: 'Chuyển đổi số vì nhân dân phục vụ' })).status).toBe(303);
    expect((await draft('I1'))!.plan.slogans).toEqual(['Dân biết, dân bàn, dân làm']);

    // Hostile words are kept as typed and shown as text.
    expect((await p('/tieu-de', { title: HOSTILE })).status).toBe(303);
    expect((await p('/khau-hieu/them', { slogan: HOSTILE })).status).toBe(303);
    expect((await p('/han/them', { task: HOSTILE, due: '01/12/2027', units: 'VP', reportTo: HOSTILE })).status).toBe(303);
    const page = await (await get('/ke-hoach/duyet/I1', admin.cookie)).text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('maps a phrase to an existing unit; an unknown unit is refused', async () => {
    const { post, admin, deadlines } = await uploaded();
    const map = (unit: string) => post('/ke-hoach/duyet/I1/don-vi', { csrf: admin.csrf, phrase: 'Ban Dân vận Tỉnh ủy', unit }, admin.cookie);
    expect(await (await map('Ban Ma')).text()).toMatch(/Không có đơn vị “Ban Ma”/);
    expect((await map('thanh tra')).status).toBe(303);
    expect((await deadlines())[0]).toMatchObject({ assignees: ['VP'], reportTo: 'TTRA' });
    expect((await map('VP')).status).toBe(400);
  });

  it('creates a unit for a phrase: the org gains it (audited, known in chat at once) and the draft uses it', async () => {
    const { h, post, get, admin, deadlines, audited } = await uploaded();
    const create = (form: Record<string, string>) => post('/ke-hoach/duyet/I1/don-vi/them', { csrf: admin.csrf, phrase: 'Ban Dân vận Tỉnh ủy', kind: 'phong', ...form }, admin.cookie);
    expect(await (await create({ code: 'vp' })).text()).toMatch(/Đã có đơn vị mã VP/);
    expect(await (await create({ code: 'BAN DV' })).text()).toMatch(/Mã đơn vị “BAN DV” không hợp lệ/);
    expect(await (await create({ code: 'BDV', kind: 'ban' })).text()).toMatch(/Loại đơn vị không hợp lệ/);
    expect(await (await create({ code: 'BDV', name: 'Thanh tra' })).text()).toMatch(/Tên gọi “Thanh tra” trùng với đơn vị Thanh tra Sở \(TTRA\)/);
    expect(h.content.unit('BDV')).toBeUndefined();
    const res = await create({ code: 'bdv', name: '' });
    expect(res.headers.get('location')).toMatch(/^\/ke-hoach\/duyet\/I1\?ok=unit-add#/);
    expect(h.content.unit('BDV')).toMatchObject({ code: 'BDV', name: 'Ban Dân vận Tỉnh ủy', kind: 'phong' });
    expect((await deadlines())[0]!.reportTo).toBe('BDV');
    expect((await audited('unit-add'))[0]).toMatchObject({ subject: 'BDV', detail: { after: { code: 'BDV', aliases: [] }, from: '/ke-hoach/duyet/I1' } });
    expect(await h.ask('/donvi')).toContain('BDV');
    const page = await (await get('/ke-hoach/duyet/I1?ok=unit-add', admin.cookie)).text();
    expect(page).toContain('Đã tạo đơn vị mới và gán vào kế hoạch.');
    expect(page).not.toContain('Cụm từ chưa gắn với đơn vị nào');
  });
});

describe.each(storeFactories)('publishing on the $name store', (store) => {
  it('publishes the corrected draft: /deadline in chat shows it at once; a second press does nothing twice', async () => {
    const { h, post, get, admin, ids, audited } = await uploaded(planText(), store);
    const second = ids[1]!;
    await post(`/ke-hoach/duyet/I1/han/${second}/sua`, { csrf: admin.csrf, task: 'Thanh tra Sở kiểm tra công vụ đợt 1', due: '20/01/2027', units: 'TTRA' }, admin.cookie);
    const plans = h.content.plans.length;
    const res = await post('/ke-hoach/duyet/I1/cong-bo', { csrf: admin.csrf }, admin.cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ke-hoach/ha-giang-2027-tuyen-truyen-chuyen-doi/sua?ok=cong-bo');
    expect(h.content.plans).toHaveLength(plans + 1);
    const answer = await h.ask(`/deadline ${second}`);
    expect(answer).toContain(`Hạn ${second}: Thanh tra Sở kiểm tra công vụ đợt 1`);
    expect(answer).toContain('20/01/2027');
    expect(await h.ask('/deadline tatca')).toContain('Thanh tra Sở kiểm tra công vụ đợt 1');
    expect((await audited('publish-plan'))[0]).toMatchObject({ subject: 'ha-giang-2027-tuyen-truyen-chuyen-doi', detail: { staged: 'I1', draft: true, replaces: null } });
    const edit = await (await get('/ke-hoach/ha-giang-2027-tuyen-truyen-chuyen-doi/sua?ok=cong-bo', admin.cookie)).text();
    expect(edit).toContain('Đã công bố kế hoạch');

    const again = await post('/ke-hoach/duyet/I1/cong-bo', { csrf: admin.csrf }, admin.cookie);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('Không có kế hoạch chờ duyệt mã I1');
    expect(h.content.plans).toHaveLength(plans + 1);
    expect(await audited('publish-plan')).toHaveLength(1);
  });

  it('two drafts with the same id: the second is published under a free id, its deadline ids renumbered, its corrections kept', async () => {
    const { h, upload, post, admin, deadlines, settle } = await uploaded(planText(), store);
    await upload('b.txt', planText('Tuyên truyền chuyển đổi số quý II năm 2027'), admin);
    await settle('I2');
    const [a, b] = [await deadlines('I1'), await deadlines('I2')];
    expect(b.map((d) => d.id)).toEqual(a.map((d) => d.id));
    await post(`/ke-hoach/duyet/I2/han/${b[0]!.id}/sua`, { csrf: admin.csrf, task: 'Báo cáo quý II', due: '30/06/2027', units: 'VP' }, admin.cookie);
    expect((await post('/ke-hoach/duyet/I1/cong-bo', { csrf: admin.csrf }, admin.cookie)).status).toBe(303);
    const res = await post('/ke-hoach/duyet/I2/cong-bo', { csrf: admin.csrf }, admin.cookie);
    expect(res.headers.get('location')).toBe('/ke-hoach/ha-giang-2027-tuyen-truyen-chuyen-doi-2/sua?ok=cong-bo');
    const second = h.content.plans.find((p) => p.id === 'ha-giang-2027-tuyen-truyen-chuyen-doi-2')!;
    expect(second.deadlines[0]).toMatchObject({ task: 'Báo cáo quý II', due: '2027-06-30' });
    const all = h.content.deadlines.map((d) => d.id);
    expect(new Set(all).size).toBe(all.length);
  });

  it('a changed text of a plan Loa has replaces it: same id, unchanged deadlines keep their ids', async () => {
    const s = await setUp('2023-09-20T09:00:00+07:00', store);
    const admin = await s.signIn();
    const text = (await s.h.stores.content.planText('bac-giang-2023'))!.replace('trước ngày 28/10/2023', 'trước ngày 31/10/2023');
    expect((await s.upload('bac-giang-sua.txt', text, admin)).status).toBe(303);
    expect(await (await s.get('/ke-hoach/duyet/I1', admin.cookie)).text()).toContain('Thay thế kế hoạch đã có “Triển khai các hoạt động “Tháng Dân vận” năm 2023” (mã bac-giang-2023)');
    const res = await s.post('/ke-hoach/duyet/I1/cong-bo', { csrf: admin.csrf }, admin.cookie);
    expect(res.headers.get('location')).toBe('/ke-hoach/bac-giang-2023/sua?ok=cong-bo');
    expect(s.h.content.plans).toHaveLength(5);
    expect(s.h.content.deadline('H8')?.due).toBe('2023-09-25');
    expect(s.h.content.deadlines.some((d) => d.plan.id === 'bac-giang-2023' && d.due === '2023-10-31')).toBe(true);
    expect((await s.audited('publish-plan'))[0]).toMatchObject({ subject: 'bac-giang-2023', detail: { replaces: 'bac-giang-2023' } });
    expect(await s.h.stores.content.planText('bac-giang-2023')).toBe(text);
  });

  it('a draft no longer valid (its unit removed since) is not published and stays to be corrected', async () => {
    const { h, post, admin, ids } = await uploaded(planText(), store);
    const editor = contentEditor(h.content, h.stores);
    const by = { id: 'telegram:1001', name: ADMIN.name };
    await editor.editOrg(by, (org) => {
      (org.units as unknown[]).push({ code: 'TAM', name: 'Tổ công tác tạm thời', kind: 'phong' });
      return { action: 'unit-add', subject: 'TAM' };
    });
    expect((await post(`/ke-hoach/duyet/I1/han/${ids[0]}/sua`, { csrf: admin.csrf, task: 'Báo cáo', due: '01/12/2027', units: 'TAM' }, admin.cookie)).status).toBe(303);
    await editor.editOrg(by, (org) => {
      org.units = (org.units as Array<{ code: string }>).filter((u) => u.code !== 'TAM');
      return { action: 'unit-remove', subject: 'TAM' };
    });
    const res = await post('/ke-hoach/duyet/I1/cong-bo', { csrf: admin.csrf }, admin.cookie);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Chưa công bố được: Còn 1 cụm từ chưa gán đơn vị: “TAM”/);
    expect((await h.stores.content.stagedPlans()).map((s) => s.code)).toEqual(['I1']);
    expect(h.content.plans.some((p) => p.id === 'ha-giang-2027-tuyen-truyen-chuyen-doi')).toBe(false);
  });

  it('/congbo in chat publishes the corrected draft, with one audit line', async () => {
    const { h, post, admin, ids, imports, audited } = await uploaded(planText(), store);
    await post(`/ke-hoach/duyet/I1/han/${ids[3]}/sua`, { csrf: admin.csrf, task: 'Hội nghị tổng kết', due: '15/12/2027', units: 'QLKH' }, admin.cookie);
    const engine = createEngine({ content: h.content, stores: h.stores, clock: h.clock, commands, adminIds: [`telegram:${ADMIN.id}`], botUsername: 'LoaBot', logger: silentLogger, imports });
    const chat = { channel: 'telegram' as const, chatId: ADMIN.id };
    const out = await engine.handle({ chat, chatType: 'private', user: ADMIN, text: '/congbo I1' }, 4096);
    expect(out[0]!.text).toMatch(/^✅ Đã công bố kế hoạch “Tuyên truyền chuyển đổi số năm 2027”/);
    expect(h.content.deadline(ids[3]!)).toMatchObject({ task: 'Hội nghị tổng kết', due: '2027-12-15', assignees: ['QLKH'] });
    const lines = await audited('publish-plan');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ actor: { id: ADMIN.id, chat: 'telegram:1001' }, detail: { draft: true } });
  });
});

describe('editing a published plan', () => {
  it('changes H8’s date and a slogan through the editor: chat sees it at once, audited before → after; bad values change nothing', async () => {
    const { h, get, post, signIn, audited } = await setUp('2023-09-20T09:00:00+07:00');
    const admin = await signIn();
    const page = await (await get('/ke-hoach/bac-giang-2023/sua', admin.cookie)).text();
    expect(cardOf(page, 'H8')).toContain('25/09/2023');
    expect(page).toContain('action="/ke-hoach/bac-giang-2023/sua/han/H8/sua"');
    const h8 = h.content.deadline('H8')!;
    const form = { csrf: admin.csrf, task: h8.task, due: '27/09/2023', unitsText: h8.assignees.join(', '), reportTo: h8.reportTo ?? '' };
    const res = await post('/ke-hoach/bac-giang-2023/sua/han/H8/sua', form, admin.cookie);
    expect(res.headers.get('location')).toBe('/ke-hoach/bac-giang-2023/sua?ok=deadline-edit#h-H8');
    expect(h.content.deadline('H8')?.due).toBe('2023-09-27');
    expect(await h.ask('/deadline H8')).toMatch(/Ngày: Thứ Tư, 27\/09\/2023/);
    expect((await audited('plan-edit'))[0]).toMatchObject({ subject: 'bac-giang-2023', detail: { what: 'deadline-edit', before: { id: 'H8', due: '2023-09-25' }, after: { id: 'H8', due: '2023-09-27' } } });

    const slogans = h.content.plans.find((p) => p.id === 'bac-giang-2023')!.slogans;
    expect((await post('/ke-hoach/bac-giang-2023/sua/khau-hieu/1/sua', { csrf: admin.csrf, was: slogans[0]!, slogan: 'Dân vận khéo' }, admin.cookie)).status).toBe(303);
    expect(h.content.plans.find((p) => p.id === 'bac-giang-2023')!.slogans[0]).toBe('Dân vận khéo');

    const refused = await post('/ke-hoach/bac-giang-2023/sua/han/H8/sua', { ...form, due: '32/09/2023' }, admin.cookie);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Ngày hạn “32/09/2023” không hợp lệ');
    expect(h.content.deadline('H8')?.due).toBe('2023-09-27');
    expect(await audited('plan-edit')).toHaveLength(2);
  });

  it('a removed deadline’s id is never given again: a new deadline does not inherit its confirmations', async () => {
    const { h, post, signIn } = await setUp('2023-09-20T09:00:00+07:00');
    const admin = await signIn();
    const ids = () => h.content.deadlines.map((d) => d.id);
    const last = `H${Math.max(...ids().map((id) => Number(id.slice(1))))}`;
    const plan = h.content.deadline(last)!.plan.id;
    const base = `/ke-hoach/${plan}/sua/han`;
    const add = { csrf: admin.csrf, task: 'Việc mới', due: '30/12/2023', unitsText: 'VP' };
    expect((await post(`${base}/${last}/xoa`, { csrf: admin.csrf }, admin.cookie)).status).toBe(303);
    expect(ids()).not.toContain(last);
    expect((await post(`${base}/them`, add, admin.cookie)).status).toBe(303);
    const added = `H${Number(last.slice(1)) + 1}`;
    expect(h.content.deadline(added)?.task).toBe('Việc mới');
    expect(h.content.deadline(last)).toBeUndefined();
    // Removed in turn, then another added: again a fresh id.
    expect((await post(`${base}/${added}/xoa`, { csrf: admin.csrf }, admin.cookie)).status).toBe(303);
    expect((await post(`${base}/them`, add, admin.cookie)).status).toBe(303);
    expect(h.content.deadline(`H${Number(last.slice(1)) + 2}`)?.task).toBe('Việc mới');
    expect(h.content.deadline(added)).toBeUndefined();
  });

  it('a viewer sees no form and gets 403; an unknown plan is a 404', async () => {
    const { get, post, signIn, h } = await setUp('2023-09-20T09:00:00+07:00');
    const viewer = await signIn({ id: '3003', name: 'Phó Giám đốc Sở' });
    const page = await (await get('/ke-hoach/bac-giang-2023/sua', viewer.cookie)).text();
    expect(page).toContain('H8');
    expect(page).not.toContain('action="/ke-hoach/bac-giang-2023/sua/');
    expect((await post('/ke-hoach/bac-giang-2023/sua/han/H8/xoa', { csrf: viewer.csrf }, viewer.cookie)).status).toBe(403);
    expect(h.content.deadline('H8')).toBeDefined();
    const admin = await signIn();
    expect((await get('/ke-hoach/khong-co/sua', admin.cookie)).status).toBe(404);
    expect((await post('/ke-hoach/khong-co/sua/han/H8/xoa', { csrf: admin.csrf }, admin.cookie)).status).toBe(404);
  });
});
