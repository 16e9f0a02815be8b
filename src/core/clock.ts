/** Every piece of Loa reads the time through a Clock, so tests and demos can fix it (`BOT_NOW`). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant. */
export function fixedClock(at: Date): Clock {
  const ms = at.getTime();
  return { now: () => new Date(ms) };
}

/**
 * Parses an ISO 8601 instant with an explicit offset or `Z` (e.g. `2023-09-20T09:00:00+07:00`).
 * A time without an offset would depend on the server's zone, so it is refused.
 */
export function parseInstant(text: string): Date | undefined {
  const m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const d = new Date(text.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}
