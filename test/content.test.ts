/**
 * The curated seed plans are the ground truth the importer will be measured against: every
 * deadline and slogan is checked here against the original texts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContent, ContentError } from '../src/core/content.js';
import { findUnit, resolveAssignees } from '../src/core/org.js';
import { DATA_DIR, sampleContent } from './helpers.js';

const ALL = ['VP', 'TTRA', 'KHTC', 'QLKH', 'QLCN', 'CCTDC', 'TTKHCN', 'TTTT', 'CDCS', 'CDTN'];

/** Every unit but the office, which collects the reports (it does not report to itself). */
const BUT_VP = ALL.filter((u) => u !== 'VP');

/** The deadlines Loa tracks: those of the plans issued for this organisation's units. */
const EXPECTED_DEADLINES = {
  H1: { plan: 'dak-nong-2022', due: null, recurrence: { freq: 'semiannual' }, assignees: ALL, reportTo: null },
  H2: { plan: 'dak-nong-2022', due: null, recurrence: { freq: 'yearly' }, assignees: ALL, reportTo: null },
  H5: { plan: 'quang-ngai-dan-van', due: null, recurrence: { freq: 'yearly', month: 11, day: 5 }, assignees: BUT_VP, reportTo: 'VP' },
  H6: { plan: 'quang-ngai-dan-van', due: '2023-11-05', recurrence: null, assignees: BUT_VP, reportTo: 'VP' },
  H7: { plan: 'quang-ngai-dan-van', due: '2025-10-25', recurrence: null, assignees: BUT_VP, reportTo: 'VP' },
  H8: { plan: 'bac-giang-2023', due: '2023-09-25', recurrence: null, assignees: ALL, reportTo: null },
  H9: { plan: 'bac-giang-2023', due: '2023-10-22', recurrence: null, assignees: BUT_VP, reportTo: 'VP' },
  H10: { plan: 'bac-giang-2023', due: '2023-09-30', recurrence: null, assignees: ['VP'], reportTo: 'Ban Dân vận Tỉnh ủy' },
  H11: { plan: 'bac-giang-2023', due: '2023-10-28', recurrence: null, assignees: ['VP'], reportTo: 'Ban Dân vận Tỉnh ủy' },
  H12: { plan: 'tay-ninh-2023', due: '2023-10-25', recurrence: null, assignees: ['CCTDC', 'TTKHCN'], reportTo: 'VP' },
  H13: { plan: 'tay-ninh-2023', due: '2023-10-31', recurrence: null, assignees: ['VP'], reportTo: 'Sở Nội vụ' },
};

/** The Bình Phước plan is a Sở VHTTDL's: kept for reference, its deadlines are its own units'. */
const REFERENCE_DEADLINES = {
  H3: { due: '2022-03-10', assignees: [] },
  H4: { due: '2022-10-15', assignees: [] },
};

const SLOGAN_COUNTS = {
  'dak-nong-2022': 1,
  'binh-phuoc-2022': 7,
  'quang-ngai-dan-van': 2,
  'bac-giang-2023': 9,
  'tay-ninh-2023': 0,
};

