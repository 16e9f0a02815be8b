/**
 * Issue 14's acceptance on Telegram, against the fake Bot API, in the real built process: a unit's
 * group hands in its report (a .pdf with "xong H8, báo cáo số …") and its registration (the Phụ
 * lục II table filled in Word, two rows) as a reply to `/deadline H8`; the office is told; the
 * admin's private `/tiendo H8` and `/tonghop H8` give one-time links; the merged table downloaded
 * through them carries the two rows, read back by exceljs and mammoth cell by cell.
 */
import { createHash } from 'node:crypto';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_DIR, tempDir } from '../helpers.js';
import { docxWith, PHU_LUC_II } from '../files-fixture.js';
import { makePdf } from '../pdf-fixture.js';
import { FakeBotApi, type Call } from './fake-bot-api.js';
import { downloadLinks, expectMergedDocx, expectMergedXlsx, takeOnce } from './merged-read.js';
import { httpPortOf, startCli, type Running } from './run.js';

const ADMIN = { id: 1001, first_name: 'Chánh', last_name: 'Văn phòng' };
const STAFF = { id: 2002, first_name: 'Hoa' };
const UNIT_GROUP = -100_700;

/** Two filled rows of Phụ lục II, with Vietnamese diacritics, a line break and an empty cell. */
const TWO_ROWS = [
  ['Hội nghị tuyên truyền “Tháng Dân vận”', '15/09/2023', 'Toàn Trung tâm', 'Viên chức, người lao động', 'Nâng cao nhận thức về dân vận', ''],
  ['Ra quân vệ sinh môi trường', 'Tháng 9/2023', 'Xã Ngọc Thiện, huyện Tân Yên', 'Đoàn viên thanh niên', 'Xanh – sạch – đẹp', 'Phối hợp Đoàn xã'],
];

let api: FakeBotApi | undefined;
let bot: Running | undefined;
afterEach(async () => {
  await bot?.stop('SIGKILL');
  await api?.stop();
  bot = api = undefined;
});

