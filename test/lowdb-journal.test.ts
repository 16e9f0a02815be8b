/**
 * The lowdb journal: each write appends one line to `<file>.journal`; the file is rewritten whole
 * only past a size, at close and at open (after the journal was replayed). A torn last line (a kill
 * mid-write) is ignored, anything else malformed stops the start; a failed append is rolled back
 * and cut off the journal; a journal changed under the store is not written to.
 */
import { appendFileSync, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../src/core/clock.js';
import { hashOf, journalOf } from '../src/store/lowdb/journal-format.js';
import { Store, StoreError, StoreWriteError } from '../src/store/lowdb/store.js';
import { tempDir, wholeStateSync } from './helpers.js';

const clock = fixedClock(new Date('2023-09-20T02:00:00Z'));
const user = { id: '7', name: 'Lê Văn An' };
const chat = { channel: 'telegram', chatId: '-42' };
const confirm = (s: Store, unit: string) => s.confirmations.confirm({ deadline: 'H8', occurrence: '2023-09-25', unit, kind: 'nhan', user, chat });
const units = (s: Store) => s.confirmations.confirmationsOf('H8', '2023-09-25').map((c) => c.unit).sort();
const lines = (file: string) => readFileSync(journalOf(file), 'utf8').split('\n').filter(Boolean);

/** A store with a file and a journal holding VP and KHTC (the file itself only the binding). */
async function withJournal(options: { lock?: boolean } = {}): Promise<{ file: string; store: Store }> {
  const file = join(tempDir(), 'db.json');
  const store = await Store.open({ file, clock, ...options });
  await store.bindings.bind(chat, 'VP', user); // no file yet: written whole
  await confirm(store, 'VP');
  await confirm(store, 'KHTC');
  return { file, store };
}

describe('lowdb journal', () => {
  it('appends one line per write and leaves the file alone; a reader replays the journal', async () => {
    const { file, store } = await withJournal();
    expect(JSON.parse(readFileSync(file, 'utf8')).confirmations).toEqual([]);
    expect(lines(file)).toHaveLength(3); // the header, then one line per write
    expect(statSync(journalOf(file)).mode & 0o777).toBe(0o600);
    const reader = await Store.open({ file, clock });
    expect(units(reader)).toEqual(['KHTC', 'VP']);
    expect(reader.bindings.bindingOf(chat)?.unit).toBe('VP');
    await store.close();
    expect(existsSync(journalOf(file))).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8')).confirmations).toHaveLength(2);
  });

  it('writes a unit of work as one line, and nothing of a failed unit', async () => {
    const { file, store } = await withJournal();
    const before = lines(file).length;
    await store.atomically(async () => {
      await confirm(store, 'TC');
      await confirm(store, 'TTKHCN');
      await store.bindings.bind({ channel: 'telegram', chatId: '-7' }, 'TC', user);
    });
    expect(lines(file)).toHaveLength(before + 1);
    expect(JSON.parse(lines(file).at(-1)!)).toHaveLength(3);
    await expect(store.atomically(async () => {
      await confirm(store, 'QT');
      throw new Error('bad import');
    })).rejects.toThrow('bad import');
    await store.flush();
    expect(lines(file)).toHaveLength(before + 1);
    expect(units(await Store.open({ file, clock }))).toEqual(['KHTC', 'TC', 'TTKHCN', 'VP']);
  });

  it('replays an undone confirmation as removed, and one confirmed again after it as there', async () => {
    const { file, store } = await withJournal();
    await store.confirmations.undo('H8', '2023-09-25', 'VP');
    await store.confirmations.undo('H8', '2023-09-25', 'KHTC');
    await confirm(store, 'KHTC');
    await store.flush();
    expect(JSON.parse(lines(file).at(-2)!)).toEqual([{ o: 'drop', l: 'confirmations', k: ['H8\n2023-09-25\nKHTC'] }]);
    const reader = await Store.open({ file, clock });
    expect(units(reader)).toEqual(['KHTC']);
    expect(reader.confirmations.confirmationOf('H8', '2023-09-25', 'VP')).toBeUndefined();
  });

  it('ignores a torn last line (a kill mid-write), then compacts the journal into the file and backs it up', async () => {
    const { file } = await withJournal();
    // What a kill -9 in the middle of the third append leaves: part of a line, no newline.
    const whole = readFileSync(journalOf(file), 'utf8');
    appendFileSync(journalOf(file), '[{"o":"push","l":"confirmations","v":{"deadl');
    const store = await Store.open({ file, clock, lock: true });
    expect(units(store)).toEqual(['KHTC', 'VP']);
    expect(existsSync(journalOf(file))).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8')).confirmations).toHaveLength(2);
    expect(JSON.parse(readFileSync(store.backup!, 'utf8')).confirmations).toHaveLength(2);
    expect(whole.endsWith('\n')).toBe(true);
    await store.close();
  });

  it('refuses a journal with a malformed line before the last, naming the journal and the backup', async () => {
    const { file } = await withJournal();
    await Store.open({ file, clock }); // a backup of the whole state
    const text = lines(file);
    writeFileSync(journalOf(file), [text[0], '{not json', ...text.slice(1)].join('\n') + '\n');
    const error = await Store.open({ file, clock, lock: true }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(journalOf(file));
    expect((error as StoreError).message).toMatch(/dòng 2 không phải JSON hợp lệ/);
    expect((error as StoreError).lastBackup).toBeDefined();
    expect((error as StoreError).message).toContain((error as StoreError).lastBackup!);
  });

  it('refuses a journal made for another file (a backup restored over the file), but not one the file already holds', async () => {
    const { file, store } = await withJournal();
    const journal = readFileSync(journalOf(file), 'utf8');
    await store.close(); // compacted: the journal is gone, the file holds it
    // A crash right after the compaction replaced the file: the journal names the new file as applied.
    const hash = hashOf(readFileSync(file, 'utf8'));
    writeFileSync(journalOf(file), `${journal}{"compacted":"${hash}"}\n`);
    const again = await Store.open({ file, clock, lock: true });
    expect(units(again)).toEqual(['KHTC', 'VP']);
    await again.close();
    // The same journal over another file: refused, the file untouched.
    writeFileSync(journalOf(file), journal);
    const error = await Store.open({ file, clock }).then(() => undefined, (e: unknown) => e);
    expect((error as StoreError).message).toMatch(/không thuộc tệp dữ liệu hiện có/);
  });

  it('compacts when the journal passes its size, and a reopen sees every change', async () => {
    const file = join(tempDir(), 'db.json');
    const store = await Store.open({ file, clock, journalMax: 1500 });
    await store.bindings.bind(chat, 'VP', user);
    let compactions = 0;
    let size = 0;
    for (let i = 0; i < 40; i++) {
      await confirm(store, `U${i}`);
      const now = existsSync(journalOf(file)) ? statSync(journalOf(file)).size : 0;
      if (now < size) compactions++;
      size = now;
      expect(size).toBeLessThanOrEqual(1500 + 400);
    }
    expect(compactions).toBeGreaterThan(2);
    expect(wholeStateSync(file).confirmations).toHaveLength(40);
    expect(units(await Store.open({ file, clock }))).toHaveLength(40);
  });

  it('rolls back a change whose append failed, cuts the journal back, and writes the next one', async () => {
    const file = join(tempDir(), 'db.json');
    let fail = false;
    const store = await Store.open({
      file,
      clock,
      io: {
        async open(path: string, flags: string, mode?: number) {
          const handle = await openFile(path, flags, mode);
          if (flags !== 'a') return handle;
          const write = handle.write.bind(handle) as (b: Buffer, o: number, l: number) => Promise<{ bytesWritten: number }>;
          // Half the line reaches the disk, then the disk is full.
          (handle as unknown as { write: typeof write }).write = async (b, o, l) => {
            if (!fail) return write(b, o, l);
            await write(b, o, Math.floor(l / 2));
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          };
          return handle;
        },
      },
    });
    const failures: StoreWriteError[] = [];
    store.onWriteFailure((e) => failures.push(e));
    await store.bindings.bind(chat, 'VP', user);
    await confirm(store, 'VP');
    await confirm(store, 'KHTC'); // the journal is open for appends
    const before = readFileSync(journalOf(file), 'utf8');
    fail = true;
    await expect(confirm(store, 'TC')).rejects.toMatchObject({ name: 'StoreWriteError', code: 'ENOSPC' });
    expect(units(store)).toEqual(['KHTC', 'VP']);
    expect(readFileSync(journalOf(file), 'utf8')).toBe(before);
    expect(failures).toHaveLength(1);
    fail = false;
    await confirm(store, 'TTKHCN');
    expect(units(await Store.open({ file, clock }))).toEqual(['KHTC', 'TTKHCN', 'VP']);
  });

  it('does not write to a journal changed or removed under it; the file and journal are left as they are', async () => {
    const { file, store } = await withJournal();
    appendFileSync(journalOf(file), '[]\n');
    const changed = readFileSync(journalOf(file), 'utf8');
    await expect(confirm(store, 'TC')).rejects.toMatchObject({ code: 'CHANGED', changed: true });
    expect(readFileSync(journalOf(file), 'utf8')).toBe(changed);
    expect(units(store)).toEqual(['KHTC', 'VP']);
    unlinkSync(journalOf(file));
    const error = await confirm(store, 'TC').then(() => undefined, (e: unknown) => e as StoreWriteError);
    expect(error?.message).toContain(journalOf(file));
    expect(existsSync(journalOf(file))).toBe(false);
    await store.close();
    expect(existsSync(journalOf(file))).toBe(false);
  });
});
