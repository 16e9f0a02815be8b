/**
 * Finding a command by what was typed: every name and alias, with or without diacritics, and
 * a suggestion for a near miss ("/deadlin", "/khau hieu" → "Có phải bạn muốn /deadline?").
 */
import { closest, distance } from 'fastest-levenshtein';
import type { Command } from './command.js';
import { fold } from './text.js';

export interface CommandNames {
  get(typed: string): Command | undefined;
  /** The command meant by a near miss: a typo in the name, or the name split by a space. */
  suggest(typed: string, args: string): Command | undefined;
}

export function commandNames(commands: readonly Command[]): CommandNames {
  const lookup = new Map<string, Command>();
  for (const cmd of commands) for (const name of [cmd.name, ...cmd.aliases]) lookup.set(fold(name), cmd);
  const names = [...lookup.keys()];
  return {
    get: (typed) => lookup.get(fold(typed)),
    suggest(typed, args) {
      const key = fold(typed);
      if (!key) return undefined;
      // "/khau hieu": the name typed with a space inside.
      const joined = lookup.get(key + fold(args.split(/\s+/)[0] ?? ''));
      if (joined) return joined;
      const best = closest(key, names);
      // One slip in a short name, two in a longer one; never a guess for a different word.
      const allowed = key.length <= 4 ? 1 : 2;
      return distance(key, best) <= allowed ? lookup.get(best) : undefined;
    },
  };
}
