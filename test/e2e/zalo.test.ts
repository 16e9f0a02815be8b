/**
 * The Zalo channels end to end: the real built process against a local fake Zalo (OA API,
 * OAuth, Bot Platform) on 127.0.0.1, webhooks posted and signed like Zalo.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { FakeZalo, oaEvent, signedPost, signature, ZALO_E2E_NOW } from './fake-zalo.js';
import { httpPortOf, startCli, type Running } from './run.js';

const ADMIN = 'admin-1';
const STAFF = 'staff-2';
const GROUP = 'grp-77';

let zalo: FakeZalo | undefined;
let bot: Running | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await zalo?.stop();
  bot = undefined;
  zalo = undefined;
});

/** The OA variables pointing at the fake. */
function oaEnv(z: FakeZalo): Record<string, string> {
  return {
    ZALO_OA_ACCESS_TOKEN: 'A1-access-token',
    ZALO_OA_REFRESH_TOKEN: 'R1-refresh-token',
    ZALO_APP_ID: z.appId,
    ZALO_APP_SECRET: z.appSecret,
    ZALO_OA_SECRET_KEY: z.oaSecretKey,
    ZALO_OA_API_BASE: z.base,
    ZALO_OAUTH_BASE: z.base,
  };
}

async function launch(db = join(tempDir(), 'db.json'), extra: Record<string, string> = {}, existing?: FakeZalo): Promise<{ hook: string; db: string; z: FakeZalo }> {
  const z = existing ?? (await new FakeZalo().start());
  zalo = z;
  bot = startCli(['start'], {
    ...oaEnv(z),
    ZALO_BOT_TOKEN: z.botToken,
    ZALO_BOT_API_BASE: z.base,
    ZALO_CHAT_INTERVAL_MS: '0',
    ZALO_BOT_CHAT_INTERVAL_MS: '0',
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    DB_FILE: db,
    BOT_NOW: '2023-09-20T09:00:00+07:00',
    ADMIN_IDS: `zalo:${ADMIN}`,
    ...extra,
  });
  const base = `http://127.0.0.1:${await httpPortOf(bot)}`;
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  return { hook: `${base}/zalo/webhook`, db, z };
}

/**
 * Posts a signed OA event and waits for `n` new sends to that user or group: `n` must be the
 * number of messages the answer has (a long answer is split at 2000 characters).
 */
/**
 * Posts a signed event and waits for Loa's answer: `until` is the number of sends it makes (a
 * template counts as one), or a pattern that the answer's text, all parts joined, must match (so
 * a long answer split in parts is waited for whole, whatever the number of parts).
 */
async function oa(hook: string, z: FakeZalo, kind: 'user' | 'group', user: string, text: string, until: number | RegExp = 1): Promise<string[]> {
  const path = kind === 'user' ? '/v3.0/oa/message/cs' : '/v3.0/oa/group/message';
  const to = (c: { body: Record<string, unknown> }) => {
    const r = c.body.recipient as { user_id?: string; group_id?: string };
    return kind === 'user' ? r.user_id === user : r.group_id === GROUP;
  };
  const textOf = (c: { body: Record<string, unknown> }) => String((c.body.message as { text?: string }).text ?? '[template]');
  const before = z.sends(path).filter(to).length;
  const news = () => z.sends(path).filter(to).slice(before).map(textOf);
  expect(await signedPost(hook, oaEvent(kind, user, text, { groupId: GROUP }), z.oaSecretKey)).toBe(200);
  await z.waitFor(() => (typeof until === 'number' ? news().length >= until : until.test(news().join('\n'))));
  return news();
}

