/**
 * The Telegram hand-in over PostgreSQL, in the real built process: two replicas on one schema
 * (one polls, both serve the web). A report file sent with a caption is kept in the database, not
 * in FILES_DIR (asserted through the store and the tables); a zip bomb stores nothing; the
 * one-time link an admin gets from the replica that answered downloads the exact bytes through
 * the other replica, once. Skipped with one visible line where no PostgreSQL answers (test/pg.ts).
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { openPostgresStores } from '../../src/store/postgres/index.js';
import { ROOT, tempDir } from '../helpers.js';
import { dropSchema, noPostgres, TEST_DATABASE_URL, testSchema } from '../pg.js';
import { FakeBotApi, type Call } from './fake-bot-api.js';
import { filesIn, reportPdf, sha256, zipBombDocx } from './hand-in.js';
import { httpPortOf, logLine, ready, startCli, type Running } from './run.js';

const LONG = 240_000;
const STEP = 60_000;
const VP_GROUP = -100;
const TTKHCN_GROUP = -200;
const ADMIN = { id: 1001, first_name: 'Chánh' };
const HOA = { id: 2002, first_name: 'Hoa' };
const HOLDS = /telegram polling: this replica holds the lease and polls/;

describe.skipIf(noPostgres)('hand-in on Telegram over PostgreSQL (two replicas)', () => {
  const schema = testSchema('handin');
  let api: FakeBotApi | undefined;
  const runs: Running[] = [];

  afterAll(async () => {
    await Promise.all(runs.map((r) => r.stop('SIGKILL')));
    await api?.stop();
    await dropSchema(schema);
  }, LONG);

  it('stores the file in the database, refuses a zip bomb with nothing stored, and a link from one replica downloads through the other once', async () => {
    const a = await new FakeBotApi().start();
    api = a;
    // The schema exists before both start (each would create it otherwise, one waiting on the other's lock).
    await (await openPostgresStores(TEST_DATABASE_URL, { clock: systemClock, schema, dataDir: join(ROOT, 'data') })).close();
    const filesDir = join(tempDir(), 'tep');
    const env = {
      TELEGRAM_BOT_TOKEN: a.token,
      TELEGRAM_API_ROOT: a.apiRoot,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      FILES_DIR: filesDir,
      ADMIN_IDS: `telegram:${ADMIN.id}`,
      BOT_NOW: '2023-09-20T09:00:00+07:00',
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    runs.push(startCli(['start'], env), startCli(['start'], env));
    const ports = await Promise.all(runs.map((r) => httpPortOf(r, STEP)));
    await Promise.all(runs.map((r) => ready(r, STEP)));
    const poller = await Promise.race(runs.map((r, i) => logLine(r, HOLDS, STEP).then(() => i)));
    const textOf = (c: Call) => String(c.params.text);
    const answer = async (chat: number, send: () => void, until: RegExp) => {
      const before = a.sent(chat).length;
      send();
      return a.waitFor(() => a.sent(chat).slice(before).map(textOf).find((t) => until.test(t)), STEP);
    };
    await answer(VP_GROUP, () => a.message(VP_GROUP, '/dangky VP', ADMIN), /Đã đăng ký/);
    await answer(TTKHCN_GROUP, () => a.message(TTKHCN_GROUP, '/dangky TTKHCN', ADMIN), /Đã đăng ký/);

    const pdf = await reportPdf('Báo cáo số 12/BC-TTKHCN trong PostgreSQL');
    const notice = answer(VP_GROUP, () => undefined, /Trung tâm Khoa học và Công nghệ \(TTKHCN\) đã nộp cho hạn H8/);
    const receipt = await answer(TTKHCN_GROUP, () => a.document(TTKHCN_GROUP, 'bao-cao.pdf', pdf, HOA, { caption: 'xong H8, báo cáo số 12/BC-TTKHCN ngày 20/9/2023' }), /Đã nhận báo cáo/);
    expect(receipt).toContain(`SHA-256: ${sha256(pdf).slice(0, 16)}…`);
    expect(receipt).toContain('✔️ Đã ghi nhận: Trung tâm Khoa học và Công nghệ đã HOÀN THÀNH hạn H8.');
    expect(await notice).toContain('📎 “bao-cao.pdf”');
    const bomb = await answer(TTKHCN_GROUP, () => a.document(TTKHCN_GROUP, 'bom.docx', zipBombDocx(), HOA, { caption: 'H8' }), /bom nén/);
    expect(bomb).toMatch(/^⚠️ Tệp “bom\.docx” khi giải nén lớn hơn 100 MB[\s\S]*Chưa có gì được lưu\.$/);

    // Through the store: one hand-in, its bytes in the database, the unit completed; nothing in FILES_DIR.
    const stores = await openPostgresStores(TEST_DATABASE_URL, { clock: systemClock, schema, dataDir: join(ROOT, 'data') });
    try {
      const occ = [{ deadline: 'H8', occurrence: '2023-09-25' }];
      const subs = await stores.submissions.submissionsOf(occ);
      expect(subs).toEqual([
        expect.objectContaining({ unit: 'TTKHCN', file: { sha256: sha256(pdf), name: 'bao-cao.pdf', size: pdf.length, type: 'application/pdf' }, report: { number: '12/BC-TTKHCN', date: '2023-09-20' } }),
      ]);
      expect((await stores.files.getFile(sha256(pdf)))?.equals(pdf)).toBe(true);
      expect(await stores.confirmations.confirmationsOf(occ)).toEqual([expect.objectContaining({ unit: 'TTKHCN', completed: expect.anything() })]);
    } finally {
      await stores.close();
    }
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const count = async (table: string) => Number((await client.query(`SELECT count(*) AS n FROM ${schema}.${table}`)).rows[0].n);
      expect(await count('files')).toBe(1);
      expect(await count('submissions')).toBe(1);
    } finally {
      await client.end();
    }
    expect(filesIn(filesDir).size).toBe(0);

    // The link names the replica that answered; the other one serves it (the grant and the bytes are shared), once.
    const links = await answer(ADMIN.id, () => a.message(ADMIN.id, '/tiendo H8', ADMIN), /Tệp đã nộp \(1\)/);
    const url = /http:\/\/127\.0\.0\.1:(\d+)(\/tai-ve\/[A-Za-z0-9_-]{43})/.exec(links)!;
    expect(Number(url[1])).toBe(ports[poller]);
    const other = `http://127.0.0.1:${ports[1 - poller]}`;
    const post = (base: string) => fetch(`${base}${url[2]}`, { method: 'POST', headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect((await fetch(`${other}${url[2]}`)).status).toBe(200);
    const got = await post(other);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await post(`http://127.0.0.1:${ports[poller]}`)).status).toBe(410);
  }, LONG);
});
