/**
 * Admins are told of every parked message, in batches, none dropped; and a parked message that
 * is delivered later finishes its outbox row as sent (issue 10, defect 9).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminNotices, noticeText } from '../../src/admin-notices.js';
import type { ChannelAdapter, SendResult } from '../../src/channels/types.js';
import type { ChatRef, Outgoing } from '../../src/core/types.js';
import { silentLogger, tempDir } from '../helpers.js';
import { FakeBotApi } from './fake-bot-api.js';
import { startCli, type Running } from './run.js';

const ADMIN = { id: 1001, first_name: 'Chánh' };
const GROUPS = [-201, -202, -203];

let api: FakeBotApi | undefined;
let bot: Running | undefined;
afterEach(async () => {
  await bot?.stop('SIGKILL');
  await api?.stop();
  bot = api = undefined;
});

describe('admin notices', () => {
  it('batches notices raised together and drops none, even while one is being sent', async () => {
    const sent: Outgoing[] = [];
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const channel = {
      name: 'telegram',
      maxMessageLength: 4096,
      async send(chat: ChatRef, out: Outgoing): Promise<SendResult> {
        sent.push(out);
        if (sent.length === 1) await slow; // the first notice is slow to send
        return { status: 'sent', messageId: String(sent.length), chat };
      },
    } as unknown as ChannelAdapter;
    const notices = createAdminNotices([{ channel: 'telegram', chatId: '1001' }], (chat, out) => channel.send(chat, out), silentLogger);
    const first = notices.notify('A');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const rest = [notices.notify('B'), notices.notify('C'), notices.notify('D')];
    release();
    await Promise.all([first, ...rest]);
    expect(sent.map((o) => o.text)).toEqual(['A', noticeText(['B', 'C', 'D'])]);
    expect(sent.every((o) => o.adminNotice)).toBe(true);
  });

  it('tells the admins of three parked messages, then delivers them and marks their outbox rows sent', async () => {
    const db = join(tempDir(), 'db.json');
    const env = (a: FakeBotApi) => ({
      TELEGRAM_BOT_TOKEN: a.token,
      TELEGRAM_API_ROOT: a.apiRoot,
      DB_FILE: db,
      BOT_NOW: '2023-09-20T09:00:00+07:00',
      ADMIN_IDS: `telegram:${ADMIN.id}`,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      TELEGRAM_MAX_RETRY_AFTER: '1',
    });
    const a = (api = await new FakeBotApi().start());
    bot = startCli(['start'], env(a));
    await a.waitFor(() => a.calls.some((c) => c.method === 'getUpdates'));
    a.fail('sendMessage', { code: 429, retryAfter: 2 }, 3, GROUPS);
    GROUPS.forEach((g, i) => a.message(g, `/khauhieu ${i + 1}`, ADMIN));
    const told = await a.waitFor(() => {
      const text = a.sent(ADMIN.id).filter((c) => c.messageId).map((c) => String(c.params.text)).join('\n');
      return ['P1', 'P2', 'P3'].every((p) => text.includes(`tạm giữ tin nhắn ${p} `)) ? text : undefined;
    });
    expect(told).not.toMatch(/telegram:/);
    expect(await bot.stop()).toBe(0);
    const before = JSON.parse(readFileSync(db, 'utf8')) as { parked: Array<{ notBefore: string }>; outbox: Array<{ status: string }> };
    expect(before.parked).toHaveLength(3);
    expect(before.outbox.filter((r) => r.status === 'parked')).toHaveLength(3);

    // Once due, the restarted bot delivers them; their rows become `sent`, none `undelivered`.
    await a.waitFor(() => before.parked.every((p) => Date.now() >= Date.parse(p.notBefore)));
    const restartedAt = a.calls.length;
    bot = startCli(['start'], env(a));
    await a.waitFor(() => GROUPS.every((g) => a.sent(g).some((c) => c.messageId && /Khẩu hiệu số/.test(String(c.params.text)))));
    await a.waitFor(() => a.calls.slice(restartedAt).some((c) => c.method === 'getUpdates'));
    expect(await bot.stop()).toBe(0);
    const after = JSON.parse(readFileSync(db, 'utf8')) as { parked: unknown[]; outbox: Array<{ status: string; chat: string }> };
    expect(after.parked).toEqual([]);
    const rows = after.outbox.filter((r) => GROUPS.some((g) => r.chat === `telegram:${g}`));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  }, 120_000);
});
