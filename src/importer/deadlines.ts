/**
 * Finding deadlines in plan text. A deadline is a time by which an action must be completed
 * or a report sent, stated as such ("trước ngày D", "chậm nhất ngày D", "hạn cuối D",
 * "hoàn thành trong tháng 12/2026", "Quý I/2027"), or a reporting period ("định kỳ 6 tháng",
 * "hằng quý", "trước ngày 05/11 hằng năm"). Dates of cited documents, effective dates,
 * anniversaries and activity periods are never matched: they lack such a lead.
 */
import { lastDayOfMonth, makeDay } from '../core/dates.js';
import type { Recurrence } from '../core/plans.js';
import type { FoundTime } from './found-time.js';
import { PERIOD_DAY, periodDay } from './period-day.js';

export type { FoundTime };

const LEAD = String.raw`(?:hoàn thành\s+)?(?:trước|chậm nhất|hạn cuối|hạn chót|không muộn hơn|thời hạn|hạn\s+(?:nộp|gửi)(?:\s+[^\s\d:;.]+){0,6})\s*(?:là|vào)?\s*:?\s*`;
const HOUR = String.raw`(?:\d{1,2}\s*(?:giờ|h|g)\s*(?:\d{1,2}\s*(?:phút|p)?)?\s*,?\s*)?`;
const NUM_DATE = String.raw`(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})`;
const TEXT_DATE = String.raw`(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})`;

const ONE_OFF = new RegExp(`${LEAD}${HOUR}(?:ngày\\s+)?(?:${NUM_DATE}|${TEXT_DATE})`, 'giu');
const YEARLY_DAY = new RegExp(`${LEAD}(?:ngày\\s+)?(\\d{1,2})\\s*/\\s*(\\d{1,2})(?!\\d)(?!\\s*[/.-]\\s*\\d)\\s*,?\\s*(?:của\\s+)?(?:hằng|hàng|mỗi)\\s+năm`, 'giu');
/** "hoàn thành … trong tháng 12/2026": a completion verb, at most 12 words, then the month. */
const DONE = String.raw`(?:hoàn thành|hoàn tất|xong|đưa vào (?:vận hành|sử dụng|hoạt động)|công bố|nghiệm thu|bàn giao|thời gian(?:\s+(?:thực hiện|hoàn thành))?\s*:?)(?:\s+[^\s;.]+){0,12}?\s*`;
/** "trước ngày 30/11" with no year (and no "hằng năm" right after it). */
const NO_YEAR = new RegExp(`${LEAD}(?:ngày\\s+)?(\\d{1,2})\\s*/\\s*(\\d{1,2})(?!\\d)(?!\\s*[/.-]\\s*\\d)(?!\\s*,?\\s*(?:của\\s+)?(?:hằng|hàng|mỗi)\\s+năm)`, 'giu');
const MONTH = new RegExp(`${DONE}(?:trong\\s+|vào\\s+|trước\\s+)?tháng\\s+(\\d{1,2})\\s*\\/\\s*(\\d{4})`, 'giu');
const QUARTER = new RegExp(`${DONE}(?:trong\\s+|vào\\s+)?quý\\s+(IV|I{1,3}|[1-4])\\s*\\/\\s*(\\d{4})`, 'giu');

/** Days already checked: a long plan repeats the same dates, and dayjs is slow enough to show. */
const validDays = new Map<string, string | null>();

function valid(d: number, m: number, y: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1990 || y > 2100) return null;
  const key = `${y}-${m}-${d}`;
  let day = validDays.get(key);
  if (day === undefined) {
    const made = makeDay(y, m, d);
    day = Number(made.slice(8)) === d ? made : null;
    // Bounded: at most 31 × 12 × 111 keys.
    validDays.set(key, day);
  }
  return day;
}

const monthEnds = new Map<string, string>();

/** The last day of a month, each month computed once. */
function monthEnd(year: number, month: number): string {
  const key = `${year}-${month}`;
  let day = monthEnds.get(key);
  if (day === undefined) {
    day = lastDayOfMonth(year, month);
    if (monthEnds.size < 5000) monthEnds.set(key, day);
  }
  return day;
}

/** Only the time words of a completion phrase ("trong tháng 6/2027"), so the task keeps its action. */
function timePart(match: string): string {
  return /(?:(?:trong|vào|trước)\s+)?(?:tháng|quý)\s+\S+$/iu.exec(match)?.[0] ?? match;
}

/** A word every dated rule starts with (of {@link LEAD} or {@link DONE}); compared as they are, case aside. */
const MAY_LEAD = /trước|chậm nhất|hạn|không muộn hơn|hoàn thành|hoàn tất|xong|thời gian|đưa vào|công bố|nghiệm thu|bàn giao/iu;

const QUARTERS: Record<string, number> = { I: 3, II: 6, III: 9, IV: 12, '1': 3, '2': 6, '3': 9, '4': 12 };

/**
 * Every time stated as a deadline in one clause, in order. A day without a year ("trước ngày
 * 30/11") recurs yearly when the clause says "hằng năm"; otherwise it takes the year of
 * `planDate` (the next one when that day is already past), or is skipped when the plan has no date.
 */
