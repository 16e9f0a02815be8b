/**
 * The time column of a task table ("Thời gian thực hiện", "Thời hạn", "Thời gian hoàn thành").
 * A period written there is the time the task is due: "Tháng 9/2027" and "Tháng 9 - 10/2027" →
 * the last day of the (last) month, "Quý IV/2027" → the last day of the quarter, "6 tháng đầu năm
 * 2027" → 30/6, "6 tháng cuối năm 2027" → 31/12. Never a deadline: "Thường xuyên", "Khi có yêu
 * cầu", a bare year ("Năm 2027", "trong năm 2026"), an activity period ("Từ ngày … đến ngày …"),
 * and an event date without a lead ("Ngày 09/10/2026", "Dự kiến ngày 24/7/2027").
 */
import { lastDayOfMonth } from '../core/dates.js';
import { fold } from '../core/text.js';
import type { FoundTime } from './found-time.js';

/** Words a time column is written with ("Trước ngày 20/11/2027", "Hằng quý", "Thường xuyên"), folded. */
const TIME_WORDS = new Set(
  'truoc cham nhat han chot cuoi dau giua trong vao hang moi dinh ky ngay thang quy nam tuan gio phut den tu va thuong xuyen ca sau nua lan hoan thanh thoi gian khong muon hon i ii iii iv'.split(' '),
);
/** At least one of these (or a number) makes the words a time, not just a label. */
const TIME_MARKS = /^(ngay|thang|quy|nam|tuan|xuyen|ky)$/;

/**
 * Whether a table cell is only a time expression — the time column of a task table
 * ("Hằng quý", "Trước 20/11/2027", "Tháng 9/2027", "Quý IV/2027", "Thường xuyên") — and so
 * never the task.
 */
export function isTimeCell(cell: string): boolean {
  const words = fold(cell)
    .replace(/[^a-z0-9/.:-]+/g, ' ')
    .split(' ')
    .map((w) => w.replace(/^[.:-]+|[.:-]+$/g, ''))
    .filter(Boolean);
  const isNumber = (w: string) => /\d/.test(w) && /^[\d/.:hg-]+$/.test(w);
  const isQuarter = (w: string) => /^(i{1,3}|iv)\/\d{4}$/.test(w);
  return (
    words.length > 0 &&
    words.length <= 14 &&
    words.every((w) => TIME_WORDS.has(w) || isNumber(w) || isQuarter(w)) &&
    // A bare number is the row's numbering; a date, an hour or a time word makes it a time.
    words.some((w) => TIME_MARKS.test(w) || (isNumber(w) && /[/:hg.-]/.test(w)) || isQuarter(w))
  );
}

const QUARTER_END: Record<string, number> = { i: 3, ii: 6, iii: 9, iv: 12, '1': 3, '2': 6, '3': 9, '4': 12 };

/** "Tháng 9/2027", "tháng 9 - 10/2027", "tháng 9, 10 năm 2027": the last month named. */
const MONTHS = /(?:^|[^a-z])thang\s+(\d{1,2})(?:\s*(?:-|–|,|va|den)\s*(?:thang\s+)?(\d{1,2}))?\s*(?:\/|\s+nam\s+)\s*(\d{4})/g;
const QUARTERS = /(?:^|[^a-z])quy\s+(iv|i{1,3}|[1-4])(?:\s*(?:-|–|,|va|den)\s*(?:quy\s+)?(iv|i{1,3}|[1-4]))?\s*(?:\/|\s+nam\s+)\s*(\d{4})/g;
const HALVES = /(?:^|[^a-z])(?:6|sau)\s+thang\s+(dau|cuoi)\s+nam\s*(\d{4})/g;
/** An activity period: "Từ ngày 01/10 đến ngày 31/10/2027", "từ tháng 9 đến tháng 12/2027". */
const SPAN = /(?:^|[^a-z])tu\s+(?:ngay|thang|quy)?\s*[\divx].{0,40}?\bden\b/;

function inYear(year: number): boolean {
  return year >= 1990 && year <= 2100;
}

/**
 * The periods a time cell names as its due time, in order. The dated rules of the prose (a lead
 * such as "Trước", "Hoàn thành trước ngày") are found by the caller; these are the period forms
 * only, and only read when the cell has no dated lead (a period then names what a report covers).
 */
export function periodTimes(cell: string): FoundTime[] {
  const text = fold(cell).replace(/\s+/g, ' ');
  if (SPAN.test(text)) return [];
  const found: Array<FoundTime & { at: number }> = [];
  for (const m of text.matchAll(MONTHS)) {
    const month = Number(m[2] ?? m[1]);
    const year = Number(m[3]);
    if (month >= 1 && month <= 12 && inYear(year)) found.push({ due: lastDayOfMonth(year, month), recurrence: null, phrase: cell.trim(), at: m.index });
  }
  for (const m of text.matchAll(QUARTERS)) {
    const month = QUARTER_END[m[2] ?? m[1]!];
    const year = Number(m[3]);
    if (month && inYear(year)) found.push({ due: lastDayOfMonth(year, month), recurrence: null, phrase: cell.trim(), at: m.index });
  }
  for (const m of text.matchAll(HALVES)) {
    const year = Number(m[2]);
    if (inYear(year)) found.push({ due: lastDayOfMonth(year, m[1] === 'dau' ? 6 : 12), recurrence: null, phrase: cell.trim(), at: m.index });
  }
  // Two periods in one cell ("Tháng 9/2027 - Tháng 12/2027") are a span: due at the end of the last.
  const last = found.sort((a, b) => a.at - b.at).at(-1);
  return last ? [{ due: last.due, recurrence: null, phrase: last.phrase }] : [];
}

/**
 * Whether a plan's title names several years ("giai đoạn 2026 - 2030", "năm 2026 - 2027"): its
 * days without a year then recur every year. A range of past years (an anniversary's
 * "1945 - 2025") does not count: the first year must be the plan's own (from its issue year on).
 */
export function severalYears(title: string, issued: string | null): boolean {
  const m = /(giai đoạn|nhiệm kỳ|năm)?\s*(\d{4})\s*[-–]\s*(\d{4})(?!\d)/iu.exec(title);
  if (!m) return false;
  const [from, to] = [Number(m[2]), Number(m[3])];
  const since = issued ? Number(issued.slice(0, 4)) - 1 : 0;
  return to > from && (m[1] !== undefined ? from >= since - 5 : from >= since);
}
