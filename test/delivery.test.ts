/**
 * The delivery service: channels only send and say how it went; the service remembers references,
 * parks and tells the admins, marks refusing chats inactive, finishes outbox rows and resends
 * parked messages. The outbox dispatcher keeps each chat's order. Runs on every store.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelAdapter, SendResult } from '../src/channels/types.js';
import { fixedClock } from '../src/core/clock.js';
import type { ChatRef, Outgoing } from '../src/core/types.js';
import { createDelivery } from '../src/delivery/delivery.js';
import { parkedResender } from '../src/delivery/parked.js';
import { createOutbox } from '../src/scheduler/outbox.js';
import { DATA_DIR, silentLogger, tempDir } from './helpers.js';
import { storeFactories } from './stores.js';

const GROUP: ChatRef = { channel: 'fake', chatId: '-1' };
const OTHER: ChatRef = { channel: 'fake', chatId: '-2' };
const ref = { deadline: 'H8', occurrence: '2023-09-25' };

/** A channel answering each send with the next scripted result (then `sent`), recording the sends. */
function scripted(results: Array<(chat: ChatRef) => SendResult> = []) {
  const sent: Array<{ chat: string; text: string }> = [];
  let n = 0;
  const channel: ChannelAdapter = {
    name: 'fake',
    maxMessageLength: 4096,
    messageNoun: 'tin thử',
    describeChat: async (chat, unit) => `nhóm ${chat.chatId}${unit ? ` (đơn vị ${unit})` : ''}`,
    start: async () => undefined,
    stop: async () => undefined,
    async send(chat, out) {
      const next = results.shift();
      if (next) return next(chat);
      sent.push({ chat: chat.chatId, text: out.text });
      return { status: 'sent', messageId: `m${++n}`, chat };
    },
  };
  return { channel, sent };
}

const later = (): SendResult => ({ status: 'retry-later', reason: '429 dài', notBefore: new Date(0), notice: 'chờ lâu; sẽ gửi lại.' });