export function findTimes(clause: string, planDate?: string | null, yearly = false): FoundTime[] {
  const found: Array<FoundTime & { at: number }> = [];
  // Every dated rule needs a digit and a lead or completion word: a clause without them skips them all.
  const dated = /\d/.test(clause) && MAY_LEAD.test(clause);
  // A plan for several years ("giai đoạn 2026 - 2030") repeats a day without a year every year.
  const everyYear = dated && (yearly || /(?:hằng|hàng|mỗi)\s+năm/iu.test(clause));
  for (const [re, freq] of dated ? PERIOD_DAY : []) {
    const m = re.exec(clause);
    if (m) found.push({ due: null, recurrence: periodDay(freq, m[0]), phrase: m[0], at: m.index });
  }
  for (const m of dated ? clause.matchAll(NO_YEAR) : []) {
    const day = Number(m[1]);
    const month = Number(m[2]);
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    if (everyYear) {
      found.push({ due: null, recurrence: { freq: 'yearly', month, day }, phrase: m[0], at: m.index });
    } else if (planDate) {
      const year = Number(planDate.slice(0, 4));
      const start = planDate.length === 4 ? `${year}-01-01` : planDate.length === 7 ? `${planDate}-01` : planDate;
      let due = valid(day, month, year);
      if (due && due < start) due = valid(day, month, year + 1);
      if (due) found.push({ due, recurrence: null, phrase: m[0], at: m.index, yearInferred: true });
    }
  }
  for (const m of dated ? clause.matchAll(ONE_OFF) : []) {
    const [d, mo, y] = m[1] ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
    const due = valid(Number(d), Number(mo), Number(y));
    if (due) found.push({ due, recurrence: null, phrase: m[0], at: m.index });
  }
  for (const m of dated ? clause.matchAll(YEARLY_DAY) : []) {
    const day = Number(m[1]);
    const month = Number(m[2]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) found.push({ due: null, recurrence: { freq: 'yearly', month, day }, phrase: m[0], at: m.index });
  }
  // A month or quarter a dated report covers ("báo cáo quý I/2027 trước ngày 10/3/2027") is not its due date.
  const covers = (m: RegExpMatchArray) => found.some((t) => t.due !== null) && /^(?:tháng|quý)/iu.test(timePart(m[0]));
  for (const m of dated ? clause.matchAll(MONTH) : []) {
    if (covers(m)) continue;
    const month = Number(m[1]);
    const year = Number(m[2]);
    if (month >= 1 && month <= 12) found.push({ due: monthEnd(year, month), recurrence: null, phrase: timePart(m[0]), at: m.index });
  }
  for (const m of dated ? clause.matchAll(QUARTER) : []) {
    if (covers(m)) continue;
    const month = QUARTERS[m[1]!.toUpperCase()];
    if (month) found.push({ due: monthEnd(Number(m[2]), month), recurrence: null, phrase: timePart(m[0]), at: m.index });
  }
  if (found.length === 0 && /báo cáo|gửi|tổng hợp/i.test(clause)) {
    // A reporting period without a date.
    const period = /định kỳ\s+(?:06|6|sáu)\s+tháng\s*(?:,|và|\/)\s*(?:cả\s+)?năm/iu.exec(clause);
    if (period) {
      found.push({ due: null, recurrence: { freq: 'semiannual' }, phrase: period[0], at: period.index });
      found.push({ due: null, recurrence: { freq: 'yearly' }, phrase: period[0], at: period.index + 0.5 });
    } else {
      const rules: Array<[RegExp, Recurrence]> = [
        [/(?:định kỳ|hằng|hàng|mỗi)\s+(?:06|6|sáu)\s+tháng/iu, { freq: 'semiannual' }],
        [/(?:định kỳ\s+)?(?:hằng|hàng|mỗi)\s+quý|định kỳ\s+quý/iu, { freq: 'quarterly' }],
        [/(?:định kỳ\s+)?(?:hằng|hàng|mỗi)\s+tháng|định kỳ\s+tháng/iu, { freq: 'monthly' }],
        [/định kỳ\s+(?:hằng\s+|hàng\s+)?năm|(?:hằng|hàng)\s+năm/iu, { freq: 'yearly' }],
      ];
      for (const [re, recurrence] of rules) {
        const m = re.exec(clause);
        if (m && /báo cáo/i.test(clause)) {
          found.push({ due: null, recurrence, phrase: m[0], at: m.index });
          break;
        }
      }
    }
  }
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...rest }) => rest);
}

/** Where a paragraph's sentences break: after ".", "!" or "?", before a capital, a quote, a parenthesis or a dash. */
const SENTENCE_BREAK = /(?<=[.!?])\s+(?=[\p{Lu}"“(-])/u;

/**
 * The clauses of a paragraph (as {@link clauses} gives them, in order), each with the sentence
 * it is part of — found as it is split, never searched for, so a long paragraph stays linear.
 */
export function clausesWithSentence(paragraph: string): Array<{ clause: string; sentence: string }> {
  const out: Array<{ clause: string; sentence: string }> = [];
  for (const sentence of paragraph.split(SENTENCE_BREAK)) {
    for (const part of sentence.split(/;\s*/)) {
      const clause = part.trim();
      if (clause) out.push({ clause, sentence });
    }
  }
  return out;
}

/** Clauses of a paragraph: sentences, then parts between semicolons. */
export function clauses(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?])\s+(?=[\p{Lu}"“(-])|;\s*/u)
    .map((c) => c.trim())
    .filter(Boolean);
}

/** The task: the clause without its time phrase, list marker and end punctuation. */
export function taskText(clause: string, phrases: readonly string[]): string {
  let t = clause;
  for (const p of phrases) t = t.replace(p, ' ');
  return t
    .replace(/^[-+•–]\s*/, '')
    // A lead time phrase leaves its comma ("Định kỳ hằng tháng, trước ngày 25, Trung tâm …").
    .replace(/^[\s,;:]+/, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s,.;:/]+$/, '')
    .replace(/\s+([,.;:])/g, '$1')
    .trim()
    .slice(0, 300);
}

export { isTimeCell } from './time-cell.js';
