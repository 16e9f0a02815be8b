/**
 * Files and photos on Telegram: how an update describes them (document, photo sizes, caption,
 * reply), and the real adapter against the fake Bot API reading them through getFile and the file
 * path, with the fake's refusals.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../src/channels/telegram/adapter.js';
import { mapUpdate } from '../src/channels/telegram/map.js';
import { fixedClock } from '../src/core/clock.js';
import type { Incoming } from '../src/core/types.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { FakeBotApi } from './e2e/fake-bot-api.js';
import { DATA_DIR, silentLogger, tempDir } from './helpers.js';

const MB = 1024 * 1024;
const group = { id: -100123, type: 'supergroup', title: 'Nhóm TTKHCN' };
const from = { id: 42, first_name: 'Hoa' };
const msg = (extra: Record<string, unknown>) => mapUpdate({ update_id: 5, message: { message_id: 9, chat: group, from, ...extra } }, 'LoaBot');

describe('telegram file mapping', () => {
  it('a document: name, declared size and type, the caption as text, the reply it answers', () => {
    const m = msg({
      document: { file_id: 'D1', file_unique_id: 'u', file_name: 'Báo cáo số 12.docx', file_size: 35_000, mime_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
      caption: 'xong H8',
      reply_to_message: { message_id: 77, from: { id: 1, is_bot: true }, text: 'Hạn H8' },
    });
    expect(m.file).toEqual({ fileId: 'D1', name: 'Báo cáo số 12.docx', size: 35_000, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(m.incoming).toMatchObject({ chat: { channel: 'telegram', chatId: '-100123' }, chatType: 'group', text: 'xong H8', replyTo: '77', user: { id: '42', name: 'Hoa' }, updateKey: 'telegram:5' });
  });

  it('a document with no caption, name or size: empty text, a stand-in name, size 0', () => {
    const m = msg({ document: { file_id: 'D2' } });
    expect(m.file).toEqual({ fileId: 'D2', name: 'tep', size: 0 });
    expect(m.incoming?.text).toBe('');
    expect(m.incoming?.replyTo).toBeUndefined();
  });

  it('a photo: the largest size, no name of its own (anh.jpg), marked a photo, with its caption and reply', () => {
    const photo = [
      { file_id: 'small', file_unique_id: 'a', width: 90, height: 60, file_size: 1_200 },
      { file_id: 'large', file_unique_id: 'c', width: 1280, height: 853, file_size: 180_000 },
      { file_id: 'medium', file_unique_id: 'b', width: 320, height: 213, file_size: 15_000 },
    ];
    const m = msg({ photo, caption: 'H8', reply_to_message: { message_id: 70 } });
    expect(m.file).toEqual({ fileId: 'large', name: 'anh.jpg', size: 180_000, type: 'image/jpeg', photo: true });
    expect(m.incoming).toMatchObject({ text: 'H8', replyTo: '70' });
    expect(msg({ photo }).incoming?.text).toBe('');
  });

  it('a photo whose largest size is over 20 MB: the largest a bot may download; all over: the largest (refused when read)', () => {
    const photo = [
      { file_id: 'ok', width: 2000, height: 2000, file_size: 19 * MB },
      { file_id: 'huge', width: 9000, height: 9000, file_size: 25 * MB },
    ];
    expect(msg({ photo }).file?.fileId).toBe('ok');
    expect(msg({ photo: [{ file_id: 'a', width: 10, height: 10, file_size: 21 * MB }, { file_id: 'b', width: 20, height: 20, file_size: 22 * MB }] }).file?.fileId).toBe('b');
  });

  it('odd shapes map to no file: a photo array of junk, a document without an id, a bot’s file', () => {
    expect(msg({ photo: [null, 5, { width: 3 }] }).incoming).toBeUndefined();
    expect(msg({ photo: 'x' }).incoming).toBeUndefined();
    expect(msg({ document: { file_name: 'a.pdf' } }).incoming).toBeUndefined();
    expect(mapUpdate({ update_id: 6, message: { message_id: 1, chat: group, from: { id: 9, is_bot: true }, document: { file_id: 'D' } } }, 'b').incoming).toBeUndefined();
    // Plain text stays plain text, with no file.
    expect(msg({ text: 'xong' }).file).toBeUndefined();
  });
});

const LIMITS = { perChatIntervalMs: 0, perGroupPerMinute: 1000, globalPerSecond: 1000, maxRetryAfterSec: 60, maxAttempts: 3 };
let api: FakeBotApi | undefined;
let adapter: TelegramAdapter | undefined;

afterEach(async () => {
  await adapter?.stop();
  await api?.stop();
  adapter = undefined;
  api = undefined;
});

/** The real adapter, long polling the fake; every incoming is kept. */
async function start(): Promise<{ api: FakeBotApi; seen: Incoming[] }> {
  const a = await new FakeBotApi().start();
  api = a;
  const stores = await openLowdbStores({ file: join(tempDir(), 'db.json'), clock: fixedClock(new Date()), dataDir: DATA_DIR });
  const seen: Incoming[] = [];
  adapter = createTelegramAdapter({ config: { token: a.token, apiRoot: a.apiRoot, webhook: undefined, limits: LIMITS }, stores, logger: silentLogger, commands: [] });
  await adapter.start(async (incoming) => void seen.push(incoming));
  return { api: a, seen };
}

