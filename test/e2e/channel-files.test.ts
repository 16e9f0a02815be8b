/**
 * Files sent in chats, in the real built process: an admin's plan sent with a caption still
 * imports; a file over Telegram's 20 MB (declared, or said so by getFile) and a Zalo file whose
 * URL is gone are refused in Vietnamese, with no download and no token in the log; the console's
 * `/tep` works piped and tells a bad path without stopping.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { FakeBotApi } from './fake-bot-api.js';
import { FakeZalo, signedPost, ZALO_E2E_NOW } from './fake-zalo.js';
import { httpPortOf, runCli, startCli, type Running } from './run.js';

const ADMIN = { id: 1001, first_name: 'Chánh' };
const MB = 1024 * 1024;

let api: FakeBotApi | undefined;
let zalo: FakeZalo | undefined;
let bot: Running | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await api?.stop();
  await zalo?.stop();
  bot = api = zalo = undefined;
});

function dataCopy(): string {
  const data = join(tempDir(), 'data');
  cpSync(join(ROOT, 'data'), data, { recursive: true });
  return data;
}

describe('telegram files (built process)', () => {
  it('a plan with a caption imports; too large by its declared size, by getFile’s size or by getFile’s refusal is refused before any download; the token stays out of the log', async () => {
    const a = await new FakeBotApi('123456:FILE-TOKEN-xyz').start();
    api = a;
    bot = startCli(['start'], {
      TELEGRAM_BOT_TOKEN: a.token,
      TELEGRAM_API_ROOT: a.apiRoot,
      DB_FILE: join(tempDir(), 'db.json'),
      DATA_DIR: dataCopy(),
      BOT_NOW: '2023-09-20T09:00:00+07:00',
      ADMIN_IDS: `telegram:${ADMIN.id}`,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
    });
    await a.waitFor(() => a.calls.some((c) => c.method === 'getUpdates'));
    const texts = () => a.sent(ADMIN.id).map((c) => String(c.params.text));
    a.document(ADMIN.id, 'ke-hoach.md', readFileSync(join(ROOT, 'test', 'fixtures', 'import', 'markdown.md')), ADMIN, { caption: 'kế hoạch mới' });
    await a.waitFor(() => texts().some((t) => /📄 KẾ HOẠCH Tổ chức “Tháng Dân vận” năm 2027/.test(t)));
    // Over the importer's own 5 MB by its declared size: refused before getFile.
    a.document(ADMIN.id, 'lon.docx', Buffer.from('x'), ADMIN, { declaredSize: 25 * MB });
    await a.waitFor(() => texts().some((t) => /lon\.docx quá lớn \(25 MB, tối đa 5 MB\)/.test(t)));
    expect(a.calls.filter((c) => c.method === 'getFile')).toHaveLength(1);
    // Declared small, but over 5 MB: getFile tells its true size, and nothing is downloaded.
    a.document(ADMIN.id, 'doi.docx', Buffer.alloc(6 * MB), ADMIN, { declaredSize: 900 });
    await a.waitFor(() => texts().some((t) => /^Không nhập được tệp .*doi\.docx.*: Tệp lớn hơn 5 MB, Loa không nhận tệp lớn như vậy/.test(t)));
    a.document(ADMIN.id, 'an.docx', Buffer.from('x'), ADMIN, { declaredSize: 900, tooBig: true });
    await a.waitFor(() => texts().some((t) => /^Không nhập được tệp .*an\.docx.*: Tệp lớn hơn 20 MB/.test(t)));
    expect(a.calls.filter((c) => c.method === 'getFile')).toHaveLength(3);
    // Only the plan was downloaded, from the fake's own root.
    expect(a.downloads).toEqual([{ path: expect.stringMatching(/^documents\/f\d+-ke-hoach\.md$/), ok: true }]);
    expect(`${bot.stdout()}\n${bot.stderr()}`).not.toContain('FILE-TOKEN');
  });
});

describe('zalo files (built process)', () => {
  it('an admin’s file whose URL 404s is refused in Vietnamese; one served imports', async () => {
    const z = await new FakeZalo().start();
    zalo = z;
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
      DB_FILE: join(tempDir(), 'db.json'),
      DATA_DIR: dataCopy(),
      BOT_NOW: ZALO_E2E_NOW,
      ADMIN_IDS: 'zalo:admin-1',
    });
    const hook = `http://127.0.0.1:${await httpPortOf(bot)}/zalo/webhook`;
    const texts = () => z.sends('/v3.0/oa/message/cs').map((c) => String((c.body.message as { text?: string }).text ?? ''));
    expect(await signedPost(hook, z.fileEvent('user', 'admin-1', { name: 'mat.md', size: 1500 }), z.oaSecretKey)).toBe(200);
    await z.waitFor(() => texts().some((t) => /^Không nhập được tệp .*mat\.md.*: Zalo không còn giữ tệp này \(HTTP 404\): hãy gửi lại tệp\./.test(t)));
    const md = readFileSync(join(ROOT, 'test', 'fixtures', 'import', 'markdown.md'));
    expect(await signedPost(hook, z.fileEvent('user', 'admin-1', { name: 'ke-hoach.md', data: md }), z.oaSecretKey)).toBe(200);
    await z.waitFor(() => texts().some((t) => /📄 KẾ HOẠCH Tổ chức “Tháng Dân vận” năm 2027/.test(t)));
    expect(z.downloads.map((d) => d.ok)).toEqual([false, true]);
  });
});

describe('console /tep (built process, piped)', () => {
  it('the banner names /tep; a missing path and a bare /tep are told, and the session goes on', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bao cao.docx'), 'PK');
    const input = ['/tep', `/tep "${join(dir, 'khong co.docx')}" xong H8`, `/tep "${join(dir, 'bao cao.docx')}" xong H8`, `/tep ${dir}`, '/khauhieu', ''].join('\n');
    const r = await runCli(['start'], { input, env: { DB_FILE: join(dir, 'db.json'), BOT_NOW: '2023-09-20T09:00:00+07:00' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\/tep <đường dẫn tệp> \[chú thích\] để gửi tệp báo cáo/);
    expect(r.stdout).toContain('⚠️ Cách gửi tệp: /tep <đường dẫn tệp> [chú thích]');
    expect(r.stdout).toContain(`⚠️ Không tìm thấy tệp “${join(dir, 'khong co.docx')}”: kiểm tra lại đường dẫn`);
    expect(r.stdout).toContain(`⚠️ “${dir}” không phải là một tệp (có thể là thư mục)`);
    expect(r.stdout).not.toMatch(/Loa không có lệnh \/tep/);
    expect(r.stdout).toMatch(/Khẩu hiệu hôm nay/);
  });
});
