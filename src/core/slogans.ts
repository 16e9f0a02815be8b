/** The slogan of a day: a fixed rotation through all slogans, so everyone sees the same one that day. */
import type { Slogan } from './content.js';
import { daysBetween, type Day } from './dates.js';

export function sloganOfDay(slogans: readonly Slogan[], day: Day): Slogan | undefined {
  if (slogans.length === 0) return undefined;
  const n = daysBetween('1970-01-01', day);
  return slogans[((n % slogans.length) + slogans.length) % slogans.length];
}
