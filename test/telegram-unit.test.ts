/** Telegram pieces in isolation: mapping, error classes, pacing and the retrying sender. */
import { describe, expect, it, vi } from 'vitest';
import { Pacer } from '../src/channels/pacer.js';
import { classify } from '../src/channels/telegram/errors.js';
import { appendedText, mapUpdate, toast, toSendMessage } from '../src/channels/telegram/map.js';
import { sendWithRetry, type SenderDeps } from '../src/channels/telegram/sender.js';
import type { SendLimits } from '../src/config.js';
import { silentLogger } from './helpers.js';

describe('telegram map', () => {
  it('maps a group text message, a reply and a private message', () => {
    const m = mapUpdate(
      {
        update_id: 7,
        message: {
          message_id: 3,
          chat: { id: -100123, type: 'supergroup' },
          from: { id: 42, first_name: 'Hoa', last_name: 'Nguyễn' },
          text: '/xacnhan H8',
          reply_to_message: { message_id: 2 },
        },
      },
      'LoaBot',
    );
    expect(m).toEqual({
      updateId: 7,
      incoming: {
        chat: { channel: 'telegram', chatId: '-100123' },
        chatType: 'group',
        user: { id: '42', name: 'Hoa Nguyễn' },
        text: '/xacnhan H8',
        replyTo: '2',
        botUsername: 'LoaBot',
        updateKey: 'telegram:7',
      },
    });
    const p = mapUpdate({ update_id: 8, message: { message_id: 1, chat: { id: 42, type: 'private' }, from: { id: 42, username: 'hoa' }, text: 'hi' } }, 'LoaBot');
    expect(p.incoming).toMatchObject({ chatType: 'private', user: { name: '@hoa' } });
  });
  it('maps a button press with what is needed to answer and edit it', () => {
    const m = mapUpdate(
      {
        update_id: 9,
        callback_query: { id: 'cb1', from: { id: 42, first_name: 'Hoa' }, data: '/xacnhan H8 nhan 2023-09-25', message: { message_id: 5, chat: { id: -1, type: 'group' }, text: 'Hạn H8' } },
      },
      'LoaBot',
    );
    expect(m.press).toEqual({ callbackId: 'cb1', messageId: '5', messageText: 'Hạn H8', replyMarkup: undefined });
    expect(m.incoming).toMatchObject({ buttonData: '/xacnhan H8 nhan 2023-09-25', text: '' });
  });
  it('maps supergroup migration both ways, and ignores what it does not know', () => {
    expect(mapUpdate({ update_id: 1, message: { chat: { id: -5, type: 'group' }, migrate_to_chat_id: -1005 } }, 'b').migrate).toEqual({ from: '-5', to: '-1005' });
    expect(mapUpdate({ update_id: 2, message: { chat: { id: -1005, type: 'supergroup' }, migrate_from_chat_id: -5 } }, 'b').migrate).toEqual({ from: '-5', to: '-1005' });
    for (const odd of [null, 5, 'x', [], {}, { update_id: 'x' }, { edited_message: { text: '/help' } }, { message: { chat: { id: 1 }, sticker: {} } }, { message: { chat: 'x', text: 'a' } }, { callback_query: {} }]) {
      expect(mapUpdate(odd, 'b').incoming).toBeUndefined();
    }
  });
  it('builds plain-text messages with an inline keyboard of two buttons a row', () => {
    expect(toSendMessage({ text: '*not bold* <b>' })).toEqual({ text: '*not bold* <b>' });
    const k = toSendMessage({ text: 't', buttons: [1, 2, 3].map((n) => ({ label: `b${n}`, data: `/x ${n}` })) });
    expect(k.reply_markup?.inline_keyboard).toEqual([
      [{ text: 'b1', callback_data: '/x 1' }, { text: 'b2', callback_data: '/x 2' }],
      [{ text: 'b3', callback_data: '/x 3' }],
    ]);
    expect(toSendMessage({ text: 'x'.repeat(5000) }).text).toHaveLength(4096);
  });
  it('makes short toasts and bounded edits', () => {
    expect(toast([{ text: 'dòng một\ndòng hai' }])).toBe('dòng một');
    expect(toast([{ text: 'x', ack: { toast: 'ngắn' } }])).toBe('ngắn');
    expect(Array.from(toast([{ text: 'ư'.repeat(500) }])!)).toHaveLength(200);
    expect(toast([])).toBeUndefined();
    const long = appendedText('a'.repeat(4090), '✅ VP đã nhận');
    expect(long.length).toBeLessThanOrEqual(4096);
    expect(long.endsWith('\n\n✅ VP đã nhận')).toBe(true);
  });
});

