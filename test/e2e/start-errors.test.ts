/**
 * Items 6 and 7 against the real built process: every stop at start says, in Vietnamese, which
 * path and what cause (full disk, read-only folder, stale lock in a read-only folder), without a
 * stack; a lock left by a process killed with -9, or naming a PID now used by another process,
 * does not block the start; a refused second instance changes nothing.
 *
 * Real faults: a small tmpfs filled to the last byte (full disk), a folder the bot's user cannot
 * write (the bot run as `nobody` with setpriv, since root ignores permission bits), a read-only
 * mount (EROFS), and kill -9.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { Store } from '../../src/store/lowdb/store.js';
import { canMount, fillDisk, isRoot, remount, smallDisk } from '../faults.js';
import { ROOT, tempDir } from '../helpers.js';
import { runCli } from './run.js';
import { WAIT_MS, waitUntil } from './wait.js';

const CLI = join(ROOT, 'dist', 'src', 'cli.js');
const clock = fixedClock(new Date('2023-09-20T02:00:00Z'));

/**
 * How to run the bot as the unprivileged user `nobody` (a real EACCES for a folder it does not
 * own), or undefined when this machine cannot (no setpriv, or the project is not readable by it).
 */
const asNobody: string[] | undefined = (() => {
  if (!isRoot) return [];
  const prefix = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
  try {
    execFileSync(prefix[0]!, [...prefix.slice(1), process.execPath, CLI, 'help'], { cwd: ROOT, stdio: 'ignore' });
    return prefix;
  } catch {
    return undefined;
  }
})();

function env(db: string, extra: Record<string, string> = {}): Record<string, string> {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(TELEGRAM_|ZALO_|BOT_|ADMIN_IDS|DB_FILE|DATA_DIR|LOG_LEVEL|BACKUP_KEEP)/.test(k)) e[k] = v;
  }
  return { ...e, DB_FILE: db, BOT_NOW: '2023-09-20T09:00:00+07:00', ...extra };
}

/** Runs `loa console` (stdin closed: it opens the store, answers nothing, closes), optionally through a prefix such as setpriv. */
function runConsoleOnce(db: string, prefix: string[] = [], extra: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const [cmd, ...args] = [...prefix, process.execPath, CLI, 'console'];
  const child = spawn(cmd!, args, { cwd: ROOT, env: env(db, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out:\n${stderr}`));
    }, 4 * WAIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** `loa console` kept running (its stdin stays open) until `end()` or a kill. */
function startConsole(db: string, extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, 'console'], { cwd: ROOT, env: env(db, extra), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  running.push(child);
  return {
    pid: child.pid!,
    exited,
    /** Waits until the console chat is open (its banner is out): the store is open and locked. */
    ready: () =>
      waitUntil(
        () => {
          if (/Gõ \/help/.test(stdout)) return true;
          if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before its banner:\n${stderr}`);
          return undefined;
        },
        4 * WAIT_MS,
        () => `no banner:\n${stdout}\n${stderr}`,
      ),
    end: () => child.stdin.end(),
    kill9: () => child.kill('SIGKILL'),
  };
}

const running: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** A valid database of some size (about 60 KB), written by Loa itself. */
async function seedDb(file: string): Promise<void> {
  const seedFile = join(tempDir(), 'seed.json');
  const seed = await Store.open({ file: seedFile, clock });
  for (let i = 0; i < 400; i++) await seed.delivery.rememberMessage({ channel: 'telegram', chatId: '-42' }, String(i), { deadline: 'H8', occurrence: '2023-09-25' });
  await seed.close();
  writeFileSync(file, readFileSync(seedFile));
}

function expectClearStop(r: { code: number | null; stderr: string }, path: string, cause: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^Lỗi: /);
  expect(r.stderr).toContain(path);
  expect(r.stderr).toMatch(cause);
  expect(r.stderr).not.toMatch(/Lỗi không mong đợi|\n\s+at /);
  expect(r.stderr).not.toMatch(/tiến trình Loa khác/);
}

