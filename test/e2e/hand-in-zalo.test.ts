/**
 * Units hand in report files on Zalo OA, end to end: the real built process against the fake
 * Zalo (signed webhook events `user_send_file` and `user_send_image` whose URLs the fake serves),
 * with a temp lowdb file and files folder. A staff member's own OA chat is bound to TTKHCN (asked
 * with /dangky, approved by the admin), VP's Zalo group to VP. Asserted: the sends the fake
 * recorded, the lowdb file and the files folder (bytes named by their SHA-256).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { FakeZalo, oaEvent, signedPost, type ZaloCall } from './fake-zalo.js';
import { filesIn, handInState, MB, reportPdf, sha256, signedPagePhoto, storedPath, zipBombDocx } from './hand-in.js';
import { httpPortOf, startCli, type Running } from './run.js';

const ADMIN = 'admin-1';
const STAFF = 'staff-2';
const VP_GROUP = 'grp-77';
const CS = '/v3.0/oa/message/cs';
const GROUP_MSG = '/v3.0/oa/group/message';

let zalo: FakeZalo | undefined;
let bot: Running | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await zalo?.stop();
  bot = zalo = undefined;
});

interface Launched {
  z: FakeZalo;
  hook: string;
  db: string;
  files: string;
}

const textOf = (c: ZaloCall) => String((c.body.message as { text?: string }).text ?? '[template]');
const toUser = (user: string) => (c: ZaloCall) => (c.body.recipient as { user_id?: string }).user_id === user;
const toGroup = (c: ZaloCall) => (c.body.recipient as { group_id?: string }).group_id === VP_GROUP;

/** Posts a signed event and waits for a send to that user (or VP's group) whose text matches `until`. */
async function post(l: Launched, event: Record<string, unknown>, to: 'user' | 'group', user: string, until: RegExp): Promise<string> {
  const [path, match] = to === 'user' ? [CS, toUser(user)] : [GROUP_MSG, toGroup];
  const before = l.z.sends(path).filter(match).length;
  expect(await signedPost(l.hook, event, l.z.oaSecretKey)).toBe(200);
  return l.z.waitFor(() => l.z.sends(path).filter(match).slice(before).map(textOf).find((t) => until.test(t)));
}

const text = (l: Launched, kind: 'user' | 'group', user: string, body: string, until: RegExp) =>
  post(l, oaEvent(kind, user, body, { groupId: VP_GROUP }), kind, user, until);

/** Starts the bot with the OA pointing at the fake; VP's group bound by the admin, the staff's chat by request and approval. */
async function launch(): Promise<Launched> {
  const z = await new FakeZalo().start();
  zalo = z;
  const dir = tempDir();
  const db = join(dir, 'db.json');
  const files = join(dir, 'tep');
  bot = startCli(['start'], {
    ZALO_OA_ACCESS_TOKEN: 'A1-access-token',
    ZALO_OA_REFRESH_TOKEN: 'R1-refresh-token',
    ZALO_APP_ID: z.appId,
    ZALO_APP_SECRET: z.appSecret,
    ZALO_OA_SECRET_KEY: z.oaSecretKey,
    ZALO_OA_API_BASE: z.base,
    ZALO_OAUTH_BASE: z.base,
    ZALO_CHAT_INTERVAL_MS: '0',
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    DB_FILE: db,
    FILES_DIR: files,
    BOT_NOW: '2023-09-20T09:00:00+07:00',
    ADMIN_IDS: `zalo:${ADMIN}`,
  });
  const l = { z, hook: `http://127.0.0.1:${await httpPortOf(bot)}/zalo/webhook`, db, files };
  await text(l, 'group', ADMIN, '/dangky VP', /Đã đăng ký/);
  const asked = await text(l, 'user', STAFF, '/dangky TTKHCN', /Đã gửi yêu cầu R\d+/);
  const request = /yêu cầu (R\d+)/.exec(asked)![1]!;
  const toldBefore = z.sends(CS).filter(toUser(STAFF)).length;
  await text(l, 'user', ADMIN, `/duyet ${request}`, /Đã duyệt/);
  // The staff member is told too: waited for, or it would be taken for the answer to what they send next.
  await z.waitFor(() => z.sends(CS).filter(toUser(STAFF)).slice(toldBefore).some((c) => /Yêu cầu R\d+ đã được duyệt/.test(textOf(c))));
  return l;
}

