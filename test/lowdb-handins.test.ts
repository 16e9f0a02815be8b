/**
 * Hand-ins on the lowdb store: a schema-8 file upgraded to 9 (nothing of it lost), the new
 * records in the journal and across a restart, and the files folder (layout, permissions,
 * crash-safe writes, one file per content, `FILES_DIR` or `files/` beside the database file).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/core/clock.js';
import { DirFileStore } from '../src/store/files-dir.js';
import { readWholeState } from '../src/store/lowdb/journal-format.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { emptyData, SCHEMA_VERSION } from '../src/store/schema.js';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const clock = fixedClock(new Date('2023-09-20T02:00:00.000Z'));
const an = { id: 'u1', name: 'Nguyễn Văn An' };
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'loa-handins-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A file as schema 8 wrote it: no hand-ins yet. */
function schema8(): Record<string, unknown> {
  const d = emptyData() as unknown as Record<string, unknown>;
  for (const k of ['submissions', 'formSessions', 'downloadLinks']) delete d[k];
  const seq: Record<string, number> = { ...(d.seq as Record<string, number>), request: 4 };
  delete seq.submission;
  return {
    ...d,
    schemaVersion: 8,
    seq,
    bindings: { 'telegram:-100': { unit: 'TC', at: '2023-09-01T00:00:00.000Z', by: an } },
    confirmations: [{ deadline: 'H8', occurrence: '2023-09-25', unit: 'TC', received: { at: '2023-09-02T00:00:00.000Z', by: an, chat: 'telegram:-100' } }],
  };
}

const hand = { deadline: 'H8', occurrence: '2023-09-25', unit: 'TC', by: an, chat: 'telegram:-100', at: '2023-09-20T02:00:00.000Z' };

describe('lowdb hand-ins', () => {
  it('upgrades a schema-8 file to 9: empty hand-ins, everything else kept', async () => {
    const dir = tempDir();
    const file = join(dir, 'db.json');
    writeFileSync(file, JSON.stringify(schema8()));
    const s = await openLowdbStores({ file, clock, dataDir: DATA_DIR });
    expect(await s.bindings.bindingOf({ channel: 'telegram', chatId: '-100' })).toMatchObject({ unit: 'TC' });
    expect(await s.confirmations.confirmationsOf([{ deadline: 'H8', occurrence: '2023-09-25' }])).toHaveLength(1);
    expect(await s.submissions.submissionsOf([{ deadline: 'H8', occurrence: '2023-09-25' }])).toEqual([]);
    expect((await s.submissions.addSubmission(hand)).id).toBe('N1');
    expect((await s.bindings.requestBinding({ channel: 'telegram', chatId: '-7' }, 'group', 'VP', an)).request.id).toBe('R5');
    await s.close();
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    expect(raw).toMatchObject({ schemaVersion: SCHEMA_VERSION, formSessions: {}, downloadLinks: {}, seq: { request: 5, submission: 1 } });
    expect(raw.submissions.map((x: { id: string }) => x.id)).toEqual(['N1']);
    expect(SCHEMA_VERSION).toBe(9);
  });

  it('keeps hand-ins, sessions and links in the journal and across a restart; a chat move too', async () => {
    const dir = tempDir();
    const file = join(dir, 'db.json');
    const s = await openLowdbStores({ file, clock, dataDir: DATA_DIR });
    await s.submissions.addSubmission({ ...hand, form: { columns: ['Tên'], rows: [['Hội thi']] } });
    await s.formSessions.saveFormSession({ ...hand, user: 'telegram:u1', rows: [['a']], draft: ['b'], step: 1, columns: ['Tên', 'Ghi chú'], updatedAt: hand.at });
    await s.downloads.issueDownload('h-link', { sha256: 'c'.repeat(64), name: 'H8.xlsx', type: 'application/x', for: an }, new Date('2023-09-20T03:00:00.000Z'));
    await s.chats.moveChat({ channel: 'telegram', chatId: '-100' }, { channel: 'telegram', chatId: '-1001' });
    await s.flush();
    // Before the journal is compacted: the file and its journal hold all of it.
    const state = await readWholeState(file);
    expect(state.submissions.map((x) => [x.id, x.chat])).toEqual([['N1', 'telegram:-1001']]);
    expect(Object.values(state.formSessions).map((x) => x.chat)).toEqual(['telegram:-1001']);
    expect(Object.keys(state.downloadLinks)).toEqual(['h-link']);
    expect(state.seq.submission).toBe(1);
    await s.close();
    const again = await openLowdbStores({ file, clock, dataDir: DATA_DIR });
    expect((await again.submissions.submission('N1'))?.form).toEqual({ columns: ['Tên'], rows: [['Hội thi']] });
    expect((await again.formSessions.formSession({ channel: 'telegram', chatId: '-1001' }, 'telegram:u1'))?.draft).toEqual(['b']);
    expect((await again.downloads.takeDownload('h-link', clock.now()))?.name).toBe('H8.xlsx');
    expect((await again.submissions.addSubmission(hand)).id).toBe('N2');
    await again.close();
  });

  it('keeps files in files/ beside the database file by default, or in FILES_DIR', async () => {
    const dir = tempDir();
    const s = await openLowdbStores({ file: join(dir, 'db.json'), clock, dataDir: DATA_DIR });
    expect(s.filesDir).toBe(join(dir, 'files'));
    const digest = await s.files.putFile(Buffer.from('báo cáo'));
    expect(existsSync(join(dir, 'files', digest.slice(0, 2), digest))).toBe(true);
    await s.close();
    const elsewhere = join(tempDir(), 'kho', 'tep');
    const t = await openLowdbStores({ file: join(dir, 'db.json'), clock, dataDir: DATA_DIR, filesDir: elsewhere });
    expect(t.filesDir).toBe(elsewhere);
    expect(await t.files.getFile(digest)).toBeUndefined();
    const again = await t.files.putFile(Buffer.from('báo cáo'));
    expect(readFileSync(join(elsewhere, again.slice(0, 2), again), 'utf8')).toBe('báo cáo');
    await t.close();
  });

  it('writes a file once, 0600 in 0700 folders, with no temp file left', async () => {
    const root = join(tempDir(), 'files');
    const files = new DirFileStore(root);
    const bytes = Buffer.from('%PDF-1.7 nội dung');
    const [a, b] = await Promise.all([files.putFile(bytes), files.putFile(Buffer.from(bytes))]);
    expect(a).toBe(b);
    await files.putFile(bytes);
    const folder = join(root, a.slice(0, 2));
    expect(readdirSync(root)).toEqual([a.slice(0, 2)]);
    expect(readdirSync(folder)).toEqual([a]);
    expect(statSync(join(folder, a)).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect((await files.getFile(a))?.equals(bytes)).toBe(true);
    // A file planted beside the store's is never reached by a name that is not a digest.
    writeFileSync(join(root, 'secret'), 'x');
    expect(await files.getFile('secret')).toBeUndefined();
    expect(await files.getFile(`../files/${a.slice(0, 2)}/${a}`)).toBeUndefined();
  });
});