describe('clear stops at start (item 7)', () => {
  it.skipIf(!canMount)('a completely full disk: names the file it could not create and says the disk is full', async () => {
    const dir = smallDisk(256);
    const db = join(dir, 'db.json');
    await seedDb(db);
    fillDisk(dir);
    const r = await runConsoleOnce(db);
    expectClearStop(r, dir, /đĩa đầy \(ENOSPC\)/);
  });

  it.skipIf(!canMount)('a disk with room for the lock but not for the backup (was "ENOSPC copyfile" with a stack): no half backup left', async () => {
    const dir = smallDisk(512);
    const db = join(dir, 'db.json');
    await seedDb(db);
    const filler = fillDisk(dir);
    truncateSync(filler, statSync(filler).size - 8192); // two pages: the lock fits, a 60 KB backup does not
    const r = await runConsoleOnce(db);
    expectClearStop(r, join(dir, 'backups'), /sao lưu[\s\S]*đĩa đầy \(ENOSPC\)/);
    expect(readdirSync(join(dir, 'backups'))).toEqual([]);
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it.skipIf(!asNobody)(`a read-only folder${asNobody ? '' : ' (SKIPPED: cannot run the bot as nobody here)'} (was "EACCES mkdir backups"): names the folder, says it cannot write there`, async () => {
    const base = tempDir();
    chmodSync(base, 0o755);
    const dir = join(base, 'data');
    mkdirSync(dir);
    const db = join(dir, 'db.json');
    await seedDb(db);
    chmodSync(db, 0o644);
    chmodSync(dir, 0o555);
    const r = await runConsoleOnce(db, asNobody);
    expectClearStop(r, dir, /không có quyền ghi \(EACCES\)/);
  });

  it.skipIf(!asNobody)(`a read-only folder with a stale lock${asNobody ? '' : ' (SKIPPED: cannot run the bot as nobody here)'} (was "another Loa process"): says the old lock cannot be removed, and why`, async () => {
    const base = tempDir();
    chmodSync(base, 0o755);
    const dir = join(base, 'data');
    mkdirSync(dir);
    const db = join(dir, 'db.json');
    await seedDb(db);
    chmodSync(db, 0o644);
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: 999_999_999, start: '1', boot: 'x' }));
    chmodSync(`${db}.lock`, 0o644);
    // Backups could still be written (the issue's set-up): only the folder of the lock is read-only.
    mkdirSync(join(dir, 'backups'), { mode: 0o777 });
    chmodSync(join(dir, 'backups'), 0o777);
    chmodSync(dir, 0o555);
    const r = await runConsoleOnce(db, asNobody);
    expectClearStop(r, `${db}.lock`, /khoá cũ[\s\S]*không có quyền ghi \(EACCES\)/);
  });

  it.skipIf(!canMount)('a read-only mount: says the disk is read-only', async () => {
    const dir = smallDisk(512);
    const db = join(dir, 'db.json');
    await seedDb(db);
    remount(dir, true);
    try {
      const r = await runConsoleOnce(db);
      expectClearStop(r, dir, /ổ đĩa chỉ đọc \(EROFS\)/);
    } finally {
      remount(dir, false);
    }
  });
});

describe('the lock at start (item 6)', () => {
  it('"echo 1 > db.json.lock" does not block the start', async () => {
    const db = join(tempDir(), 'db.json');
    writeFileSync(`${db}.lock`, '1\n');
    const r = await runConsoleOnce(db);
    expect(r.stderr).not.toMatch(/Lỗi/);
    expect(r.code).toBe(0);
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it('after kill -9, a restart starts, also when the dead holder\'s PID now belongs to another live process', async () => {
    const db = join(tempDir(), 'db.json');
    const first = startConsole(db);
    await first.ready();
    const lock = JSON.parse(readFileSync(`${db}.lock`, 'utf8')) as { pid: number };
    expect(lock.pid).toBe(first.pid);
    first.kill9();
    await first.exited;
    expect(existsSync(`${db}.lock`)).toBe(true);
    // The PID is recycled: it now names a live process (this test's), which is not the holder.
    writeFileSync(`${db}.lock`, JSON.stringify({ ...lock, pid: process.pid }));
    const r = await runConsoleOnce(db);
    expect(r.stderr).not.toMatch(/Lỗi/);
    expect(r.code).toBe(0);
  });

  it('a second instance is refused while the first runs, and changes nothing (no backup, no pruning)', async () => {
    const db = join(tempDir(), 'db.json');
    await seedDb(db);
    const first = startConsole(db, { BACKUP_KEEP: '1' });
    await first.ready();
    const snapshot = () =>
      readdirSync(join(db, '..'), { recursive: true, withFileTypes: false })
        .map(String)
        .sort()
        .map((n) => {
          const p = join(db, '..', n);
          const s = statSync(p);
          return `${n} ${s.isFile() ? `${s.size} ${s.mtimeMs}` : 'dir'}`;
        });
    const before = snapshot();
    const lockText = readFileSync(`${db}.lock`, 'utf8');
    const r = await runCli(['console'], { env: { DB_FILE: db, BACKUP_KEEP: '1', BOT_NOW: '2023-09-20T09:00:00+07:00' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^Lỗi: Tệp dữ liệu ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} đang được một tiến trình Loa khác dùng \\(PID ${first.pid}\\)`));
    expect(snapshot()).toEqual(before);
    expect(readFileSync(`${db}.lock`, 'utf8')).toBe(lockText);
    first.end();
    expect(await first.exited).toBe(0);
    rmSync(`${db}.lock`, { force: true });
  });
});
