/** Zalo pieces in isolation: the webhook signature, event mapping, the token manager. */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ZaloError, ZaloOaClient } from '../src/channels/zalo/client.js';
import { buttonTemplate, groupIdOf, mapBotUpdate, mapOaEvent, verifySignature, withTypedButtons } from '../src/channels/zalo/map.js';
import { OaTokens } from '../src/channels/zalo/tokens.js';
import { fixedClock } from '../src/core/clock.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { Store } from '../src/store/lowdb/store.js';
import { DATA_DIR, silentLogger, tempDir } from './helpers.js';

const body = { app_id: 'app-1', event_name: 'user_send_text', timestamp: '1700000000000', sender: { id: 'u1' }, recipient: { id: 'oa' }, message: { text: '/khauhieu', msg_id: 'm1' } };
const raw = Buffer.from(JSON.stringify(body));
const mac = 'mac=' + createHash('sha256').update('app-1' + raw.toString() + '1700000000000' + 'secret').digest('hex');

describe('zalo webhook signature', () => {
  it('accepts sha256(app_id + raw body + timestamp + OA secret key), and nothing else', () => {
    expect(verifySignature(mac, raw, body, 'app-1', 'secret')).toBe(true);
    expect(verifySignature(mac.toUpperCase().replace('MAC=', 'mac='), raw, body, 'app-1', 'secret')).toBe(true);
    expect(verifySignature(undefined, raw, body, 'app-1', 'secret')).toBe(false);
    expect(verifySignature(mac.slice(4), raw, body, 'app-1', 'secret')).toBe(false);
    expect(verifySignature(mac, raw, body, 'app-1', 'other')).toBe(false);
    expect(verifySignature(mac, Buffer.from(raw.toString().replace('khauhieu', 'kehoach')), body, 'app-1', 'secret')).toBe(false);
    expect(verifySignature(mac, raw, { ...body, app_id: 'app-2' }, 'app-2', 'secret')).toBe(false);
    expect(verifySignature(mac, raw, body, 'app-2', 'secret')).toBe(false);
    expect(verifySignature('mac=abc', raw, body, 'app-1', 'secret')).toBe(false);
  });
});

describe('zalo mapping', () => {
  it('maps user and group texts, follow/unfollow, and ignores the rest', () => {
    expect(mapOaEvent(body).incoming).toMatchObject({ chat: { channel: 'zalo', chatId: 'u1' }, chatType: 'private', text: '/khauhieu' });
    const group = { ...body, event_name: 'user_send_group_text', recipient: { id: 'g9' } };
    expect(groupIdOf(group)).toBe('g9');
    expect(mapOaEvent(group).incoming).toMatchObject({ chat: { channel: 'zalo', chatId: 'g:g9' }, chatType: 'group' });
    expect(mapOaEvent({ event_name: 'unfollow', follower: { id: 'u3' } }).follow).toEqual({ userId: 'u3', on: false });
    for (const odd of [{}, { event_name: 'user_send_image' }, { event_name: 'user_send_text', message: {} }, { event_name: 'user_send_group_text', sender: { id: 'u' }, message: { text: 'x' } }]) {
      expect(mapOaEvent(odd as Record<string, unknown>).incoming).toBeUndefined();
    }
    const upd = { event_name: 'message.text.received', message: { message_id: 'x', chat: { id: 'c1', chat_type: 'PRIVATE' }, from: { id: 'u', display_name: 'Hoa' }, text: 'hi' } };
    expect(mapBotUpdate(upd).incoming).toMatchObject({ chat: { channel: 'zalobot', chatId: 'c1' }, user: { name: 'Hoa' } });
    expect(mapBotUpdate({ event_name: 'message.sticker.received' }).incoming).toBeUndefined();
    expect(mapBotUpdate(null).incoming).toBeUndefined();
  });
  it('writes buttons out as commands where there are none, and as oa.query.hide buttons in a template', () => {
    const out = { text: 'Hạn H8', buttons: [{ label: '✅ Đã nhận', data: '/xacnhan H8 nhan 2023-09-25' }] };
    expect(withTypedButtons(out)).toBe('Hạn H8\n\n✅ Đã nhận: gõ /xacnhan H8 nhan');
    expect(buttonTemplate('Hạn H8', out)).toMatchObject({ payload: { template_type: 'list', buttons: [{ type: 'oa.query.hide', payload: '/xacnhan H8 nhan 2023-09-25' }] } });
  });
});

