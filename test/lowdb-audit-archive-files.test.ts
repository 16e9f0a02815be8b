/**
 * The lowdb audit archive as files: a long archive (tens of thousands of lines, runs of entries
 * of one same time across its blocks and across the file's edge) paged exactly through its index;
 * its copy in backups/ brought level at each start (a replaced archive's copy kept aside); a new
 * file does not continue an archive left beside it; a restored backup of the file archives nothing twice.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open as openHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/core/clock.js';
import type { AuditEntry, AuditFilter } from '../src/core/ports.js';
import { archiveBackupOf } from '../src/store/archive-backup.js';
import { auditArchiveOf, auditText, linesBackward, linesForward, wholeLinesEnd } from '../src/store/audit-archive.js';
import { BLOCK } from '../src/store/lowdb/audit-archive-index.js';
import { journalOf } from '../src/store/lowdb/journal-format.js';
import { Store } from '../src/store/lowdb/store.js';
import { tempDir } from './helpers.js';

const START = Date.parse('2024-01-01T00:00:00.000Z');
const an = { id: 'telegram:7', name: 'Lê Văn An' };

function clockAt(ms: number): Clock & { set(ms: number): void } {
  let t = ms;
  return { now: () => new Date(t), set: (v) => void (t = v) };
}

/** Entry n: ten in a row share one time (a run of one instant); every seventh is a "confirm". */
const entry = (n: number): AuditEntry => ({
  at: new Date(START + Math.floor(n / 10) * 1000).toISOString(),
  actor: an,
  action: n % 7 === 0 ? 'confirm' : 'bind',
  subject: `S${n}`,
  detail: { n },
});
const nOf = (e: AuditEntry) => (e.detail as { n: number }).n;
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => nOf(JSON.parse(l) as AuditEntry));

async function pages(store: Store, filter: AuditFilter, size: number): Promise<number[]> {
  const found: number[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await store.audit.search({ ...filter, before }, size);
    found.push(...page.entries.map(nOf));
    if (!page.next) return found;
    before = page.next;
  }
}

/** A store whose archive holds entries 0…archived-1 and whose file the next `inFile` (recorded through the store). */
async function withArchive(archived: number, inFile: number, options: { lock?: boolean } = {}): Promise<{ file: string; store: Store; clock: ReturnType<typeof clockAt> }> {
  const file = join(tempDir(), 'db.json');
  writeFileSync(auditArchiveOf(file), Array.from({ length: archived }, (_, n) => `${auditText(entry(n))}\n`).join(''), { mode: 0o600 });
  const clock = clockAt(START);
  const seed = await Store.open({ file, clock, auditMax: inFile });
  for (let n = archived; n < archived + inFile; n++) {
    const { at, ...rest } = entry(n);
    clock.set(Date.parse(at));
    seed.audit.record(rest);
  }
  await seed.close();
  return { file, clock, store: await Store.open({ file, clock, auditMax: inFile, ...options }) };
}

