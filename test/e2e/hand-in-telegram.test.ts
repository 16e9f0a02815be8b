/**
 * Units hand in report files on Telegram, end to end: the real built process against the fake Bot
 * API (getFile and file downloads), with a temp lowdb file and files folder. What is asserted is
 * what the fake recorded (the receipt in the unit's group, the notice in VP's group, getFile
 * calls), what the lowdb file holds (submissions, confirmations) and what the files folder holds
 * (the bytes, named by their SHA-256). A refusal is told in Vietnamese and stores nothing.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { FakeBotApi, type Call, type FileOptions } from './fake-bot-api.js';
import { filesIn, handInState, MB, program, reportDocx, reportPdf, sha256, signedPagePhoto, storedPath, zipBombDocx, zipNotDocx } from './hand-in.js';
import { httpPortOf, startCli, type Running } from './run.js';

const VP_GROUP = -100;
const TTKHCN_GROUP = -200;
const CCTDC_GROUP = -300;
const UNBOUND_GROUP = -900;
const ADMIN = { id: 1001, first_name: 'Chánh', last_name: 'Văn phòng' };
const HOA = { id: 2002, first_name: 'Hoa' };
const NAM = { id: 3003, first_name: 'Nam' };

let api: FakeBotApi | undefined;
let bot: Running | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await api?.stop();
  bot = api = undefined;
});

interface Launched {
  a: FakeBotApi;
  db: string;
  files: string;
  base: string;
}

/** Starts the bot (polling, with its web server for download links) and binds VP's, TTKHCN's and CCTDC's groups. */
async function launch(): Promise<Launched> {
  const a = await new FakeBotApi().start();
  api = a;
  const dir = tempDir();
  const db = join(dir, 'db.json');
  const files = join(dir, 'tep');
  bot = startCli(['start'], {
    TELEGRAM_BOT_TOKEN: a.token,
    TELEGRAM_API_ROOT: a.apiRoot,
    DB_FILE: db,
    FILES_DIR: files,
    BOT_NOW: '2023-09-20T09:00:00+07:00',
    ADMIN_IDS: `telegram:${ADMIN.id}`,
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
  });
  const base = `http://127.0.0.1:${await httpPortOf(bot)}`;
  await a.waitFor(() => a.calls.some((c) => c.method === 'getUpdates'));
  const l = { a, db, files, base };
  await say(l, VP_GROUP, '/dangky VP', ADMIN, /Đã đăng ký/);
  await say(l, TTKHCN_GROUP, '/dangky TTKHCN', ADMIN, /Đã đăng ký/);
  await say(l, CCTDC_GROUP, '/dangky CCTDC', ADMIN, /Đã đăng ký/);
  return l;
}

const textOf = (c: Call) => String(c.params.text);

/** Sends a text and waits for an answer in that chat matching `until`; returns it. */
async function say(l: Launched, chat: number, text: string, from: typeof ADMIN | typeof HOA, until: RegExp): Promise<Call & { messageId?: number }> {
  const before = l.a.sent(chat).length;
  l.a.message(chat, text, from);
  return l.a.waitFor(() => l.a.sent(chat).slice(before).find((c) => until.test(textOf(c))));
}

/** Sends a document and waits for Loa's answer in that chat matching `until`. */
async function send(l: Launched, chat: number, name: string, data: Buffer, from: typeof HOA, opts: FileOptions, until: RegExp): Promise<string> {
  const before = l.a.sent(chat).length;
  l.a.document(chat, name, data, from, opts);
  return textOf(await l.a.waitFor(() => l.a.sent(chat).slice(before).find((c) => until.test(textOf(c)))));
}

/** The next message VP's group gets after `before` messages that matches `until`. */
const vpNotice = (l: Launched, before: number, until: RegExp) => l.a.waitFor(() => l.a.sent(VP_GROUP).slice(before).map(textOf).find((t) => until.test(t)));

const CAPTION = 'xong H8, báo cáo số 12/BC-TTKHCN ngày 20/9/2023';

