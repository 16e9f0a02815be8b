/**
 * Calendar helpers. Deadlines are calendar days (`YYYY-MM-DD`) in the organisation's zone;
 * instants are converted with Intl in that zone, never with the server's zone (`TZ` may be
 * anything). Day arithmetic is done on UTC calendar days with dayjs.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';

dayjs.extend(utc);
dayjs.extend(customParseFormat);

export { dayjs };

/** A calendar day, `YYYY-MM-DD`. */
export type Day = string;

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

// Intl formatters are costly to build and dayjs-timezone builds work per call: keep one per zone.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = cache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, ...options });
    cache.set(zone, f);
  }
  return f;
}

function parts(f: Intl.DateTimeFormat, instant: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(instant)) out[p.type] = p.value;
  return out;
}

// Every zone's offset is a whole number of minutes, so the day is the same within a UTC minute.
const lastDay = new Map<string, { minute: number; day: Day }>();

/** The calendar day of an instant in a zone. */
export function dayOf(instant: Date, zone: string): Day {
  const minute = Math.floor(instant.getTime() / 60_000);
  const hit = lastDay.get(zone);
  if (hit && hit.minute === minute) return hit.day;
  const p = parts(cached(dayFormats, zone, { year: 'numeric', month: '2-digit', day: '2-digit' }), instant);
  const day = `${p.year}-${p.month}-${p.day}`;
  lastDay.set(zone, { minute, day });
  return day;
}

/** `dd/mm/yyyy` of a day. */
export function formatDay(day: Day): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** Vietnamese weekday name of a day ("Thứ Hai" … "Chủ nhật"). */
export function weekdayOf(day: Day): string {
  return WEEKDAYS[dayjs.utc(day).day()] ?? '';
}

/** `Thứ Hai, 25/09/2023`. */
export function formatDayLong(day: Day): string {
  return `${weekdayOf(day)}, ${formatDay(day)}`;
}

const TIME_OPTIONS = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
const MINUTE = 60_000;
const HOUR = 3_600_000;

/** A zone's offset (minutes) at the start of a UTC minute, through Intl. */
function offsetAt(zone: string, minute: number): number {
  const p = parts(cached(timeFormats, zone, TIME_OPTIONS), new Date(minute));
  return (Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - minute) / MINUTE;
}

// Intl is slow (an export of 100,000 confirmations made at different times spent 1.5 s on it), so a
// zone's offset is asked once per UTC hour, at the hour's first and last minute. An hour whose
// ends differ (a change to or from summer time) is asked minute by minute. Every zone's offset is
// a whole number of minutes and changes at most once within an hour.
const hourOffsets = new Map<string, Map<number, number | undefined>>();

/** The wall clock of an instant (ms) in a zone, to the minute, as the UTC fields of the number returned (ms). */
export function wallClockMinute(instant: number, zone: string): number {
  const minute = Math.floor(instant / MINUTE) * MINUTE;
  const hour = Math.floor(instant / HOUR);
  let hours = hourOffsets.get(zone);
  if (!hours) hourOffsets.set(zone, (hours = new Map()));
  let offset = hours.get(hour);
  if (offset === undefined && !hours.has(hour)) {
    const first = offsetAt(zone, hour * HOUR);
    offset = first === offsetAt(zone, hour * HOUR + HOUR - MINUTE) ? first : undefined;
    if (hours.size >= 50_000) hours.clear();
    hours.set(hour, offset);
  }
  return minute + (offset ?? offsetAt(zone, minute)) * MINUTE;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `dd/mm/yyyy HH:mm` of an instant in a zone. */
export function formatInstant(iso: string, zone: string): string {
  const w = new Date(wallClockMinute(Date.parse(iso), zone));
  return `${two(w.getUTCDate())}/${two(w.getUTCMonth() + 1)}/${w.getUTCFullYear()} ${two(w.getUTCHours())}:${two(w.getUTCMinutes())}`;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: Day, to: Day): number {
  return dayjs.utc(to).diff(dayjs.utc(from), 'day');
}

export function addDays(day: Day, n: number): Day {
  return dayjs.utc(day).add(n, 'day').format('YYYY-MM-DD');
}

/** Last day of a month (month 1-12). */
export function lastDayOfMonth(year: number, month: number): Day {
  // Day 0 of the next month, in UTC (every monthly deadline asks: dayjs took 14 ms of a 2,000-unit overview).
  if (Number.isInteger(year) && year >= 1000 && year <= 9999 && Number.isInteger(month) && month >= 1 && month <= 12) {
    return `${year}-${two(month)}-${two(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
  }
  return dayjs.utc(`${year}-${String(month).padStart(2, '0')}-01`).endOf('month').format('YYYY-MM-DD');
}

/** A day from parts, clamping the day to the month's length (29/02 in a common year → 28/02). */
export function makeDay(year: number, month: number, day: number): Day {
  const last = Number(lastDayOfMonth(year, month).slice(8));
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** Human text for "how far": "còn 5 ngày", "hôm nay", "quá hạn 3 ngày". */
export function relativeDays(today: Day, due: Day): string {
  const n = daysBetween(today, due);
  if (n === 0) return 'hôm nay';
  if (n > 0) return `còn ${n} ngày`;
  return `quá hạn ${-n} ngày`;
}

/**
 * Parses a day typed by a person, strictly: `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy` or
 * `yyyy-mm-dd`. Impossible dates (31/02) give undefined instead of rolling over.
 */
export function parseDay(text: string): Day | undefined {
  const t = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (match) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
    if (!match) return undefined;
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const parsed = dayjs.utc(iso, 'YYYY-MM-DD', true);
  return parsed.isValid() && parsed.format('YYYY-MM-DD') === iso ? iso : undefined;
}

/** `2023-09` → `09/2023`, `2023` → `2023`, `2023-09-22` → `22/09/2023`, null → "không ghi ngày". */
export function formatPartialDate(issued: string | null): string {
  if (!issued) return 'không ghi ngày';
  const parts = issued.split('-');
  if (parts.length === 3) return formatDay(issued);
  if (parts.length === 2) return `${parts[1]}/${parts[0]}`;
  return issued;
}

/** The first day a partial date can mean (`2022-02` → `2022-02-01`). */
export function partialDateStart(issued: string | null): Day | undefined {
  if (!issued) return undefined;
  const parts = issued.split('-');
  if (parts.length === 3) return issued;
  if (parts.length === 2) return `${issued}-01`;
  return `${issued}-01-01`;
}

/** The instant of a local time (`HH:mm`) on a calendar day in a zone. */
export function instantAt(day: Day, hhmm: string, zone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, mi);
  // Offset of the zone at (about) that time; a second pass settles a DST edge.
  let guess = wall - offsetMs(new Date(wall), zone);
  guess = wall - offsetMs(new Date(guess), zone);
  return new Date(guess);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function offsetMs(instant: Date, zone: string): number {
  const f = cached(offsetFormats, zone, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const p = parts(f, instant);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}