const CAPTION = 'xong H8, báo cáo số 12/BC-TTKHCN ngày 20/9/2023';

describe('hand-in on Zalo OA (built process, fake Zalo)', () => {
  it('user_send_file with a caption: receipt, stored under its SHA-256, completed, VP’s group told, /tiendo shows it; a second file is kept beside it', async () => {
    const l = await launch();
    const pdf = await reportPdf('Báo cáo số 12/BC-TTKHCN gửi qua Zalo');
    const noticeBefore = l.z.sends(GROUP_MSG).filter(toGroup).length;
    const receipt = await post(l, l.z.fileEvent('user', STAFF, { name: 'bao-cao.pdf', data: pdf }, { text: CAPTION }), 'user', STAFF, /Đã nhận báo cáo/);
    expect(receipt).toContain('📥 Đã nhận báo cáo của Trung tâm Khoa học và Công nghệ cho hạn H8 (25/09/2023)');
    expect(receipt).toMatch(/📎 “bao-cao\.pdf” · [\d,]+ KB · PDF/);
    expect(receipt).toContain('🧾 Báo cáo số 12/BC-TTKHCN ngày 20/09/2023');
    expect(receipt).toContain(`SHA-256: ${sha256(pdf).slice(0, 16)}…`);
    expect(receipt).toContain('✔️ Đã ghi nhận: Trung tâm Khoa học và Công nghệ đã HOÀN THÀNH hạn H8.');
    expect(receipt).toContain('📨 Đã báo Văn phòng Sở.');
    const notice = await l.z.waitFor(() => l.z.sends(GROUP_MSG).filter(toGroup).slice(noticeBefore).map(textOf).find((t) => /đã nộp cho hạn H8/.test(t)));
    expect(notice).toMatch(/^📥 Trung tâm Khoa học và Công nghệ \(TTKHCN\) đã nộp cho hạn H8 \(25\/09\/2023\)/);
    expect(notice).toContain('📎 “bao-cao.pdf”');
    expect([...filesIn(l.files).keys()]).toEqual([storedPath(pdf)]);
    expect(filesIn(l.files).get(storedPath(pdf))!.equals(pdf)).toBe(true);
    const first = handInState(l.db);
    expect(first.submissions).toEqual([
      expect.objectContaining({
        deadline: 'H8',
        occurrence: '2023-09-25',
        unit: 'TTKHCN',
        chat: `zalo:${STAFF}`,
        file: { sha256: sha256(pdf), name: 'bao-cao.pdf', size: pdf.length, type: 'application/pdf' },
        report: { number: '12/BC-TTKHCN', date: '2023-09-20' },
      }),
    ]);
    expect(first.confirmations).toEqual([expect.objectContaining({ deadline: 'H8', unit: 'TTKHCN', completed: expect.anything() })]);
    expect(await text(l, 'user', STAFF, '/tiendo H8', /Tiến độ hạn H8/)).toMatch(/✔️ TTKHCN — Trung tâm Khoa học và Công nghệ: hoàn thành [^\n]* · 📎 1 tệp/);

    // A second file (another PDF) for the same deadline: both kept.
    const again = await reportPdf('Báo cáo bổ sung gửi qua Zalo');
    const receipt2 = await post(l, l.z.fileEvent('user', STAFF, { name: 'bo-sung.pdf', data: again }, { text: 'H8' }), 'user', STAFF, /Đã nhận báo cáo/);
    expect(receipt2).toContain('ℹ️ Đơn vị đã nộp 2 lần cho kỳ này; các lần trước vẫn được lưu.');
    expect(new Set(filesIn(l.files).keys())).toEqual(new Set([storedPath(pdf), storedPath(again)]));
    expect(handInState(l.db).submissions.map((s) => s.file?.name)).toEqual(['bao-cao.pdf', 'bo-sung.pdf']);
    // The admin, in the OA chat (private), gets one-time links.
    const links = await text(l, 'user', ADMIN, '/tiendo H8', /Tệp đã nộp \(2\)/);
    expect(links.match(/\/tai-ve\/[A-Za-z0-9_-]{43}/g)).toHaveLength(2);
  });

  it('user_send_image with “xong H9” is kept as an image', async () => {
    const l = await launch();
    const photo = signedPagePhoto();
    const receipt = await post(l, l.z.imageEvent('user', STAFF, photo, { text: 'xong H9' }), 'user', STAFF, /Đã nhận báo cáo/);
    expect(receipt).toContain('cho hạn H9 (22/10/2023)');
    expect(receipt).toMatch(/📎 “[^”]+\.jpg” · [\d,]+ byte · ảnh JPEG/);
    expect([...filesIn(l.files).keys()]).toEqual([storedPath(photo)]);
    expect(handInState(l.db).submissions).toEqual([expect.objectContaining({ deadline: 'H9', unit: 'TTKHCN', chat: `zalo:${STAFF}`, file: expect.objectContaining({ sha256: sha256(photo), type: 'image/jpeg' }) })]);
  });

  it('refuses, storing nothing: a URL that 404s, 25 MB declared (never downloaded), a zip bomb, a user with no unit, an unknown deadline', async () => {
    const l = await launch();
    const cases: Array<{ what: string; user: string; event: () => Record<string, unknown>; says: RegExp; downloaded: boolean }> = [
      { what: 'a URL that 404s', user: STAFF, event: () => l.z.fileEvent('user', STAFF, { name: 'mat.pdf', size: 1500 }, { text: 'xong H8' }), says: /^⚠️ Loa không tải được tệp “mat\.pdf”: Zalo không còn giữ tệp này \(HTTP 404\): hãy gửi lại tệp\. Chưa có gì được lưu\.$/, downloaded: true },
      { what: 'declared 25 MB', user: STAFF, event: () => l.z.fileEvent('user', STAFF, { name: 'lon.pdf', data: Buffer.from('%PDF-1.4'), size: 25 * MB }, { text: 'xong H8' }), says: /^⚠️ Tệp “lon\.pdf” quá lớn \(25 MB\): Loa nhận tệp tối đa 20 MB\.[\s\S]*Chưa có gì được lưu\.$/, downloaded: false },
      { what: 'a zip bomb', user: STAFF, event: () => l.z.fileEvent('user', STAFF, { name: 'bom.docx', data: zipBombDocx() }, { text: 'xong H8' }), says: /^⚠️ Tệp “bom\.docx” khi giải nén lớn hơn 100 MB nên có thể là tệp độc hại \(bom nén\)[\s\S]*Chưa có gì được lưu\.$/, downloaded: true },
      { what: 'a user with no unit', user: 'stranger-9', event: () => l.z.fileEvent('user', 'stranger-9', { name: 'bao-cao.pdf', data: Buffer.from('%PDF-1.4') }, { text: 'xong H8' }), says: /chưa đăng ký đơn vị nên chưa nộp báo cáo được\./, downloaded: false },
      { what: 'an unknown deadline', user: STAFF, event: () => l.z.fileEvent('user', STAFF, { name: 'bao-cao.pdf', data: Buffer.from('%PDF-1.4') }, { text: 'xong H99' }), says: /^Không có hạn H99, nên tệp chưa được lưu\./, downloaded: false },
    ];
    for (const c of cases) {
      const downloads = l.z.downloads.length;
      const groupBefore = l.z.sends(GROUP_MSG).length;
      expect(await post(l, c.event(), 'user', c.user, /./), c.what).toMatch(c.says);
      expect(l.z.downloads.length - downloads, c.what).toBe(c.downloaded ? 1 : 0);
      expect(filesIn(l.files).size, c.what).toBe(0);
      const { submissions, confirmations } = handInState(l.db);
      expect(submissions, c.what).toEqual([]);
      expect(confirmations, c.what).toEqual([]);
      expect(l.z.sends(GROUP_MSG).length, c.what).toBe(groupBefore);
    }
    // The same user and caption with a good file: stored (so the checks above could see a store).
    const pdf = await reportPdf('Báo cáo đúng qua Zalo');
    await post(l, l.z.fileEvent('user', STAFF, { name: 'bao-cao.pdf', data: pdf }, { text: 'xong H8' }), 'user', STAFF, /Đã nhận báo cáo/);
    expect([...filesIn(l.files).keys()]).toEqual([storedPath(pdf)]);
    expect(bot!.stderr()).not.toMatch(/ERROR/);
  });
});
