/** Nothing silently guessed (issue 13 item 9): unit phrases kept as written, confidence, the summary. */
import { describe, expect, it } from 'vitest';
import { planSchema } from '../src/core/plans.js';
import { importPlan } from '../src/importer/index.js';
import { importSummary } from '../src/importer/summary.js';
import { mapDraftPhrase, namedOrgs, NO_UNIT, unitOf, unmappedAssignees, unmappedRefusal } from '../src/importer/unmapped.js';
import { sampleContent } from './helpers.js';

describe('organisations named at the start of a text', () => {
  it('keeps each name as written, up to its verb; other words that start like a name are not one', () => {
    const cases: Array<[string, string[], boolean]> = [
      ['Sở Tư pháp chủ trì tổ chức hội nghị', ['Sở Tư pháp'], false],
      ['UBND các xã, phường tổ chức tuyên truyền', ['UBND các xã, phường'], false],
      ['Đoàn Thanh niên', ['Đoàn Thanh niên'], true],
      ['- Giao Sở Tư pháp, Sở Nội vụ phối hợp thực hiện', ['Sở Tư pháp', 'Sở Nội vụ'], false],
      ['Đoàn Thanh niên và Hội Cựu chiến binh tham gia', ['Đoàn Thanh niên', 'Hội Cựu chiến binh'], false],
      ['UBND các xã, phường (chủ trì)', ['UBND các xã, phường'], true],
      ['Trung tâm Văn hóa - Thể thao và Truyền thông huyện thực hiện', ['Trung tâm Văn hóa - Thể thao và Truyền thông huyện'], true],
      ['3. Đoàn Thanh niên Sở:', ['Đoàn Thanh niên Sở'], true],
      ['Các sở, ban, ngành tỉnh báo cáo kết quả', ['Các sở, ban, ngành tỉnh'], false],
      ['Báo cáo sơ kết 6 tháng gửi về Văn phòng', [], false],
      ['Tổ chức hội nghị tổng kết', [], false],
      ['Phòng, chống tham nhũng', [], false],
      ['Hội nghị sơ kết trước ngày 30/6/2027', [], false],
      ['Ban hành kế hoạch trước ngày 15/01/2027', [], false],
    ];
    for (const [text, names, whole] of cases) expect(namedOrgs(text), text).toEqual({ names, whole });
  });
});

const PLAN = `UBND TỈNH LAI CHÂU
SỞ KHOA HỌC VÀ CÔNG NGHỆ
Số: 18/KH-SKHCN
Lai Châu, ngày 12 tháng 01 năm 2027

KẾ HOẠCH
Tuyên truyền, phổ biến giáo dục pháp luật năm 2027

Sở Khoa học và Công nghệ xây dựng kế hoạch tuyên truyền, phổ biến giáo dục pháp luật năm 2027 như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức pháp luật của công chức, viên chức.

II. NỘI DUNG
STT\tNội dung\tCơ quan chủ trì\tThời gian thực hiện
1\tTổ chức hội nghị phổ biến Luật Khoa học, Công nghệ và Đổi mới sáng tạo\tVăn phòng Sở\tTrước ngày 31/3/2027
2\tCung cấp tài liệu phổ biến pháp luật cho cơ sở\tSở Tư pháp\tTrước ngày 30/4/2027
3\tTuyên truyền trên Cổng thông tin điện tử\tUBND các xã, phường (chủ trì)\tHoàn thành trước ngày 30/9/2027

III. TỔ CHỨC THỰC HIỆN
1. Hội Liên hiệp Phụ nữ tỉnh tổ chức cuộc thi tìm hiểu pháp luật, hoàn thành trước ngày 26/3/2027.
2. Thanh tra Sở báo cáo kết quả về Văn phòng Sở trước ngày 15/11.
3. Tổng kết, hoàn thành trước ngày 20/12/2027.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Lò Văn Minh

Nơi nhận:
- Như trên;
- Lưu: VT.
`;

