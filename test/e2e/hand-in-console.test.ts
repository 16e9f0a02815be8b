/**
 * Issue 14's acceptance in the console, through the built process as a new user runs it (`npm
 * start -- --as TTKHCN`, a temp DB_FILE and FILES_DIR): the unit hands in a real .pdf report with
 * its number and date, and fills a two-row registration with `/dangkyhd H8` (one "bỏ qua", one
 * "sửa 2"), the process killed in the middle of the second row and started again over the same
 * files, where the registration resumes. Then the office (the console's admin) sees it in `/tiendo
 * H8`, and `/tonghop H8`'s one-time links, taken on the console's own web server, give the
 * merged .xlsx and .docx, read back by exceljs and mammoth cell by cell.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { makePdf } from '../pdf-fixture.js';
import { startConsole, type ConsoleSession } from './console-session.js';
import { downloadLinks, expectMergedDocx, expectMergedXlsx, takeOnce } from './merged-read.js';

/** The rows as typed (the second's column 2 corrected with "sửa 2"). */
const ROWS = [
  ['Hội nghị tuyên truyền “Tháng Dân vận”', '15/09/2023', 'Toàn Trung tâm', 'Viên chức, người lao động', 'Nâng cao nhận thức về dân vận', ''],
  ['Ra quân vệ sinh môi trường', 'Tuần cuối tháng 9/2023', 'Xã Ngọc Thiện, huyện Tân Yên', 'Đoàn viên thanh niên', 'Xanh – sạch – đẹp', 'Phối hợp Đoàn xã'],
];
const asked = (row: number, col: number) => new RegExp(`Dòng ${row} · cột ${col}/6: [^\\n]+\\?`);

const running: ConsoleSession[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.kill()));
});

function open(args: string[], env: Record<string, string>, viaNpm = false): ConsoleSession {
  const c = startConsole(args, env, viaNpm);
  running.push(c);
  return c;
}

