/** Recurrences with a stated day (monthly day 25, quarterly 15th of the last month…): their days and wording. */
import { describe, expect, it } from 'vitest';
import type { Deadline } from '../src/core/content.js';
import { deadlineWhen } from '../src/core/format.js';
import { allOccurrences, describeRecurrence, isOccurrence, nextOccurrence, previousOccurrence, scheduledDay } from '../src/core/occurrences.js';
import { recurrenceSchema, type Plan, type Recurrence } from '../src/core/plans.js';

function deadline(recurrence: Recurrence, issued = '2027-01-05', period: Plan['period'] = { from: '2027-01-01', to: '2027-12-31' }): Deadline {
  const plan = { id: 'p', title: 'Kế hoạch', issued, deadlines: [], period } as unknown as Plan;
  return { id: 'H1', task: 't', due: null, recurrence, assignees: ['VP'], reportTo: null, section: null, plan };
}

describe('recurrences with a day', () => {
  it('the schema takes a day for monthly, a month of the period and a day for quarterly and semiannual; the old forms stay valid', () => {
    for (const r of [{ freq: 'monthly' }, { freq: 'quarterly' }, { freq: 'semiannual' }, { freq: 'yearly' }, { freq: 'yearly', month: 11, day: 5 }, { freq: 'monthly', day: 25 }, { freq: 'quarterly', month: 3, day: 15 }, { freq: 'semiannual', month: 6, day: 15 }]) {
      expect(recurrenceSchema.safeParse(r).success, JSON.stringify(r)).toBe(true);
    }
    for (const r of [{ freq: 'monthly', day: 0 }, { freq: 'monthly', day: 32 }, { freq: 'quarterly', month: 4, day: 15 }, { freq: 'quarterly', day: 15 }, { freq: 'semiannual', month: 7, day: 1 }, { freq: 'monthly', month: 1, day: 5 }]) {
      expect(recurrenceSchema.safeParse(r).success, JSON.stringify(r)).toBe(false);
    }
  });

  it('monthly day 25 falls on the 25th of every month of the period, from the issue date on', () => {
    const d = deadline({ freq: 'monthly', day: 25 });
    const days = allOccurrences(d, '2026-01-01', '2028-12-31');
    expect(days).toHaveLength(12);
    expect(days[0]).toBe('2027-01-25');
    expect(days.every((x) => x.endsWith('-25'))).toBe(true);
    expect(nextOccurrence(d, '2027-02-26')).toBe('2027-03-25');
    expect(previousOccurrence(d, '2027-03-25')).toBe('2027-02-25');
    expect(isOccurrence(d, '2027-03-31')).toBe(false);
    expect(scheduledDay(d, '2027-04-25')).toBe('2027-04-25');
  });

  it('monthly day 31 falls on each month\'s last day (28/02, 30/04)', () => {
    const d = deadline({ freq: 'monthly', day: 31 });
    expect(allOccurrences(d, '2027-01-01', '2027-05-31')).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']);
    expect(isOccurrence(deadline({ freq: 'monthly', day: 30 }, '2028-01-01', null), '2028-02-29')).toBe(true);
  });

  it('quarterly month 3 day 15 is the 15th of March, June, September and December', () => {
    const d = deadline({ freq: 'quarterly', month: 3, day: 15 });
    expect(allOccurrences(d, '2020-01-01', '2030-12-31')).toEqual(['2027-03-15', '2027-06-15', '2027-09-15', '2027-12-15']);
    expect(allOccurrences(deadline({ freq: 'quarterly', month: 2, day: 31 }), '2027-01-01', '2027-12-31')).toEqual(['2027-02-28', '2027-05-31', '2027-08-31', '2027-11-30']);
  });

  it('semiannual month 6 day 15 is 15/06 and 15/12; month 1 day 10 is 10/01 and 10/07', () => {
    expect(allOccurrences(deadline({ freq: 'semiannual', month: 6, day: 15 }), '2027-01-01', '2027-12-31')).toEqual(['2027-06-15', '2027-12-15']);
    expect(allOccurrences(deadline({ freq: 'semiannual', month: 1, day: 10 }), '2027-01-01', '2027-12-31')).toEqual(['2027-01-10', '2027-07-10']);
  });

  it('is said with its day', () => {
    expect(describeRecurrence({ freq: 'monthly', day: 25 })).toBe('hằng tháng, trước ngày 25');
    expect(describeRecurrence({ freq: 'monthly', day: 31 })).toBe('hằng tháng (cuối tháng)');
    expect(describeRecurrence({ freq: 'quarterly', month: 3, day: 15 })).toBe('hằng quý, trước ngày 15 tháng cuối quý');
    expect(describeRecurrence({ freq: 'quarterly', month: 1, day: 10 })).toBe('hằng quý, trước ngày 10 tháng đầu quý');
    expect(describeRecurrence({ freq: 'semiannual', month: 6, day: 15 })).toBe('định kỳ 6 tháng, trước ngày 15 tháng 6 và tháng 12');
    expect(describeRecurrence({ freq: 'monthly' })).toBe('hằng tháng (cuối tháng)');
    const plan = { id: 'p', title: 'Kế hoạch', issued: '2027-01-05', deadlines: [], period: { from: '2027-01-01', to: '2027-12-31' } } as unknown as Plan;
    expect(deadlineWhen(plan, { due: null, recurrence: { freq: 'monthly', day: 25 } })).toBe('hằng tháng, trước ngày 25, đến hết 31/12/2027');
  });
});
