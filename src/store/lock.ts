/**
 * One writer per database file: a running Loa holds `<file>.lock`. lowdb keeps the whole file in
 * memory, so a second writer would silently lose the first one's updates.
 *
 * The lock records the holder's PID, when that process started (Linux: field 22 of
 * /proc/<pid>/stat) and the boot id. It is held only while a process with that PID runs AND
 * started at that time in this boot: after kill -9 (or a reboot) a PID is soon reused by another
 * process, in containers almost always, and that process must not block the start; nor does a
 * killed holder left a zombie (not reaped by its parent). Without /proc (not Linux) a live PID
 * is taken for the holder. A stale lock is taken over atomically (temp file + link), and two
 * starters racing over one stale lock cannot both win.
 */
import { readFileSync } from 'node:fs';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { codeOf, describeFsError, remedyOf, StoreError } from './errors.js';

interface Holder {
  pid: number;
  /** Process start time in clock ticks since boot (Linux). */
  start?: string | undefined;
  boot?: string | undefined;
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** When process `pid` started (field 22 of /proc/<pid>/stat), or undefined without /proc or process. */
export function processStart(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // Field 2 (the name) is in parentheses and may hold spaces: count fields after the last ")".
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** This boot's id (Linux), or undefined. */
export function bootId(): string | undefined {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
}

/**
 * Whether `pid` runs. A zombie (state Z, or X: dead) answers signal 0 but runs no more: a Loa
 * killed in a container whose init does not reap orphans stays one, and must not hold the lock.
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
  const stat = readProc(`/proc/${pid}/stat`);
  const state = stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X' && state !== 'x';
}

function parseHolder(text: string): Holder | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t) }; // written by an older Loa: a bare PID
  try {
    const v = JSON.parse(t) as Partial<Record<keyof Holder, unknown>>;
    if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0) return undefined;
    return { pid: v.pid, start: typeof v.start === 'string' ? v.start : undefined, boot: typeof v.boot === 'string' ? v.boot : undefined };
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote this lock still runs (and is not this one). */
function isHeld(h: Holder): boolean {
  if (h.pid === process.pid || !alive(h.pid)) return false;
  const boot = bootId();
  if (boot === undefined) return true; // no /proc: the PID is all we can check
  if (h.start === undefined || h.boot === undefined) {
    // A bare PID from an older Loa: held only if that PID is a Node process now.
    return /node/.test(readProc(`/proc/${h.pid}/cmdline`) ?? '');
  }
  return h.boot === boot && processStart(h.pid) === h.start;
}

async function readLock(lock: string): Promise<string | undefined> {
  try {
    return await readFile(lock, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw new StoreError(`Không đọc được tệp khoá ${lock}: ${describeFsError(error, 'read')}.`, lock, undefined);
  }
}

/** Creates the lock with `text` if there is none: a complete temp file, hard-linked into place. */
async function create(lock: string, text: string): Promise<boolean> {
  const tmp = `${lock}.${process.pid}.tmp`;
  try {
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await link(tmp, lock);
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw new StoreError(`Không tạo được tệp khoá ${lock}: ${describeFsError(error)}. ${remedyOf(error)}`, lock, undefined);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Removes a stale lock whose text was `seen`. It is first moved aside (atomic): if what was moved
 * is not what we judged stale, another starter took the lock meanwhile, and it is put back.
 * Returns whether the way is free.
 */
async function removeStale(lock: string, seen: string): Promise<boolean> {
  const aside = `${lock}.${process.pid}.stale`;
  try {
    await rename(lock, aside);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return true;
    throw new StoreError(
      `Không gỡ được tệp khoá cũ ${lock} (tiến trình Loa đã tạo nó không còn chạy): ${describeFsError(error)}. ${remedyOf(error)}`,
      lock,
      undefined,
    );
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved === seen) {
    await unlink(aside).catch(() => undefined);
    return true;
  }
  await link(aside, lock).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return false;
}

export interface LockOptions {
  /** Test seam: runs after a lock was judged stale, before it is removed (to stage a race). */
  afterRead?: () => Promise<void>;
}

export type LockResult = { release(): Promise<void> } | { heldBy: number };

/**
 * Takes the lock, or returns the PID of the live process that holds it (-1 when other starters
 * kept winning the race). Failures to read, create or remove it are {@link StoreError}s naming
 * the lock file and the cause.
 */
export async function takeLock(file: string, options: LockOptions = {}): Promise<LockResult> {
  const lock = `${file}.lock`;
  const mine = JSON.stringify({ pid: process.pid, start: processStart(process.pid), boot: bootId() } satisfies Holder);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await readLock(lock);
    if (current !== undefined) {
      const holder = parseHolder(current);
      if (holder && isHeld(holder)) return { heldBy: holder.pid };
      await options.afterRead?.();
      if (!(await removeStale(lock, current))) continue;
    }
    if (await create(lock, mine)) {
      return {
        // Only our own lock is removed: an operator may have replaced it meanwhile.
        release: async () => {
          if ((await readFile(lock, 'utf8').catch(() => undefined)) === mine) await unlink(lock).catch(() => undefined);
        },
      };
    }
  }
  const last = await readLock(lock);
  return { heldBy: (last && parseHolder(last)?.pid) || -1 };
}
