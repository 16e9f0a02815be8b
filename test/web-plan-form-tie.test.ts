/**
 * A plan's registration forms in the web console: the plan page lists them with their columns;
 * the editor of a published plan and the review page of a staged one keep them unchanged when the
 * office edits other fields; the review page ties a form to a deadline or unties it (CSRF-checked,
 * audited, a stale or wrong choice refused with nothing changed); a removed deadline unties its
 * form; publishing keeps the tie.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { setUp } from './web-plan-fixture.js';

const TEMPLATE = readFileSync(join(ROOT, 'test', 'fixtures', 'forms', 'word-tab.txt'), 'utf8');
type RawPlan = { forms?: Array<{ appendix: string; deadline: string | null; columns: string[] }>; deadlines: Array<{ id: string; task: string }> };

describe('forms on the plan pages', () => {
  it('the plan page lists the form with its columns and deadline', async () => {
    const { get, signIn } = await setUp('2023-09-20T09:00:00+07:00');
    const admin = await signIn();
    const page = await (await get('/ke-hoach/bac-giang-2023', admin.cookie)).text();
    expect(page).toContain('<h2 id="mau-dang-ky">Mẫu đăng ký (1)</h2>');
    expect(page).toMatch(/<span class="tag">Phụ lục II<\/span><strong>Đăng ký hoạt động triển khai hưởng ứng “Tháng Dân vận” năm 2023<\/strong>/);
    expect(page).toContain('<li>Đối tượng thực hiện hoặc đối tượng thụ hưởng</li>');
    expect(page).toMatch(/Nộp theo hạn <a href="#h-H8">H8<\/a> — Đăng ký hoạt động hưởng ứng/);
    expect(await (await get('/ke-hoach/tay-ninh-2023', admin.cookie)).text()).not.toContain('Mẫu đăng ký (');
  });

  it('editing a published plan (a deadline, a slogan, the title) keeps its forms as they were', async () => {
    const { h, post, signIn } = await setUp('2023-09-20T09:00:00+07:00');
    const admin = await signIn();
    const formsNow = () => structuredClone(h.content.plans.find((p) => p.id === 'bac-giang-2023')!.forms);
    const before = formsNow();
    expect(before).toHaveLength(1);
    const h8 = h.content.deadline('H8')!;
    const edit = { csrf: admin.csrf, task: `${h8.task} (sửa)`, due: '27/09/2023', unitsText: h8.assignees.join(', '), reportTo: h8.reportTo ?? '' };
    expect((await post('/ke-hoach/bac-giang-2023/sua/han/H8/sua', edit, admin.cookie)).status).toBe(303);
    const slogans = h.content.plans.find((p) => p.id === 'bac-giang-2023')!.slogans;
    expect((await post('/ke-hoach/bac-giang-2023/sua/khau-hieu/1/sua', { csrf: admin.csrf, was: slogans[0]!, slogan: 'Dân vận khéo' }, admin.cookie)).status).toBe(303);
    expect((await post('/ke-hoach/bac-giang-2023/sua/tieu-de', { csrf: admin.csrf, title: 'Tháng Dân vận 2023', from: '', to: '' }, admin.cookie)).status).toBe(303);
    expect(h.content.deadline('H8')!.due).toBe('2023-09-27');
    expect(formsNow()).toEqual(before);
    // Chat still offers the form for H8.
    expect(await h.ask('/deadline H8')).toContain('/dangkyhd H8');
  });
});

describe('tying a form on the review page', () => {
  async function staged() {
    const s = await setUp('2027-03-15T09:00:00+07:00');
    const admin = await s.signIn();
    expect((await s.upload('hoi-thi.txt', TEMPLATE, admin)).status).toBe(303);
    const plan = async () => (await s.draft('I1'))!.plan as unknown as RawPlan;
    return { ...s, admin, plan };
  }

  it('shows the form with a select of deadlines; ties it to another deadline, unties it, ties it back; each audited', async () => {
    const { get, post, admin, plan, audited } = await staged();
    const [office, units] = (await plan()).deadlines.map((d) => d.id);
    expect((await plan()).forms).toEqual([expect.objectContaining({ appendix: 'Phụ lục 02', deadline: units })]);
    const page = await (await get('/ke-hoach/duyet/I1', admin.cookie)).text();
    expect(page).toContain('action="/ke-hoach/duyet/I1/mau/1/han"');
    expect(page).toMatch(new RegExp(`<option value="${units}" selected>${units} — Đăng ký danh sách thí sinh`));
    expect(page).toContain('<li>Số điện thoại</li>');

    const tie = (deadline: string, was = 'Phụ lục 02') => post('/ke-hoach/duyet/I1/mau/1/han', { csrf: admin.csrf, was, deadline }, admin.cookie);
    const res = await tie(office!);
    expect(res.headers.get('location')).toBe('/ke-hoach/duyet/I1?ok=form-tie#mau-dang-ky');
    expect((await plan()).forms![0]!.deadline).toBe(office);
    expect((await tie('')).status).toBe(303);
    expect((await plan()).forms![0]!.deadline).toBeNull();
    expect(await (await get('/ke-hoach/duyet/I1', admin.cookie)).text()).toContain('Chưa gắn với hạn nào');
    expect((await tie(units!.toLowerCase())).status).toBe(303);
    expect((await plan()).forms![0]!.deadline).toBe(units);
    const lines = (await audited('plan-draft-edit')).map((l) => l.detail);
    expect(lines).toEqual([
      { what: 'form-tie', before: { appendix: 'Phụ lục 02', deadline: units }, after: { appendix: 'Phụ lục 02', deadline: office } },
      { what: 'form-tie', before: { appendix: 'Phụ lục 02', deadline: office }, after: { appendix: 'Phụ lục 02', deadline: null } },
      { what: 'form-tie', before: { appendix: 'Phụ lục 02', deadline: null }, after: { appendix: 'Phụ lục 02', deadline: units } },
    ]);
  });

  it('refuses a deadline the plan has not, a stale page and a post without CSRF token, changing nothing', async () => {
    const { post, admin, plan, audited } = await staged();
    const units = (await plan()).forms![0]!.deadline;
    const unknown = await post('/ke-hoach/duyet/I1/mau/1/han', { csrf: admin.csrf, was: 'Phụ lục 02', deadline: 'H999' }, admin.cookie);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Kế hoạch không có hạn H999: chọn một hạn trong danh sách.');
    const stale = await post('/ke-hoach/duyet/I1/mau/1/han', { csrf: admin.csrf, was: 'Phụ lục 01', deadline: '' }, admin.cookie);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('Mẫu đăng ký này đã thay đổi hoặc bị xóa');
    expect((await post('/ke-hoach/duyet/I1/mau/2/han', { csrf: admin.csrf, was: 'Phụ lục 02', deadline: '' }, admin.cookie)).status).toBe(400);
    expect((await post('/ke-hoach/duyet/I1/mau/1/han', { was: 'Phụ lục 02', deadline: '' }, admin.cookie)).status).toBe(403);
    expect((await plan()).forms![0]!.deadline).toBe(units);
    expect(await audited('plan-draft-edit')).toEqual([]);
  });

  it('editing the tied deadline keeps the form; removing it unties the form; publishing keeps forms and ties', async () => {
    const { h, post, admin, plan } = await staged();
    const [office, units] = (await plan()).deadlines.map((d) => d.id);
    const edit = { csrf: admin.csrf, task: 'Đăng ký thí sinh (sửa)', due: '16/04/2027', unitsText: 'VP, TTRA', reportTo: '' };
    expect((await post(`/ke-hoach/duyet/I1/han/${units}/sua`, edit, admin.cookie)).status).toBe(303);
    expect((await plan()).forms).toEqual([expect.objectContaining({ deadline: units, columns: ['Họ và tên', 'Chức vụ', 'Đơn vị công tác', 'Số điện thoại', 'Ghi chú'] })]);
    expect((await post(`/ke-hoach/duyet/I1/han/${units}/xoa`, { csrf: admin.csrf }, admin.cookie)).status).toBe(303);
    expect((await plan()).forms![0]!.deadline).toBeNull();
    expect((await post('/ke-hoach/duyet/I1/mau/1/han', { csrf: admin.csrf, was: 'Phụ lục 02', deadline: office! }, admin.cookie)).status).toBe(303);
    const published = await post('/ke-hoach/duyet/I1/cong-bo', { csrf: admin.csrf }, admin.cookie);
    expect(published.status).toBe(303);
    const live = h.content.deadline(office!)!;
    expect(live.plan.forms).toEqual([expect.objectContaining({ appendix: 'Phụ lục 02', deadline: office })]);
    expect(await h.ask(`/deadline ${office}`)).toContain('📝 Hạn này có mẫu đăng ký: Phụ lục 02 — Mẫu đăng ký danh sách thí sinh Hội thi tìm hiểu pháp luật năm 2027');
  });
});