describe('acceptance on Telegram (built process, fake Bot API)', () => {
  it('a unit hands in a report file and a two-row registration as replies to /deadline H8; the office downloads the merged table', async () => {
    const a = await new FakeBotApi().start();
    api = a;
    const dir = tempDir();
    const data = join(dir, 'data');
    cpSync(DATA_DIR, data, { recursive: true });
    const filesDir = join(dir, 'files');
    bot = startCli(['start'], {
      TELEGRAM_BOT_TOKEN: a.token,
      TELEGRAM_API_ROOT: a.apiRoot,
      DB_FILE: join(dir, 'db.json'),
      FILES_DIR: filesDir,
      DATA_DIR: data,
      BOT_NOW: '2023-09-20T09:00:00+07:00',
      ADMIN_IDS: `telegram:${ADMIN.id}`,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
    });
    await httpPortOf(bot);
    await a.waitFor(() => a.calls.some((c) => c.method === 'getUpdates'));
    const say = async (chat: number, text: string, from: { id: number; first_name: string }, answer: RegExp): Promise<Call & { messageId?: number }> => {
      const seen = a.sent(chat).length;
      a.message(chat, text, from);
      return a.waitFor(() => a.sent(chat).slice(seen).find((c) => answer.test(String(c.params.text))));
    };

    // The office binds its own private chat (VP) and the unit's group (TTKHCN), as the README says.
    await say(ADMIN.id, '/dangky VP', ADMIN, /Đã đăng ký/);
    await say(UNIT_GROUP, '/dangky TTKHCN', ADMIN, /Đã đăng ký: nhóm chat này thuộc đơn vị Trung tâm Khoa học và Công nghệ/);

    // A member of the unit asks for the deadline and answers it with the report, then the table.
    const deadline = await say(UNIT_GROUP, '/deadline H8', STAFF, /H8/);
    expect(String(deadline.params.text)).toMatch(/Phụ lục II/);
    const groupTexts = () => a.sent(UNIT_GROUP).map((c) => String(c.params.text));
    const adminTexts = () => a.sent(ADMIN.id).map((c) => String(c.params.text));
    const pdf = await makePdf([{ center: 'BÁO CÁO' }, { p: 'Kết quả triển khai “Tháng Dân vận” năm 2023 của Trung tâm Khoa học và Công nghệ.' }]);
    a.document(UNIT_GROUP, 'Báo cáo số 5.pdf', pdf, STAFF, { caption: 'xong H8, báo cáo số 5/BC-TTKHCN ngày 19/9/2023', replyTo: deadline });
    const receipt = await a.waitFor(() => groupTexts().find((t) => /📥 Đã nhận báo cáo của Trung tâm Khoa học và Công nghệ cho hạn H8/.test(t)));
    expect(receipt).toMatch(/Báo cáo số 5\.pdf/);
    expect(receipt).toMatch(/số 5\/BC-TTKHCN ngày 19\/09\/2023/);
    expect(receipt).toMatch(/✔️ Đã ghi nhận: Trung tâm Khoa học và Công nghệ đã HOÀN THÀNH hạn H8/);

    const table = await docxWith('PHỤ LỤC II\nĐĂNG KÝ HOẠT ĐỘNG TRIỂN KHAI HƯỞNG ỨNG “THÁNG DÂN VẬN” NĂM 2023', [PHU_LUC_II, ...TWO_ROWS]);
    a.document(UNIT_GROUP, 'Đăng ký Phụ lục II.docx', table, STAFF, { replyTo: deadline });
    const second = await a.waitFor(() => groupTexts().find((t) => /📥 Đã nhận .*cho hạn H8/.test(t) && /📝 2 dòng đăng ký/.test(t)));
    expect(second).toContain('1. Hội nghị tuyên truyền “Tháng Dân vận”');
    expect(second).toContain('2. Ra quân vệ sinh môi trường');
    expect(second).toMatch(/ℹ️ Đơn vị đã nộp 2 lần cho kỳ này; các lần trước vẫn được lưu\./);

    // The office was told of both, in its chat.
    await a.waitFor(() => adminTexts().filter((t) => /📥 Trung tâm Khoa học và Công nghệ \(TTKHCN\) đã nộp cho hạn H8/.test(t)).length === 2);
    // Both files kept, content-addressed, under FILES_DIR.
    const kept = readdirSync(filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    for (const bytes of [pdf, table]) expect(kept.some((n) => n.includes(createHash('sha256').update(bytes).digest('hex')))).toBe(true);

    // /tiendo H8 in private: TTKHCN completed with its file and its 2 rows, and a link to the report.
    const progress = await say(ADMIN.id, '/tiendo H8', ADMIN, /📎 Tệp đã nộp/);
    const progressText = String(progress.params.text);
    expect(progressText).toMatch(/TTKHCN — Trung tâm Khoa học và Công nghệ[^\n]*📎 2 tệp · 📝 2 dòng/);
    const reportLink = progressText.split('\n').find((l) => l.includes('Báo cáo số 5.pdf'))!;
    const [pdfLink] = downloadLinks(reportLink);
    const report = await takeOnce(pdfLink!);
    expect(report.bytes.equals(pdf)).toBe(true);
    expect(report.type).toBe('application/pdf');

    // /tonghop H8: one .xlsx and one .docx link; each downloads once.
    const merged = String((await say(ADMIN.id, '/tonghop H8', ADMIN, /Tải bảng tổng hợp/)).params.text);
    expect(merged).toMatch(/Đã gửi: 1\/10 đơn vị · 2 dòng\./);
    expect(merged).toMatch(/Chưa gửi bản đăng ký \(9\): VP — Văn phòng Sở;/);
    expect(merged).not.toMatch(/TTKHCN — /);
    const [xlsxLink, docxLink, ...more] = downloadLinks(merged);
    expect(more).toEqual([]);
    expect(merged.split('\n').find((l) => l.includes(xlsxLink!))).toMatch(/Excel \(\.xlsx\)/);
    const xlsx = await takeOnce(xlsxLink!);
    expect(xlsx.disposition).toContain('tong-hop-H8-2023-09-25.xlsx');
    await expectMergedXlsx(xlsx.bytes, { rows: { TTKHCN: TWO_ROWS } });
    const docx = await takeOnce(docxLink!);
    expect(docx.disposition).toContain('tong-hop-H8-2023-09-25.docx');
    await expectMergedDocx(docx.bytes, { rows: { TTKHCN: TWO_ROWS } });
  });
});
