/**
 * Item 6: the lock of the database file is held only by a process that is really the one that
 * took it (PID + its start time + the boot id), so a PID recycled after kill -9 or a reboot does
 * not block the start; and a refused second instance changes nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/core/clock.js';
import { backupDir } from '../src/store/backup.js';
import { takeLock } from '../src/store/lock.js';
import { Store } from '../src/store/lowdb/store.js';
import { tempDir } from './helpers.js';

const clock = fixedClock(new Date('2023-09-20T02:00:00Z'));
const linux = existsSync('/proc/self/stat');

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function startOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}
const boot = linux ? readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() : '';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A real live process that is not us (and not Loa). */
function liveProcess(): number {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

function record(pid: number, start: string, bootId = boot): string {
  return JSON.stringify({ pid, start, boot: bootId });
}

describe('lock: who holds the database file', () => {
  it('takes over a lock naming a PID that is alive but is not the holder ("echo 1 > db.json.lock")', async () => {
    const file = join(tempDir(), 'db.json');
    writeFileSync(`${file}.lock`, '1\n');
    const store = await Store.open({ file, clock, lock: true });
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    await store.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it.skipIf(!linux)('takes over a lock whose PID was recycled: alive, but started at another time', async () => {
    const file = join(tempDir(), 'db.json');
    const pid = liveProcess();
    writeFileSync(`${file}.lock`, record(pid, String(Number(startOf(pid)) - 1000)));
    const lock = await takeLock(file);
    expect(lock).toHaveProperty('release');
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, start: startOf(process.pid), boot });
  });

  it.skipIf(!linux)('takes over a lock taken before a reboot (another boot id), even if its PID and start time match a live process', async () => {
    const file = join(tempDir(), 'db.json');
    const pid = liveProcess();
    writeFileSync(`${file}.lock`, record(pid, startOf(pid), '00000000-0000-0000-0000-000000000000'));
    expect(await takeLock(file)).toHaveProperty('release');
  });

  it.skipIf(!linux)('is refused while the process that took it runs, naming its PID', async () => {
    const file = join(tempDir(), 'db.json');
    const pid = liveProcess();
    const text = record(pid, startOf(pid));
    writeFileSync(`${file}.lock`, text);
    expect(await takeLock(file)).toEqual({ heldBy: pid });
    await expect(Store.open({ file, clock, lock: true })).rejects.toThrow(new RegExp(`đang được một tiến trình Loa khác dùng \\(PID ${pid}\\)`));
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(text);
  });

  it.skipIf(!linux)('takes over the lock of a killed Loa left a zombie (its parent never reaps it, as under a container init that does not)', async () => {
    const file = join(tempDir(), 'db.json');
    // sh starts a child that exits at once, then becomes `sleep`, which never reaps it: a zombie, same PID and start time.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 600'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const pid = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(d.toString()))));
    const state = () => /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
    for (let i = 0; state() !== 'Z'; i++) {
      if (i > 500) throw new Error(`process ${pid} never became a zombie (state ${state()})`);
      await new Promise((r) => setTimeout(r, 10));
    }
    writeFileSync(`${file}.lock`, record(pid, startOf(pid)));
    expect(await takeLock(file)).toHaveProperty('release');
  });

  it('takes over the lock of a process that is gone, and releases only its own lock', async () => {
    const file = join(tempDir(), 'db.json');
    writeFileSync(`${file}.lock`, record(999_999_999, '1'));
    const lock = await takeLock(file);
    if (!('release' in lock)) throw new Error('not taken');
    // Someone else's lock now sits there (e.g. an operator's): our release leaves it alone.
    writeFileSync(`${file}.lock`, record(4242, '7'));
    await lock.release();
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(record(4242, '7'));
  });

  it.skipIf(!linux)('two starters racing over a stale lock: the one that finds a fresh lock in its place does not remove it', async () => {
    const file = join(tempDir(), 'db.json');
    writeFileSync(`${file}.lock`, record(999_999_999, '1'));
    const other = liveProcess();
    const otherLock = record(other, startOf(other));
    // While this starter has judged the lock stale, another starter takes it over first.
    const lock = await takeLock(file, {
      afterRead: async () => {
        if (readFileSync(`${file}.lock`, 'utf8') !== otherLock) writeFileSync(`${file}.lock`, otherLock);
      },
    });
    expect(lock).toEqual({ heldBy: other });
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(otherLock);
  });

  it('writes the lock file 0600', async () => {
    const file = join(tempDir(), 'db.json');
    await takeLock(file);
    expect((statSync(`${file}.lock`).mode & 0o777).toString(8)).toBe('600');
  });
});

describe('lock: a refused second instance changes nothing', () => {
  it.skipIf(!linux)('takes no backup and prunes none when the lock is held', async () => {
    const file = join(tempDir(), 'db.json');
    const first = await Store.open({ file, clock, keepBackups: 1 });
    await first.bindings.bind({ channel: 'telegram', chatId: '-1' }, 'VP', { id: '1', name: 'A' });
    await Store.open({ file, clock, keepBackups: 1 }); // one backup now
    const before = readdirSync(backupDir(file)).map((n) => [n, statSync(join(backupDir(file), n)).mtimeMs]);
    const dbBefore = readFileSync(file, 'utf8');
    const pid = liveProcess();
    writeFileSync(`${file}.lock`, record(pid, startOf(pid)));
    await expect(Store.open({ file, clock, keepBackups: 1, lock: true })).rejects.toThrow(/tiến trình Loa khác/);
    expect(readdirSync(backupDir(file)).map((n) => [n, statSync(join(backupDir(file), n)).mtimeMs])).toEqual(before);
    expect(readFileSync(file, 'utf8')).toBe(dbBefore);
  });
});
