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

const EXPECTED_DEADLINES = {
  H1: { plan: 'dak-nong-2022', due: null, recurrence: { freq: 'semiannual' }, assignees: ALL },
  H2: { plan: 'dak-nong-2022', due: null, recurrence: { freq: 'yearly' }, assignees: ALL },
  H3: { plan: 'binh-phuoc-2022', due: '2022-03-10', recurrence: null, assignees: ['TTKHCN', 'TTTT'] },
  H4: { plan: 'binh-phuoc-2022', due: '2022-10-15', recurrence: null, assignees: ['TTKHCN', 'TTTT'] },
  H5: { plan: 'quang-ngai-dan-van', due: null, recurrence: { freq: 'yearly', month: 11, day: 5 }, assignees: ALL },
  H6: { plan: 'quang-ngai-dan-van', due: '2023-11-05', recurrence: null, assignees: ALL },
  H7: { plan: 'quang-ngai-dan-van', due: '2025-10-25', recurrence: null, assignees: ALL },
  H8: { plan: 'bac-giang-2023', due: '2023-09-25', recurrence: null, assignees: ALL },
  H9: { plan: 'bac-giang-2023', due: '2023-10-22', recurrence: null, assignees: ALL },
  H10: { plan: 'bac-giang-2023', due: '2023-09-30', recurrence: null, assignees: ['VP'] },
  H11: { plan: 'bac-giang-2023', due: '2023-10-28', recurrence: null, assignees: ['VP'] },
  H12: { plan: 'tay-ninh-2023', due: '2023-10-25', recurrence: null, assignees: ['CCTDC', 'TTKHCN'] },
  H13: { plan: 'tay-ninh-2023', due: '2023-10-31', recurrence: null, assignees: ['VP'] },
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
      content.deadlines.map((d) => [d.id, { plan: d.plan.id, due: d.due, recurrence: d.recurrence, assignees: d.assignees }]),
    );
    expect(got).toEqual(EXPECTED_DEADLINES);
  });

  it('quotes each deadline verbatim from its original text, with the date stated there', async () => {
    const content = await sampleContent();
    for (const d of content.deadlines) {
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
    expect(content.slogans).toHaveLength(19);
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
});
