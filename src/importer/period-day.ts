/** Reporting periods with a stated day ("hằng tháng, trước ngày 25", "hằng quý (trước ngày 15 của tháng cuối quý)"), for `findTimes`. */
import type { Recurrence } from '../core/plans.js';

/**
 * A day of the month with a monthly or quarterly period: "Định kỳ hằng tháng, trước ngày 25", "trước ngày 25 hằng tháng",
 * "hằng quý (trước ngày 15 của tháng cuối quý)", "trước ngày 10 tháng đầu quý sau". The day and the month of the quarter
 * are read by {@link periodDay}.
 */
const QUARTER_MONTH = String.raw`tháng\s+(?:đầu|giữa|cuối)`;
const DAY_OF = String.raw`\(?(?:trước|chậm nhất)\s+ngày\s+\d{1,2}(?!\d|\s*[/.-]\s*\d)(?:\s+(?:của\s+)?${QUARTER_MONTH}(?:\s+(?:mỗi|hằng|hàng))?\s+quý(?:\s+(?:sau|tiếp theo|kế tiếp))?\)?)?`;
const EVERY = String.raw`(?:định kỳ\s+)?(?:hằng|hàng|mỗi)\s+`;
export const PERIOD_DAY: Array<[RegExp, Recurrence['freq']]> = [
  [new RegExp(`${EVERY}tháng\\s*[,(]?\\s*${DAY_OF}|${DAY_OF}\\s+(?:của\\s+)?(?:hằng|hàng|mỗi)\\s+tháng`, 'iu'), 'monthly'],
  [new RegExp(`${EVERY}quý\\s*[,(]?\\s*${DAY_OF}|${DAY_OF}\\s+(?:của\\s+)?(?:${QUARTER_MONTH}\\s+)?(?:hằng|hàng|mỗi)?\\s*quý`, 'iu'), 'quarterly'],
];

/**
 * The recurrence of a {@link PERIOD_DAY} phrase: its day, and for a quarter the month it names
 * (đầu 1, giữa 2, cuối 3; "tháng đầu quý sau" falls on the same days as "tháng đầu quý"); a
 * quarter's day with no month named is in the quarter's last month.
 */
export function periodDay(freq: Recurrence['freq'], phrase: string): Recurrence {
  const day = Number(/ngày\s+(\d{1,2})/iu.exec(phrase)![1]);
  if (day < 1 || day > 31) return { freq } as Recurrence;
  if (freq === 'monthly') return { freq, day };
  const word = /tháng\s+(đầu|giữa|cuối)/iu.exec(phrase)?.[1]?.toLowerCase();
  return { freq: 'quarterly', month: word === 'đầu' ? 1 : word === 'giữa' ? 2 : 3, day };
}