describe('acceptance in the console (built process)', () => {
  it('a unit hands in a report file and a two-row registration across a restart; the office downloads the merged table', async () => {
    const dir = tempDir();
    const env = { DB_FILE: join(dir, 'db.json'), FILES_DIR: join(dir, 'files'), BOT_NOW: '2023-09-20T09:00:00+07:00', HTTP_PORT: '0' };
    const pdfPath = join(dir, 'Báo cáo số 5.pdf');
    const pdf = await makePdf([{ center: 'BÁO CÁO' }, { p: 'Kết quả triển khai “Tháng Dân vận” năm 2023 của Trung tâm Khoa học và Công nghệ.' }]);
    writeFileSync(pdfPath, pdf);

    // Run 1, as the README says: npm start -- --as TTKHCN.
    const unit = open(['--as', 'TTKHCN'], env, true);
    await unit.waitFor(/với tư cách cán bộ, nhóm chat của Trung tâm Khoa học và Công nghệ \(TTKHCN\)/, 0, 200_000);
    const deadline = await unit.say('/deadline H8', /gõ số để chọn/);
    expect(deadline).toMatch(/📅 Hạn H8: Đăng ký hoạt động hưởng ứng[\s\S]*Cách nộp: điền trong chat bằng \/dangkyhd H8/);
    const receipt = await unit.say(`/tep "${pdfPath}" xong H8, báo cáo số 5/BC-TTKHCN ngày 19/9/2023`, /✔️ Đã ghi nhận[^\n]*\n/);
    expect(receipt).toMatch(/📥 Đã nhận báo cáo của Trung tâm Khoa học và Công nghệ cho hạn H8/);
    expect(receipt).toMatch(/“Báo cáo số 5\.pdf”/);
    expect(receipt).toMatch(/số 5\/BC-TTKHCN ngày 19\/09\/2023/);
    expect(receipt).toMatch(/✔️ Đã ghi nhận: Trung tâm Khoa học và Công nghệ đã HOÀN THÀNH hạn H8/);

    expect(await unit.say('/dangkyhd H8', asked(1, 1))).toMatch(/📝 Đăng ký theo mẫu Phụ lục II — hạn H8 \(25\/09\/2023\) cho Trung tâm Khoa học và Công nghệ/);
    for (let c = 0; c < 5; c++) await unit.say(ROWS[0]![c]!, asked(1, c + 2));
    const review = await unit.say('bỏ qua', /kiểm tra trước khi lưu[\s\S]*Đúng thì bấm/);
    expect(review).toContain('1. Tên nội dung, hoạt động: Hội nghị tuyên truyền “Tháng Dân vận”');
    expect(review).toContain('6. Ghi chú: (để trống)');
    await unit.say('lưu', /Đã có 1 dòng cho hạn H8/);
    await unit.say('thêm', asked(2, 1));
    await unit.say(ROWS[1]![0]!, asked(2, 2));
    await unit.say('Tháng 9/2023', asked(2, 3));
    await unit.say(ROWS[1]![2]!, asked(2, 4));
    // Stopped in the middle of the second row.
    await unit.kill();

    // Run 2 over the same files: the registration resumes where it was.
    const again = open(['--as', 'TTKHCN'], env);
    const resumed = await again.say('/dangkyhd H8', asked(2, 4));
    expect(resumed).toMatch(/↩️ Tiếp tục bản đăng ký đang dở \(đã lưu 1 dòng\)/);
    await again.say(ROWS[1]![3]!, asked(2, 5));
    await again.say(ROWS[1]![4]!, asked(2, 6));
    expect(await again.say(ROWS[1]![5]!, /Đúng thì bấm/)).toContain('2. Thời gian tổ chức, triển khai: Tháng 9/2023');
    expect(await again.say('sửa 2', /Hiện là: “Tháng 9\/2023”/)).toMatch(/✏️ Sửa dòng 2 · cột 2\/6/);
    const fixed = await again.say(ROWS[1]![1]!, /Đúng thì bấm/);
    expect(fixed).toContain('2. Thời gian tổ chức, triển khai: Tuần cuối tháng 9/2023');
    expect(fixed).toContain('6. Ghi chú: Phối hợp Đoàn xã');
    await again.say('lưu', /Đã có 2 dòng cho hạn H8/);
    const sent = await again.say('gửi', /📝 2 dòng đăng ký:[\s\S]*2\. Ra quân/);
    expect(sent).toMatch(/📥 Đã nhận bản đăng ký của Trung tâm Khoa học và Công nghệ cho hạn H8/);
    expect(await again.end()).toBe(0);

    // Run 3: the office's admin (npm start without --as), with the web console on its own port.
    const office = open([], env);
    const web = await office.waitFor(/🌐 Bảng điều khiển web: http:\/\/127\.0\.0\.1:\d+/);
    const progress = await office.say('/tiendo H8', /📎 Tệp đã nộp \(1\)[\s\S]*tai-ve\/\S+\n/);
    expect(progress).toMatch(/TTKHCN — Trung tâm Khoa học và Công nghệ[^\n]*📎 1 tệp · 📝 2 dòng/);
    const fileLine = progress.split('\n').find((l) => l.includes('“Báo cáo số 5.pdf”'))!;
    expect(fileLine).toMatch(/số 5\/BC-TTKHCN/);
    const [reportLink] = downloadLinks(fileLine);
    expect(reportLink!.startsWith(web.slice(web.indexOf('http')))).toBe(true);
    expect((await takeOnce(reportLink!)).bytes.equals(pdf)).toBe(true);

    const merged = await office.say('/tonghop H8', /Word \(\.docx\): \S+\n/);
    expect(merged).toMatch(/Đã gửi: 1\/10 đơn vị · 2 dòng\./);
    expect(merged).toMatch(/Chưa gửi bản đăng ký \(9\): VP — Văn phòng Sở;/);
    const [xlsxLink, docxLink] = downloadLinks(merged);
    await expectMergedXlsx((await takeOnce(xlsxLink!)).bytes, { rows: { TTKHCN: ROWS } });
    await expectMergedDocx((await takeOnce(docxLink!)).bytes, { rows: { TTKHCN: ROWS } });
    expect(await office.end()).toBe(0);
    expect(office.stderr()).toBe('');
  }, 300_000);
});
