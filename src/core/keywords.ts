/**
 * Keyword arguments as people type them: "quá hạn", "quahan", "Quá Hạn" and "qua-han" are one
 * keyword, and keywords may come in any order next to other words ("/deadline tatca quahan",
 * "/deadline VP quá hạn").
 */
import { fold } from './text.js';

/** The comparison key of a keyword: folded, without spaces or punctuation ("Tất cả" → "tatca"). */
export function keywordKey(text: string): string {
  return fold(text).replace(/[^a-z0-9]+/g, '');
}

/** The longest keyword, in words, that {@link takeKeywords} looks for ("đã hoàn thành" is 3). */
const MAX_WORDS = 3;

/**
 * Takes the known keywords out of `args`, wherever they stand. `table` maps each keyword to its
 * spellings (compared by {@link keywordKey}). Returns the keywords found and the other words, in order.
 */
export function takeKeywords<K extends string>(args: string, table: Readonly<Record<K, readonly string[]>>): { found: Set<K>; rest: string[] } {
  const byKey = new Map<string, K>();
  for (const [keyword, spellings] of Object.entries(table) as Array<[K, readonly string[]]>) {
    for (const s of [keyword, ...spellings]) byKey.set(keywordKey(s), keyword);
  }
  const words = args.split(/\s+/).filter(Boolean);
  const found = new Set<K>();
  const rest: string[] = [];
  for (let i = 0; i < words.length; ) {
    let taken = 0;
    for (let n = Math.min(MAX_WORDS, words.length - i); n >= 1 && !taken; n--) {
      const hit = byKey.get(keywordKey(words.slice(i, i + n).join(' ')));
      if (hit !== undefined) {
        found.add(hit);
        taken = n;
      }
    }
    if (taken) i += taken;
    else rest.push(words[i++]!);
  }
  return { found, rest };
}