describe('zalo OA (built process, fake Zalo)', () => {
  it('answers a signed /khauhieu promptly; refuses unsigned, wrongly signed, tampered, oversized and non-JSON posts', async () => {
    const { hook, z } = await launch();
    const t0 = Date.now();
    const [reply] = await oa(hook, z, 'user', STAFF, '/khauhieu');
    // Tens of milliseconds when idle; generous so a busy machine cannot fail it (see telegram-peer).
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(reply).toMatch(/Khẩu hiệu hôm nay/);
    const count = () => z.calls.filter((c) => c.path.startsWith('/v3.0')).length;
    const before = count();
    const body = oaEvent('user', STAFF, '/khauhieu 2');
    expect(await signedPost(hook, body, z.oaSecretKey, { signature: null })).toBe(401);
    expect(await signedPost(hook, body, z.oaSecretKey, { signature: 'mac=' + '0'.repeat(64) })).toBe(401);
    expect(await signedPost(hook, body, 'another-secret')).toBe(401);
    const tampered = { ...body, message: { text: '/khauhieu 3', msg_id: 'x1' } };
    expect(await signedPost(hook, tampered, z.oaSecretKey, { signature: signature(JSON.stringify(body), body, z.oaSecretKey) })).toBe(401);
    expect(await signedPost(hook, { ...body, app_id: 'other-app' }, z.oaSecretKey)).toBe(401);
    expect(await signedPost(hook, body, z.oaSecretKey, { raw: 'not json', signature: 'mac=' + '0'.repeat(64) })).toBe(400);
    const huge = oaEvent('user', STAFF, 'x'.repeat(100_000));
    expect(await signedPost(hook, huge, z.oaSecretKey)).toBe(413);
    // A replayed msg_id is answered once.
    const once = oaEvent('user', STAFF, '/khauhieu 4', { msgId: 'same-1' });
    expect(await signedPost(hook, once, z.oaSecretKey)).toBe(200);
    expect(await signedPost(hook, once, z.oaSecretKey)).toBe(200);
    await z.waitFor(() => z.sends('/v3.0/oa/message/cs').some((c) => /Khẩu hiệu số 4/.test(String((c.body.message as { text?: string }).text))));
    await oa(hook, z, 'user', STAFF, '/khauhieu 5');
    const texts = z.sends('/v3.0/oa/message/cs').map((c) => String((c.body.message as { text?: string }).text));
    expect(texts.filter((t) => /Khẩu hiệu số 4/.test(t))).toHaveLength(1);
    expect(texts.some((t) => /Khẩu hiệu số [23]/.test(t))).toBe(false);
    expect(count(), JSON.stringify(z.calls.map((c) => [c.path, (c.body.message as { text?: string } | undefined)?.text?.slice(0, 30)]))).toBe(before + 2);
    expect(bot!.stderr()).not.toContain(z.oaSecretKey);
  });

  it('answers every command for a user and a group; groups through /v3.0/oa/group/message, split at 2000', async () => {
    const { hook, z } = await launch();
    for (const [kind, user] of [['user', ADMIN], ['group', ADMIN]] as const) {
      // Each answer is waited for by its last line, so answers split in parts are whole.
      expect((await oa(hook, z, kind, user, '/start', /Tất cả các lệnh: \/help/)).join()).toMatch(/Xin chào/);
      expect((await oa(hook, z, kind, user, '/help', /Lệnh gõ có dấu hay không dấu/)).join()).toMatch(/\/xacnhan/);
      expect((await oa(hook, z, kind, user, '/kehoach', /Xem một kế hoạch/)).join()).toMatch(/Các kế hoạch \(5\)/);
      expect((await oa(hook, z, kind, user, '/donvi', /Đăng ký nhóm chat cho đơn vị/)).join()).toMatch(/VP — Văn phòng Sở/);
      expect((await oa(hook, z, kind, user, `/dangky ${kind === 'user' ? 'TTKHCN' : 'CCTDC'}`, /Đã đăng ký/)).join()).toMatch(/Đã đăng ký/);
      expect((await oa(hook, z, kind, user, '/xacnhan H8', /Khi xong, gõ \/xacnhan H8 xong/)).join()).toMatch(/đã NHẬN hạn H8/);
      expect((await oa(hook, z, kind, user, '/tiendo H8', /CDTN — Chi đoàn Thanh niên Sở/)).join()).toMatch(/Đã nhận\s+▓/);
      expect((await oa(hook, z, kind, user, '/duyet', /Không có yêu cầu/)).join()).toMatch(/Không có yêu cầu/);
    }
    const parts = await oa(hook, z, 'group', ADMIN, '/deadline tatca', /Chi tiết, xác nhận: \/deadline MÃ_HẠN/);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('\n')).toMatch(/📅 Thứ Hai, 25\/09\/2023 · còn 5 ngày/);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
  });

  it('confirms with the list-template button payload', async () => {
    const { hook, z } = await launch();
    await oa(hook, z, 'user', ADMIN, '/dangky CCTDC');
    const sent = await oa(hook, z, 'user', ADMIN, '/deadline H12', 2);
    expect(sent[1]).toBe('[template]');
    const template = z.sends('/v3.0/oa/message/cs').at(-1)!.body.message as { attachment: { payload: { buttons: Array<{ type: string; payload: string }> } } };
    const buttons = template.attachment.payload.buttons;
    expect(buttons.map((b) => b.type)).toEqual(['oa.query.hide', 'oa.query.hide']);
    const [confirmed] = await oa(hook, z, 'user', ADMIN, buttons[1]!.payload);
    expect(confirmed).toMatch(/Chi cục Tiêu chuẩn Đo lường Chất lượng đã HOÀN THÀNH hạn H12/);
    expect((await oa(hook, z, 'user', ADMIN, '/tiendo H12')).join()).toMatch(/✔️ CCTDC/);
  });

  it('refreshes the token once on -216, persists the new pair before use, and keeps it across a restart', async () => {
    const { hook, z, db } = await launch();
    await oa(hook, z, 'user', STAFF, '/khauhieu 1');
    z.expireAccess();
    const [after] = await oa(hook, z, 'user', STAFF, '/khauhieu 2');
    expect(after).toMatch(/Khẩu hiệu số 2/);
    const refreshes = z.calls.filter((c) => c.path === '/v4/oa/access_token');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.body).toMatchObject({ refresh_token: 'R1-refresh-token', app_id: z.appId, grant_type: 'refresh_token' });
    expect(refreshes[0]!.headers.secret_key).toBe(z.appSecret);
    expect(z.sends('/v3.0/oa/message/cs').at(-1)!.headers.access_token).toBe('A2');
    expect(await bot!.stop()).toBe(0);
    expect(JSON.parse(readFileSync(db, 'utf8')).zaloTokens).toMatchObject({ access: 'A2', refresh: 'R2' });
    // Restart: the env still says A1/R1, but the stored pair wins; the next refresh uses R2 once.
    const again = await launch(db, {}, z);
    await oa(again.hook, z, 'user', STAFF, '/khauhieu 3');
    expect(z.sends('/v3.0/oa/message/cs').at(-1)!.headers.access_token).toBe('A2');
    z.expireAccess();
    await oa(again.hook, z, 'user', STAFF, '/khauhieu 4');
    const all = z.calls.filter((c) => c.path === '/v4/oa/access_token');
    expect(all.map((c) => c.body.refresh_token)).toEqual(['R1-refresh-token', 'R2']);
  });

  it('parks a message after repeated 5xx, tells the admins, and sends it after a restart', async () => {
    const { hook, z, db } = await launch(undefined, { ZALO_MAX_ATTEMPTS: '2' });
    z.fail('/v3.0/oa/message/cs', { status: 502 }, 2);
    expect(await signedPost(hook, oaEvent('user', STAFF, '/khauhieu 8'), z.oaSecretKey)).toBe(200);
    const told = await z.waitFor(() => z.sends('/v3.0/oa/message/cs').find((c) => /Loa tạm giữ tin Zalo P1/.test(String((c.body.message as { text: string }).text))));
    expect((told.body.recipient as { user_id: string }).user_id).toBe(ADMIN);
    expect(await bot!.stop()).toBe(0);
    expect(JSON.parse(readFileSync(db, 'utf8')).parked).toHaveLength(1);
    await launch(db, {}, z);
    await z.waitFor(() => z.sends('/v3.0/oa/message/cs').find((c) => (c.body.recipient as { user_id: string }).user_id === STAFF && /Khẩu hiệu số 8/.test(String((c.body.message as { text: string }).text))));
    expect(await bot!.stop()).toBe(0);
    expect(JSON.parse(readFileSync(db, 'utf8')).parked).toEqual([]);
  });

  it('on -230 sends to the unit group instead, or tells the admins', async () => {
    const { hook, z } = await launch();
    await oa(hook, z, 'group', ADMIN, '/dangky TTKHCN');
    await oa(hook, z, 'user', ADMIN, '/dangky TTKHCN'); // the admin's own chat, same unit
    z.fail('/v3.0/oa/message/cs', { error: -230, message: 'User has not interacted with the OA in the last 7 days' });
    expect(await signedPost(hook, oaEvent('user', ADMIN, '/khauhieu 6'), z.oaSecretKey)).toBe(200);
    const inGroup = await z.waitFor(() => z.sends('/v3.0/oa/group/message').find((c) => /Khẩu hiệu số 6/.test(String((c.body.message as { text: string }).text))));
    expect(String((inGroup.body.message as { text: string }).text)).toMatch(/^\(Tin gửi nhóm vì không nhắn riêng được\)/);
    // A user with no unit group: the admins are told.
    z.fail('/v3.0/oa/message/cs', { error: -230 });
    expect(await signedPost(hook, oaEvent('user', 'lonely-9', '/khauhieu 7'), z.oaSecretKey)).toBe(200);
    const told = await z.waitFor(() =>
      z.sends('/v3.0/oa/message/cs').find((c) => /Không gửi được tin Zalo tới /.test(String((c.body.message as { text: string }).text))),
    );
    expect((told.body.recipient as { user_id: string }).user_id).toBe(ADMIN);
    // Named as people know the chat (OA events carry no display name: "Người dùng Zalo <id>"), never by an internal key.
    expect(String((told.body.message as { text: string }).text)).toMatch(/tới Người dùng Zalo lonely-9 \(nhắn riêng\)/);
    expect(String((told.body.message as { text: string }).text)).not.toMatch(/zalo:/);
  });
});