describe('lowdb audit archive files', () => {
  it('pages a long archive exactly, newest first, through runs of one instant across blocks and the file edge', async () => {
    const total = 30_005;
    const { store, file } = await withArchive(29_998, 7);
    expect(readFileSync(auditArchiveOf(file)).length).toBeGreaterThan(20 * BLOCK);
    const all = Array.from({ length: total }, (_, i) => total - 1 - i);
    expect(await pages(store, {}, 997)).toEqual(all);
    expect(await pages(store, { action: 'confirm' }, 13)).toEqual(all.filter((n) => n % 7 === 0));
    // Days: from entry 12,340 to before entry 25,000 (runs of ten: the bounds fall on whole runs).
    const from = new Date(Date.parse(entry(12_340).at));
    const to = new Date(Date.parse(entry(25_000).at));
    expect(await pages(store, { from, to, subject: 'S2' }, 7)).toEqual(all.filter((n) => n >= 12_340 && n < 25_000 && String(n).startsWith('2')));
    // A page deep in the archive starts right after the cursor.
    const first = await store.audit.search({}, 20_001);
    const deep = await store.audit.search({ before: first.next }, 3);
    expect(deep.entries.map(nOf)).toEqual([total - 20_002, total - 20_003, total - 20_004]);
    await store.close();
  });

  it('reads lines backward and forward across chunks (lines longer than a chunk, multi-byte text), a torn last line left out', async () => {
    const path = join(tempDir(), 'lines.jsonl');
    const texts = Array.from({ length: 400 }, (_, i) => (i % 97 === 5 ? 'ư'.repeat(70_000) : `dòng ${i} ${'ạ'.repeat(i * 37)}`));
    writeFileSync(path, `${texts.join('\n')}\n{"at":"2024-01`);
    const handle = await openHandle(path, 'r');
    try {
      const size = (await handle.stat()).size;
      const end = await wholeLinesEnd(handle, size);
      expect(end).toBe(size - '{"at":"2024-01'.length);
      const back: string[] = [];
      for await (const line of linesBackward(handle, end)) back.push(line);
      expect(back).toEqual([...texts].reverse());
      const forward: string[] = [];
      for await (const line of linesForward(handle, 0, size)) forward.push(line.bytes.toString('utf8'));
      expect(forward).toEqual(texts);
    } finally {
      await handle.close();
    }
  });

  it('keeps a copy of the archive in backups/, brought level at each start; a replaced archive leaves its copy aside', async () => {
    const { file, store, clock } = await withArchive(40, 3, { lock: true });
    const backup = archiveBackupOf(file);
    expect(backup).toBe(join(file, '..', 'backups', 'db-audit-archive.jsonl'));
    expect(readFileSync(backup, 'utf8')).toBe(readFileSync(auditArchiveOf(file), 'utf8'));
    clock.set(START + 3_600_000);
    for (let i = 0; i < 4; i++) store.audit.record({ actor: an, action: 'bind', subject: 'x', detail: { n: 100 + i } });
    await store.close();
    expect(lines(auditArchiveOf(file))).toHaveLength(44);
    expect(lines(backup)).toHaveLength(40);
    await (await Store.open({ file, clock, auditMax: 3, lock: true })).close();
    expect(readFileSync(backup, 'utf8')).toBe(readFileSync(auditArchiveOf(file), 'utf8'));

    writeFileSync(auditArchiveOf(file), `${auditText(entry(1))}\n`);
    await (await Store.open({ file, clock, auditMax: 3, lock: true })).close();
    expect(lines(backup)).toEqual([1]);
    const kept = readdirSync(join(file, '..', 'backups')).filter((n) => /^db-audit-archive-\d{8}T\d{9}Z\.jsonl$/.test(n));
    expect(kept).toHaveLength(1);
    expect(lines(join(file, '..', 'backups', kept[0]!))).toHaveLength(44);
  });

  it('does not continue, in a new file, an archive left beside it: the lock holder moves it aside', async () => {
    const { file, store, clock } = await withArchive(10, 2);
    await store.close();
    rmSync(file);
    rmSync(journalOf(file), { force: true });
    const fresh = await Store.open({ file, clock, auditMax: 2, lock: true });
    expect(await fresh.audit.recent(50)).toEqual([]);
    expect(existsSync(auditArchiveOf(file))).toBe(false);
    const aside = readdirSync(join(file, '..')).filter((n) => n.startsWith('db.json.audit-archive.before-'));
    expect(aside).toEqual(['db.json.audit-archive.before-2024-01-01T00-00-01-000Z.jsonl']);
    expect(lines(join(file, '..', aside[0]!))).toHaveLength(10);
    await fresh.close();
  });

  it('archives nothing twice after a backup of the file, older than the archive, was restored', async () => {
    const { file, store, clock } = await withArchive(3, 3);
    await store.close();
    const backup = join(file, '..', 'kept.json');
    copyFileSync(file, backup);
    const later = await Store.open({ file, clock, auditMax: 3 });
    for (let n = 6; n < 12; n++) {
      const { at, ...rest } = entry(n);
      clock.set(Date.parse(at));
      later.audit.record(rest);
    }
    await later.close();
    expect(lines(auditArchiveOf(file))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // Restored as the README says: the backup over the file, its journal removed.
    copyFileSync(backup, file);
    rmSync(journalOf(file), { force: true });
    const restored = await Store.open({ file, clock, auditMax: 3 });
    expect(await pages(restored, { subject: 'S4' }, 5)).toEqual([4]);
    for (let n = 12; n < 16; n++) {
      const { at, ...rest } = entry(n);
      clock.set(Date.parse(at));
      restored.audit.record(rest);
    }
    await restored.close();
    expect(lines(auditArchiveOf(file))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 12]);
  });
});
