/**
 * Slogans across plans: one entry per slogan (the same motto quoted by several plans is one
 * slogan with several sources), shown as written, and a slogan of the day that is never a
 * greeting for an anniversary or a year already past.
 */
import { daysBetween, type Day } from './dates.js';
import { planEnded } from './period.js';
import type { Plan } from './plans.js';
import { fold, squash } from './text.js';

export interface Slogan {
  /** 1-based number shown to users. */
  number: number;
  /** As written in its newest plan, tidied for display (see `displaySloganText`). */
  text: string;
  /** Every plan that has this slogan, newest first. */
  sources: Plan[];
}

/**
 * Words that mean the same in a motto, folded: "có trách nhiệm với nhân dân" is "… với dân".
 * Only true synonyms go here; a word that changes the motto ("học dân") keeps slogans apart.
 */
const SAME_WORDS: ReadonlyArray<[RegExp, string]> = [[/\bnhan dan\b/g, 'dan']];

/** The identity of a slogan: folded, no punctuation or quotes, single spaces, synonyms unified. */
export function sloganKey(text: string): string {
  let key = fold(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  for (const [from, to] of SAME_WORDS) key = key.replace(from, to);
  return key;
}

const QUOTES = /["“”«»]/;

/**
 * A slogan as shown everywhere: the plan's text with its outer quotes off, its inner quotes as
 * “…”, no space inside quotes, no single final period, the first letter a capital.
 */
export function displaySloganText(raw: string): string {
  let s = squash(raw);
  if (/[^.]\.$/.test(s)) s = s.slice(0, -1).trimEnd();
  const outer = /^["“«](.*)["”»]$/.exec(s);
  if (outer && !QUOTES.test(outer[1]!)) s = outer[1]!.trim();
  let open = false;
  s = s.replace(/["“”«»]/g, (q) => {
    open = q === '"' ? !open : q === '“' || q === '«';
    return open ? '“' : '”';
  });
  s = s.replace(/“\s+/g, '“').replace(/\s+”/g, '”');
  if (/[^.]\.$/.test(s)) s = s.slice(0, -1).trimEnd();
  return s.replace(/^(“?)(\p{Ll})/u, (_, q: string, c: string) => q + c.toLocaleUpperCase('vi'));
}

/** “…” around a slogan, unless it has quotes of its own (then as it is: quotes never nest). */
export function quoteSlogan(text: string): string {
  return QUOTES.test(text) ? text : `“${text}”`;
}

/** The slogans of plans (newest first), numbered from 1, each once with all the plans that quote it. */
export function collectSlogans(plans: readonly Plan[]): Slogan[] {
  const byKey = new Map<string, Slogan>();
  const out: Slogan[] = [];
  for (const plan of plans) {
    for (const raw of plan.slogans) {
      const text = displaySloganText(raw);
      const key = sloganKey(text);
      if (!key) continue;
      const known = byKey.get(key);
      if (known) {
        if (!known.sources.includes(plan)) known.sources.push(plan);
        continue;
      }
      const slogan: Slogan = { number: out.length + 1, text, sources: [plan] };
      byKey.set(key, slogan);
      out.push(slogan);
    }
  }
  return out;
}

const OCCASION = /\b(chao mung\b.*\bnam|ky niem|lan thu)\b/;
const YEAR = /(?<![\d/])(?:19|20)\d{2}(?!\d)/g;
const DATE = /\b(\d{1,2})\/(\d{1,2})\/((?:19|20)\d{2})\b/g;

/** Whether a slogan names a year or an occasion ("Chào mừng 93 năm…", "kỷ niệm", "lần thứ"). */
export function isDatedSlogan(s: Pick<Slogan, 'text'>): boolean {
  const folded = fold(s.text);
  return OCCASION.test(folded) || (folded.match(YEAR) ?? []).length > 0;
}

/** The last day a dated slogan is about: its latest full date, else the end of its latest year. */
function lastDayNamed(text: string): Day | undefined {
  const dates = [...text.matchAll(DATE)].map((m) => `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`);
  if (dates.length) return dates.sort().at(-1);
  const years = (text.match(YEAR) ?? []).map(Number);
  return years.length ? `${Math.max(...years)}-12-31` : undefined;
}

/**
 * Whether a dated slogan belongs to the past: every plan quoting it has ended, or the date or
 * year it names is over. An undated slogan is never past.
 */
export function sloganPast(s: Pick<Slogan, 'text' | 'sources'>, today: Day): boolean {
  if (!isDatedSlogan(s)) return false;
  if (s.sources.every((p) => planEnded(p, today))) return true;
  const last = lastDayNamed(s.text);
  return last !== undefined && today > last;
}

/**
 * The slogan of a day: a fixed rotation through the slogans that are not past, so everyone
 * sees the same one all day; undefined when none is left.
 */
export function sloganOfDay(slogans: readonly Slogan[], day: Day): Slogan | undefined {
  const current = slogans.filter((s) => !sloganPast(s, day));
  if (current.length === 0) return undefined;
  const n = daysBetween('1970-01-01', day);
  return current[((n % current.length) + current.length) % current.length];
}