describe('zalo OA plan import', () => {
  it('an admin sends a plan file to the OA, gets the summary, and publishes it', async () => {
    const data = join(tempDir(), 'data');
    cpSync(join(ROOT, 'data'), data, { recursive: true });
    const { hook, z } = await launch(undefined, { DATA_DIR: data });
    z.files.set('ke-hoach.md', readFileSync(join(ROOT, 'test', 'fixtures', 'import', 'markdown.md')));
    const event = {
      app_id: z.appId,
      event_name: 'user_send_file',
      timestamp: String(Date.parse(ZALO_E2E_NOW)),
      sender: { id: ADMIN },
      recipient: { id: 'oa-1' },
      message: { msg_id: 'file-1', attachments: [{ type: 'file', payload: { url: `${z.base}/files/ke-hoach.md`, name: 'ke-hoach.md', size: 1500, type: 'md' } }] },
    };
    expect(await signedPost(hook, event, z.oaSecretKey)).toBe(200);
    const cs = () => z.sends('/v3.0/oa/message/cs');
    const summary = await z.waitFor(() => cs().find((c) => /📄 KẾ HOẠCH Tổ chức/.test(String((c.body.message as { text?: string }).text))));
    // Read in the background: "reading" came first, the summary as a message of its own.
    expect(String((cs()[0]!.body.message as { text?: string }).text)).toMatch(/^⏳ Đang đọc tệp “ke-hoach.md”/);
    expect(String((summary.body.message as { text: string }).text)).toMatch(/\/congbo I1/);
    // Its buttons follow as a list template: wait for it too, or it is taken for the answer to /congbo.
    await z.waitFor(() => cs().slice(cs().indexOf(summary) + 1).some((c) => (c.body.message as { attachment?: unknown }).attachment));
    expect((await oa(hook, z, 'user', ADMIN, '/congbo I1')).join()).toMatch(/Đã công bố kế hoạch/);
    expect((await oa(hook, z, 'user', ADMIN, '/kehoach')).join()).toMatch(/Các kế hoạch \(6\)/);
  });
});

