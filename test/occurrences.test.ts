import { describe, expect, it } from 'vitest';
import type { Deadline } from '../src/core/content.js';
import type { Plan } from '../src/core/plans.js';
import { allOccurrences, currentOccurrence, isOccurrence, nextOccurrence, previousOccurrence } from '../src/core/occurrences.js';

/** A deadline of an open-ended plan (`period: null`) issued on `issued`, unless a period is given. */
function deadline(partial: Partial<Deadline>, issued: string | null = '2022-02', period: Plan['period'] = null): Deadline {
  const plan = { id: 'p', title: 'Kế hoạch', issued, deadlines: [], period } as unknown as Plan;
  return { id: 'H1', task: 't', due: null, recurrence: null, assignees: ['VP'], reportTo: null, section: null, plan, ...partial };
}

describe('occurrences', () => {
  const yearly = deadline({ recurrence: { freq: 'yearly', month: 11, day: 5 } }, null);
  const semi = deadline({ recurrence: { freq: 'semiannual' } });
  const oneOff = deadline({ due: '2023-09-25' });

  it('a one-off deadline has its date', () => {
    expect(nextOccurrence(oneOff, '2023-09-20')).toBe('2023-09-25');
    expect(nextOccurrence(oneOff, '2023-09-25')).toBe('2023-09-25');
    expect(nextOccurrence(oneOff, '2023-09-26')).toBeUndefined();
    expect(previousOccurrence(oneOff, '2023-09-26')).toBe('2023-09-25');
  });

  it('a yearly deadline recurs each year, across the year end', () => {
    expect(nextOccurrence(yearly, '2026-11-05')).toBe('2026-11-05');
    expect(nextOccurrence(yearly, '2026-11-06')).toBe('2027-11-05');
    expect(nextOccurrence(yearly, '2026-12-31')).toBe('2027-11-05');
    expect(previousOccurrence(yearly, '2027-01-01')).toBe('2026-11-05');
  });

  it('a semiannual deadline without a day falls on 30/06 and 31/12, from the plan date on', () => {
    expect(nextOccurrence(semi, '2022-03-01')).toBe('2022-06-30');
    expect(nextOccurrence(semi, '2022-07-01')).toBe('2022-12-31');
    expect(previousOccurrence(semi, '2022-06-30')).toBeUndefined();
    expect(allOccurrences(semi, '2021-01-01', '2023-12-31')).toEqual(['2022-06-30', '2022-12-31', '2023-06-30', '2023-12-31']);
    expect(isOccurrence(semi, '2023-06-30')).toBe(true);
    expect(isOccurrence(semi, '2023-06-29')).toBe(false);
    expect(isOccurrence(semi, '2021-12-31')).toBe(false);
  });

  it('the current occurrence stays the past one for a month while not every unit completed it', () => {
    const open = () => false;
    const done = () => true;
    expect(currentOccurrence(yearly, '2026-11-20', open)).toBe('2026-11-05');
    expect(currentOccurrence(yearly, '2026-11-20', done)).toBe('2027-11-05');
    expect(currentOccurrence(yearly, '2026-12-06', open)).toBe('2027-11-05');
    expect(currentOccurrence(oneOff, '2030-01-01', open)).toBe('2023-09-25');
  });

  it('quarterly and monthly deadlines end their periods', () => {
    const q = deadline({ recurrence: { freq: 'quarterly' } }, '2024');
    const m = deadline({ recurrence: { freq: 'monthly' } }, '2024');
    expect(allOccurrences(q, '2024-01-01', '2024-12-31')).toEqual(['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31']);
    expect(nextOccurrence(m, '2024-02-10')).toBe('2024-02-29');
  });

  it('a recurring deadline has no occurrence outside its plan\'s period, before or after', () => {
    const y2022 = { from: '2022-01-01', to: '2022-12-31' };
    const semi2022 = deadline({ recurrence: { freq: 'semiannual' } }, '2022-02', y2022);
    expect(allOccurrences(semi2022, '2020-01-01', '2030-12-31')).toEqual(['2022-06-30', '2022-12-31']);
    expect(nextOccurrence(semi2022, '2023-01-01')).toBeUndefined();
    expect(nextOccurrence(semi2022, '2026-11-29')).toBeUndefined();
    expect(previousOccurrence(semi2022, '2026-11-29')).toBe('2022-12-31');
    expect(isOccurrence(semi2022, '2023-06-30')).toBe(false);
    expect(isOccurrence(semi2022, '2022-12-31')).toBe(true);
    expect(currentOccurrence(semi2022, '2026-11-29', () => false)).toBe('2022-12-31');
    // A period that starts later than the issue date: nothing before it.
    const later = deadline({ recurrence: { freq: 'yearly', month: 11, day: 5 } }, null, { from: '2022-01-01', to: '2025-12-31' });
    expect(allOccurrences(later, '2020-01-01', '2030-12-31')).toEqual(['2022-11-05', '2023-11-05', '2024-11-05', '2025-11-05']);
    expect(nextOccurrence(later, '2020-03-01')).toBe('2022-11-05');
    expect(previousOccurrence(later, '2022-11-05')).toBeUndefined();
    // A one-off deadline keeps its date even after the period.
    expect(nextOccurrence(deadline({ due: '2023-01-15' }, '2022-02', y2022), '2023-01-10')).toBe('2023-01-15');
  });

  it('a plan without a stated period gets the derived one ("năm 2022" in its title)', () => {
    const plan = { id: 'p', title: 'Thực hiện "Năm Dân vận khéo" 2022', issued: '2022-02', deadlines: [] } as unknown as Plan;
    const h1: Deadline = { id: 'H1', task: 't', due: null, recurrence: { freq: 'semiannual' }, assignees: ['VP'], reportTo: null, section: null, plan };
    expect(allOccurrences(h1, '2022-01-01', '2027-12-31')).toEqual(['2022-06-30', '2022-12-31']);
  });
});
