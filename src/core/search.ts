/**
 * Word search for short lists (slogans, plans): every query word must be in the text, in any
 * order, without regard to accents or case. A word matches the start of a word ("dân bi" finds
 * "dân biết"); a number matches only a whole number ("1" does not find "15/10/1930").
 */
import { searchKey } from './text.js';

/** The words of a query, folded ("Dân biết," → ["dan", "biet"]). */
export function queryWords(query: string): string[] {
  return searchKey(query).split(' ').filter(Boolean);
}

/** Whether every word is in `text` (see the module comment). No words: false. */
export function matchesWords(words: readonly string[], text: string): boolean {
  if (words.length === 0) return false;
  const tokens = searchKey(text).split(' ');
  return words.every((w) => (/^\d+$/.test(w) ? tokens.includes(w) : tokens.some((t) => t.startsWith(w))));
}

/** An argument made only of digits, signs and punctuation ("-1", "1.5", "+3"): a number, not words. */
export function isNumberLike(arg: string): boolean {
  return /\d/.test(arg) && /^[\d\s\p{P}\p{S}]+$/u.test(arg);
}

/** A 4-digit year between 1900 and 2100 ("2022"), as a number; undefined otherwise. */
export function yearOf(arg: string): number | undefined {
  if (!/^\d{4}$/.test(arg)) return undefined;
  const y = Number(arg);
  return y >= 1900 && y <= 2100 ? y : undefined;
}