/** Movement and campaign names that must never be taken as slogans. */
const NOT_SLOGANS = ['Dân vận khéo', 'Tháng Dân vận', 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', 'Nghe dân nói', 'một cửa'];

function normalised(text: string): string {
  return text.replace(/<[^>]+>/g, ' ').replace(/[*]/g, '').replace(/\s+/g, ' ').replace(/ (["”])/g, '$1');
}

describe('seed plans (ground truth)', () => {
  it('has the five plans with every deadline of the texts, and no other', async () => {
    const content = await sampleContent();
    expect(content.plans.map((p) => p.id).sort()).toEqual(Object.keys(SLOGAN_COUNTS).sort());
    const got = Object.fromEntries(
      content.deadlines.map((d) => [d.id, { plan: d.plan.id, due: d.due, recurrence: d.recurrence, assignees: d.assignees, reportTo: d.reportTo }]),
    );
    expect(got).toEqual(EXPECTED_DEADLINES);
    // A plan's own list is the same objects' data, so /kehoach shows what /deadline tracks.
    for (const d of content.deadlines) expect(d.plan.deadlines.find((x) => x.id === d.id)!.assignees).toEqual(d.assignees);
  });

  it('keeps the Bình Phước plan (a Sở VHTTDL\'s) for reference: its deadlines are recorded, assigned to none of ours, not tracked', async () => {
    const content = await sampleContent();
    const bp = content.plans.find((p) => p.id === 'binh-phuoc-2022')!;
    expect(bp.reference).toBe(true);
    expect(bp.issuer).toMatch(/^Sở Văn hoá, Thể thao và Du lịch/);
    expect(Object.fromEntries(bp.deadlines.map((d) => [d.id, { due: d.due, assignees: d.assignees }]))).toEqual(REFERENCE_DEADLINES);
    expect(bp.implementation.flatMap((i) => i.units)).toEqual([]);
    expect(content.deadline('H3')).toBeUndefined();
    expect(content.deadlines.some((d) => d.plan === bp)).toBe(false);
    // Every other plan is a Sở KH&CN's, like the sample organisation.
    for (const p of content.plans.filter((x) => !x.reference)) expect(p.issuer, p.id).toMatch(/^Sở Khoa học và Công nghệ/);
  });

  it('never has a unit report to itself', async () => {
    const content = await sampleContent();
    for (const p of content.plans) {
      for (const d of p.deadlines) expect(d.reportTo === null || !d.assignees.includes(d.reportTo), `${p.id} ${d.id}`).toBe(true);
    }
  });

  it('quotes each deadline verbatim from its original text, with the date stated there', async () => {
    const content = await sampleContent();
    for (const d of content.plans.flatMap((plan) => plan.deadlines.map((x) => ({ ...x, plan })))) {
      const source = readFileSync(join(DATA_DIR, 'plans', d.plan.source!), 'utf8');
      expect(d.quote, d.id).toBeTruthy();
      expect(source.includes(d.quote!), `${d.id}: ${d.quote}`).toBe(true);
      if (d.due) {
        const [y, m, day] = d.due.split('-').map(Number);
        expect(d.quote!, d.id).toMatch(new RegExp(`0?${day}/0?${m}/${y}`));
      }
    }
  });

  it('has exactly the slogans of each text, each found in the text, none a movement name', async () => {
    const content = await sampleContent();
    for (const plan of content.plans) {
      expect(plan.slogans.length, plan.id).toBe(SLOGAN_COUNTS[plan.id as keyof typeof SLOGAN_COUNTS]);
      const source = normalised(readFileSync(join(DATA_DIR, 'plans', plan.source!), 'utf8'));
      for (const s of plan.slogans) {
        expect(source.includes(normalised(s)), `${plan.id}: ${s}`).toBe(true);
        expect(s.split(/\s+/).length, s).toBeGreaterThanOrEqual(5);
        expect(s).not.toMatch(/^["“”*\s]|\s$/);
        expect(NOT_SLOGANS.map((n) => n.toLowerCase())).not.toContain(s.toLowerCase());
      }
    }
    expect(content.slogans).toHaveLength(16);
  });

  it('keeps the nine Phụ lục I rows of the Bắc Giang plan in order', async () => {
    const plan = (await sampleContent()).plans.find((p) => p.id === 'bac-giang-2023')!;
    expect(plan.slogans[0]).toMatch(/^Chào mừng 93 năm/);
    expect(plan.slogans[3]).toBe('Dân vận khéo thì việc gì cũng thành công');
    expect(plan.slogans[8]).toMatch(/^Tiếp tục đẩy mạnh, nâng cao chất lượng/);
  });

  it('has title, issuer, date and signer for each plan', async () => {
    const byId = Object.fromEntries((await sampleContent()).plans.map((p) => [p.id, p]));
    expect(byId['dak-nong-2022']).toMatchObject({ issued: '2022-02', place: 'Đắk Nông', signer: { name: 'Nguyễn Viết Thuật' } });
    expect(byId['binh-phuoc-2022']).toMatchObject({ issued: '2022-03', title: 'Thực hiện công tác dân vận năm 2022', signer: { name: 'Trần Văn Chung' } });
    expect(byId['quang-ngai-dan-van']).toMatchObject({ issued: null, number: null, signer: { name: 'Trần Công Hòa' } });
    expect(byId['bac-giang-2023']).toMatchObject({ issued: '2023-09', signer: { name: 'Triệu Ngọc Trung' } });
    expect(byId['tay-ninh-2023']).toMatchObject({ issued: '2023-03-22', signer: { name: null } });
  });
});

describe('organisation', () => {
  it('maps plan phrases to unit codes through aliases and groups', async () => {
    const { org } = await sampleContent();
    expect(org.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(org.officeUnit).toBe('VP');
    expect(resolveAssignees(org, 'Văn phòng Sở')).toEqual(['VP']);
    expect(resolveAssignees(org, 'Các phòng, đơn vị trực thuộc Sở')).toEqual(ALL);
    expect(resolveAssignees(org, 'Các đơn vị sự nghiệp trực thuộc Sở')).toEqual(['TTKHCN', 'TTTT']);
    expect(resolveAssignees(org, 'Chi cục TĐC')).toEqual(['CCTDC']);
    expect(resolveAssignees(org, 'Ban Dân vận Tỉnh ủy')).toBeUndefined();
    expect(findUnit(org, 'van phong so')?.code).toBe('VP');
    expect(findUnit(org, 'ttkhcn')?.code).toBe('TTKHCN');
  });

  it('refuses bad data with a message naming the file and the field', async () => {
    const { org } = await sampleContent();
    const dup = { ...org, units: [...org.units, { ...org.units[0]! }] };
    expect(() => buildContent('org.json', dup, [])).toThrow(/org\.json: units\.10\.code: mã VP bị trùng/);
    expect(() => buildContent('org.json', { ...org, timezone: 'Mars/Olympus' }, [])).toThrow(/org\.json: timezone/);
    const plan = JSON.parse(readFileSync(join(DATA_DIR, 'plans', 'tay-ninh-2023.json'), 'utf8'));
    plan.deadlines[0].assignees = ['XYZ'];
    expect(() => buildContent('org.json', org, [{ file: 'x.json', raw: plan }])).toThrow(ContentError);
    expect(() => buildContent('org.json', org, [{ file: 'x.json', raw: plan }])).toThrow(/x\.json: deadlines\.0 \(H12\): đơn vị "XYZ"/);
    const twice = JSON.parse(readFileSync(join(DATA_DIR, 'plans', 'tay-ninh-2023.json'), 'utf8'));
    expect(() =>
      buildContent('org.json', org, [
        { file: 'a.json', raw: twice },
        { file: 'b.json', raw: { ...twice, id: 'other' } },
      ]),
    ).toThrow(/b\.json: deadlines\.0: mã hạn H12 trùng với a\.json/);
    expect(() => buildContent('org.json', org, [{ file: 'c.json', raw: { ...twice, deadlines: [{ ...twice.deadlines[0], due: '25/10/2023' }] } }])).toThrow(/c\.json/);
  });

  it('drops the unit a deadline reports to from its assignees (it collects, it does not report to itself)', async () => {
    const { org } = await sampleContent();
    const raw = JSON.parse(readFileSync(join(DATA_DIR, 'plans', 'tay-ninh-2023.json'), 'utf8'));
    raw.deadlines[0] = { ...raw.deadlines[0], assignees: ['VP', 'CCTDC', 'TTKHCN'], reportTo: 'VP' };
    raw.deadlines[1] = { ...raw.deadlines[1], assignees: ['VP'], reportTo: 'VP' };
    const built = buildContent('org.json', org, [{ file: 'x.json', raw }]);
    expect(built.deadline('H12')).toMatchObject({ assignees: ['CCTDC', 'TTKHCN'], reportTo: 'VP' });
    // The office alone "reporting to itself": it does the task; there is no one to report to.
    expect(built.deadline('H13')).toMatchObject({ assignees: ['VP'], reportTo: null });
    expect(built.plans[0]!.deadlines[0]!.assignees).toEqual(['CCTDC', 'TTKHCN']);
  });

  it('refuses assignees in a reference plan, none in an own plan, and a backwards period', async () => {
    const { org } = await sampleContent();
    const raw = JSON.parse(readFileSync(join(DATA_DIR, 'plans', 'tay-ninh-2023.json'), 'utf8'));
    expect(() => buildContent('org.json', org, [{ file: 'r.json', raw: { ...raw, reference: true } }])).toThrow(
      /r\.json: deadlines\.0\.assignees: kế hoạch tham khảo không giao hạn/,
    );
    const none = { ...raw, deadlines: [{ ...raw.deadlines[0], assignees: [] }] };
    expect(() => buildContent('org.json', org, [{ file: 'n.json', raw: none }])).toThrow(/n\.json: deadlines\.0\.assignees: cần ít nhất một đơn vị/);
    const backwards = { ...raw, period: { from: '2023-12-31', to: '2023-01-01' } };
    expect(() => buildContent('org.json', org, [{ file: 'p.json', raw: backwards }])).toThrow(/p\.json: period/);
  });

  it('resolves each plan\'s period at build: stated in the JSON (Quảng Ngãi), else derived', async () => {
    const { plans } = await sampleContent();
    const raw = (id: string) => JSON.parse(readFileSync(join(DATA_DIR, 'plans', `${id}.json`), 'utf8'));
    expect(raw('quang-ngai-dan-van').period).toEqual({ from: '2022-01-01', to: '2025-12-31' });
    expect(raw('dak-nong-2022').period).toBeUndefined();
    expect(plans.find((p) => p.id === 'dak-nong-2022')!.period).toEqual({ from: '2022-01-01', to: '2022-12-31' });
  });
});