describe.each(storeFactories)('delivery on the $name store', (factory) => {
  async function setup(results?: Array<(chat: ChatRef) => SendResult>) {
    const stores = await factory.open(tempDir(), { clock: fixedClock(new Date('2023-09-20T02:00:00Z')), dataDir: DATA_DIR });
    const { channel, sent } = scripted(results);
    const told: string[] = [];
    const delivery = createDelivery({ channels: () => [channel], stores, notify: async (t) => void told.push(t), logger: silentLogger });
    return { stores, channel, sent, told, delivery };
  }

  it('remembers a sent message’s deadline under the chat it landed in', async () => {
    const moved: ChatRef = { channel: 'fake', chatId: '-100' };
    const { stores, delivery } = await setup([() => ({ status: 'sent', messageId: '7', chat: moved })]);
    expect(await delivery.send(GROUP, { text: 'nhắc', ref })).toEqual({ status: 'sent', messageId: '7', chat: moved });
    expect(await stores.messages.messageRef(moved, '7')).toMatchObject(ref);
    expect(await stores.messages.messageRef(GROUP, '7')).toBeUndefined();
  });

  it('parks what a channel cannot send for now and tells the admins, naming the chat by its unit; a parked admin notice raises none', async () => {
    const { stores, delivery, told } = await setup([later, later]);
    await stores.bindings.bind(GROUP, 'VP', { id: '1', name: 'An' });
    expect(await delivery.send(GROUP, { text: 'a', outboxId: 'O9' })).toEqual({ status: 'parked', id: 'P1' });
    expect(await delivery.send(OTHER, { text: 'notice', adminNotice: true })).toEqual({ status: 'parked', id: 'P2' });
    expect(told).toEqual(['⚠️ Loa tạm giữ tin thử P1 tới nhóm -1 (đơn vị VP): chờ lâu; sẽ gửi lại.']);
    const due = await stores.parking.dueParked('fake', new Date(), 'me', 60_000);
    expect(due.map((p) => [p.id, p.text, p.outboxId, p.reason])).toEqual([
      ['P1', 'a', 'O9', '429 dài'],
      ['P2', 'notice', undefined, '429 dài'],
    ]);
  });

  it('marks a chat that refused the bot inactive and sends nothing more to it until it writes again', async () => {
    const { stores, delivery, sent, told } = await setup([(chat) => ({ status: 'failed', reason: 'forbidden', chat, detail: 'kicked' })]);
    expect(await delivery.send(GROUP, { text: 'a' })).toEqual({ status: 'not-sent', reason: 'forbidden' });
    expect((await stores.chats.inactiveSince(GROUP))?.reason).toBe('kicked');
    expect(await delivery.send(GROUP, { text: 'b' })).toEqual({ status: 'not-sent', reason: 'inactive' });
    expect(sent).toEqual([]);
    await stores.chats.markActive(GROUP);
    expect((await delivery.send(GROUP, { text: 'c' })).status).toBe('sent');
    expect(told).toEqual([]);
  });

  it('passes a failure’s notice to the admins, except for an admin notice', async () => {
    const unreachable = (chat: ChatRef): SendResult => ({ status: 'failed', reason: 'unreachable', chat, notice: '⚠️ Không gửi được' });
    const { delivery, told } = await setup([unreachable, unreachable]);
    expect(await delivery.send(GROUP, { text: 'a' })).toEqual({ status: 'not-sent', reason: 'unreachable' });
    await delivery.send(GROUP, { text: 'b', adminNotice: true });
    expect(told).toEqual(['⚠️ Không gửi được']);
  });

  it('finishes outbox rows: sent with the message id and reference, parked, undelivered', async () => {
    const { stores, delivery } = await setup([later, (chat) => ({ status: 'failed', reason: 'rejected', chat })]);
    const [a, b, c] = await stores.outbox.queueMessages([
      { chat: GROUP, out: { text: 'a' } },
      { chat: OTHER, out: { text: 'b' } },
      { chat: GROUP, out: { text: 'c', ref } },
    ]);
    expect(await delivery.deliverRow(a!)).toBe('undelivered');
    expect(await delivery.deliverRow(b!)).toBe('undelivered');
    expect(await delivery.deliverRow(c!)).toBe('sent');
    const rows = await stores.outbox.outboxRows();
    expect(rows.map((r) => [r.text, r.status, r.messageId])).toEqual([
      ['a', 'parked', undefined],
      ['b', 'undelivered', undefined],
      ['c', 'sent', 'm1'],
    ]);
    expect(await stores.messages.messageRef(GROUP, 'm1')).toMatchObject(ref);
  });

  it('resends due parked messages without a second notice, and finishes the row they were sent for', async () => {
    const { stores, delivery, sent, told } = await setup([later, later]);
    const [row] = await stores.outbox.queueMessages([{ chat: GROUP, out: { text: 'a', ref } }]);
    await delivery.deliverRow(row!);
    const resender = parkedResender({ delivery, stores, channels: ['fake'], owner: 'me', logger: silentLogger });
    await resender.run(); // fails again: parked anew, the admins are not told twice
    expect(told).toHaveLength(1);
    expect((await stores.outbox.outboxRows())[0]!.status).toBe('parked');
    await resender.run();
    expect(sent).toEqual([{ chat: '-1', text: 'a' }]);
    expect((await stores.outbox.outboxRows())[0]).toMatchObject({ status: 'sent', messageId: 'm1' });
    expect(await stores.parking.dueParked('fake', new Date(), 'other', 60_000)).toEqual([]);
    expect(await stores.messages.messageRef(GROUP, 'm1')).toMatchObject(ref);
  });

  it('the outbox sends every chat’s rows in order, one at a time per chat', async () => {
    const { stores, delivery, sent } = await setup();
    const texts = ['1', '2', '3'];
    await stores.outbox.queueMessages(texts.flatMap((t) => [GROUP, OTHER].map((chat) => ({ chat, out: { text: t } as Outgoing }))));
    const outbox = createOutbox({ outbox: stores.outbox, delivery, channels: ['fake'], owner: 'me', logger: silentLogger });
    expect(await outbox.dispatch()).toEqual({ sent: 6, undelivered: 0 });
    expect(sent.filter((s) => s.chat === '-1').map((s) => s.text)).toEqual(texts);
    expect(sent.filter((s) => s.chat === '-2').map((s) => s.text)).toEqual(texts);
    expect(await stores.outbox.outboxRows('pending')).toEqual([]);
  });

  it('the outbox starts a row queued while another chat’s row is still being sent', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = (chat: ChatRef): SendResult => ({ status: 'sent', messageId: 'slow', chat });
    const { stores, channel, sent } = await setup();
    const send = channel.send.bind(channel);
    channel.send = async (chat, out) => (chat.chatId === '-1' ? (await held, slow(chat)) : send(chat, out));
    const delivery = createDelivery({ channels: () => [channel], stores, notify: async () => undefined, logger: silentLogger });
    const outbox = createOutbox({ outbox: stores.outbox, delivery, channels: ['fake'], owner: 'me', logger: silentLogger });
    await stores.outbox.queueMessages([{ chat: GROUP, out: { text: 'chậm' } }]);
    const first = outbox.dispatch();
    await new Promise((resolve) => setImmediate(resolve));
    await stores.outbox.queueMessages([{ chat: OTHER, out: { text: 'nhanh' } }]);
    void outbox.dispatch();
    for (let i = 0; i < 50 && sent.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toEqual([{ chat: '-2', text: 'nhanh' }]);
    release();
    expect(await first).toEqual({ sent: 2, undelivered: 0 });
  });
});
