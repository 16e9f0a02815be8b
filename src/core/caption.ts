/**
 * What a file's caption says: the deadline it is for ("H8", "xong H8", "/xacnhan H8 xong",
 * "Báo cáo H9") and the report's number and date typed with it ("báo cáo số 12/BC-TTKHCN ngày
 * 20/9/2023"). Pure: the caller looks the code up.
 */
import { parseDay, type Day } from './dates.js';

/** A report number: "12/BC-TTKHCN", "45/BC-UBND", "07-BC/ĐU". */
const NUMBER_RE = /(?:^|[\s,;:(])s[oố]\s*:?\s*(\d{1,6}(?:[/-][\p{L}\d&.]+(?:[-/][\p{L}\d&.]+)*)?)/iu;
/** A day after "ngày": "ngày 20/9/2023", "ngày 20-09-2023". */
const DATE_RE = /ng[aà]y\s+(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})/iu;
/** A deadline code: letters then digits ("H8", "t3"), as its own word. */
const CODE_RE = /(?<![\p{L}\d/&.-])([A-Za-z]{1,4}\d{1,6})(?![\p{L}\d/&-])/gu;

export interface Caption {
  /** Deadline codes named, upper-cased, in order, without repeats. */
  codes: string[];
  report?: { number?: string; date?: Day } | undefined;
}

/** Reads a caption (any text: it may be empty, long or hostile; only the first 1,000 characters count). */
export function readCaption(text: string): Caption {
  const t = text.slice(0, 1000).normalize('NFC');
  const number = NUMBER_RE.exec(t)?.[1];
  const dateText = DATE_RE.exec(t)?.[1];
  const date = dateText ? parseDay(dateText) : undefined;
  // The report number's own letters ("BC", "TTKHCN") are not deadline codes.
  const rest = number ? t.replace(number, ' ') : t;
  const codes: string[] = [];
  for (const m of rest.matchAll(CODE_RE)) {
    const code = m[1]!.toUpperCase();
    if (!codes.includes(code)) codes.push(code);
  }
  const report = number || date ? { ...(number ? { number } : {}), ...(date ? { date } : {}) } : undefined;
  return { codes, ...(report ? { report } : {}) };
}
