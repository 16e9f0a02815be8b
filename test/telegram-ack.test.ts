/**
 * The Telegram adapter answering a button press: the pressed message is edited to show its
 * state now (the ack's text, then the appended line) and keeps only the buttons that still
 * apply. Runs the real adapter (long polling) against the local fake Bot API.
 */
import { join } from 'node:path';
import { Telegram } from 'telegraf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../src/channels/telegram/adapter.js';
import { mapUpdate } from '../src/channels/telegram/map.js';
import { fixedClock } from '../src/core/clock.js';
import type { Incoming, Outgoing } from '../src/core/types.js';
import { createDelivery } from '../src/delivery/delivery.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { FakeBotApi, type Call } from './e2e/fake-bot-api.js';
import { DATA_DIR, silentLogger, tempDir } from './helpers.js';

const GROUP = -7001;
const STAFF = { id: 2002, first_name: 'Hoa' };
const LIMITS = { perChatIntervalMs: 0, perGroupPerMinute: 1000, globalPerSecond: 1000, maxRetryAfterSec: 60, maxAttempts: 3 };

let api: FakeBotApi | undefined;
let adapter: TelegramAdapter | undefined;

afterEach(async () => {
  await adapter?.stop();
  await api?.stop();
  adapter = undefined;
  api = undefined;
});

/** Starts the adapter; each press is answered with `replies(incoming)`; resolves the incomings seen. */
async function start(replies: (incoming: Incoming) => Outgoing[]): Promise<{ api: FakeBotApi; adapter: TelegramAdapter; seen: Incoming[] }> {
  const a = await new FakeBotApi().start();
  api = a;
  const stores = await openLowdbStores({ file: join(tempDir(), 'db.json'), clock: fixedClock(new Date()), dataDir: DATA_DIR });
  const seen: Incoming[] = [];
  const ad = createTelegramAdapter({ config: { token: a.token, apiRoot: a.apiRoot, webhook: undefined, limits: LIMITS }, stores, logger: silentLogger, commands: [] });
  adapter = ad;
  await ad.start(async (incoming) => {
    seen.push(incoming);
    const rest = await ad.acknowledge(incoming, replies(incoming));
    for (const out of rest) await ad.send(incoming.chat, out);
  });
  return { api: a, adapter: ad, seen };
}

/** A message of the bot's with two buttons, as the fake recorded it. */
async function botMessage(a: FakeBotApi, ad: TelegramAdapter): Promise<Call & { messageId?: number }> {
  await ad.send(
    { channel: 'telegram', chatId: String(GROUP) },
    { text: 'Yêu cầu R1: Hoa xin đăng ký đơn vị TTKHCN', buttons: [{ label: 'Duyệt', data: '/duyet R1' }, { label: 'Từ chối', data: '/tuchoi R1' }] },
  );
  return a.sent(GROUP).at(-1)!;
}

const edits = (a: FakeBotApi) => a.calls.filter((c) => c.method === 'editMessageText');

describe('telegram acknowledge', () => {
  it('replaces the pressed message with its state now, then the appended line, with the new buttons', async () => {
    const { api: a, adapter: ad, seen } = await start(() => [
      { text: 'Đã ghi nhận', ack: { toast: '✔️ Đã ghi nhận', text: 'Hạn H8\nTTKHCN — Trung tâm: ✔️ đã hoàn thành', appendLine: '✔️ TTKHCN đã hoàn thành — Hoa', buttons: [{ label: '✔️ Đã hoàn thành', data: '/xacnhan H8 xong' }] } },
    ]);
    const pressed = await botMessage(a, ad);
    a.press(GROUP, pressed, 0, STAFF);
    const edit = await a.waitFor(() => edits(a)[0]);
    expect(edit.params).toMatchObject({
      chat_id: String(GROUP),
      message_id: pressed.messageId,
      text: 'Hạn H8\nTTKHCN — Trung tâm: ✔️ đã hoàn thành\n\n✔️ TTKHCN đã hoàn thành — Hoa',
      reply_markup: { inline_keyboard: [[{ text: '✔️ Đã hoàn thành', callback_data: '/xacnhan H8 xong' }]] },
    });
    expect(a.calls.find((c) => c.method === 'answerCallbackQuery')!.params.text).toBe('✔️ Đã ghi nhận');
    // The ack reply was the edit: nothing else is sent.
    expect(a.sent(GROUP)).toHaveLength(1);
    // The core can tell which message was pressed, and in which group.
    expect(seen[0]).toMatchObject({ replyTo: String(pressed.messageId), chatTitle: 'Nhóm', buttonData: '/duyet R1' });
  });

  it('removes every button when the ack says `buttons: []`', async () => {
    const { api: a, adapter: ad } = await start(() => [{ text: 'Đã duyệt', ack: { toast: '✅ Đã duyệt R1', text: 'Yêu cầu R1: đã duyệt', buttons: [] } }]);
    const pressed = await botMessage(a, ad);
    a.press(GROUP, pressed, 0, STAFF);
    const edit = await a.waitFor(() => edits(a)[0]);
    expect(edit.params.text).toBe('Yêu cầu R1: đã duyệt');
    expect(edit.params.reply_markup).toEqual({ inline_keyboard: [] });
  });

  it('keeps the old text and buttons when the ack only appends a line', async () => {
    const { api: a, adapter: ad } = await start(() => [{ text: 'x', ack: { toast: 't', appendLine: '✅ VP đã nhận — Hoa' } }]);
    const pressed = await botMessage(a, ad);
    a.press(GROUP, pressed, 1, STAFF);
    const edit = await a.waitFor(() => edits(a)[0]);
    expect(edit.params.text).toBe('Yêu cầu R1: Hoa xin đăng ký đơn vị TTKHCN\n\n✅ VP đã nhận — Hoa');
    expect(edit.params.reply_markup).toEqual(pressed.params.reply_markup);
  });
  it('sends the reply as a new message when the pressed message can no longer be read (too old)', async () => {
    const { api: a } = await start(() => [{ text: '✅ Đã ghi nhận: VP đã nhận H8', ack: { toast: '✅ Đã ghi nhận', appendLine: '✅ VP đã nhận — Hoa' } }]);
    a.push({ callback_query: { id: 'cb-old', from: { is_bot: false, ...STAFF }, chat_instance: '1', data: '/xacnhan H8 nhan', message: { message_id: 9, date: 0, chat: { id: GROUP, type: 'supergroup', title: 'Nhóm' } } } });
    const sent = await a.waitFor(() => a.sent(GROUP)[0]);
    expect(sent.params.text).toBe('✅ Đã ghi nhận: VP đã nhận H8');
    expect(edits(a)).toEqual([]);
  });
});

