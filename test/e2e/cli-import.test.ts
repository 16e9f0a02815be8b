/** `loa import` end to end: re-imports, documents with no plan, and every error in Vietnamese with what to do. */
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { runCli } from './run.js';

/** A temp copy of data/ (the repo's data/ is never written) and the env pointing at it. */
function sandbox() {
  const dir = tempDir();
  const data = join(dir, 'data');
  cpSync(join(ROOT, 'data'), data, { recursive: true });
  return { dir, data, env: { DATA_DIR: data, DB_FILE: join(dir, 'db.json'), BOT_NOW: '2023-09-20T09:00:00+07:00' } };
}

/** English or library text a user must never see. */
const FOREIGN = /ENOENT|EISDIR|EACCES|ERR_|Unknown|Unexpected|[Oo]ption '|argument|zip|central directory|Corrupted|https?:\/\/|Error:|\bat (?:async )?\S+ \(/;

const plansIn = (data: string) => readdirSync(join(data, 'plans')).filter((n) => n.endsWith('.json')).sort();

describe('loa import: a plan that already exists', () => {
  it('the same file is refused (exit 1) and nothing is added; a changed text of the same plan replaces it', async () => {
    const { dir, data, env } = sandbox();
    const before = plansIn(data);
    const same = await runCli(['import', join(ROOT, 'data', 'plans', 'bac-giang-2023.txt')], { env });
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('Kế hoạch này đã có (mã bac-giang-2023): không có gì thay đổi');
    expect(plansIn(data)).toEqual(before);

    const changed = join(dir, 'bac-giang-sua.txt');
    writeFileSync(changed, readFileSync(join(ROOT, 'data', 'plans', 'bac-giang-2023.txt'), 'utf8').replace('trước ngày 28/10/2023', 'trước ngày 31/10/2023'));
    const replaced = await runCli(['import', changed], { env });
    expect(replaced.stderr).toBe('');
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/Thay thế kế hoạch đã có “[^\n]+” \(mã bac-giang-2023\)/);
    expect(plansIn(data)).toEqual(before);

    const plans = await runCli(['plans'], { env });
    expect(plans.stdout.trim().split('\n')).toHaveLength(5);
    expect(plans.stdout).toMatch(/^bac-giang-2023\t09\/2023\t/m);
    expect(plans.stdout).not.toMatch(/\t\d{4}-\d{2}/);
    const rows = JSON.parse((await runCli(['deadlines', '--json'], { env })).stdout) as Array<{ id: string; due: string; units: string[] }>;
    expect(rows.filter((r) => r.due === '2023-09-25' && r.units.includes('VP')).map((r) => r.id)).toEqual(['H8']);
  }, 60_000);
});

describe('loa import once the store has content (the data folder only seeds it)', () => {
  it('refuses a new text of a plan the store has; a new plan is saved and added at the next start', async () => {
    const { dir, data, env } = sandbox();
    // The first start seeds the store from the folder.
    expect((await runCli(['start'], { input: '', env })).code).toBe(0);
    const changed = join(dir, 'bac-giang-sua.txt');
    writeFileSync(changed, readFileSync(join(ROOT, 'data', 'plans', 'bac-giang-2023.txt'), 'utf8').replace('trước ngày 28/10/2023', 'trước ngày 31/10/2023'));
    const before = readFileSync(join(data, 'plans', 'bac-giang-2023.json'), 'utf8');
    const refused = await runCli(['import', changed], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Kế hoạch mã bac-giang-2023 đã có trong dữ liệu đang chạy của Loa: [^\n]*gửi tệp cho bot/);
    expect(readFileSync(join(data, 'plans', 'bac-giang-2023.json'), 'utf8')).toBe(before);

    writeFileSync(join(dir, 'moi.txt'), 'I. NỘI DUNG\n1. Văn phòng Sở báo cáo trước ngày 01/12/2027.\n');
    const saved = await runCli(['import', join(dir, 'moi.txt')], { env });
    expect(saved.code).toBe(0);
    expect(saved.stdout).toMatch(/Đã lưu: \S+ke-hoach\.json\. Khởi động lại bot để nạp kế hoạch mới\./);
    const next = await runCli(['start'], { input: '/kehoach\n', env });
    expect(next.stdout).toMatch(/Các kế hoạch \(6\)/);
  }, 90_000);
});

