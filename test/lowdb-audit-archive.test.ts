/**
 * The lowdb audit log past its cap (3 here): each entry the file drops is first appended to the
 * archive beside it (in order, unchanged, 0600), the search pages through the file and the archive
 * as one log with its filters, a unit that fails or a write that fails archives nothing, and a
 * crash between the archive's append and the file's write loses nothing and archives nothing twice.
 */
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Clock } from '../src/core/clock.js';
import type { AuditEntry, AuditFilter } from '../src/core/ports.js';
import { auditArchiveOf } from '../src/store/audit-archive.js';
import { journalOf, readWholeState } from '../src/store/lowdb/journal-format.js';
import { Store, StoreWriteError } from '../src/store/lowdb/store.js';
import { nodeIo } from '../src/store/safe-file.js';
import { tempDir } from './helpers.js';

const START = Date.parse('2024-03-01T00:00:00.000Z');
const an = { id: 'telegram:7', name: 'Lê Văn An', chat: 'telegram:-42' };
const binh = { id: 'web:8', name: 'Trần Thị Bình' };

/** A clock that moves one second per entry (`tick`), from 2024-03-01. */
function ticking(): Clock & { tick(): void } {
  let t = START;
  return { now: () => new Date(t), tick: () => void (t += 1000) };
}

/** Entry n (1-based): every third by Bình, the others by An; subjects BG-1@… and BG-2@… alternate. */
const entryOf = (n: number) => ({
  actor: n % 3 === 0 ? binh : an,
  action: n % 2 === 0 ? 'confirm' : 'bind',
  subject: `BG-${(n % 2) + 1}@2024-03-10#${n}`,
  detail: { n, note: '<script>alert(1)</script>"><img onerror=x>' },
});
const nOf = (e: AuditEntry) => (e.detail as { n: number }).n;
const archived = (file: string) => readFileSync(auditArchiveOf(file), 'utf8').split('\n').filter(Boolean).map((l) => nOf(JSON.parse(l) as AuditEntry));

async function open(file: string, clock: Clock, extra: Partial<Parameters<typeof Store.open>[0]> = {}): Promise<Store> {
  return Store.open({ file, clock, auditMax: 3, ...extra });
}

async function record(store: Store, clock: ReturnType<typeof ticking>, from: number, to: number): Promise<void> {
  for (let n = from; n <= to; n++) {
    clock.tick();
    store.audit.record(entryOf(n));
    await store.flush();
  }
}

/** Every entry a filter finds, page after page of `size`. */
async function pages(store: Store, filter: AuditFilter, size: number): Promise<number[]> {
  const found: number[] = [];
  let before: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await store.audit.search({ ...filter, before }, size);
    found.push(...page.entries.map(nOf));
    if (!page.next) return found;
    before = page.next;
  }
  throw new Error('too many pages');
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => to - i);

