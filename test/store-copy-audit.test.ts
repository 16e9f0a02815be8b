/**
 * `store copy` and the audit log at the targets' limits: a PostgreSQL log longer than a lowdb file
 * keeps goes whole (the newest entries in the file, the older ones in an archive beside it, none
 * lost, none overwritten by a later copy); text PostgreSQL cannot hold as it is (NUL, half a
 * UTF-16 pair) is refused before anything is written, and a file-to-file copy carries it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/core/ports.js';
import { copyStore, CopyError, describeCopy } from '../src/store/copy.js';
import { readAuditArchive } from '../src/store/copy-audit.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { openPostgresStores } from '../src/store/postgres/index.js';
import { MAX_AUDIT, migrate } from '../src/store/schema.js';
import { dropSchema, noPostgres, TEST_DATABASE_URL, testSchema } from './pg.js';
import { clock, DATA_DIR, HOSTILE, sampleAudit, sampleData } from './store-copy-data.js';

const LARGE = MAX_AUDIT + 50;

/** The n-th entry the SQL below makes (1-based), as the store reads it back. */
function largeEntry(n: number): AuditEntry {
  return {
    at: new Date(Date.parse('2024-03-01T00:00:00.000Z') + n * 1000).toISOString(),
    actor: { id: `u${n}`, name: `Người dùng ${n} ${HOSTILE[0]}`, ...(n % 2 === 0 ? { chat: `telegram:${n}` } : {}) },
    action: 'confirm',
    subject: `BG-1@2024-03-10#${n}`,
    ...(n % 3 === 0 ? {} : { detail: { n, ghiChú: HOSTILE[1] } }),
  };
}

describe.skipIf(noPostgres)('store copy: the audit log', () => {
  const schema = testSchema('copy_audit');
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loa-copy-audit-'));
    // Content seeded from the folder (read only), so the copied file opens as a store.
    const stores = await openPostgresStores(TEST_DATABASE_URL, { clock, schema, dataDir: DATA_DIR });
    try {
      await stores.pool.query(
        `INSERT INTO audit_log (at, actor_id, actor_name, actor_chat, action, subject, detail)
         SELECT timestamptz '2024-03-01T00:00:00Z' + g * interval '1 second', 'u' || g, 'Người dùng ' || g || ' ' || $2,
                CASE WHEN g % 2 = 0 THEN 'telegram:' || g END, 'confirm', 'BG-1@2024-03-10#' || g,
                CASE WHEN g % 3 <> 0 THEN jsonb_build_object('n', g, 'ghiChú', $3::text) END
         FROM generate_series(1, $1::int) AS g ORDER BY g`,
        [LARGE, HOSTILE[0], HOSTILE[1]],
      );
    } finally {
      await stores.close();
    }
  });
  afterAll(async () => {
    await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a PostgreSQL log longer than a file keeps: the newest entries in the file, the older ones archived beside it, none lost', async () => {
    const file = join(dir, 'db.json');
    const report = await copyStore({ from: TEST_DATABASE_URL, to: file, schema, clock });
    const all = Array.from({ length: LARGE }, (_, i) => largeEntry(i + 1));
    expect(report.counts.audit).toBe(LARGE);
    expect(report.auditArchive?.entries).toBe(LARGE - MAX_AUDIT);
    const archive = report.auditArchive!.file;
    expect(basename(archive)).toBe('db.json.audit-older-2024-03-05T02-00-00-000Z.jsonl');
    const inFile = migrate(JSON.parse(readFileSync(file, 'utf8'))).audit;
    expect(inFile).toHaveLength(MAX_AUDIT);
    const archived = await readAuditArchive(archive);
    expect(archived).toStrictEqual(all.slice(0, LARGE - MAX_AUDIT));
    expect([...archived, ...inFile]).toStrictEqual(all);

    // The report says where the older entries are, and that the file keeps only the newest.
    const text = describeCopy({ from: TEST_DATABASE_URL, to: file }, report);
    expect(text).toContain(`  audit: ${LARGE}\n`);
    expect(text).toContain('10.000 mục mới nhất');
    expect(text).toContain(`50 mục cũ hơn được lưu nguyên vẹn, theo thứ tự, tại ${archive}`);

    // The file opens as a store, and its Nhật ký serves the newest entry first.
    const stores = await openLowdbStores({ file, clock, dataDir: DATA_DIR });
    try {
      expect((await stores.audit.search({}, 1)).entries).toStrictEqual([all[LARGE - 1]]);
    } finally {
      await stores.close();
    }

    // A second copy over it (same time) never writes over the first archive.
    const before = readFileSync(archive, 'utf8');
    const again = await copyStore({ from: TEST_DATABASE_URL, to: file, schema, clock, replace: true });
    expect(again.auditArchive?.file).toBe(`${archive.slice(0, -'.jsonl'.length)}-2.jsonl`);
    expect(readFileSync(archive, 'utf8')).toBe(before);
    expect(readFileSync(again.auditArchive!.file, 'utf8')).toBe(before);
  });

  it('refuses, before writing anything, an audit entry PostgreSQL cannot hold as it is; a file-to-file copy carries it', async () => {
    const target = testSchema('copy_audit_bad');
    try {
      for (const [entry, where] of [
        [{ ...sampleAudit()[0]!, actor: { id: 'u1', name: 'An\u0000Bình' } }, 'audit[1].actor.name'],
        [{ ...sampleAudit()[0]!, detail: { before: ['ok', 'nửa \ud83d'] } }, 'audit[1].detail.before[1]'],
        [{ ...sampleAudit()[0]!, detail: { ['\udc00']: 1 } }, 'audit[1].detail["\\udc00"]'],
      ] as const) {
        const data = { ...sampleData(), audit: [sampleAudit()[1]!, entry] };
        const file = join(dir, 'bad.json');
        writeFileSync(file, JSON.stringify(data));
        const error = await copyStore({ from: file, to: TEST_DATABASE_URL, schema: target, clock }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CopyError);
        expect((error as Error).message).toContain(`${where} có ký tự NUL hoặc nửa cặp ký tự UTF-16`);
        expect((error as Error).message).toContain('Chưa ghi gì vào đích');

        // Nothing was written there, and a copy into a file keeps the entry as it is.
        const copy = join(dir, `copy-${readdirSync(dir).length}.json`);
        const report = await copyStore({ from: file, to: copy, clock });
        expect(report.counts.audit).toBe(2);
        expect(migrate(JSON.parse(readFileSync(copy, 'utf8'))).audit).toStrictEqual(data.audit);
      }
      const stores = await openPostgresStores(TEST_DATABASE_URL, { clock, schema: target });
      try {
        expect(await stores.audit.recent(5)).toEqual([]);
        expect(await stores.bindings.pendingRequests()).toEqual([]);
      } finally {
        await stores.close();
      }
    } finally {
      await dropSchema(target);
    }
  });
});