describe('telegram errors', () => {
  const tgError = (code: number, parameters?: Record<string, unknown>) => ({ code, response: { ok: false, error_code: code, description: `E${code}`, parameters } });
  it('classifies Bot API failures', () => {
    expect(classify(tgError(429, { retry_after: 7 }))).toEqual({ kind: 'rate-limited', retryAfterSec: 7 });
    expect(classify(tgError(400, { migrate_to_chat_id: -1009 }))).toEqual({ kind: 'migrated', to: '-1009' });
    expect(classify(tgError(403)).kind).toBe('forbidden');
    expect(classify(tgError(401)).kind).toBe('unauthorized');
    expect(classify(tgError(502)).kind).toBe('transient');
    expect(classify(tgError(400)).kind).toBe('rejected');
    expect(classify(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).kind).toBe('transient');
  });
});

describe('pacer', () => {
  function virtualTime() {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  }
  const limits = { perChatIntervalMs: 1000, perGroupPerMinute: 20, globalPerSecond: 28 };

  it('keeps one message a second per chat and twenty a minute per group', async () => {
    const v = virtualTime();
    const pacer = new Pacer(limits, v.now, v.sleep);
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      await pacer.acquire('-1', true);
      times.push(v.now());
    }
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    expect(times[20]).toBeGreaterThanOrEqual(60_000);
  });

  it('keeps 28 a second overall across chats, without making other chats wait for one', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const pacer = new Pacer(limits); // real Date.now and setTimeout, faked by vitest
      const times: number[] = [];
      const busy: number[] = [];
      const all = [
        ...Array.from({ length: 60 }, (_, i) => pacer.acquire(String(i), false).then(() => void times.push(Date.now()))),
        ...[1, 2].map(() => pacer.acquire('busy', false).then(() => void busy.push(Date.now()))),
      ];
      await vi.advanceTimersByTimeAsync(5000);
      await Promise.all(all);
      const every = [...times, ...busy].sort((a, b) => a - b);
      for (const t of every) expect(every.filter((x) => x >= t && x < t + 1000).length).toBeLessThanOrEqual(28);
      expect(times.filter((t) => t < 1000)).toHaveLength(28);
      expect(Math.max(...times)).toBeLessThan(3000);
      expect(busy[1]! - busy[0]!).toBeGreaterThanOrEqual(1000);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('sender', () => {
  const limits: SendLimits = { perChatIntervalMs: 0, perGroupPerMinute: 1000, globalPerSecond: 1000, maxRetryAfterSec: 30, maxAttempts: 3 };
  function deps(results: Array<number | object>): SenderDeps & { slept: number[]; moved: string[]; calls: string[] } {
    const slept: number[] = [];
    const moved: string[] = [];
    const calls: string[] = [];
    const sleep = async (ms: number) => void slept.push(ms);
    return {
      slept,
      moved,
      calls,
      call: async (chatId) => {
        calls.push(chatId);
        const r = results.shift();
        if (typeof r === 'number') return r;
        throw r;
      },
      // The pacer gets its own virtual clock, so only the sender's waits land in `slept`.
      pacer: ((t) => new Pacer(limits, () => t.now, async (ms) => void (t.now += ms)))({ now: 0 }),
      limits,
      logger: silentLogger,
      sleep,
      now: () => 0,
      isGroup: (id) => id.startsWith('-'),
      onMigrated: async (from, to) => void moved.push(`${from}>${to}`),
    };
  }
  const err = (code: number, parameters?: object) => ({ code, response: { error_code: code, description: 'x', parameters } });

  it('waits retry_after, then sends once', async () => {
    const d = deps([err(429, { retry_after: 3 }), 55]);
    expect(await sendWithRetry(d, '-1', { text: 'a' })).toEqual({ status: 'sent', chatId: '-1', messageId: '55' });
    expect(d.slept).toEqual([3000]);
  });
  it('says "retry later" (for the delivery service to park) when retry_after is over the cap', async () => {
    const d = deps([err(429, { retry_after: 3600 })]);
    const r = await sendWithRetry(d, '-1', { text: 'a' });
    expect(r).toMatchObject({ status: 'retry-later', retryAt: 3_600_000 });
    expect(r.status === 'retry-later' && r.reason).toMatch(/3600 giây/);
    expect(d.slept).toEqual([]);
  });
  it('backs off on 5xx and network errors, then parks after the last try', async () => {
    const ok = deps([err(500), Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 9]);
    expect((await sendWithRetry(ok, '-1', { text: 'a' })).status).toBe('sent');
    expect(ok.slept).toEqual([500, 1000]);
    const down = deps([err(502), err(502), err(502)]);
    const r = await sendWithRetry(down, '-1', { text: 'a' });
    expect(r.status).toBe('retry-later');
    expect(r.status === 'retry-later' && r.reason).toMatch(/gửi thất bại 3 lần/);
  });
  it('follows a supergroup migration and marks a chat that removed the bot', async () => {
    const m = deps([err(400, { migrate_to_chat_id: -1002 }), 4]);
    expect(await sendWithRetry(m, '-2', { text: 'a' })).toEqual({ status: 'sent', chatId: '-1002', messageId: '4' });
    expect(m.moved).toEqual(['-2>-1002']);
    expect(m.calls).toEqual(['-2', '-1002']);
    const f = deps([err(403)]);
    expect(await sendWithRetry(f, '-3', { text: 'a' })).toEqual({ status: 'forbidden', chatId: '-3', description: 'x' });
    const r = deps([err(400)]);
    expect((await sendWithRetry(r, '-3', { text: 'a' })).status).toBe('rejected');
  });
});

describe('telegram adapter sending', () => {
  it('splits a long outbox text into messages of at most 4096 characters, buttons on the last', async () => {
    const { FakeBotApi } = await import('./e2e/fake-bot-api.js');
    const { createTelegramAdapter } = await import('../src/channels/telegram/adapter.js');
    const { openLowdbStores } = await import('../src/store/lowdb/stores.js');
    const { fixedClock } = await import('../src/core/clock.js');
    const { DATA_DIR, tempDir } = await import('./helpers.js');
    const { join } = await import('node:path');
    const api = await new FakeBotApi().start();
    try {
      const stores = await openLowdbStores({ file: join(tempDir(), 'db.json'), clock: fixedClock(new Date()), dataDir: DATA_DIR });
      const limits = { perChatIntervalMs: 0, perGroupPerMinute: 1000, globalPerSecond: 1000, maxRetryAfterSec: 60, maxAttempts: 3 };
      const adapter = createTelegramAdapter({ config: { token: api.token, apiRoot: api.apiRoot, webhook: undefined, limits }, stores, logger: silentLogger, commands: [] });
      await adapter.start(async () => undefined);
      const text = Array.from({ length: 300 }, (_, i) => `Dòng ${i}: ${'nội dung '.repeat(3).trim()}`).join('\n\n');
      const result = await adapter.send({ channel: 'telegram', chatId: '-5' }, { text, buttons: [{ label: 'a', data: '/a' }], ref: { deadline: 'H8', occurrence: '2023-09-25' } });
      const sent = api.sent(-5);
      expect(sent.length).toBeGreaterThan(1);
      for (const c of sent) expect(String(c.params.text).length).toBeLessThanOrEqual(4096);
      expect(sent.map((c) => Boolean(c.params.reply_markup))).toEqual([...sent.slice(1).map(() => false), true]);
      expect(sent.map((c) => String(c.params.text)).join('\n\n')).toBe(text);
      expect(result).toEqual({ status: 'sent', messageId: String(sent.at(-1)!.messageId), chat: { channel: 'telegram', chatId: '-5' } });
      await adapter.stop();
    } finally {
      await api.stop();
    }
  });
});