describe('hand-in on Telegram (built process, fake Bot API)', () => {
  it('a file with a caption: receipt, stored under its SHA-256, completed, VP told, /tiendo shows it; a second one is kept beside it; an admin downloads each once by a one-time link', async () => {
    const l = await launch();
    const pdf = await reportPdf('Báo cáo số 12/BC-TTKHCN: kết quả đăng ký hoạt động');
    const vpBefore = l.a.sent(VP_GROUP).length;
    const receipt = await send(l, TTKHCN_GROUP, 'bao-cao.pdf', pdf, HOA, { caption: CAPTION }, /Đã nhận báo cáo/);
    expect(receipt).toContain('📥 Đã nhận báo cáo của Trung tâm Khoa học và Công nghệ cho hạn H8 (25/09/2023)');
    expect(receipt).toContain(`📎 “bao-cao.pdf” · ${(pdf.length / 1024).toFixed(1).replace('.', ',').replace(/,0$/, '')} KB · PDF`);
    expect(receipt).toContain('🧾 Báo cáo số 12/BC-TTKHCN ngày 20/09/2023');
    expect(receipt).toContain(`SHA-256: ${sha256(pdf).slice(0, 16)}…`);
    expect(receipt).toMatch(/Người nộp: Hoa lúc 20\/09\/2023 09:00 · mã lưu N1\./);
    expect(receipt).toContain('✔️ Đã ghi nhận: Trung tâm Khoa học và Công nghệ đã HOÀN THÀNH hạn H8.');
    expect(receipt).toContain('📨 Đã báo Văn phòng Sở.');
    expect(receipt).not.toMatch(/lần cho kỳ này/);
    // VP's group gets the notice naming the unit and the file.
    const notice = await vpNotice(l, vpBefore, /đã nộp cho hạn H8/);
    expect(notice).toMatch(/^📥 Trung tâm Khoa học và Công nghệ \(TTKHCN\) đã nộp cho hạn H8 \(25\/09\/2023\)/);
    expect(notice).toContain('📎 “bao-cao.pdf”');
    expect(notice).toContain('🧾 Báo cáo số 12/BC-TTKHCN ngày 20/09/2023');
    // Stored: the bytes under their digest, the submission with the report, the unit completed.
    expect([...filesIn(l.files).keys()]).toEqual([storedPath(pdf)]);
    expect(filesIn(l.files).get(storedPath(pdf))!.equals(pdf)).toBe(true);
    const first = handInState(l.db);
    expect(first.submissions).toEqual([
      expect.objectContaining({
        id: 'N1',
        deadline: 'H8',
        occurrence: '2023-09-25',
        unit: 'TTKHCN',
        by: { id: String(HOA.id), name: 'Hoa' },
        chat: `telegram:${TTKHCN_GROUP}`,
        file: { sha256: sha256(pdf), name: 'bao-cao.pdf', size: pdf.length, type: 'application/pdf' },
        report: { number: '12/BC-TTKHCN', date: '2023-09-20' },
      }),
    ]);
    expect(first.confirmations).toEqual([expect.objectContaining({ deadline: 'H8', occurrence: '2023-09-25', unit: 'TTKHCN', completed: expect.objectContaining({ by: expect.objectContaining({ name: 'Hoa' }) }) })]);
    // /tiendo in the group: the unit completed with one file, and no link (not an admin's private chat).
    const progress = textOf(await say(l, TTKHCN_GROUP, '/tiendo H8', HOA, /Tiến độ hạn H8/));
    expect(progress).toMatch(/✔️ TTKHCN — Trung tâm Khoa học và Công nghệ: hoàn thành 20\/09\/2023 09:00 \(Hoa\) · 📎 1 tệp/);
    expect(progress).toMatch(/📎 1 tệp đã nộp\. Quản trị viên nhận đường dẫn tải bằng \/tiendo H8 trong tin nhắn riêng/);
    expect(progress).not.toMatch(/\/tai-ve\//);

    // A second file for the same deadline from the same unit: kept beside the first.
    const second = await reportDocx('Báo cáo bổ sung của Trung tâm');
    const receipt2 = await send(l, TTKHCN_GROUP, 'bao-cao-bo-sung.docx', second, NAM, { caption: 'H8' }, /Đã nhận báo cáo/);
    expect(receipt2).toContain('ℹ️ Đơn vị đã nộp 2 lần cho kỳ này; các lần trước vẫn được lưu.');
    expect(receipt2).toContain('✔️ Hạn H8 đã được ghi nhận hoàn thành từ trước.');
    expect(receipt2).toMatch(/mã lưu N2\./);
    expect(new Set(filesIn(l.files).keys())).toEqual(new Set([storedPath(pdf), storedPath(second)]));
    const both = handInState(l.db);
    expect(both.submissions.map((s) => [s.id, s.unit, s.file?.sha256, s.file?.name])).toEqual([
      ['N1', 'TTKHCN', sha256(pdf), 'bao-cao.pdf'],
      ['N2', 'TTKHCN', sha256(second), 'bao-cao-bo-sung.docx'],
    ]);
    expect(both.confirmations).toHaveLength(1);
    expect(textOf(await say(l, TTKHCN_GROUP, '/tiendo H8', HOA, /Tiến độ hạn H8/))).toMatch(/\(Hoa\) · 📎 2 tệp/);

    // An admin's /tiendo H8 in a private chat: a one-time link per file.
    const links = textOf(await say(l, ADMIN.id, '/tiendo H8', ADMIN, /Tệp đã nộp \(2\)/));
    const urls = [...links.matchAll(/(http:\/\/127\.0\.0\.1:\d+\/tai-ve\/[A-Za-z0-9_-]{43})/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(2);
    expect(links).toMatch(/• TTKHCN — “bao-cao\.pdf” \([^)]*PDF[^)]*\) · số 12\/BC-TTKHCN: http/);
    for (const [url, bytes] of [[urls[0]!, pdf], [urls[1]!, second]] as const) {
      expect(url.startsWith(l.base)).toBe(true);
      // The page (what a chat's link preview opens) hands nothing out.
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/chỉ dùng được <strong>một lần<\/strong>/);
      // Its button, as a browser submits the form (same origin, form encoded, empty body).
      const post = () => fetch(url, { method: 'POST', headers: { origin: l.base, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      const got = await post();
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
      const again = await post();
      expect(again.status).toBe(410);
      expect(await again.text()).toMatch(/Đường dẫn tải tệp không còn hiệu lực/);
    }
  });

  it('a .docx sent as a reply to Loa’s /deadline H8 message in another unit’s group counts for that unit', async () => {
    const l = await launch();
    const detail = await say(l, CCTDC_GROUP, '/deadline H8', NAM, /H8/);
    const docx = await reportDocx('Báo cáo của Chi cục Tiêu chuẩn Đo lường Chất lượng');
    const vpBefore = l.a.sent(VP_GROUP).length;
    const receipt = await send(l, CCTDC_GROUP, 'Báo cáo CCTDC.docx', docx, NAM, { replyTo: detail }, /Đã nhận báo cáo/);
    expect(receipt).toContain('📥 Đã nhận báo cáo của Chi cục Tiêu chuẩn Đo lường Chất lượng cho hạn H8 (25/09/2023)');
    expect(receipt).toContain('📎 “Báo cáo CCTDC.docx”');
    expect(receipt).toContain('· Word');
    expect(receipt).toContain(`SHA-256: ${sha256(docx).slice(0, 16)}…`);
    expect(receipt).toContain('✔️ Đã ghi nhận: Chi cục Tiêu chuẩn Đo lường Chất lượng đã HOÀN THÀNH hạn H8.');
    // H8 has a form (Phụ lục II); a report without its table is kept as a report, and the receipt says so.
    expect(receipt).toMatch(/ℹ️ .*Tệp được lưu như báo cáo; đăng ký theo mẫu Phụ lục II bằng \/dangkyhd H8 nếu cần\./);
    const notice = await vpNotice(l, vpBefore, /đã nộp cho hạn H8/);
    expect(notice).toMatch(/^📥 Chi cục Tiêu chuẩn Đo lường Chất lượng \(CCTDC\) đã nộp cho hạn H8/);
    expect(notice).toContain('📎 “Báo cáo CCTDC.docx”');
    expect([...filesIn(l.files).keys()]).toEqual([storedPath(docx)]);
    const { submissions, confirmations } = handInState(l.db);
    expect(submissions).toEqual([expect.objectContaining({ deadline: 'H8', unit: 'CCTDC', chat: `telegram:${CCTDC_GROUP}`, file: expect.objectContaining({ sha256: sha256(docx), name: 'Báo cáo CCTDC.docx' }) })]);
    expect(submissions[0]!.report).toBeUndefined();
    expect(confirmations).toEqual([expect.objectContaining({ deadline: 'H8', unit: 'CCTDC', completed: expect.anything() })]);
    expect(textOf(await say(l, CCTDC_GROUP, '/tiendo H8', NAM, /Tiến độ hạn H8/))).toMatch(/✔️ CCTDC — [^\n]*\(Nam\) · 📎 1 tệp/);
  });

  it('a photo (Telegram’s sizes) with the caption “xong H9” is kept as an image, the largest size', async () => {
    const l = await launch();
    const small = Buffer.concat([signedPagePhoto().subarray(0, 20), Buffer.from('small')]);
    const large = signedPagePhoto();
    const before = l.a.sent(TTKHCN_GROUP).length;
    l.a.photo(TTKHCN_GROUP, [{ data: small, width: 90 }, { data: large, width: 1200 }], HOA, { caption: 'xong H9' });
    const receipt = textOf(await l.a.waitFor(() => l.a.sent(TTKHCN_GROUP).slice(before).find((c) => /Đã nhận báo cáo/.test(textOf(c)))));
    expect(receipt).toContain('cho hạn H9 (22/10/2023)');
    expect(receipt).toMatch(/📎 “[^”]+\.jpg” · [\d,]+ byte · ảnh JPEG/);
    expect(l.a.calls.filter((c) => c.method === 'getFile').map((c) => c.params.file_id)).toEqual([l.a.lastPhotoIds[1]]);
    expect([...filesIn(l.files).keys()]).toEqual([storedPath(large)]);
    const { submissions } = handInState(l.db);
    expect(submissions).toEqual([expect.objectContaining({ deadline: 'H9', unit: 'TTKHCN', file: expect.objectContaining({ sha256: sha256(large), type: 'image/jpeg', size: large.length }) })]);
  });

  it('refuses, each in Vietnamese and storing nothing: 25 MB declared, a program renamed .pdf, a zip named .docx, a zip bomb, an unbound chat, a deadline not the unit’s, an unknown deadline', async () => {
    const l = await launch();
    const refusals: Array<{ what: string; chat: number; name: string; data: Buffer; opts: FileOptions; says: RegExp; fetched: boolean }> = [
      { what: 'declared 25 MB', chat: TTKHCN_GROUP, name: 'lon.pdf', data: Buffer.from('%PDF-1.4 nhỏ'), opts: { caption: 'xong H8', declaredSize: 25 * MB }, says: /^⚠️ Tệp “lon\.pdf” quá lớn \(25 MB\): Loa nhận tệp tối đa 20 MB\.[\s\S]*Chưa có gì được lưu\.$/, fetched: false },
      { what: 'getFile: too big', chat: TTKHCN_GROUP, name: 'an.pdf', data: Buffer.from('x'), opts: { caption: 'xong H8', declaredSize: 900, tooBig: true }, says: /^⚠️ Loa không tải được tệp “an\.pdf”: Tệp lớn hơn 20 MB \(giới hạn tải tệp của bot Telegram\), Loa không nhận tệp lớn như vậy: hãy nén, tách tệp hoặc chụp\/xuất lại nhỏ hơn rồi gửi lại\. Chưa có gì được lưu\.$/, fetched: true },
      { what: 'a program renamed .pdf', chat: TTKHCN_GROUP, name: 'bao-cao.pdf', data: program(), opts: { caption: 'xong H8' }, says: /^⚠️ Tệp “bao-cao\.pdf” có đuôi \.pdf nhưng nội dung là một tệp chương trình \(\.exe\), nên không được nhận\.[\s\S]*Chưa có gì được lưu\.$/, fetched: true },
      { what: 'a zip named .docx', chat: TTKHCN_GROUP, name: 'bao-cao.docx', data: zipNotDocx(), opts: { caption: 'xong H8' }, says: /^⚠️ Tệp “bao-cao\.docx” có đuôi \.docx nhưng nội dung là một tệp nén \(zip\) không phải văn bản Word, Excel hay OpenDocument, nên không được nhận\.[\s\S]*Chưa có gì được lưu\.$/, fetched: true },
      { what: 'a zip bomb', chat: TTKHCN_GROUP, name: 'bom.docx', data: zipBombDocx(), opts: { caption: 'xong H8' }, says: /^⚠️ Tệp “bom\.docx” khi giải nén lớn hơn 100 MB nên có thể là tệp độc hại \(bom nén\)[\s\S]*Chưa có gì được lưu\.$/, fetched: true },
      { what: 'an unbound chat', chat: UNBOUND_GROUP, name: 'bao-cao.pdf', data: await reportPdf('Báo cáo lạc nhóm'), opts: { caption: 'xong H8' }, says: /chưa đăng ký đơn vị nên chưa nộp báo cáo được\.\nGõ \/dangky MÃ_ĐƠN_VỊ/, fetched: false },
      { what: 'H10 is VP’s only', chat: TTKHCN_GROUP, name: 'tong-hop.pdf', data: await reportPdf('Tổng hợp'), opts: { caption: 'xong H10' }, says: /^Đơn vị Trung tâm Khoa học và Công nghệ \(TTKHCN\) không phải đơn vị thực hiện hạn H10, nên không nộp báo cáo được\.\nĐơn vị thực hiện: VP\.$/, fetched: false },
      { what: 'an unknown deadline', chat: TTKHCN_GROUP, name: 'bao-cao.pdf', data: await reportPdf('Hạn không có'), opts: { caption: 'xong H99' }, says: /^Không có hạn H99, nên tệp chưa được lưu\. Xem mã các hạn: \/deadline tatca$/, fetched: false },
    ];
    for (const r of refusals) {
      const getFiles = l.a.calls.filter((c) => c.method === 'getFile').length;
      const vpBefore = l.a.sent(VP_GROUP).length;
      const said = await send(l, r.chat, r.name, r.data, HOA, r.opts, /./);
      expect(said, r.what).toMatch(r.says);
      // Refused before the download when the name, the size or the chat already tell.
      expect(l.a.calls.filter((c) => c.method === 'getFile').length - getFiles, r.what).toBe(r.fetched ? 1 : 0);
      expect(filesIn(l.files).size, r.what).toBe(0);
      const { submissions, confirmations } = handInState(l.db);
      expect(submissions, r.what).toEqual([]);
      expect(confirmations, r.what).toEqual([]);
      expect(l.a.sent(VP_GROUP).length, r.what).toBe(vpBefore);
    }
    expect(l.a.downloads.map((d) => d.path).some((p) => /lon\.pdf|an\.pdf/.test(p))).toBe(false);
    // The same chat and caption with a good file: stored (so the checks above could see a store).
    const pdf = await reportPdf('Báo cáo đúng');
    await send(l, TTKHCN_GROUP, 'bao-cao.pdf', pdf, HOA, { caption: 'xong H8' }, /Đã nhận báo cáo/);
    expect([...filesIn(l.files).keys()]).toEqual([storedPath(pdf)]);
    expect(handInState(l.db).submissions).toHaveLength(1);
    expect(bot!.stderr()).not.toMatch(/ERROR/);
  });
});