describe('a plan naming units the organisation does not have', () => {
  it('keeps each phrase as written (table unit column, prose subject, none at all), with its quote and confidence', async () => {
    const { org } = await sampleContent();
    const { plan, warnings } = importPlan(PLAN, org);
    expect(plan.deadlines.map((d) => ({ due: d.due, assignees: d.assignees, quote: d.quote, confidence: d.confidence }))).toEqual([
      { due: '2027-03-31', assignees: ['VP'], quote: 'Trước ngày 31/3/2027', confidence: 'chắc chắn' },
      { due: '2027-04-30', assignees: ['Sở Tư pháp'], quote: 'Trước ngày 30/4/2027', confidence: 'cần xem lại' },
      { due: '2027-09-30', assignees: ['UBND các xã, phường'], quote: 'Hoàn thành trước ngày 30/9/2027', confidence: 'cần xem lại' },
      { due: '2027-03-26', assignees: ['Hội Liên hiệp Phụ nữ tỉnh'], quote: 'hoàn thành trước ngày 26/3/2027', confidence: 'cần xem lại' },
      { due: '2027-11-15', assignees: ['TTRA'], quote: 'trước ngày 15/11', confidence: 'cần xem lại' },
      { due: '2027-12-20', assignees: [NO_UNIT], quote: 'hoàn thành trước ngày 20/12/2027', confidence: 'cần xem lại' },
    ]);
    expect(warnings.filter((w) => w.startsWith('Chưa gán đơn vị')).map((w) => /“([^”]+)”/.exec(w)![1])).toEqual(['Sở Tư pháp', 'UBND các xã, phường', 'Hội Liên hiệp Phụ nữ tỉnh', NO_UNIT]);
    expect(planSchema.safeParse(plan).success).toBe(true);
    expect(unmappedAssignees(plan.deadlines, unitOf(org)).map((u) => u.phrase)).toEqual(['Sở Tư pháp', 'UBND các xã, phường', 'Hội Liên hiệp Phụ nữ tỉnh', NO_UNIT]);

    // The summary: the items to look at again first, then the phrases to map.
    const summary = importSummary({ unit: (c) => org.units.find((u) => u.code === c) }, { plan, warnings, titled: true });
    const at = (s: string) => summary.indexOf(s);
    expect(at('🔎 Cần xem lại (5):')).toBeGreaterThan(0);
    expect(at(`- ${plan.deadlines[1]!.id} · 30/04/2027`)).toBeGreaterThan(at('🔎 Cần xem lại'));
    expect(at('✔️ Chắc chắn (1):')).toBeGreaterThan(at(`- ${plan.deadlines[5]!.id} · 20/12/2027`));
    expect(at(`- ${plan.deadlines[0]!.id} · 31/03/2027`)).toBeGreaterThan(at('✔️ Chắc chắn'));
    expect(summary).toContain(`🏷️ Cần gán đơn vị (4) trước khi công bố:\n- “Sở Tư pháp” (hạn ${plan.deadlines[1]!.id})`);
    expect(unmappedRefusal(plan.deadlines, org, 'I7')).toMatch(/^còn 4 cụm từ chưa gán đơn vị: “Sở Tư pháp” \(hạn H\d+\);[^]*\/gan I7 "cụm từ" MÃ_ĐƠN_VỊ/);
  });

  it('mapping a phrase in a draft: units put in its place; dropping it removes the deadlines left with no unit and retires their ids', () => {
    const plan: Record<string, unknown> = {
      deadlines: [
        { id: 'H1', assignees: ['Sở Tư pháp'], reportTo: null },
        { id: 'H2', assignees: ['VP', 'Sở Tư pháp'], reportTo: 'Sở Tư pháp' },
        { id: 'H3', assignees: ['Đoàn Thanh niên'], reportTo: 'VP' },
      ],
    };
    expect(mapDraftPhrase(plan, '"so tu  PHAP"', ['TTRA'])).toEqual({ phrase: 'Sở Tư pháp', changed: ['H1', 'H2'], removed: [] });
    expect(plan.deadlines).toEqual([
      { id: 'H1', assignees: ['TTRA'], reportTo: null },
      { id: 'H2', assignees: ['VP'], reportTo: 'TTRA' },
      { id: 'H3', assignees: ['Đoàn Thanh niên'], reportTo: 'VP' },
    ]);
    expect(mapDraftPhrase(plan, 'Đoàn Thanh niên', [])).toEqual({ phrase: 'Đoàn Thanh niên', changed: [], removed: ['H3'] });
    expect(plan.retiredDeadlines).toEqual(['H3']);
    expect(() => mapDraftPhrase(plan, 'Sở Nội vụ', ['VP'])).toThrow(/Kế hoạch không có cụm từ “Sở Nội vụ”/);
  });
});
