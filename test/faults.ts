/**
 * Real file-system faults for tests: a small tmpfs as a full disk, a read-only mount, a folder
 * that an unprivileged user cannot write. Tests run as root here (root ignores permission bits),
 * so a "read-only folder" is a read-only mount (EROFS) for root, or chmod 0555 for anyone else.
 * Every mount made here is undone after the test.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export const isRoot = process.getuid?.() === 0;

const mounts: string[] = [];
const dirs: string[] = [];
afterEach(() => {
  while (mounts.length) {
    const dir = mounts.pop()!;
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function run(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether this machine lets the tests mount a tmpfs (root with CAP_SYS_ADMIN). Checked once. */
export const canMount: boolean = (() => {
  if (!isRoot || process.platform !== 'linux') return false;
  const dir = mkdtempSync(join(tmpdir(), 'loa-mount-probe-'));
  try {
    if (!run('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir])) return false;
    run('umount', [dir]);
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

if (!canMount) {
  // Visible in the run's output: these tests fall back (injected ENOSPC, chmod) or are skipped.
  console.warn('faults: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN); full-disk and read-only-mount tests are skipped');
}

/** A fresh tmpfs of `sizeKb` (a small disk of its own), removed after the test. Needs {@link canMount}. */
export function smallDisk(sizeKb: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'loa-disk-'));
  dirs.push(dir);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0755`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

/** Fills the disk holding `dir` to the last byte (ENOSPC); returns the filler file, to free space by deleting it. */
export function fillDisk(dir: string): string {
  const filler = join(dir, 'filler.bin');
  const fd = openSync(filler, 'w');
  try {
    // Big pieces first, then smaller ones, until not one more byte fits.
    for (const size of [65_536, 4096, 512, 64, 8, 1]) {
      const piece = Buffer.alloc(size, 1);
      for (;;) {
        try {
          writeSync(fd, piece);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

/** Makes a mounted `dir` read-only (EROFS) or writable again. */
export function remount(dir: string, readOnly: boolean): void {
  execFileSync('mount', ['-o', `remount,${readOnly ? 'ro' : 'rw'}`, dir]);
}

/** How the "read-only folder" fault is made on this machine, or undefined when it cannot be. */
export const readOnlyKind: 'mount' | 'chmod' | undefined = canMount ? 'mount' : isRoot ? undefined : 'chmod';

/**
 * A folder to put a database in that can be made read-only for this process, for real: a tmpfs
 * remounted read-only (root), or chmod 0555 (anyone else).
 */
export function readOnlyCapableDir(): { dir: string; readOnly(on: boolean): void } {
  if (readOnlyKind === 'mount') {
    const dir = smallDisk(1024);
    return { dir, readOnly: (on) => remount(dir, on) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'loa-ro-'));
  dirs.push(dir);
  return { dir, readOnly: (on) => execFileSync('chmod', [on ? '0555' : '0755', dir]) };
}

/** The octal permission bits of a path, e.g. "600". */
export function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}
