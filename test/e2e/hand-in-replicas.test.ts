/**
 * Issue 14 with PostgreSQL: two replicas of the built process on one schema, Telegram webhooks.
 * A unit's report and filled registration reach replica A only; the files' bytes live in the
 * database, so replica B serves them: a signed-in `/tep/N1`, a one-time link issued on A and
 * redeemed on B (then used up on A too), and the merged table. Skipped with one visible line
 * where PostgreSQL is missing (CI requires it: LOA_REQUIRE_POSTGRES=1).
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { openPostgresStores } from '../../src/store/postgres/index.js';
import { docxWith, PHU_LUC_II } from '../files-fixture.js';
import { DATA_DIR, tempDir } from '../helpers.js';
import { makePdf } from '../pdf-fixture.js';
import { dropSchema, noPostgres, TEST_DATABASE_URL, testSchema } from '../pg.js';
import { FakeBotApi, type Call } from './fake-bot-api.js';
import { downloadLinks, expectMergedXlsx, takeOnce } from './merged-read.js';
import { ADMIN, Balancer, startReplica, type Replica } from './replica-cluster.js';

const LONG = 240_000;
const UNIT_GROUP = -100_800;
const STAFF = { id: 2002, first_name: 'Hoa' };
const ROWS = [
  ['Tọa đàm “Dân vận khéo” ở cơ sở', 'Quý IV/2023', 'Toàn Trung tâm', 'Đảng viên, quần chúng', 'Đổi mới phương thức dân vận', ''],
  ['Ra quân vệ sinh môi trường', 'Tháng 9/2023', 'Xã Ngọc Thiện', 'Đoàn viên', 'Xanh – sạch – đẹp', 'Phối hợp Đoàn xã'],
];

if (noPostgres) console.warn('[loa] hand-in replicas e2e SKIPPED: no PostgreSQL (see the line above)');

describe.skipIf(noPostgres)('hand-ins on two replicas of one PostgreSQL', () => {
  const schema = testSchema('handinrep');
  let api: FakeBotApi | undefined;
  const replicas: Replica[] = [];

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.run.stop('SIGKILL')));
    await api?.stop();
    await dropSchema(schema);
  }, LONG);

  it('a file handed in through replica A is downloaded through replica B (signed in, and by a link issued on A)', async () => {
    const a = await new FakeBotApi().start();
    api = a;
    const data = join(tempDir(), 'data');
    cpSync(DATA_DIR, data, { recursive: true });
    // The schema exists before both start (each would create it otherwise, one waiting on the other's lock).
    await (await openPostgresStores(TEST_DATABASE_URL, { clock: systemClock, schema, dataDir: data })).close();
    const env = { TELEGRAM_BOT_TOKEN: a.token, TELEGRAM_API_ROOT: a.apiRoot, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, DATA_DIR: data, BOT_NOW: '2023-09-20T09:00:00+07:00' };
    replicas.push(...(await Promise.all([startReplica(env), startReplica(env)])));
    const [A, B] = replicas as [Replica, Replica];
    const onB = `http://127.0.0.1:${B.port}`;
    // Every update goes to replica A only.
    new Balancer([A.port]).attach(a);
    const say = async (chat: number, text: string, from: { id: number; first_name: string }, answer: RegExp): Promise<string> => {
      const seen = a.sent(chat).length;
      a.message(chat, text, from);
      const call: Call = await a.waitFor(() => a.sent(chat).slice(seen).find((c) => answer.test(String(c.params.text))), 60_000);
      return String(call.params.text);
    };

    await say(UNIT_GROUP, '/dangky TTKHCN', ADMIN, /Đã đăng ký/);
    const pdf = await makePdf([{ center: 'BÁO CÁO' }, { p: 'Kết quả “Tháng Dân vận” năm 2023 của Trung tâm Khoa học và Công nghệ.' }]);
    a.document(UNIT_GROUP, 'Báo cáo TTKHCN.pdf', pdf, STAFF, { caption: 'xong H8, báo cáo số 5/BC-TTKHCN ngày 19/9/2023' });
    const receipt = await a.waitFor(() => a.sent(UNIT_GROUP).map((c) => String(c.params.text)).find((t) => /📥 Đã nhận báo cáo/.test(t)), 60_000);
    const id = /mã lưu (N\d+)/.exec(receipt)![1]!;
    a.document(UNIT_GROUP, 'Phụ lục II.docx', await docxWith('PHỤ LỤC II', [PHU_LUC_II, ...ROWS]), STAFF, { caption: 'H8' });
    await a.waitFor(() => a.sent(UNIT_GROUP).some((c) => /📝 2 dòng đăng ký/.test(String(c.params.text))), 60_000);

    // The bytes are in the database (no folder on either replica).
    const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      expect(Number((await db.query(`SELECT count(*) AS n FROM ${schema}.files`)).rows[0].n)).toBe(2);
    } finally {
      await db.end();
    }

    // Signed in on B with a link /web gave on A: /tep/N1 is the report, byte for byte.
    const signIn = /https?:\/\/[\d.:]+\/dang-nhap\?t=[A-Za-z0-9_-]{43}/.exec(await say(ADMIN.id, '/web', ADMIN, /dang-nhap\?t=/))![0];
    expect(new URL(signIn).port).toBe(String(A.port));
    const landing = await fetch(`${onB}${new URL(signIn).pathname}${new URL(signIn).search}`, { redirect: 'manual' });
    expect(landing.status).toBe(303);
    const cookie = landing.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${onB}/tep/${id}`, { redirect: 'manual' })).status).toBe(303); // not signed in: to the sign-in page
    const signed = await fetch(`${onB}/tep/${id}`, { headers: { cookie } });
    expect(signed.status).toBe(200);
    expect(signed.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await signed.arrayBuffer()).equals(pdf)).toBe(true);
    const page = await (await fetch(`${onB}/han/H8/2023-09-25`, { headers: { cookie } })).text();
    expect(page).toContain(`href="/tep/${id}"`);

    // A one-time link from /tiendo H8 on A, redeemed on B; then A refuses it too.
    const progress = await say(ADMIN.id, '/tiendo H8', ADMIN, /📎 Tệp đã nộp/);
    const [link] = downloadLinks(progress.split('\n').find((l) => l.includes('Báo cáo TTKHCN.pdf'))!);
    expect(new URL(link!).port).toBe(String(A.port));
    expect((await takeOnce(link!, onB)).bytes.equals(pdf)).toBe(true);
    const onA = await fetch(link!, { method: 'POST', headers: { origin: new URL(link!).origin, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(onA.status).toBe(410);

    // The merged table made on A (its bytes stored by A), downloaded on B.
    const merged = await say(ADMIN.id, '/tonghop H8', ADMIN, /Tải bảng tổng hợp/);
    const [xlsxLink] = downloadLinks(merged);
    await expectMergedXlsx((await takeOnce(xlsxLink!, onB)).bytes, { rows: { TTKHCN: ROWS } });
  }, LONG);
});
