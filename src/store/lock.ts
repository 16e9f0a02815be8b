/**
 * One writer per database file: a running Loa holds `<file>.lock` (its pid). lowdb keeps the
 * whole file in memory, so a second writer would silently lose the first one's updates.
 * A lock left by a process that no longer runs is taken over.
 */
import { open, readFile, unlink } from 'node:fs/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock, or returns the pid of the live process that holds it. */
export async function takeLock(file: string): Promise<{ release(): Promise<void> } | { heldBy: number }> {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => unlink(lock).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return { heldBy: pid };
      await unlink(lock).catch(() => undefined); // stale: its process is gone
    }
  }
  return { heldBy: -1 };
}
