/** Polls `predicate` every 20 ms until it gives a value, or fails after `ms` with `describe()`. */
export async function waitUntil<T>(predicate: () => T | undefined | false, ms: number, describe: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = predicate();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out; ${describe()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
