/** The console chat as a new user meets it: the real built process, piped input, a temp database. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { runCli } from './run.js';

const NOW = '2023-09-20T09:00:00+07:00';

function env(dbFile: string, extra: Record<string, string> = {}) {
  return { DB_FILE: dbFile, BOT_NOW: NOW, ...extra };
}

describe('console chat (built process)', () => {
  it('npm start --silent answers /khauhieu, /deadline tatca, /kehoach and exits 0', async () => {
    const db = join(tempDir(), 'db.json');
    const r = await runCli([], { viaNpm: true, input: '/khauhieu\n/deadline tatca\n/kehoach\n', env: { DB_FILE: db }, timeoutMs: 100_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/📢 Loa — trợ lý công tác dân vận/);
    // The real clock: a slogan (quoted, or with quotes of its own); the sample plans have all ended by now.
    expect(r.stdout).toMatch(/Khẩu hiệu hôm nay \([^)]+\):\n\n\S[^\n]{10,}\n/);
    expect(r.stdout).toMatch(/📅 \S+( \S+)?, \d{2}\/\d{2}\/\d{4} · |Không có hạn nào sắp tới của tất cả đơn vị/);
    expect(r.stdout).toMatch(/Các kế hoạch \(5\)/);
    for (const title of ['“Tháng Dân vận” năm 2023', 'Dân vận chính quyền năm 2023', 'Thực hiện công tác dân vận năm 2022', 'Năm Dân vận khéo', 'trong tình hình mới']) {
      expect(r.stdout).toContain(title);
    }
  });

  it('with BOT_NOW=2023-09-20T09:00:00+07:00 shows the Bắc Giang deadline of 25/09/2023 as "còn 5 ngày"', async () => {
    const r = await runCli(['start'], { input: '/deadline tatca\n', env: env(join(tempDir(), 'db.json')) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/H8 — Đăng ký hoạt động hưởng ứng[^\n]*\n\s+📅 Thứ Hai, 25\/09\/2023 · còn 5 ngày/);
  });

  it('keeps a confirmation across a restart; a second /xacnhan changes nothing', async () => {
    const db = join(tempDir(), 'db.json');
    const first = await runCli(['start'], { input: '/dangky TTKHCN\n/xacnhan H8\n/tiendo H8\n', env: env(db) });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Đã đăng ký: nhóm chat này thuộc đơn vị Trung tâm Khoa học và Công nghệ \(TTKHCN\)/);
    expect(first.stdout).toMatch(/✅ Đã ghi nhận: Trung tâm Khoa học và Công nghệ đã NHẬN hạn H8 \(25\/09\/2023\)/);
    expect(first.stdout).toMatch(/Đã nhận\s+▓░░░░░░░░░ 1\/10/);
    expect(first.stdout).toMatch(/✅ TTKHCN — Trung tâm Khoa học và Công nghệ: đã nhận 20\/09\/2023 09:00 \(Quản trị viên \(console\)\)/);

    const second = await runCli(['start'], { input: '/tiendo H8\n/dangky TTKHCN\n/xacnhan H8\n/tiendo H8\n', env: env(db, { BOT_NOW: '2023-09-21T10:00:00+07:00' }) });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/✅ TTKHCN — Trung tâm Khoa học và Công nghệ: đã nhận 20\/09\/2023 09:00/);
    expect(second.stdout).toMatch(/đã nhận hạn H8 .* từ trước: Quản trị viên \(console\) lúc 20\/09\/2023 09:00\.\nKhông có gì thay đổi/);
    expect(second.stdout.match(/Đã nhận\s+▓░░░░░░░░░ 1\/10/g)).toHaveLength(2);
    const saved = JSON.parse(readFileSync(db, 'utf8'));
    expect(saved.confirmations).toHaveLength(1);
  });

  it('shows buttons as numbered choices and a plain reply confirms the last deadline message', async () => {
    const r = await runCli(['start'], { input: '/dangky CCTDC\n/deadline H12\n1\nxong\n', env: env(join(tempDir(), 'db.json')) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[1\] ✅ Đã nhận {3}\[2\] ✔️ Đã hoàn thành {3}\(gõ số để chọn\)/);
    expect(r.stdout).toMatch(/Bạn › 1\n🔊 Loa:\n✅ Đã ghi nhận: Chi cục Tiêu chuẩn Đo lường Chất lượng đã NHẬN hạn H12/);
    expect(r.stdout).toMatch(/Bạn › xong\n🔊 Loa:\n✔️ Đã ghi nhận: Chi cục Tiêu chuẩn Đo lường Chất lượng đã HOÀN THÀNH hạn H12/);
  });

  it('--as speaks for another unit as staff: registration waits for an admin', async () => {
    const r = await runCli(['start', '--as', 'CCTDC'], { input: '/deadline\n/dangky TTRA\n/duyet R1\n', env: env(join(tempDir(), 'db.json')) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/với tư cách cán bộ, nhóm chat của Chi cục Tiêu chuẩn Đo lường Chất lượng \(CCTDC\)/);
    expect(r.stdout).toMatch(/Các hạn sắp tới của Chi cục Tiêu chuẩn Đo lường Chất lượng \(CCTDC\)/);
    expect(r.stdout).toMatch(/Đã gửi yêu cầu R1/);
    expect(r.stdout).toMatch(/Lệnh \/duyet chỉ dành cho quản trị viên/);
    const bad = await runCli(['start', '--as', 'XYZ'], { env: env(join(tempDir(), 'db.json')) });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--as "XYZ": không có đơn vị này/);
  });

  it('stops on a corrupt database, naming the file and the last backup, and leaves it untouched', async () => {
    const db = join(tempDir(), 'db.json');
    expect((await runCli(['start'], { input: '/dangky VP\n', env: env(db) })).code).toBe(0);
    expect((await runCli(['start'], { input: '', env: env(db) })).code).toBe(0); // takes a backup
    writeFileSync(db, '{"schemaVersion":1,"bindings":');
    const r = await runCli(['start'], { input: '/khauhieu\n', env: env(db) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(db);
    expect(r.stderr).toMatch(/Bản sao lưu gần nhất: .*backups\/db-20230920-020000Z(-\d+)?\.json/);
    expect(r.stdout).toBe('');
    expect(readFileSync(db, 'utf8')).toBe('{"schemaVersion":1,"bindings":');
    writeFileSync(db, '');
    expect((await runCli(['start'], { env: env(db) })).stderr).toMatch(/tệp rỗng/);
  });

  it('refuses a bad BOT_NOW and a bad ADMIN_IDS naming the variable', async () => {
    const db = join(tempDir(), 'db.json');
    const r = await runCli(['start'], { env: { DB_FILE: db, BOT_NOW: '20/09/2023' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/BOT_NOW="20\/09\/2023" không hợp lệ/);
    const a = await runCli(['start'], { env: { DB_FILE: db, ADMIN_IDS: 'telegram 123' } });
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/ADMIN_IDS/);
  });
});

describe('cli data commands', () => {
  it('deadlines --json lists every occurrence with id, due date, units and plan, the same under any TZ', async () => {
    const outputs = await Promise.all(
      ['UTC', 'America/New_York', 'Asia/Ho_Chi_Minh', 'Pacific/Kiritimati'].map((TZ) =>
        runCli(['deadlines', '--json'], { env: { TZ, BOT_NOW: '2026-11-21T23:30:00+07:00' } }),
      ),
    );
    for (const o of outputs) {
      expect(o.code).toBe(0);
      expect(o.stdout).toBe(outputs[0]!.stdout);
    }
    const rows = JSON.parse(outputs[0]!.stdout) as Array<{ id: string; due: string; units: string[]; plan: string }>;
    expect(rows).toContainEqual(expect.objectContaining({ id: 'H8', due: '2023-09-25', plan: 'bac-giang-2023' }));
    // Recurring deadlines stop with their plan's period (Quảng Ngãi: 2022–2025; Đắk Nông: 2022).
    expect(rows.filter((r) => r.id === 'H5').map((r) => r.due)).toEqual(['2022-11-05', '2023-11-05', '2024-11-05', '2025-11-05']);
    expect(rows.filter((r) => r.id === 'H1').map((r) => r.due)).toEqual(['2022-06-30', '2022-12-31']);
    for (const id of ['H6', 'H7', 'H9', 'H10', 'H11', 'H12', 'H13']) expect(rows.filter((r) => r.id === id)).toHaveLength(1);
    // The Bình Phước plan (a Sở VHTTDL's) is kept for reference: its deadlines are not tracked.
    expect(rows.filter((r) => r.id === 'H3' || r.id === 'H4')).toEqual([]);
  });

  it('remind --dry-run lists the reminders due at an instant as JSON lines and changes nothing', async () => {
    const dir = tempDir();
    const db = join(dir, 'db.json');
    const r = await runCli(['remind', '--at', '2023-09-22T08:00:00+07:00', '--dry-run'], { env: { DB_FILE: db } });
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const h8 = rows.filter((x) => x.deadline === 'H8');
    expect(h8.map((x) => x.unit).sort()).toEqual(['CCTDC', 'CDCS', 'CDTN', 'KHTC', 'QLCN', 'QLKH', 'TTKHCN', 'TTRA', 'TTTT', 'VP']);
    for (const x of h8) expect(x).toMatchObject({ due: '2023-09-25', daysLeft: 3, chat: null, step: 'd-3' });
    expect(existsSync(db)).toBe(false);
    // --send queues them; a second --send queues nothing new.
    const sent = await runCli(['remind', '--at', '2023-09-22T08:00:00+07:00', '--send'], { env: { DB_FILE: db } });
    expect(sent.code).toBe(0);
    const saved = JSON.parse(readFileSync(db, 'utf8'));
    expect(saved.reminders['H8@2023-09-25#VP#d-3']).toMatchObject({ status: 'no-chat' });
    const again = await runCli(['remind', '--at', '2023-09-22T08:00:00+07:00', '--dry-run'], { env: { DB_FILE: db } });
    expect(again.stdout.trim()).toBe('');
    const bad = await runCli(['remind', '--at', 'tomorrow', '--dry-run'], { env: { DB_FILE: db } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--at/);
  });

  it('plans --json prints the five plans; unknown commands fail with help', async () => {
    const r = await runCli(['plans', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(5);
    const bad = await runCli(['nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Lệnh không hợp lệ: nope/);
  });
});