describe('telegram adapter reads files from the Bot API it is configured with', () => {
  it('a document sent as a reply with a caption, and a photo in several sizes, read back whole', async () => {
    const { api: a, seen } = await start();
    await adapter!.send({ channel: 'telegram', chatId: '-7001' }, { text: 'Hạn H8: đăng ký hoạt động' });
    const deadline = a.sent(-7001).at(-1)!;
    const report = Buffer.from('%PDF-1.7 báo cáo số 12');
    a.document(-7001, 'bao cao 12.pdf', report, from, { caption: 'xong H8', replyTo: deadline, mimeType: 'application/pdf' });
    const photo = [Buffer.alloc(100, 1), Buffer.alloc(5000, 2), Buffer.alloc(900, 3)];
    a.photo(-7001, [{ data: photo[0]!, width: 90 }, { data: photo[1]!, width: 1280 }, { data: photo[2]!, width: 320 }], from, { caption: 'H8' });
    await a.waitFor(() => seen.length === 2);
    const [doc, pic] = seen as [Incoming, Incoming];
    expect(doc).toMatchObject({ text: 'xong H8', replyTo: String(deadline.messageId), attachment: { name: 'bao cao 12.pdf', size: report.length, type: 'application/pdf' } });
    expect((await doc.attachment!.read()).equals(report)).toBe(true);
    expect(pic).toMatchObject({ text: 'H8', attachment: { name: 'anh.jpg', size: 5000, photo: true } });
    expect((await pic.attachment!.read()).equals(photo[1]!)).toBe(true);
    // getFile for the document and the largest photo only, then a download of each on the fake's own root.
    expect(a.calls.filter((c) => c.method === 'getFile').map((c) => c.params.file_id)).toEqual([expect.stringMatching(/^f\d+-bao cao 12\.pdf$/), a.lastPhotoIds[1]]);
    expect(a.downloads).toEqual([
      { path: expect.stringMatching(/^documents\/f\d+-bao cao 12\.pdf$/), ok: true },
      { path: `photos/${a.lastPhotoIds[1]}.jpg`, ok: true },
    ]);
  });

  it('too large: declared over 20 MB never reaches getFile; getFile’s "file is too big", and its true size over the bound, are refused without a download', async () => {
    const { api: a, seen } = await start();
    a.document(-7001, 'lon.pdf', Buffer.from('x'), from, { declaredSize: 25 * MB });
    a.document(-7001, 'an.pdf', Buffer.from('x'), from, { declaredSize: 1000, tooBig: true });
    a.document(-7001, 'noi-doi.pdf', Buffer.alloc(300_000, 7), from, { declaredSize: 1000 });
    await a.waitFor(() => seen.length === 3);
    const [declared, hidden, lying] = seen as [Incoming, Incoming, Incoming];
    await expect(declared.attachment!.read()).rejects.toThrow('Tệp lớn hơn 20 MB (giới hạn tải tệp của bot Telegram)');
    expect(a.calls.filter((c) => c.method === 'getFile')).toHaveLength(0);
    await expect(hidden.attachment!.read()).rejects.toThrow('Tệp lớn hơn 20 MB (giới hạn tải tệp của bot Telegram)');
    expect(a.downloads).toHaveLength(0);
    // The update said 1000 bytes; getFile tells the truth (300 000): refused before the download.
    await expect(lying.attachment!.read(100_000)).rejects.toThrow('Tệp lớn hơn 98 KB,');
    expect(a.downloads).toHaveLength(0);
    const error = (await lying.attachment!.read(100_000).catch((e: unknown) => e)) as Error;
    expect(`${error.message}\n${error.stack}`).not.toContain(a.token.split(':')[1]!);
  });
});