describe('lowdb audit archive', () => {
  it('appends each entry the file drops to the archive first; the search pages through both, with filters', async () => {
    const file = join(tempDir(), 'db.json');
    const clock = ticking();
    const store = await open(file, clock);
    await record(store, clock, 1, 10);
    expect(archived(file)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await readWholeState(file)).audit.map(nOf)).toEqual([8, 9, 10]);
    expect(statSync(auditArchiveOf(file)).mode & 0o777).toBe(0o600);
    // Unchanged: the archive's line is the entry as recorded (hostile text kept as it is).
    const line = readFileSync(auditArchiveOf(file), 'utf8').split('\n')[0]!;
    expect(JSON.parse(line)).toEqual({ at: '2024-03-01T00:00:01.000Z', ...entryOf(1) });

    for (const size of [1, 2, 3, 4, 20]) expect(await pages(store, {}, size)).toEqual(range(1, 10));
    expect(await pages(store, { action: 'confirm' }, 2)).toEqual([10, 8, 6, 4, 2]);
    expect(await pages(store, { actor: 'bình' }, 1)).toEqual([9, 6, 3]);
    expect(await pages(store, { actor: 'telegram:7' }, 4)).toEqual([10, 8, 7, 5, 4, 2, 1]);
    expect(await pages(store, { subject: 'BG-2@' }, 2)).toEqual([9, 7, 5, 3, 1]);
    const at = (n: number) => new Date(START + n * 1000);
    expect(await pages(store, { from: at(2), to: at(9) }, 3)).toEqual(range(2, 8));
    expect(await pages(store, { from: at(2), to: at(5), action: 'bind' }, 1)).toEqual([3]);
    expect(await store.audit.recent(4)).toHaveLength(4);
    expect((await store.audit.recent(100)).map(nOf)).toEqual(range(1, 10));

    // After a restart (the file compacted at close), the same log.
    await store.close();
    const again = await open(file, clock, { lock: true });
    expect(await pages(again, {}, 3)).toEqual(range(1, 10));
    await record(again, clock, 11, 12);
    expect(archived(file)).toEqual(range(1, 9).reverse());
    expect(await pages(again, {}, 5)).toEqual(range(1, 12));
    await again.close();
  });

  it('archives nothing for a unit that fails (its entries back in the file), and a unit that succeeds in one write', async () => {
    const file = join(tempDir(), 'db.json');
    const clock = ticking();
    const store = await open(file, clock);
    await record(store, clock, 1, 3);
    await expect(
      store.atomically(async () => {
        clock.tick();
        store.audit.record(entryOf(4));
        clock.tick();
        store.audit.record(entryOf(5));
        expect(await pages(store, {}, 2)).toEqual(range(1, 5));
        throw new Error('bỏ');
      }),
    ).rejects.toThrow('bỏ');
    expect(existsSync(auditArchiveOf(file))).toBe(false);
    expect(await pages(store, {}, 2)).toEqual(range(1, 3));
    await store.atomically(async () => {
      clock.tick();
      store.audit.record(entryOf(6));
      clock.tick();
      store.audit.record(entryOf(7));
    });
    await store.flush();
    expect(archived(file)).toEqual([1, 2]);
    expect(await pages(store, {}, 2)).toEqual([7, 6, 3, 2, 1]);
    await store.close();
    expect((await readWholeState(file)).audit.map(nOf)).toEqual([3, 6, 7]);
  });

  it('cuts the archive back when the write after it fails: the change is refused, nothing is archived twice', async () => {
    const file = join(tempDir(), 'db.json');
    const clock = ticking();
    let failing = false;
    const store = await open(file, clock, {
      // The check before the journal's append (after the archive's) fails.
      io: { stat: (path) => (failing && path === journalOf(file) ? Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })) : nodeIo.stat(path)) },
    });
    await record(store, clock, 1, 5);
    const before = readFileSync(auditArchiveOf(file), 'utf8');
    failing = true;
    clock.tick();
    store.audit.record(entryOf(6));
    await expect(store.flush()).rejects.toBeInstanceOf(StoreWriteError);
    expect(readFileSync(auditArchiveOf(file), 'utf8')).toBe(before);
    expect(await pages(store, {}, 2)).toEqual(range(1, 5));
    failing = false;
    await record(store, clock, 7, 8);
    expect(archived(file)).toEqual([1, 2, 3, 4]);
    expect(await pages(store, {}, 3)).toEqual([8, 7, 5, 4, 3, 2, 1]);
    await store.close();
  });

  it('refuses the change when the archive cannot be written (a full disk): the file keeps the entry', async () => {
    const file = join(tempDir(), 'db.json');
    const clock = ticking();
    let full = false;
    const store = await open(file, clock, {
      io: { open: (path, flags, mode) => (full && path === auditArchiveOf(file) ? Promise.reject(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })) : nodeIo.open(path, flags, mode)) },
    });
    await record(store, clock, 1, 4);
    full = true;
    clock.tick();
    store.audit.record(entryOf(5));
    const error = await store.flush().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreWriteError);
    expect((error as StoreWriteError).message).toContain(file);
    expect(archived(file)).toEqual([1]);
    expect((await readWholeState(file)).audit.map(nOf)).toEqual([2, 3, 4]);
    expect(await pages(store, {}, 2)).toEqual(range(1, 4));
    full = false;
    await record(store, clock, 5, 5);
    expect(archived(file)).toEqual([1, 2]);
    await store.close();
  });

  it('loses nothing and archives nothing twice after a crash between the archive and the file', async () => {
    const dir = tempDir();
    const file = join(dir, 'db.json');
    const clock = ticking();
    let hang = false;
    const store = await open(file, clock, {
      // The process "dies" once the archive was appended: its journal line is never written.
      io: { stat: (path) => (hang && path !== auditArchiveOf(file) ? new Promise(() => undefined) : nodeIo.stat(path)) },
    });
    await record(store, clock, 1, 5);
    const size = statSync(auditArchiveOf(file)).size;
    hang = true;
    clock.tick();
    store.audit.record(entryOf(6));
    void store.flush();
    await vi.waitFor(() => expect(statSync(auditArchiveOf(file)).size).toBeGreaterThan(size));
    // What the disk holds at that instant, copied as a crash would leave it, plus half a line of a later append.
    const crashed = join(tempDir(), 'db.json');
    for (const name of readdirSync(dir)) if (name.startsWith('db.json')) copyFileSync(join(dir, name), join(crashed, '..', name));
    expect(archived(crashed)).toEqual([1, 2, 3]);
    expect((await readWholeState(crashed)).audit.map(nOf)).toEqual([3, 4, 5]);
    appendFileSync(auditArchiveOf(crashed), '{"at":"2024-03-01T00:00');

    const after = await open(crashed, clock, { lock: true });
    expect(await pages(after, {}, 2)).toEqual(range(1, 5));
    await record(after, clock, 7, 10);
    expect(archived(crashed)).toEqual([1, 2, 3, 4, 5, 7]);
    expect(readFileSync(auditArchiveOf(crashed), 'utf8').endsWith('}\n')).toBe(true);
    expect(await pages(after, {}, 4)).toEqual([10, 9, 8, 7, 5, 4, 3, 2, 1]);
    await after.close();
  });
});
