/**
 * `store copy`: a lowdb file → PostgreSQL → a lowdb file again gives the same records, counted,
 * content, staged plans and the audit log (every field, in order) included; a target that holds records is refused unless `replace`;
 * a file older than schema 8 (no content yet) leaves PostgreSQL to seed its content from the folder.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyStore, CopyError, describeCopy, TargetNotEmptyError } from '../src/store/copy.js';
import { DirFileStore } from '../src/store/files-dir.js';
import { openPostgresStores } from '../src/store/postgres/index.js';
import { migrate } from '../src/store/schema.js';
import { dropSchema, noPostgres, TEST_DATABASE_URL, testSchema } from './pg.js';
import { an, canonical, clock, DATA_DIR, sampleAudit, sampleData } from './store-copy-data.js';

describe.skipIf(noPostgres)('store copy', () => {
  const schema = testSchema('copy');
  let dir: string;
  let dataDir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'loa-copy-'));
    dataDir = join(dir, 'data');
    cpSync(DATA_DIR, dataDir, { recursive: true });
  });
  afterAll(async () => {
    await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies a lowdb file into PostgreSQL and back, with the same records and counts, the audit log whole and in order', async () => {
    const source = join(dir, 'db.json');
    const original = sampleData();
    writeFileSync(source, JSON.stringify(original));
    const toDb = await copyStore({ from: source, to: TEST_DATABASE_URL, schema, clock, dataDir });
    expect(toDb.counts).toEqual({
      bindings: 2, requests: 2, confirmations: 2, messages: 2, inactiveChats: 1, parked: 1, reminders: 2,
      outbox: 3, sloganChats: 1, announcements: 1, updates: 2, zaloTokens: 1, audit: 4,
      org: 1, plans: 2, deletedPlans: 1, stagedPlans: 1, submissions: 0,
    });
    expect(describeCopy({ from: source, to: 'postgres://loa:secret@db/loa' }, toDb)).not.toContain('secret');

    // The records are served by the ports, ids kept, and new ids continue after them.
    const stores = await openPostgresStores(TEST_DATABASE_URL, { clock, schema });
    try {
      expect((await stores.bindings.bindingOf({ channel: 'telegram', chatId: '-1001' }))?.unit).toBe('VP');
      expect((await stores.bindings.pendingRequests()).map((r) => r.id)).toEqual(['R3']);
      expect((await stores.bindings.requestBinding({ channel: 'telegram', chatId: '-7' }, 'group', 'VP', an)).request.id).toBe('R4');
      expect((await stores.outbox.claimOutbox('r', ['telegram'], 5, 1000)).map((r) => r.id)).toEqual(['O6']);
      expect((await stores.outbox.queueMessages([{ chat: { channel: 'zalo', chatId: 'u9' }, out: { text: 'mới' } }]))[0]!.id).toBe('O7');
      expect(await stores.updates.claimUpdate('telegram:100')).toBe(false);
      expect((await stores.tokens.zaloTokens())?.refresh).toBe('ref');
      // The file's content, not the folder's: two plans, a staged draft; codes continue after it.
      expect((await stores.content.load()).plans.map((p) => p.file)).toEqual(['plans/bac-giang-2023.json', 'plans/tay-ninh-2023.json']);
      expect(await stores.content.planText('tay-ninh-2023')).toBe(readFileSync(join(DATA_DIR, 'plans', 'tay-ninh-2023.txt'), 'utf8'));
      expect((await stores.content.stagedPlan('I2'))?.draft).toEqual({ id: 'moi', title: 'Bản đã sửa', deadlines: [] });
      expect((await stores.content.stagePlan({ text: 't', summary: 's', key: 'k-2' })).staged.code).toBe('I3');
      // The file's audit log is PostgreSQL's now, every field as it was, in the order recorded.
      expect((await stores.audit.recent(10)).reverse()).toStrictEqual(sampleAudit());
      expect((await stores.audit.search({ actor: 'web:u2' }, 10)).entries).toStrictEqual([sampleAudit()[1]]);
      await stores.audit.record({ actor: an, action: 'copy-test', subject: 'x' });
    } finally {
      await stores.close();
    }

    const back = join(dir, 'back.json');
    const toFile = await copyStore({ from: TEST_DATABASE_URL, to: back, schema, clock });
    expect(toFile.counts).toMatchObject({ requests: 3, audit: 5 });
    expect(toFile.auditArchive).toBeUndefined();
    expect(describeCopy({ from: TEST_DATABASE_URL, to: back }, toFile)).toContain('  audit: 5\n');
    expect(describeCopy({ from: TEST_DATABASE_URL, to: back }, toFile)).not.toMatch(/không chép|Nhật ký thay đổi/);
    const copied = migrate(JSON.parse(readFileSync(back, 'utf8')));
    const expected = sampleData();
    expected.requests.push({ id: 'R4', chat: 'telegram:-7', chatType: 'group', unit: 'VP', user: an, at: clock.now().toISOString(), status: 'pending' });
    expected.outbox.push({ id: 'O7', chat: 'zalo:u9', text: 'mới', status: 'pending', createdAt: clock.now().toISOString() });
    expected.staged.I3 = { code: 'I3', text: 't', summary: 's', key: 'k-2', at: clock.now().toISOString() };
    expected.seq = { request: 4, parked: 2, outbox: 7, announcement: 1, staged: 3, submission: 0 };
    // The revision moved on in PostgreSQL, so running replicas reload.
    expected.contentRevision = 8;
    expected.audit.push({ at: clock.now().toISOString(), actor: an, action: 'copy-test', subject: 'x' });
    expect(copied.audit).toStrictEqual(expected.audit);
    expect(canonical(copied)).toEqual(canonical(expected));
  });

  it('refuses a target that holds records unless told to replace it', async () => {
    const source = join(dir, 'db.json');
    const refused = await copyStore({ from: source, to: TEST_DATABASE_URL, schema, clock }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TargetNotEmptyError);
    expect((refused as Error).message).toContain('--replace');
    // Nothing changed: the request made after the first copy is still there.
    const stores = await openPostgresStores(TEST_DATABASE_URL, { clock, schema });
    expect((await stores.bindings.pendingRequests()).map((r) => r.id)).toEqual(['R3', 'R4']);
    await stores.close();
    const replaced = await copyStore({ from: source, to: TEST_DATABASE_URL, schema, clock, replace: true });
    expect(replaced.counts.requests).toBe(2);
    expect(replaced.counts.audit).toBe(4);

    const back = join(dir, 'back.json');
    const before = readFileSync(back, 'utf8');
    await expect(copyStore({ from: TEST_DATABASE_URL, to: back, schema, clock })).rejects.toBeInstanceOf(TargetNotEmptyError);
    expect(readFileSync(back, 'utf8')).toBe(before);
    const again = await copyStore({ from: TEST_DATABASE_URL, to: back, schema, clock, replace: true });
    expect(again.keptAs && readFileSync(again.keptAs, 'utf8')).toBe(before);
    expect(migrate(JSON.parse(readFileSync(back, 'utf8'))).requests).toHaveLength(2);
  });

  it('carries a plan published, a plan deleted and a staged draft from PostgreSQL into a file, never writing the data folder', async () => {
    const stores = await openPostgresStores(TEST_DATABASE_URL, { clock, schema });
    try {
      const raw = { ...((await stores.content.load()).plans[0]!.raw as object), id: 'ke-hoach-moi', source: 'ke-hoach-moi.txt' };
      await stores.content.publishPlan({ id: 'ke-hoach-moi' }, raw, 'Văn bản kế hoạch mới');
      await stores.content.deletePlan('tay-ninh-2023');
      await stores.content.updateStagedPlan('I2', { id: 'moi', title: 'Sửa lần hai' });
    } finally {
      await stores.close();
    }
    const folder = join(dir, 'data-untouched');
    cpSync(DATA_DIR, folder, { recursive: true });
    const report = await copyStore({ from: TEST_DATABASE_URL, to: join(dir, 'third.json'), schema, clock, dataDir: folder });
    expect(report.counts).toMatchObject({ org: 1, plans: 2, deletedPlans: 2, stagedPlans: 1 });
    const copied = migrate(JSON.parse(readFileSync(join(dir, 'third.json'), 'utf8')));
    expect(Object.keys(copied.plans).sort()).toEqual(['bac-giang-2023', 'ke-hoach-moi']);
    expect(copied.plans['ke-hoach-moi']).toMatchObject({ file: 'plans/ke-hoach-moi.json', text: 'Văn bản kế hoạch mới' });
    expect(Object.keys(copied.deletedPlans).sort()).toEqual(['dak-nong-2022', 'tay-ninh-2023']);
    expect(copied.staged.I2?.draft).toEqual({ id: 'moi', title: 'Sửa lần hai' });
    expect(existsSync(join(folder, 'plans', 'ke-hoach-moi.json'))).toBe(false);
    expect(readdirSync(join(folder, 'plans')).sort()).toEqual(readdirSync(join(DATA_DIR, 'plans')).sort());
  });

  it('a file older than schema 8 (no content yet) into an empty database: PostgreSQL seeds its content from the folder', async () => {
    const old = testSchema('copy_v7');
    try {
      const file = join(dir, 'v7.json');
      const v7 = { ...sampleData(), schemaVersion: 7, seq: { request: 3, parked: 2, outbox: 6, announcement: 1 } } as Record<string, unknown>;
      for (const k of ['org', 'plans', 'deletedPlans', 'contentRevision', 'staged']) delete v7[k];
      writeFileSync(file, JSON.stringify(v7));
      const report = await copyStore({ from: file, to: TEST_DATABASE_URL, schema: old, clock, dataDir });
      expect(report.counts).toMatchObject({ requests: 2, org: 1, plans: 5, deletedPlans: 0, stagedPlans: 0 });
      // A second copy of it with --replace keeps the database's content (the file has none).
      const again = await copyStore({ from: file, to: TEST_DATABASE_URL, schema: old, clock, dataDir, replace: true });
      expect(again.counts).toMatchObject({ requests: 2, org: 1, plans: 5 });
    } finally {
      await dropSchema(old);
    }
  });

  it('refuses to put a file\'s content over a database that has content of its own, unless told to replace it', async () => {
    const target = testSchema('copy_content');
    try {
      const seeded = await openPostgresStores(TEST_DATABASE_URL, { clock, schema: target, dataDir });
      await seeded.close();
      const file = join(dir, 'with-content.json');
      writeFileSync(file, JSON.stringify(sampleData()));
      const refused = await copyStore({ from: file, to: TEST_DATABASE_URL, schema: target, clock, dataDir }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TargetNotEmptyError);
      expect((refused as Error).message).toMatch(/org: 1, plans: 5/);
      const replaced = await copyStore({ from: file, to: TEST_DATABASE_URL, schema: target, clock, dataDir, replace: true });
      expect(replaced.counts).toMatchObject({ org: 1, plans: 2, deletedPlans: 1, stagedPlans: 1 });
    } finally {
      await dropSchema(target);
    }
  });

  it('carries hand-ins and their files\' bytes from a file\'s folder into PostgreSQL and back; a missing file is reported', async () => {
    const target = testSchema('copy_files');
    try {
      const file = join(dir, 'hand-ins.json');
      const folder = join(dir, 'hand-ins-files');
      const pdf = Buffer.from('%PDF-1.7 báo cáo quý III');
      const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3]);
      const files = new DirFileStore(folder);
      const [a, b] = [await files.putFile(pdf), await files.putFile(photo)];
      const lost = 'f'.repeat(64);
      const data = sampleData();
      const base = { deadline: 'BG-1', occurrence: '2024-03-10', by: an, at: '2024-03-04T01:00:00.000Z' };
      data.submissions = [
        { id: 'N1', ...base, unit: 'VP', chat: 'telegram:-1001', file: { sha256: a, name: 'Báo cáo "quý III".pdf', size: pdf.length, type: 'application/pdf' }, report: { number: '12/BC-VP', date: '20/9/2023' } },
        { id: 'N2', ...base, unit: 'TC', chat: 'zalo:u9', form: { columns: ['Tên', 'Ghi chú'], rows: [['Hội thi', ''], ['Triển lãm', 'Quý IV']] } },
        { id: 'N4', ...base, unit: 'TC', chat: 'zalo:u9', file: { sha256: b, name: 'anh.jpg', size: photo.length, type: 'image/jpeg' } },
        { id: 'N5', ...base, unit: 'KH', chat: 'web', file: { sha256: lost, name: 'mat.pdf', size: 3, type: 'application/pdf' } },
        { id: 'N6', ...base, unit: 'VP', chat: 'telegram:-1001', file: { sha256: a, name: 'lan-hai.pdf', size: pdf.length, type: 'application/pdf' } },
      ];
      data.seq.submission = 8;
      data.formSessions = { 'telegram:-1001\nu1': { ...base, unit: 'VP', chat: 'telegram:-1001', user: 'u1', rows: [], draft: [], step: 0, columns: ['Tên'], updatedAt: base.at } };
      writeFileSync(file, JSON.stringify(data));

      const toDb = await copyStore({ from: file, to: TEST_DATABASE_URL, schema: target, clock, dataDir, filesDir: folder });
      expect(toDb.counts.submissions).toBe(5);
      expect(toDb.files).toEqual({ copied: 2, missing: [lost] });
      const text = describeCopy({ from: file, to: TEST_DATABASE_URL }, toDb);
      expect(text).toContain('chép 2 tệp vào bảng files');
      expect(text).toContain(`1 tệp không có (hoặc hỏng) ở nguồn; bản ghi nộp vẫn được chép nhưng không tải được tệp: ${lost.slice(0, 12)}`);
      expect(text).toContain('Phiên điền phiếu đăng ký đang dở và liên kết tải một lần không được chép');
      const pg = await openPostgresStores(TEST_DATABASE_URL, { clock, schema: target });
      try {
        expect(await pg.submissions.submissionsOf([{ deadline: 'BG-1', occurrence: '2024-03-10' }])).toStrictEqual(data.submissions);
        expect((await pg.files.getFile(a))?.equals(pdf)).toBe(true);
        expect((await pg.files.getFile(b))?.equals(photo)).toBe(true);
        expect(await pg.files.getFile(lost)).toBeUndefined();
        expect(await pg.formSessions.formSession({ channel: 'telegram', chatId: '-1001' }, 'u1')).toBeUndefined();
        // Ids continue after the file's counter, not after the highest id copied.
        expect((await pg.submissions.addSubmission({ ...base, unit: 'VP', chat: 'web' })).id).toBe('N9');
      } finally {
        await pg.close();
      }

      const back = join(dir, 'hand-ins-back.json');
      const backFolder = join(dir, 'hand-ins-back-files');
      const toFile = await copyStore({ from: TEST_DATABASE_URL, to: back, schema: target, clock, filesDir: backFolder });
      expect(toFile.counts.submissions).toBe(6);
      expect(toFile.files).toEqual({ copied: 2, missing: [lost] });
      expect(toFile.filesDir).toBe(backFolder);
      expect(describeCopy({ from: TEST_DATABASE_URL, to: back }, toFile)).toContain(`chép 2 tệp vào thư mục ${backFolder}`);
      const copied = migrate(JSON.parse(readFileSync(back, 'utf8')));
      expect(copied.submissions.slice(0, 5)).toStrictEqual(data.submissions);
      expect(copied.seq.submission).toBe(9);
      expect(copied.formSessions).toEqual({});
      const backFiles = new DirFileStore(backFolder);
      expect((await backFiles.getFile(a))?.equals(pdf)).toBe(true);
      expect((await backFiles.getFile(b))?.equals(photo)).toBe(true);
      expect(readdirSync(backFolder).sort()).toEqual([a.slice(0, 2), b.slice(0, 2)].sort());
    } finally {
      await dropSchema(target);
    }
  });

  it('says what is wrong with a source that is not a Loa file, or a copy onto itself', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    const error = await copyStore({ from: bad, to: join(dir, 'x.json'), clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CopyError);
    expect((error as Error).message).toContain('không phải dữ liệu Loa hợp lệ');
    await expect(copyStore({ from: join(dir, 'missing.json'), to: join(dir, 'x.json'), clock })).rejects.toThrow('Không đọc được tệp dữ liệu');
    await expect(copyStore({ from: bad, to: bad, clock })).rejects.toThrow('Nguồn và đích là một');
  });
});
