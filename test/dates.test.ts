import { describe, expect, it } from 'vitest';
import { dayOf, daysBetween, formatDayLong, makeDay, parseDay, relativeDays, weekdayOf } from '../src/core/dates.js';

describe('dates', () => {
  it('gives the calendar day in the organisation zone, whatever TZ is', () => {
    // 18:30 UTC on 31/12 is already 01/01 in Hà Nội.
    expect(dayOf(new Date('2026-12-31T18:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2027-01-01');
    expect(dayOf(new Date('2026-12-31T16:59:59Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-12-31');
  });
  it('names weekdays in Vietnamese', () => {
    expect(weekdayOf('2023-09-25')).toBe('Thứ Hai');
    expect(weekdayOf('2023-09-24')).toBe('Chủ nhật');
    expect(formatDayLong('2023-09-25')).toBe('Thứ Hai, 25/09/2023');
  });
  it('counts days across month and year ends', () => {
    expect(daysBetween('2023-09-20', '2023-09-25')).toBe(5);
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(relativeDays('2023-09-20', '2023-09-25')).toBe('còn 5 ngày');
    expect(relativeDays('2023-09-25', '2023-09-25')).toBe('hôm nay');
    expect(relativeDays('2023-09-24', '2023-09-25')).toBe('còn 1 ngày');
    expect(relativeDays('2023-09-28', '2023-09-25')).toBe('quá hạn 3 ngày');
  });
  it('parses typed dates strictly', () => {
    expect(parseDay('25/9/2023')).toBe('2023-09-25');
    expect(parseDay('05-11-2023')).toBe('2023-11-05');
    expect(parseDay('2023-11-05')).toBe('2023-11-05');
    expect(parseDay('20231105')).toBe('2023-11-05');
    expect(parseDay('31/02/2023')).toBeUndefined();
    expect(parseDay('hôm nay')).toBeUndefined();
  });
  it('clamps a day past the month end', () => {
    expect(makeDay(2023, 2, 29)).toBe('2023-02-28');
    expect(makeDay(2024, 2, 29)).toBe('2024-02-29');
  });
});

describe('instants in the organisation zone', () => {
  it('formats times in Asia/Ho_Chi_Minh whatever TZ is', async () => {
    const { formatInstant } = await import('../src/core/dates.js');
    expect(formatInstant('2023-09-20T02:00:00.000Z', 'Asia/Ho_Chi_Minh')).toBe('20/09/2023 09:00');
    expect(formatInstant('2023-12-31T17:05:00.000Z', 'Asia/Ho_Chi_Minh')).toBe('01/01/2024 00:05');
    expect(formatInstant('2023-12-31T16:59:00.000Z', 'Asia/Ho_Chi_Minh')).toBe('31/12/2023 23:59');
  });
});