describe('zalo start-up', () => {
  it('stops with a clear message when the OA tokens are refused', async () => {
    const z = await new FakeZalo().start();
    zalo = z;
    z.validRefresh = 'something-else';
    z.expireAccess();
    const run = startCli(['start'], {
      ...oaEnv(z),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      DB_FILE: join(tempDir(), 'db.json'),
    });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/Zalo OA từ chối token/);
    expect(run.stderr()).not.toContain(z.appSecret);
    const partial = startCli(['start'], { ZALO_OA_ACCESS_TOKEN: 'A1', DB_FILE: join(tempDir(), 'db.json') });
    expect(await partial.exited).toBe(1);
    expect(partial.stderr()).toMatch(/còn thiếu: ZALO_OA_REFRESH_TOKEN, ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_SECRET_KEY/);
    const badBot = startCli(['start'], { ZALO_BOT_TOKEN: 'wrong:token', ZALO_BOT_API_BASE: z.base, DB_FILE: join(tempDir(), 'db.json') });
    expect(await badBot.exited).toBe(1);
    expect(badBot.stderr()).toMatch(/ZALO_BOT_TOKEN bị Zalo từ chối/);
  });
});

describe('zalo Bot Platform (built process, fake Zalo)', () => {
  it('answers /khauhieu in a direct chat through sendMessage; 408 polls are normal; confirmations by text', async () => {
    const { z } = await launch(undefined, { ADMIN_IDS: 'zalobot:u-bot' });
    await z.waitFor(() => z.calls.filter((c) => c.path.endsWith('/getUpdates')).length >= 2);
    const reply = async (text: string) => {
      const before = z.sends(`/bot${z.botToken}/sendMessage`).length;
      z.botMessage('chat-1', text);
      return (await z.waitFor(() => z.sends(`/bot${z.botToken}/sendMessage`).slice(before)[0])).body;
    };
    const first = await reply('/khauhieu');
    expect(first).toMatchObject({ chat_id: 'chat-1' });
    expect(String(first.text)).toMatch(/Khẩu hiệu hôm nay/);
    expect(String((await reply('/dangky TTKHCN')).text)).toMatch(/Đã đăng ký/);
    const detail = String((await reply('/deadline H8')).text);
    expect(detail).toMatch(/✅ Đã nhận: gõ \/xacnhan H8 nhan/);
    expect(String((await reply('đã nhận H8')).text)).toMatch(/đã NHẬN hạn H8/);
    expect(String((await reply('/tiendo H8')).text)).toMatch(/✅ TTKHCN/);
    expect(bot!.stderr()).not.toMatch(/ERROR/);
  });
});