describe('loa import: no plan in the file; ids never collide', () => {
  it('an empty file and a text with no plan are refused; nothing is saved', async () => {
    const { dir, data, env } = sandbox();
    const before = plansIn(data);
    writeFileSync(join(dir, 'trong.txt'), '');
    const empty = await runCli(['import', join(dir, 'trong.txt')], { env });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^Lỗi: Tệp trống/);
    writeFileSync(join(dir, 'thu.txt'), 'Hẹn gặp lại nhé!\n');
    const none = await runCli(['import', join(dir, 'thu.txt')], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Tệp không có kế hoạch: không thấy tiêu đề "KẾ HOẠCH", mục hay thời hạn nào');
    expect(plansIn(data)).toEqual(before);
  }, 60_000);

  it('two untitled documents are saved under two ids, the second named in the summary', async () => {
    const { dir, data, env } = sandbox();
    writeFileSync(join(dir, 'a.txt'), 'I. NỘI DUNG\n1. Văn phòng Sở báo cáo trước ngày 01/12/2027.\n');
    writeFileSync(join(dir, 'b.txt'), 'Thanh tra Sở hoàn thành kiểm tra trước ngày 15/12/2027.\n');
    expect((await runCli(['import', join(dir, 'a.txt')], { env })).code).toBe(0);
    const b = await runCli(['import', join(dir, 'b.txt')], { env });
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('Mã kế hoạch: ke-hoach-2');
    expect(readFileSync(join(data, 'plans', 'ke-hoach.txt'), 'utf8')).toContain('Văn phòng Sở báo cáo');
    expect(plansIn(data)).toEqual(expect.arrayContaining(['ke-hoach.json', 'ke-hoach-2.json']));
  }, 60_000);
});

describe('loa: errors a user can meet are Vietnamese and say what to do', () => {
  it('file errors: missing, a folder, not a .docx, an old .doc, a broken PDF, too large', async () => {
    const { dir, env } = sandbox();
    writeFileSync(join(dir, 'hong.docx'), 'không phải tệp zip');
    writeFileSync(join(dir, 'cu.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    writeFileSync(join(dir, 'scan.pdf'), '%PDF-1.4');
    writeFileSync(join(dir, 'lon.txt'), Buffer.alloc(6 * 1024 * 1024, 0x61));
    mkdirSync(join(dir, 'thu-muc'));
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'khong-co.txt'), /Không tìm thấy tệp \S+khong-co\.txt: kiểm tra lại đường dẫn/],
      [join(dir, 'thu-muc'), /thu-muc là một thư mục, không phải tệp: /],
      [join(dir, 'hong.docx'), /Tệp \S+hong\.docx không phải tệp Word \.docx hợp lệ \(có thể là tệp \.doc cũ hoặc tệp hỏng\): mở bằng Word và lưu lại dưới dạng \.docx/],
      [join(dir, 'cu.doc'), /là tệp Word cũ \(\.doc\)[^\n]*: mở bằng Word và lưu lại dưới dạng \.docx/],
      [join(dir, 'scan.pdf'), /Tệp \S+scan\.pdf không phải tệp PDF hợp lệ \(có thể tệp bị hỏng hoặc tải về chưa hết\)/],
      [join(dir, 'lon.txt'), /quá lớn \(6 MB, tối đa 5 MB\)/],
    ];
    for (const [file, message] of cases) {
      const r = await runCli(['import', file], { env });
      expect(r.code, file).toBe(1);
      expect(r.stderr, file).toMatch(message);
      expect(r.stderr, file).not.toMatch(FOREIGN);
    }
  }, 90_000);

  it('argument errors: an unknown option, a missing value, an extra argument, an unknown command', async () => {
    const { env } = sandbox();
    const cases: Array<[string[], RegExp]> = [
      [['import', 'a.txt', '--x'], /^Lỗi: Tùy chọn không hợp lệ: --x\n[^]*Cách dùng:/],
      [['deadlines', '--x'], /^Lỗi: Tùy chọn không hợp lệ: --x\n[^]*Cách dùng:/],
      [['import', 'a.txt', '--id'], /^Lỗi: Tùy chọn --id cần một giá trị/],
      [['remind', '--at'], /^Lỗi: Tùy chọn --at cần một giá trị/],
      [['plans', '--json=yes'], /^Lỗi: Tùy chọn --json không nhận giá trị/],
      [['plans', 'thua'], /^Lỗi: Lệnh plans không nhận thêm tham số: thua/],
      [['import'], /^Lỗi: import: cần đúng một tệp/],
      [['import', 'a.txt', '--id', 'Mã Lạ'], /^Lỗi: --id "Mã Lạ" không hợp lệ: /],
      [['lam-gi', '--x'], /^Lệnh không hợp lệ: lam-gi/],
      [['remind', '--at', 'mai'], /^Lỗi: remind: cần --at/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args, { env });
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr, args.join(' ')).not.toMatch(FOREIGN);
    }
  }, 90_000);

  it('a broken plan file is reported in Vietnamese', async () => {
    const { data, env } = sandbox();
    const file = join(data, 'plans', 'tay-ninh-2023.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.title = 42;
    writeFileSync(file, JSON.stringify(json));
    const r = await runCli(['plans'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tay-ninh-2023\.json: title: /);
    expect(r.stderr).not.toMatch(/Invalid input|expected/);
  }, 60_000);
});
