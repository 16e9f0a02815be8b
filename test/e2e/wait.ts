/**
 * How long a test waits for a condition before it fails. Generous on purpose: a wait ends as soon
 * as its condition holds, so the bound only decides how late a real failure is reported, and a
 * busy 2-core machine (load 4+) can be many times slower than an idle one.
 */
export const WAIT_MS = 30_000;

/**
 * Polls `predicate` (sync or async) every 20 ms until it gives a value, or fails after `ms` with
 * `describe()`. An error thrown by `predicate` ends the wait at once (e.g. "the process exited").
 */
export async function waitUntil<T>(predicate: () => T | undefined | false | Promise<T | undefined | false>, ms: number, describe: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await predicate();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms; ${describe()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
