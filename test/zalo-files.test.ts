/**
 * Files and photos on Zalo: OA `user_send_file` / `user_send_image` and their group forms, the Bot
 * Platform's `message.image.received`, mapped and then read through the real adapters from the fake
 * Zalo's file URLs (one of which 404s).
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createZaloBotAdapter } from '../src/channels/zalo/bot-adapter.js';
import { mapBotUpdate, mapOaEvent } from '../src/channels/zalo/map.js';
import { createZaloOaAdapter } from '../src/channels/zalo/oa-adapter.js';
import { fixedClock } from '../src/core/clock.js';
import type { Incoming } from '../src/core/types.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { FakeZalo, signature, ZALO_E2E_NOW } from './e2e/fake-zalo.js';
import { DATA_DIR, silentLogger, tempDir } from './helpers.js';

const base = { app_id: 'app-1', timestamp: '1700000000000', sender: { id: 'u1', display_name: 'Hoa' }, recipient: { id: 'oa' } };
const fileMsg = (payload: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ msg_id: 'm1', attachments: [{ type: 'file', payload }], ...extra });

describe('zalo OA file mapping', () => {
  it('user_send_file: url, name, declared size and type; the sender keeps their own name', () => {
    const m = mapOaEvent({ ...base, event_name: 'user_send_file', message: fileMsg({ url: 'https://f.zalo.me/a/bc.docx', name: 'Báo cáo 12.docx', size: '35000', type: 'docx' }) });
    expect(m.file).toEqual({ url: 'https://f.zalo.me/a/bc.docx', name: 'Báo cáo 12.docx', size: 35_000, type: 'docx' });
    expect(m.incoming).toMatchObject({ chat: { channel: 'zalo', chatId: 'u1' }, chatType: 'private', user: { id: 'u1', name: 'Hoa' }, text: '', updateKey: 'zalo:m1' });
  });

  it('user_send_image: the full-size url (the thumbnail only when there is none), no name of its own, a photo, its caption', () => {
    const image = (payload: Record<string, unknown>, text?: string) =>
      mapOaEvent({ ...base, event_name: 'user_send_image', message: { msg_id: 'm2', ...(text ? { text } : {}), attachments: [{ type: 'image', payload }] } });
    const m = image({ url: 'https://photo.zalo.me/x/anh-ky.png', thumbnail: 'https://photo.zalo.me/t/1.jpg' }, 'xong H8');
    expect(m.file).toEqual({ url: 'https://photo.zalo.me/x/anh-ky.png', name: 'anh.png', size: 0, photo: true });
    expect(m.incoming).toMatchObject({ text: 'xong H8', chatType: 'private' });
    expect(image({ thumbnail: 'https://photo.zalo.me/t/1' }).file).toEqual({ url: 'https://photo.zalo.me/t/1', name: 'anh.jpg', size: 0, photo: true });
  });

  it('group forms: user_send_group_file and user_send_group_image come from the group chat', () => {
    const file = mapOaEvent({ ...base, recipient: { id: 'G9' }, event_name: 'user_send_group_file', message: fileMsg({ url: 'http://f/x.pdf', name: 'x.pdf', size: 12 }, { text: 'H8' }) });
    expect(file.incoming).toMatchObject({ chat: { channel: 'zalo', chatId: 'g:G9' }, chatType: 'group', text: 'H8', user: { id: 'u1', name: 'Hoa' } });
    expect(file.file).toMatchObject({ name: 'x.pdf', size: 12 });
    const image = mapOaEvent({ ...base, recipient: { id: 'G9' }, event_name: 'user_send_group_image', message: { msg_id: 'm3', attachments: [{ type: 'image', payload: { url: 'https://p/1.jpg' } }] } });
    expect(image.incoming).toMatchObject({ chat: { chatId: 'g:G9' }, chatType: 'group' });
    expect(image.file?.photo).toBe(true);
  });

  it('nothing without an http(s) url, a sender, or (in a group) the group', () => {
    for (const url of ['file:///etc/passwd', 'ftp://x/y.pdf', 'javascript:alert(1)', '', 42, undefined]) {
      const m = mapOaEvent({ ...base, event_name: 'user_send_file', message: fileMsg({ url, name: 'a.pdf' }) });
      expect(m.incoming).toBeUndefined();
      expect(m.file).toBeUndefined();
    }
    expect(mapOaEvent({ ...base, event_name: 'user_send_image', message: { msg_id: 'x', attachments: [] } }).incoming).toBeUndefined();
    expect(mapOaEvent({ ...base, sender: {}, event_name: 'user_send_file', message: fileMsg({ url: 'https://f/a', name: 'a' }) }).incoming).toBeUndefined();
    expect(mapOaEvent({ ...base, recipient: {}, event_name: 'user_send_group_file', message: fileMsg({ url: 'https://f/a', name: 'a' }) }).incoming).toBeUndefined();
  });
});

describe('zalo bot platform photos', () => {
  const update = (message: Record<string, unknown>) =>
    mapBotUpdate({ event_name: 'message.image.received', message: { message_id: 'b1', chat: { id: 'c1', chat_type: 'PRIVATE' }, from: { id: 'u', display_name: 'Hoa' }, ...message } });
  it('message.image.received: the photo URL with its caption as text', () => {
    const m = update({ photo: 'https://bot.zalo.me/p/1.jpg', caption: 'xong H8' });
    expect(m.file).toEqual({ url: 'https://bot.zalo.me/p/1.jpg', name: 'anh.jpg', size: 0, photo: true });
    expect(m.incoming).toMatchObject({ chat: { channel: 'zalobot', chatId: 'c1' }, text: 'xong H8', updateKey: 'zalobot:b1' });
    expect(update({ photo_url: 'https://bot.zalo.me/p/2.png' }).file?.name).toBe('anh.png');
    expect(update({ photo: 'https://bot.zalo.me/p/2' }).incoming?.text).toBe('');
  });
  it('no photo URL (or not http), or a bot’s photo: nothing', () => {
    expect(update({}).incoming).toBeUndefined();
    expect(update({ photo: 'file:///x.jpg' }).incoming).toBeUndefined();
    expect(update({ photo: 'https://x/1.jpg', from: { id: 'b', is_bot: true } }).incoming).toBeUndefined();
    expect(mapBotUpdate({ event_name: 'message.sticker.received', message: { message_id: 's', chat: { id: 'c' }, from: { id: 'u' }, sticker: 'x' } }).incoming).toBeUndefined();
  });
});

const limits = { perChatIntervalMs: 0, perGroupPerMinute: 1000, globalPerSecond: 1000, maxRetryAfterSec: 60, maxAttempts: 1 };

describe('zalo adapters read the files from their URLs', () => {
  it('OA: a file, a group image and a file whose URL 404s', async () => {
    const z = await new FakeZalo().start();
    try {
      const stores = await openLowdbStores({ file: join(tempDir(), 'db.json'), clock: fixedClock(new Date()), dataDir: DATA_DIR });
      const config = { accessToken: 'A1-access-token', refreshToken: 'R1-refresh-token', appId: z.appId, appSecret: z.appSecret, oaSecretKey: z.oaSecretKey, apiBase: z.base, oauthBase: z.base, limits, maxEventAgeSec: 900 };
      const adapter = createZaloOaAdapter({ config, stores, logger: silentLogger, sleep: async () => undefined, now: () => Date.parse(ZALO_E2E_NOW) });
      const seen: Incoming[] = [];
      await adapter.start(async (incoming) => void seen.push(incoming));
      const post = async (event: Record<string, unknown>) => {
        const raw = JSON.stringify(event);
        const req = Object.assign(new PassThrough(), { headers: { 'x-zevent-signature': signature(raw, event, z.oaSecretKey) }, body: Buffer.from(raw) });
        await adapter.routes!()[0]!.handler(req as never, { writeHead: () => ({ end: () => undefined }) } as never);
      };
      const report = Buffer.from('PK\u0003\u0004 báo cáo');
      const photo = Buffer.alloc(2048, 9);
      await post(z.fileEvent('user', 'u-1', { name: 'Báo cáo số 12.docx', data: report }, { text: 'xong H8' }));
      await post(z.imageEvent('group', 'u-2', photo, { groupId: 'G7' }));
      await post(z.fileEvent('user', 'u-1', { name: 'mat.pdf', size: 100 }));
      await z.waitFor(() => seen.length === 3);
      const [file, image, missing] = seen as [Incoming, Incoming, Incoming];
      expect(file).toMatchObject({ chat: { chatId: 'u-1' }, text: 'xong H8', attachment: { name: 'Báo cáo số 12.docx', size: report.length, type: 'docx' } });
      expect((await file.attachment!.read()).equals(report)).toBe(true);
      expect(image).toMatchObject({ chat: { chatId: 'g:G7' }, chatType: 'group', attachment: { name: 'anh.jpg', photo: true } });
      expect((await image.attachment!.read()).equals(photo)).toBe(true);
      await expect(missing.attachment!.read()).rejects.toThrow('Zalo không còn giữ tệp này (HTTP 404): hãy gửi lại tệp.');
      // The full-size image was fetched, never its thumbnail.
      expect(z.downloads.map((d) => [d.name.replace(/^\d+-/, ''), d.ok])).toEqual([
        ['Báo cáo số 12.docx', true],
        ['anh.jpg', true],
        ['mat.pdf', false],
      ]);
      await adapter.stop();
    } finally {
      await z.stop();
    }
  });

  it('Bot Platform: a photo with a caption, polled, read from its URL', async () => {
    const z = await new FakeZalo().start();
    const adapter = createZaloBotAdapter({ config: { token: z.botToken, apiBase: z.base, webhook: undefined, limits }, logger: silentLogger, sleep: async () => undefined });
    try {
      const seen: Incoming[] = [];
      await adapter.start(async (incoming) => void seen.push(incoming));
      const photo = Buffer.alloc(3000, 4);
      z.botImage('c-1', photo, 'xong H8');
      await z.waitFor(() => seen.length === 1);
      expect(seen[0]).toMatchObject({ chat: { channel: 'zalobot', chatId: 'c-1' }, text: 'xong H8', attachment: { name: 'anh.jpg', photo: true } });
      expect((await seen[0]!.attachment!.read()).equals(photo)).toBe(true);
    } finally {
      await adapter.stop();
      await z.stop();
    }
  });
});
