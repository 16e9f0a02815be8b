/** Moved occurrences (`moved` in a plan's deadline): where each falls, and how old days still find it. */
import { describe, expect, it } from 'vitest';
import type { Deadline } from '../src/core/content.js';
import {
  allOccurrences,
  earlierDays,
  isOccurrence,
  nextOccurrence,
  occurrenceNow,
  previousOccurrence,
  scheduledDay,
  withMove,
} from '../src/core/occurrences.js';
import type { Plan } from '../src/core/plans.js';

function deadline(partial: Partial<Deadline>, period: Plan['period'] = { from: '2022-01-01', to: '2025-12-31' }): Deadline {
  const plan = { id: 'p', title: 'Kế hoạch', issued: '2022-01', deadlines: [], period } as unknown as Plan;
  return { id: 'H5', task: 't', due: null, recurrence: null, assignees: ['VP'], reportTo: null, section: null, plan, ...partial };
}

describe('moved occurrences', () => {
  const yearly = { freq: 'yearly' as const, month: 11, day: 5 };

  it('a recurring occurrence falls on its new day; the others keep their schedule', () => {
    const d = deadline({ recurrence: yearly, moved: { '2023-11-05': '2023-11-10' } });
    expect(allOccurrences(d, '2022-01-01', '2025-12-31')).toEqual(['2022-11-05', '2023-11-10', '2024-11-05', '2025-11-05']);
    expect(isOccurrence(d, '2023-11-10')).toBe(true);
    expect(isOccurrence(d, '2023-11-05')).toBe(false);
    expect(nextOccurrence(d, '2023-11-06')).toBe('2023-11-10');
    expect(nextOccurrence(d, '2023-11-11')).toBe('2024-11-05');
    expect(previousOccurrence(d, '2023-11-10')).toBe('2022-11-05');
    expect(previousOccurrence(d, '2023-11-11')).toBe('2023-11-10');
  });

  it('an occurrence moved into the next year, past the plan’s end, is still found', () => {
    const d = deadline({ recurrence: yearly, moved: { '2025-11-05': '2026-01-15' } });
    expect(nextOccurrence(d, '2025-11-06')).toBe('2026-01-15');
    expect(nextOccurrence(d, '2026-01-01')).toBe('2026-01-15');
    expect(nextOccurrence(d, '2026-01-16')).toBeUndefined();
    expect(previousOccurrence(d, '2026-02-01')).toBe('2026-01-15');
    expect(isOccurrence(d, '2026-01-15')).toBe(true);
    expect(allOccurrences(d, '2026-01-01', '2026-12-31')).toEqual(['2026-01-15']);
    expect(allOccurrences(d, '2025-01-01', '2025-12-31')).toEqual([]);
  });

  it('an earlier day names the occurrence where it is now; an unrelated day names none', () => {
    const d = deadline({ recurrence: yearly, moved: { '2023-11-05': '2023-11-20', '2023-11-10': '2023-11-20' } });
    expect(occurrenceNow(d, '2023-11-20')).toBe('2023-11-20');
    expect(occurrenceNow(d, '2023-11-05')).toBe('2023-11-20');
    expect(occurrenceNow(d, '2023-11-10')).toBe('2023-11-20');
    expect(occurrenceNow(d, '2023-11-11')).toBeUndefined();
    expect(earlierDays(d, '2023-11-20')).toEqual(['2023-11-05', '2023-11-10']);
    expect(scheduledDay(d, '2023-11-20')).toBe('2023-11-05');
    expect(scheduledDay(d, '2024-11-05')).toBe('2024-11-05');
    const oneOff = deadline({ due: '2023-09-28', moved: { '2023-09-25': '2023-09-28' } });
    expect(occurrenceNow(oneOff, '2023-09-25')).toBe('2023-09-28');
    expect(isOccurrence(oneOff, '2023-09-25')).toBe(false);
    expect(earlierDays(oneOff, '2023-09-28')).toEqual(['2023-09-25']);
  });

  it('a move chains every earlier day to the new one; moving back to a day drops it as a key', () => {
    const once = withMove(undefined, '2023-11-05', '2023-11-10');
    expect(once).toEqual({ '2023-11-05': '2023-11-10' });
    const twice = withMove(once, '2023-11-10', '2023-11-20');
    expect(twice).toEqual({ '2023-11-05': '2023-11-20', '2023-11-10': '2023-11-20' });
    const back = withMove(twice, '2023-11-20', '2023-11-05');
    expect(back).toEqual({ '2023-11-10': '2023-11-05', '2023-11-20': '2023-11-05' });
    const d = deadline({ recurrence: yearly, moved: back });
    expect(allOccurrences(d, '2023-01-01', '2023-12-31')).toEqual(['2023-11-05']);
    expect(occurrenceNow(d, '2023-11-20')).toBe('2023-11-05');
  });
});