describe('telegram map: titles and pressed messages', () => {
  it('gives a group its title, a private chat none, and a press the id of the pressed message', () => {
    const group = mapUpdate({ update_id: 1, message: { message_id: 3, chat: { id: -5, type: 'group', title: 'Tổ tuyên truyền' }, from: { id: 42, first_name: 'Hoa' }, text: 'hi' } }, 'b');
    expect(group.incoming?.chatTitle).toBe('Tổ tuyên truyền');
    const own = mapUpdate({ update_id: 2, message: { message_id: 3, chat: { id: 42, type: 'private', first_name: 'Hoa' }, from: { id: 42, first_name: 'Hoa' }, text: 'hi' } }, 'b');
    expect(own.incoming).toBeDefined();
    expect(own.incoming?.chatTitle).toBeUndefined();
    const press = mapUpdate(
      { update_id: 3, callback_query: { id: 'cb', from: { id: 42, first_name: 'Hoa' }, data: '/duyet R1', message: { message_id: 77, chat: { id: -5, type: 'supergroup', title: 'Tổ' }, text: 'R1' } } },
      'b',
    );
    expect(press.incoming).toMatchObject({ replyTo: '77', chatTitle: 'Tổ', buttonData: '/duyet R1' });
  });
});

describe('telegram notices name chats as staff see them', () => {
  it('names a parked message’s chat by its title, else by its unit, never by an internal key', async () => {
    const a = await new FakeBotApi().start();
    api = a;
    const stores = await openLowdbStores({ file: join(tempDir(), 'db.json'), clock: fixedClock(new Date()), dataDir: DATA_DIR });
    await stores.bindings.bind({ channel: 'telegram', chatId: '-800' }, 'CCTDC', { id: '1', name: 'Chánh' });
    const told: string[] = [];
    const limits = { ...LIMITS, maxRetryAfterSec: 1 };
    const ad = createTelegramAdapter({ config: { token: a.token, apiRoot: a.apiRoot, webhook: undefined, limits }, stores, logger: silentLogger, commands: [] });
    adapter = ad;
    // The channel only says it could not send for now; the delivery service parks and tells the admins.
    const delivery = createDelivery({ channels: () => [ad], stores, notify: async (t) => void told.push(t), logger: silentLogger });
    const seen: Incoming[] = [];
    await ad.start(async (incoming) => void seen.push(incoming));
    // A group that wrote to the bot: its title is known.
    a.message(GROUP, 'chào', STAFF);
    await a.waitFor(() => seen.length === 1);
    a.fail('sendMessage', { code: 429, retryAfter: 3600 }, 2);
    expect(await delivery.send({ channel: 'telegram', chatId: String(GROUP) }, { text: 'a' })).toEqual({ status: 'parked', id: 'P1' });
    // A group that has not written since the start, bound to a unit: named by its unit.
    expect(await delivery.send({ channel: 'telegram', chatId: '-800' }, { text: 'b' })).toEqual({ status: 'parked', id: 'P2' });
    // A group not seen since the start that Telegram names (getChat; the fake does not know it, so it is stubbed here).
    const callApi = Telegram.prototype.callApi;
    const spy = vi.spyOn(Telegram.prototype, 'callApi').mockImplementation(function (this: Telegram, method, payload, options) {
      if (method === 'getChat') return Promise.resolve({ id: -900, type: 'supergroup', title: 'Tổ tuyên truyền' }) as never;
      return callApi.call(this, method, payload, options) as never;
    });
    try {
      a.fail('sendMessage', { code: 429, retryAfter: 3600 });
      expect((await delivery.send({ channel: 'telegram', chatId: '-900' }, { text: 'c' })).status).toBe('parked');
    } finally {
      spy.mockRestore();
    }
    expect(told).toEqual([
      '⚠️ Loa tạm giữ tin nhắn P1 tới nhóm “Nhóm”: Telegram yêu cầu chờ 3600 giây (429). Loa sẽ tự gửi lại sau.',
      '⚠️ Loa tạm giữ tin nhắn P2 tới nhóm của đơn vị CCTDC: Telegram yêu cầu chờ 3600 giây (429). Loa sẽ tự gửi lại sau.',
      '⚠️ Loa tạm giữ tin nhắn P3 tới nhóm “Tổ tuyên truyền”: Telegram yêu cầu chờ 3600 giây (429). Loa sẽ tự gửi lại sau.',
    ]);
  });
});
