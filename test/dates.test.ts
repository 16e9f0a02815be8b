import { describe, expect, it } from 'vitest';
import { dayjs, dayOf, daysBetween, formatDayLong, lastDayOfMonth, makeDay, parseDay, relativeDays, weekdayOf } from '../src/core/dates.js';

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
  it('knows the last day of every month, leap years too', () => {
    const wrong: string[] = [];
    for (let year = 1999; year <= 2101; year++) {
      for (let month = 1; month <= 12; month++) {
        const expected = dayjs.utc(`${year}-${String(month).padStart(2, '0')}-01`).endOf('month').format('YYYY-MM-DD');
        if (lastDayOfMonth(year, month) !== expected) wrong.push(`${month}/${year}: ${lastDayOfMonth(year, month)} ≠ ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
    expect([lastDayOfMonth(2024, 2), lastDayOfMonth(2100, 2), lastDayOfMonth(2000, 2), lastDayOfMonth(2026, 12)]).toEqual(['2024-02-29', '2100-02-28', '2000-02-29', '2026-12-31']);
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

  it('agrees with Intl minute by minute across changes to and from summer time, in zones with odd offsets too', async () => {
    const { formatInstant } = await import('../src/core/dates.js');
    const reference = (zone: string, t: number) => {
      const f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
    };
    // Two days around each change of 2024 (Lord Howe moves by 30 minutes; Kathmandu is +05:45, Chatham +12:45/+13:45).
    const windows: Array<[string, string]> = [
      ['Europe/Berlin', '2024-03-31'], ['Europe/Berlin', '2024-10-27'],
      ['America/New_York', '2024-03-10'], ['America/New_York', '2024-11-03'],
      ['Australia/Lord_Howe', '2024-04-07'], ['Australia/Lord_Howe', '2024-10-06'],
      ['Pacific/Chatham', '2024-04-07'], ['Pacific/Chatham', '2024-09-29'],
      ['America/St_Johns', '2024-03-10'], ['Asia/Kathmandu', '2024-06-01'], ['Asia/Ho_Chi_Minh', '2024-01-01'],
    ];
    const mismatches: string[] = [];
    for (const [zone, day] of windows) {
      const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
      // Every 7 minutes and 13 seconds, so seconds and minutes vary too.
      for (let t = start; t < start + 2 * 86_400_000; t += 433_000) {
        const iso = new Date(t).toISOString();
        if (formatInstant(iso, zone) !== reference(zone, t)) mismatches.push(`${zone} ${iso}: ${formatInstant(iso, zone)} ≠ ${reference(zone, t)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(formatInstant('2024-03-31T00:59:59.999Z', 'Europe/Berlin')).toBe('31/03/2024 01:59');
    expect(formatInstant('2024-03-31T01:00:00.000Z', 'Europe/Berlin')).toBe('31/03/2024 03:00');
    expect(() => formatInstant('không phải thời điểm', 'Asia/Ho_Chi_Minh')).toThrow(RangeError);
  });
});