describe('zalo OA tokens', () => {
  it('never runs two refreshes at once and writes the new pair before returning it', async () => {
    const file = join(tempDir(), 'db.json');
    const store = await openLowdbStores({ file, clock: fixedClock(new Date('2023-09-20T02:00:00Z')), dataDir: DATA_DIR });
    let calls = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const client = {
      refresh: async (_app: string, _secret: string, refresh: string) => {
        calls++;
        await gate;
        return { access: `new-for-${refresh}`, refresh: `next-${refresh}`, expiresInSec: 90_000 };
      },
    } as unknown as ZaloOaClient;
    const config = { accessToken: 'A1', refreshToken: 'R1', appId: 'a', appSecret: 's', oaSecretKey: 'k' } as never;
    const tokens = new OaTokens(store.tokens, client, config, silentLogger);
    await tokens.init();
    const both = Promise.all([tokens.expired('A1'), tokens.expired('A1'), tokens.refresh()]);
    release();
    expect(await both).toEqual(['new-for-R1', 'new-for-R1', 'new-for-R1']);
    expect(calls).toBe(1);
    const reopened = await Store.open({ file, clock: fixedClock(new Date()) });
    expect(reopened.tokens.zaloTokens()).toMatchObject({ access: 'new-for-R1', refresh: 'next-R1' });
    // A -216 for a token that was already replaced does not refresh again.
    expect(await tokens.expired('A1')).toBe('new-for-R1');
    expect(calls).toBe(1);
  });

  it('treats error != 0 with HTTP 200 as a failure', async () => {
    const fetchFn = (async () => new Response(JSON.stringify({ error: -230, message: 'out of window' }), { status: 200 })) as typeof fetch;
    const client = new ZaloOaClient('http://127.0.0.1:1', 'http://127.0.0.1:1', fetchFn);
    await expect(client.sendToUser('t', 'u', { text: 'x' })).rejects.toMatchObject({ code: -230, transient: false });
    const down = new ZaloOaClient('http://127.0.0.1:1', 'http://127.0.0.1:1', (async () => new Response('oops', { status: 502 })) as typeof fetch);
    await expect(down.sendToUser('t', 'u', { text: 'x' })).rejects.toBeInstanceOf(ZaloError);
  });
});

describe('zalo notices name chats as staff see them', () => {
  it('names a parked message’s chat by its person or its unit, never by its Zalo id', async () => {
    const { FakeZalo, oaEvent, signature, ZALO_E2E_NOW } = await import('./e2e/fake-zalo.js');
    const { createZaloOaAdapter } = await import('../src/channels/zalo/oa-adapter.js');
    const z = await new FakeZalo().start();
    try {
      const { createDelivery } = await import('../src/delivery/delivery.js');
      const stores = await openLowdbStores({ file: join(tempDir(), 'db.json'), clock: fixedClock(new Date()), dataDir: DATA_DIR });
      await stores.bindings.bind({ channel: 'zalo', chatId: 'g:G7' }, 'VP', { id: '1', name: 'Chánh' });
      const told: string[] = [];
      const limits = { perChatIntervalMs: 0, perGroupPerMinute: 1000, globalPerSecond: 1000, maxRetryAfterSec: 60, maxAttempts: 1 };
      const config = { accessToken: 'A1-access-token', refreshToken: 'R1-refresh-token', appId: z.appId, appSecret: z.appSecret, oaSecretKey: z.oaSecretKey, apiBase: z.base, oauthBase: z.base, limits, maxEventAgeSec: 900 };
      const adapter = createZaloOaAdapter({ config, stores, logger: silentLogger, sleep: async () => undefined, now: () => Date.parse(ZALO_E2E_NOW) });
      // The channel only says it could not send for now; the delivery service parks and tells the admins.
      const delivery = createDelivery({ channels: () => [adapter], stores, notify: async (t) => void told.push(t), logger: silentLogger });
      const seen: string[] = [];
      await adapter.start(async (incoming) => void seen.push(incoming.user.name));
      // A user who wrote to the OA: known by name.
      const event = { ...oaEvent('user', 'u-77', 'chào'), sender: { id: 'u-77', display_name: 'Lan' } };
      const raw = JSON.stringify(event);
      const req = Object.assign(new PassThrough(), { headers: { 'x-zevent-signature': signature(raw, event, z.oaSecretKey) }, body: Buffer.from(raw) });
      const res = { writeHead: () => ({ end: () => undefined }) };
      await adapter.routes!()[0]!.handler(req as never, res as never);
      await z.waitFor(() => seen.length === 1);
      z.fail('/v3.0/oa/group/message', { status: 502 });
      z.fail('/v3.0/oa/message/cs', { status: 502 }, 2);
      expect(await delivery.send({ channel: 'zalo', chatId: 'g:G7' }, { text: 'a' })).toEqual({ status: 'parked', id: 'P1' });
      expect((await delivery.send({ channel: 'zalo', chatId: 'u-77' }, { text: 'b' })).status).toBe('parked');
      expect((await delivery.send({ channel: 'zalo', chatId: 'u-88' }, { text: 'c' })).status).toBe('parked');
      expect(told).toEqual([
        '⚠️ Loa tạm giữ tin Zalo P1 tới nhóm của đơn vị VP: Zalo lỗi tạm thời; sẽ tự gửi lại.',
        '⚠️ Loa tạm giữ tin Zalo P2 tới Lan (nhắn riêng): Zalo lỗi tạm thời; sẽ tự gửi lại.',
        '⚠️ Loa tạm giữ tin Zalo P3 tới một người dùng Zalo (nhắn riêng): Zalo lỗi tạm thời; sẽ tự gửi lại.',
      ]);
      await adapter.stop();
    } finally {
      await z.stop();
    }
  });
});
