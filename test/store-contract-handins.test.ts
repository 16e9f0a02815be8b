/**
 * The store contract for hand-ins (issue 14), run against every store of test/stores.ts like
 * test/store-contract.test.ts: submissions (ids, filtering, order, never replaced), the files'
 * bytes (round trip, dedup, digests that are not one), guided form sessions, one-time download
 * links, a chat that changed id, and a failed unit of work that leaves nothing.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FormSession, Stores, Submission } from '../src/core/ports.js';
import type { ChatRef } from '../src/core/types.js';
import { contractFactories, type StoreHarness } from './stores.js';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const T0 = '2024-03-04T01:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;

const tg = (id: string): ChatRef => ({ channel: 'telegram', chatId: id });
const an = { id: 'u1', name: 'Nguyễn Văn An' };
const binh = { id: 'u2', name: 'Trần Thị Bình' };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function testClock() {
  let t = Date.parse(T0);
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

const hand = (over: Partial<Omit<Submission, 'id'>> = {}): Omit<Submission, 'id'> => ({
  deadline: 'H8',
  occurrence: '2023-09-25',
  unit: 'TC',
  by: an,
  chat: 'telegram:-100',
  at: T0,
  ...over,
});

const session = (over: Partial<FormSession> = {}): FormSession => ({
  deadline: 'H8',
  occurrence: '2023-09-25',
  chat: 'telegram:-100',
  user: 'telegram:u1',
  unit: 'TC',
  rows: [],
  draft: [],
  step: 0,
  columns: ['Tên nội dung, hoạt động', 'Thời gian', 'Ghi chú'],
  updatedAt: T0,
  ...over,
});

describe.each(contractFactories)('store contract, hand-ins: $name', (factory) => {
  let h: StoreHarness;
  let s: Stores;
  let clock: ReturnType<typeof testClock>;
  let dataDir: string;

  beforeEach(async () => {
    if (factory.skip) return;
    clock = testClock();
    dataDir = mkdtempSync(join(tmpdir(), 'loa-contract-hand-'));
    cpSync(DATA_DIR, dataDir, { recursive: true });
    h = await factory.open({ clock, dataDir, dir: dataDir });
    s = h.stores;
  });
  afterEach(async () => {
    if (factory.skip) return;
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe.skipIf(factory.skip)('submissions', () => {
    it('records hand-ins with ids in order, every field kept, absent ones absent', async () => {
      const file = { sha256: 'a'.repeat(64), name: 'Báo cáo "quý III".pdf', size: 12345, type: 'application/pdf' };
      const first = await s.submissions.addSubmission(hand({ file, report: { number: '12/BC-TTKHCN', date: '20/9/2023' } }));
      const form = { columns: ['Tên', 'Thời gian'], rows: [['Hội thi', 'Tháng 10'], ['', 'Quý IV']] };
      const second = await s.submissions.addSubmission(hand({ unit: 'VP', by: binh, form, at: '2024-03-04T02:00:00.000Z' }));
      const third = await s.submissions.addSubmission(hand({ report: { number: '3/BC' } }));
      expect([first.id, second.id, third.id]).toEqual(['N1', 'N2', 'N3']);
      expect(first).toStrictEqual({ id: 'N1', ...hand(), file, report: { number: '12/BC-TTKHCN', date: '20/9/2023' } });
      expect(second).toStrictEqual({ id: 'N2', ...hand({ unit: 'VP', by: binh, at: '2024-03-04T02:00:00.000Z' }), form });
      expect(third).toStrictEqual({ id: 'N3', ...hand(), report: { number: '3/BC' } });
      expect(await s.submissions.submission('N2')).toStrictEqual(second);
      expect(await s.submissions.submission('N9')).toBeUndefined();
      expect(await s.submissions.submission('X1')).toBeUndefined();
      expect(await s.submissions.submission("N1' OR 1=1 --")).toBeUndefined();
      // Another replica sees them, and continues the ids.
      const other = await h.replica();
      expect((await other.submissions.submissionsOf([{ deadline: 'H8', occurrence: '2023-09-25' }])).map((x) => x.id)).toEqual(['N1', 'N2', 'N3']);
      expect((await other.submissions.addSubmission(hand())).id).toBe('N4');
    });

    it('lists the hand-ins of the occurrences asked, oldest first; a second file is kept beside the first', async () => {
      const a = Buffer.from('bản thứ nhất');
      const b = Buffer.from('bản thứ hai');
      const fileOf = (bytes: Buffer, name: string) => ({ sha256: sha(bytes), name, size: bytes.length, type: 'application/pdf' });
      await s.submissions.addSubmission(hand({ file: fileOf(a, 'bc.pdf') }));
      await s.submissions.addSubmission(hand({ deadline: 'H9' }));
      await s.submissions.addSubmission(hand({ occurrence: '2024-09-25' }));
      await s.submissions.addSubmission(hand({ file: fileOf(b, 'bc.pdf') }));
      await s.submissions.addSubmission(hand({ deadline: 'H10', occurrence: '2023-10-01', unit: 'VP' }));
      const h8 = await s.submissions.submissionsOf([{ deadline: 'H8', occurrence: '2023-09-25' }]);
      expect(h8.map((x) => x.id)).toEqual(['N1', 'N4']);
      expect(h8.map((x) => x.file?.sha256)).toEqual([sha(a), sha(b)]);
      const some = await s.submissions.submissionsOf([
        { deadline: 'H10', occurrence: '2023-10-01' },
        { deadline: 'H8', occurrence: '2024-09-25' },
        { deadline: 'H8', occurrence: '2023-09-25' },
        { deadline: 'H9', occurrence: '2024-09-25' },
      ]);
      expect(some.map((x) => x.id)).toEqual(['N1', 'N3', 'N4', 'N5']);
      expect(await s.submissions.submissionsOf([])).toEqual([]);
      expect(await s.submissions.submissionsOf([{ deadline: 'H8', occurrence: '2099-01-01' }])).toEqual([]);
    });

    it('a failed unit of work leaves no hand-in, and no id is given twice', async () => {
      const bytes = Buffer.from('tệp của một lần nộp hỏng');
      const failed = await s
        .atomically(async () => {
          const digest = await s.files.putFile(bytes);
          await s.submissions.addSubmission(hand({ file: { sha256: digest, name: 'x.pdf', size: bytes.length, type: 'application/pdf' } }));
          throw new Error('boom');
        })
        .catch((e: unknown) => e);
      expect((failed as Error).message).toBe('boom');
      expect(await s.submissions.submissionsOf([{ deadline: 'H8', occurrence: '2023-09-25' }])).toEqual([]);
      expect(await s.submissions.submission('N1')).toBeUndefined();
      // PostgreSQL: the bytes were part of the transaction. A folder writes at once (a file no record names is never served).
      if (factory.name === 'postgres') expect(await s.files.getFile(sha(bytes))).toBeUndefined();
      const kept = await s.atomically(() => s.submissions.addSubmission(hand()));
      expect(await s.submissions.submission(kept.id)).toStrictEqual(kept);
      expect((await (await h.replica()).submissions.submissionsOf([{ deadline: 'H8', occurrence: '2023-09-25' }])).map((x) => x.id)).toEqual([kept.id]);
    });
  });

  describe.skipIf(factory.skip)('files', () => {
    it('keeps bytes under their SHA-256, once, and serves them to every replica', async () => {
      const bytes = Buffer.from([0, 1, 2, 255, 0x25, 0x50, 0x44, 0x46, 10, 13, 0]);
      const digest = await s.files.putFile(bytes);
      expect(digest).toBe(sha(bytes));
      expect(await s.files.putFile(Buffer.from(bytes))).toBe(digest);
      expect(Buffer.compare((await s.files.getFile(digest))!, bytes)).toBe(0);
      const other = await h.replica();
      expect(Buffer.compare((await other.files.getFile(digest))!, bytes)).toBe(0);
      const empty = await s.files.putFile(Buffer.alloc(0));
      expect((await s.files.getFile(empty))?.length).toBe(0);
      const big = Buffer.alloc(3 * 1024 * 1024, 7);
      expect((await s.files.getFile(await s.files.putFile(big)))?.equals(big)).toBe(true);
      expect(await s.files.getFile(sha(Buffer.from('never stored')))).toBeUndefined();
    });

    it('answers undefined to anything that is not exactly 64 lowercase hex characters, path tricks included', async () => {
      const bytes = Buffer.from('nội dung');
      const digest = await s.files.putFile(bytes);
      for (const bad of [
        digest.toUpperCase(),
        digest.slice(0, 63),
        `${digest}0`,
        ` ${digest}`,
        `${digest}\n`,
        `${digest.slice(0, 2)}/${digest}`,
        '../../etc/passwd',
        `../${digest.slice(0, 2)}/${digest}`,
        '/etc/passwd',
        '..',
        '',
        `${'0'.repeat(62)}..`,
        'g'.repeat(64),
      ]) {
        expect(await s.files.getFile(bad), bad).toBeUndefined();
      }
      expect(await s.files.getFile(undefined as unknown as string)).toBeUndefined();
      expect((await s.files.getFile(digest))?.toString()).toBe('nội dung');
    });
  });

  describe.skipIf(factory.skip)('form sessions', () => {
    it('saves, replaces and ends one session per person per chat', async () => {
      expect(await s.formSessions.formSession(tg('-100'), 'telegram:u1')).toBeUndefined();
      const first = session();
      await s.formSessions.saveFormSession(first);
      expect(await s.formSessions.formSession(tg('-100'), 'telegram:u1')).toStrictEqual(first);
      // Another person in the same chat, and the same person in another chat, have their own.
      await s.formSessions.saveFormSession(session({ user: 'telegram:u2', step: 2 }));
      await s.formSessions.saveFormSession(session({ chat: 'telegram:-200', unit: 'VP' }));
      const next = session({ rows: [['Hội thi', 'Tháng 10', '']], draft: ['Triển lãm'], step: -1, editing: true, updatedAt: '2024-03-04T01:05:00.000Z' });
      clock.advance(5 * 60_000);
      await s.formSessions.saveFormSession(next);
      const other = await h.replica();
      expect(await other.formSessions.formSession(tg('-100'), 'telegram:u1')).toStrictEqual(next);
      expect((await other.formSessions.formSession(tg('-100'), 'telegram:u2'))?.step).toBe(2);
      expect((await other.formSessions.formSession(tg('-200'), 'telegram:u1'))?.unit).toBe('VP');
      await s.formSessions.endFormSession(tg('-100'), 'telegram:u1');
      await s.formSessions.endFormSession(tg('-100'), 'telegram:u1');
      await s.formSessions.endFormSession(tg('-999'), 'nobody');
      expect(await other.formSessions.formSession(tg('-100'), 'telegram:u1')).toBeUndefined();
      expect((await other.formSessions.formSession(tg('-100'), 'telegram:u2'))?.step).toBe(2);
    });

    it('forgets a session a day after its last change', async () => {
      await s.formSessions.saveFormSession(session({ user: 'telegram:old' }));
      clock.advance(DAY - 1000);
      expect((await s.formSessions.formSession(tg('-100'), 'telegram:old'))?.user).toBe('telegram:old');
      clock.advance(2000);
      expect(await s.formSessions.formSession(tg('-100'), 'telegram:old')).toBeUndefined();
      // Saving another prunes it for good: a later clock going back (a test, BOT_NOW) does not bring it back.
      await s.formSessions.saveFormSession(session({ user: 'telegram:new', updatedAt: clock.now().toISOString() }));
      clock.advance(-DAY);
      expect(await s.formSessions.formSession(tg('-100'), 'telegram:old')).toBeUndefined();
      expect((await s.formSessions.formSession(tg('-100'), 'telegram:new'))?.user).toBe('telegram:new');
    });

    it('moves the sessions and hand-ins of a chat that changed id', async () => {
      await s.formSessions.saveFormSession(session({ draft: ['Hội thi'], step: 1 }));
      await s.formSessions.saveFormSession(session({ user: 'telegram:u2', step: 2 }));
      // u2 already started one in the new chat: that one stays.
      await s.formSessions.saveFormSession(session({ chat: 'telegram:-1001', user: 'telegram:u2', step: 0, unit: 'VP' }));
      const n = await s.submissions.addSubmission(hand());
      await s.chats.moveChat(tg('-100'), tg('-1001'));
      expect(await s.formSessions.formSession(tg('-100'), 'telegram:u1')).toBeUndefined();
      expect(await s.formSessions.formSession(tg('-100'), 'telegram:u2')).toBeUndefined();
      expect(await s.formSessions.formSession(tg('-1001'), 'telegram:u1')).toStrictEqual(session({ chat: 'telegram:-1001', draft: ['Hội thi'], step: 1 }));
      expect((await s.formSessions.formSession(tg('-1001'), 'telegram:u2'))?.unit).toBe('VP');
      expect((await s.submissions.submission(n.id))?.chat).toBe('telegram:-1001');
    });

    it('a failed unit of work leaves the session as it was', async () => {
      await s.formSessions.saveFormSession(session({ step: 1 }));
      await expect(
        s.atomically(async () => {
          await s.formSessions.saveFormSession(session({ step: 2 }));
          await s.formSessions.endFormSession(tg('-100'), 'telegram:u2');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await s.formSessions.formSession(tg('-100'), 'telegram:u1'))?.step).toBe(1);
    });
  });

  describe.skipIf(factory.skip)('download links', () => {
    const grant = { sha256: 'b'.repeat(64), name: 'Tổng hợp H8.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', for: an };

    it('hands a link out once, on any replica', async () => {
      await s.downloads.issueDownload('h1', grant, new Date(Date.parse(T0) + 600_000));
      const other = await h.replica();
      const now = clock.now();
      // Looking, on any replica and any number of times, takes nothing.
      expect(await other.downloads.peekDownload('h1', now)).toStrictEqual(grant);
      expect(await s.downloads.peekDownload('h1', now)).toStrictEqual(grant);
      expect(await s.downloads.peekDownload('h1', new Date(Date.parse(T0) + 600_000))).toBeUndefined();
      const [x, y] = await Promise.all([other.downloads.takeDownload('h1', now), s.downloads.takeDownload('h1', now)]);
      expect([x, y].filter(Boolean)).toStrictEqual([grant]);
      expect(await s.downloads.takeDownload('h1', now)).toBeUndefined();
      expect(await other.downloads.peekDownload('h1', now)).toBeUndefined();
      expect(await s.downloads.takeDownload('unknown', now)).toBeUndefined();
      expect(await s.downloads.peekDownload('unknown', now)).toBeUndefined();
    });

    it('refuses an expired link (and takes it away); expired links are forgotten when a new one is issued', async () => {
      await s.downloads.issueDownload('late', grant, new Date(Date.parse(T0) + 60_000));
      expect(await s.downloads.takeDownload('late', new Date(Date.parse(T0) + 60_000))).toBeUndefined();
      expect(await s.downloads.takeDownload('late', clock.now())).toBeUndefined();
      await s.downloads.issueDownload('old', grant, new Date(Date.parse(T0) + 60_000));
      await s.downloads.issueDownload('young', { ...grant, name: 'b.docx' }, new Date(Date.parse(T0) + 3_600_000));
      clock.advance(120_000);
      await s.downloads.issueDownload('new', { ...grant, name: 'c.docx' }, new Date(Date.parse(T0) + 7_200_000));
      // `old` was forgotten at that issue: even asked with a time before its expiry, it is gone.
      expect(await s.downloads.takeDownload('old', new Date(T0))).toBeUndefined();
      expect((await s.downloads.takeDownload('young', clock.now()))?.name).toBe('b.docx');
      expect((await s.downloads.takeDownload('new', clock.now()))?.name).toBe('c.docx');
    });
  });
});
