/**
 * Waiting with a bound, for shutdown: a stop must never hang on a platform that does not answer.
 * The timer is unref'd, so it never keeps the process alive by itself.
 */

/** True when `task` settled (resolved or rejected) within `ms`, false when the wait ran out. */
export function settlesWithin(task: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  return Promise.race([task.then(() => true, () => true), late]).finally(() => clearTimeout(timer));
}
