/** A plan's period: read from its title, else its issue year or its deadlines' years; when it has ended. */
import { describe, expect, it } from 'vitest';
import type { Plan, PlanDeadline } from '../src/core/plans.js';
import { derivePeriod, formatPeriod, periodFromTitle, planEnded, planPeriod } from '../src/core/period.js';
import { sampleContent } from './helpers.js';

const year = (y: number) => ({ from: `${y}-01-01`, to: `${y}-12-31` });
const span = (a: number, b: number) => ({ from: `${a}-01-01`, to: `${b}-12-31` });

function plan(partial: Partial<Plan>): Plan {
  return { id: 'p', title: 'Kế hoạch', issued: null, deadlines: [], ...partial } as Plan;
}
function due(day: string): PlanDeadline {
  return { id: 'H1', task: 't', due: day, recurrence: null, assignees: ['VP'], reportTo: null, section: null };
}
const yearly: PlanDeadline = { id: 'H2', task: 't', due: null, recurrence: { freq: 'yearly' }, assignees: ['VP'], reportTo: null, section: null };

describe('period from a title', () => {
  it('reads "năm 2022", a bare year, a range, "giai đoạn", "nhiệm kỳ", "từ năm … đến năm …"', () => {
    expect(periodFromTitle('Thực hiện công tác dân vận năm 2022')).toEqual(year(2022));
    expect(periodFromTitle('Thực hiện "Năm Dân vận khéo" 2022 tại Sở Khoa học và Công nghệ tỉnh Đắk Nông')).toEqual(year(2022));
    expect(periodFromTitle('Kế hoạch cải cách hành chính giai đoạn 2021-2025')).toEqual(span(2021, 2025));
    expect(periodFromTitle('Chương trình hành động 2021 – 2025')).toEqual(span(2021, 2025));
    expect(periodFromTitle('Thực hiện Nghị quyết Đại hội nhiệm kỳ 2020 - 2025')).toEqual(span(2020, 2025));
    expect(periodFromTitle('Tuyên truyền từ năm 2024 đến năm 2026')).toEqual(span(2024, 2026));
    expect(periodFromTitle('Tuyên truyền năm 2022 và năm 2023')).toEqual(span(2022, 2023));
  });

  it('finds nothing in a title without a year, and ignores numbers that are not years', () => {
    expect(periodFromTitle('Triển khai thực hiện nâng cao hiệu quả công tác dân vận trong tình hình mới')).toBeUndefined();
    expect(periodFromTitle('Thực hiện Chỉ thị 33 về 100 việc')).toBeUndefined();
    expect(periodFromTitle('Kế hoạch 12345')).toBeUndefined();
  });
});

describe('derived period', () => {
  it('prefers the title, then the issue year together with the years of dated deadlines', () => {
    expect(derivePeriod(plan({ title: 'Tháng Dân vận năm 2023', issued: '2022-12' }))).toEqual(year(2023));
    expect(derivePeriod(plan({ issued: '2022-02' }))).toEqual(year(2022));
    expect(derivePeriod(plan({ issued: '2022-02', deadlines: [due('2024-03-01')] }))).toEqual(span(2022, 2024));
    expect(derivePeriod(plan({ deadlines: [due('2023-11-05'), due('2025-10-25'), yearly] }))).toEqual(span(2023, 2025));
    expect(derivePeriod(plan({ deadlines: [yearly] }))).toBeNull();
  });

  it('an explicit period in the plan, or null, wins over the derivation', () => {
    expect(planPeriod(plan({ title: 'năm 2022', period: span(2022, 2025) }))).toEqual(span(2022, 2025));
    expect(planPeriod(plan({ title: 'năm 2022', period: null }))).toBeNull();
    expect(planPeriod(plan({ title: 'năm 2022' }))).toEqual(year(2022));
  });

  it('is said in Vietnamese', () => {
    expect(formatPeriod(year(2022))).toBe('năm 2022');
    expect(formatPeriod(span(2021, 2025))).toBe('2021–2025');
    expect(formatPeriod({ from: '2023-09-15', to: '2023-10-31' })).toBe('15/09/2023 – 31/10/2023');
  });
});

describe('planEnded', () => {
  const p2022 = plan({ title: 'năm 2022', deadlines: [yearly] });
  it('is true only after the period end', () => {
    expect(planEnded(p2022, '2022-12-31')).toBe(false);
    expect(planEnded(p2022, '2023-01-01')).toBe(true);
  });
  it('waits for a one-off deadline set after the period end', () => {
    const late = plan({ title: 'năm 2022', deadlines: [due('2023-01-15')] });
    expect(planEnded(late, '2023-01-15')).toBe(false);
    expect(planEnded(late, '2023-01-16')).toBe(true);
  });
  it('an open-ended plan never ends', () => {
    expect(planEnded(plan({ deadlines: [yearly] }), '2099-01-01')).toBe(false);
  });

  it('the sample plans: periods as their texts say; all over on today\'s clock, two over on 20/09/2023', async () => {
    const { plans } = await sampleContent();
    const byId = Object.fromEntries(plans.map((p) => [p.id, planPeriod(p)]));
    expect(byId).toEqual({
      'dak-nong-2022': year(2022),
      'binh-phuoc-2022': year(2022),
      'quang-ngai-dan-van': span(2022, 2025),
      'bac-giang-2023': year(2023),
      'tay-ninh-2023': year(2023),
    });
    expect(plans.filter((p) => planEnded(p, '2023-09-20')).map((p) => p.id).sort()).toEqual(['binh-phuoc-2022', 'dak-nong-2022']);
    expect(plans.every((p) => planEnded(p, '2026-11-29'))).toBe(true);
  });
});

describe('announcements', () => {
  it('an announcement is open-ended: one due next year does not "end" with the year it was made in', async () => {
    const { announcementDeadline } = await import('../src/core/catalog.js');
    const d = announcementDeadline(
      { id: 'T1', text: 'Báo cáo năm 2026', units: ['VP'], day: '2026-12-20', due: '2027-01-10', at: '2026-12-20T02:00:00Z', by: { id: '1', name: 'A' } },
      'Văn phòng Sở',
    );
    expect(planPeriod(d.plan)).toBeNull();
    expect(planEnded(d.plan, '2027-01-05')).toBe(false);
  });
});

describe('the issue, on today\'s clock', () => {
  it('the Đắk Nông "năm 2022" reports are not upcoming in 2026 or 2027', async () => {
    const { harness } = await import('./helpers.js');
    const h = await harness('2026-11-29T09:00:00+07:00');
    expect(await h.ask('/deadline tatca')).not.toMatch(/H1 —|H2 —|H5 —/);
    h.clock.set('2027-06-20T09:00:00+07:00');
    expect(await h.ask('/deadline tatca')).not.toMatch(/H1 —|H2 —/);
  });
});
