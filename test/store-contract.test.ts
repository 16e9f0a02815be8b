/**
 * The store contract: one suite, written against the ports of src/core/ports.ts, run against
 * every store of test/stores.ts. What one store does here, every store must do, including the
 * races of replicas (two handles on the same data at once) and leases that run out.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../src/core/ports.js';
import type { ChatRef } from '../src/core/types.js';
import { contractFactories as storeFactories, type StoreHarness } from './stores.js';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const T0 = '2024-03-04T01:00:00.000Z';

const tg = (id: string): ChatRef => ({ channel: 'telegram', chatId: id });
const zl = (id: string): ChatRef => ({ channel: 'zalo', chatId: id });
const an = { id: 'u1', name: 'Nguyễn Văn An' };
const binh = { id: 'u2', name: 'Trần Thị Bình' };

function testClock() {
  let t = Date.parse(T0);
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

/** Polls `check` until it gives a value (a condition, never a fixed wait); fails after `ms`. */
async function until<T>(check: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.each(storeFactories)('store contract: $name', (factory) => {
  let h: StoreHarness;
  let s: Stores;
  let clock: ReturnType<typeof testClock>;
  let dataDir: string;

  beforeEach(async () => {
    if (factory.skip) return;
    clock = testClock();
    dataDir = mkdtempSync(join(tmpdir(), 'loa-contract-'));
    cpSync(DATA_DIR, dataDir, { recursive: true });
    h = await factory.open({ clock, dataDir, dir: dataDir });
    s = h.stores;
  });
  afterEach(async () => {
    if (factory.skip) return;
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe.skipIf(factory.skip)('bindings and requests', () => {
    it('binds chats to units, lists them and counts them', async () => {
      expect(await s.bindings.bindingOf(tg('1'))).toBeUndefined();
      const b = await s.bindings.bind(tg('1'), 'VP', an);
      expect(b).toEqual({ unit: 'VP', at: T0, by: an });
      await s.bindings.bind(tg('2'), 'VP', an);
      await s.bindings.bind(zl('3'), 'TC', binh);
      expect(await s.bindings.bindingOf(tg('1'))).toEqual(b);
      expect((await s.bindings.chatsOf('VP')).sort((a, b) => a.chatId.localeCompare(b.chatId))).toEqual([tg('1'), tg('2')]);
      expect(await s.bindings.chatsOf('XX')).toEqual([]);
      expect(await s.bindings.chatCounts()).toEqual(new Map([['VP', 2], ['TC', 1]]));
      await s.bindings.bind(tg('2'), 'TC', binh);
      expect(await s.bindings.chatCounts()).toEqual(new Map([['VP', 1], ['TC', 2]]));
    });

    it('lists bound chats with their title, activity and inactive state; unbinds', async () => {
      await s.bindings.bind(tg('-1'), 'VP', an, 'Tổ tuyên truyền');
      clock.advance(60_000);
      await s.bindings.bind(zl('2'), 'VP', binh);
      await s.bindings.bind(tg('3'), 'TC', binh);
      const T1 = new Date(Date.parse(T0) + 60_000).toISOString();
      // Activity of a bound chat (and a new title); none for a chat that is not bound.
      await s.bindings.noteActivity(zl('2'), T1, 'Bình');
      await s.bindings.noteActivity(tg('-1'), T1);
      await s.bindings.noteActivity(tg('404'), T1, 'Ai đó');
      expect(await s.bindings.bindingOf(tg('404'))).toBeUndefined();
      await s.chats.markInactive(tg('-1'), 'bot bị xóa khỏi nhóm');
      expect(await s.bindings.boundChats('VP')).toEqual([
        { chat: 'telegram:-1', unit: 'VP', at: T0, by: an, title: 'Tổ tuyên truyền', lastActive: T1, inactive: { at: T1, reason: 'bot bị xóa khỏi nhóm' } },
        { chat: 'zalo:2', unit: 'VP', at: T1, by: binh, title: 'Bình', lastActive: T1 },
      ]);
      expect((await s.bindings.boundChats()).map((b) => b.chat)).toEqual(['telegram:-1', 'telegram:3', 'zalo:2']);
      expect(await s.bindings.boundChats('XX')).toEqual([]);
      // Re-binding keeps the chat's title and last activity (a new title replaces it).
      const moved = await s.bindings.bind(tg('-1'), 'TC', binh);
      expect(moved).toEqual({ unit: 'TC', at: T1, by: binh, title: 'Tổ tuyên truyền', lastActive: T1 });
      expect((await s.bindings.bind(tg('-1'), 'TC', binh, 'Tổ mới')).title).toBe('Tổ mới');
      expect(await s.bindings.unbind(tg('-1'))).toEqual({ ...moved, title: 'Tổ mới' });
      expect(await s.bindings.unbind(tg('-1'))).toBeUndefined();
      expect(await s.bindings.bindingOf(tg('-1'))).toBeUndefined();
      expect(await s.bindings.chatCounts()).toEqual(new Map([['VP', 1], ['TC', 1]]));
      expect((await s.bindings.boundChats('TC')).map((b) => b.chat)).toEqual(['telegram:3']);
    });

    it('keeps one pending request per chat and unit, and decides it once', async () => {
      const first = await s.bindings.requestBinding(tg('-100'), 'group', 'VP', an, 'Nhóm Văn phòng');
      expect(first.created).toBe(true);
      expect(first.request).toMatchObject({ chat: 'telegram:-100', chatType: 'group', chatTitle: 'Nhóm Văn phòng', unit: 'VP', user: an, at: T0, status: 'pending' });
      const again = await s.bindings.requestBinding(tg('-100'), 'group', 'VP', binh);
      expect(again).toEqual({ request: first.request, created: false });
      const other = await s.bindings.requestBinding(tg('-100'), 'group', 'TC', an);
      expect(other.created).toBe(true);
      expect(other.request.id).not.toBe(first.request.id);
      expect((await s.bindings.pendingRequests()).map((r) => r.id)).toEqual([first.request.id, other.request.id]);

      const decided = await s.bindings.decideRequest(first.request.id.toLowerCase(), true, binh, tg('9'));
      expect(decided.outcome).toBe('done');
      expect(decided.request).toMatchObject({ status: 'approved', decided: { at: T0, by: binh, chat: 'telegram:9' } });
      // The approved chat keeps the title its request gave.
      expect(await s.bindings.bindingOf(tg('-100'))).toEqual({ unit: 'VP', at: T0, by: binh, title: 'Nhóm Văn phòng' });
      expect((await s.bindings.decideRequest(first.request.id, false, binh, tg('9'))).outcome).toBe('already-decided');
      expect((await s.bindings.decideRequest('R999', true, binh, tg('9'))).outcome).toBe('not-found');
      expect((await s.bindings.decideRequest('nonsense', true, binh, tg('9'))).outcome).toBe('not-found');

      const rejected = await s.bindings.decideRequest(other.request.id, false, binh, tg('9'));
      expect(rejected.request?.status).toBe('rejected');
      expect(await s.bindings.bindingOf(tg('-100'))).toEqual({ unit: 'VP', at: T0, by: binh, title: 'Nhóm Văn phòng' });
      expect(await s.bindings.pendingRequests()).toEqual([]);
      // Decided: a new request for the same chat and unit is a new one.
      expect((await s.bindings.requestBinding(tg('-100'), 'group', 'VP', an)).created).toBe(true);
    });

    it('two replicas asking at once make one request', async () => {
      const r = await h.replica();
      const results = await Promise.all([
        s.bindings.requestBinding(tg('5'), 'private', 'VP', an),
        r.bindings.requestBinding(tg('5'), 'private', 'VP', an),
      ]);
      expect(results.filter((x) => x.created)).toHaveLength(1);
      expect(results[0].request.id).toBe(results[1].request.id);
    });
  });

  describe.skipIf(factory.skip)('confirmations', () => {
    const input = (unit: string, kind: 'nhan' | 'xong', occurrence = '2024-03-10') => ({
      deadline: 'BG-1',
      occurrence,
      unit,
      kind,
      user: an,
      chat: { channel: 'telegram', chatId: '1' },
    });

    it('records received, then completed; repeating changes nothing', async () => {
      const first = await s.confirmations.confirm(input('VP', 'nhan'));
      expect(first).toEqual({
        outcome: 'new',
        confirmation: { deadline: 'BG-1', occurrence: '2024-03-10', unit: 'VP', received: { at: T0, by: an, chat: 'telegram:1' } },
      });
      expect((await s.confirmations.confirm(input('VP', 'nhan'))).outcome).toBe('unchanged');
      clock.advance(60_000);
      const done = await s.confirmations.confirm({ ...input('VP', 'xong'), user: binh });
      expect(done.outcome).toBe('upgraded');
      expect(done.confirmation.completed).toEqual({ at: new Date(Date.parse(T0) + 60_000).toISOString(), by: binh, chat: 'telegram:1' });
      expect(done.confirmation.received.by).toEqual(an);
      expect((await s.confirmations.confirm(input('VP', 'xong'))).outcome).toBe('unchanged');
      expect((await s.confirmations.confirm(input('VP', 'nhan'))).outcome).toBe('unchanged');
      // Completing first implies receiving.
      const direct = await s.confirmations.confirm(input('TC', 'xong'));
      expect(direct.outcome).toBe('new');
      expect(direct.confirmation.completed).toEqual(direct.confirmation.received);
    });

    it('lists the confirmations of the occurrences asked', async () => {
      await s.confirmations.confirm(input('VP', 'nhan'));
      await s.confirmations.confirm(input('TC', 'xong'));
      await s.confirmations.confirm(input('VP', 'nhan', '2024-03-17'));
      await s.confirmations.confirm({ ...input('VP', 'nhan'), deadline: 'BG-2' });
      const of = async (keys: Array<[string, string]>) =>
        (await s.confirmations.confirmationsOf(keys.map(([deadline, occurrence]) => ({ deadline, occurrence }))))
          .map((c) => `${c.deadline}@${c.occurrence}#${c.unit}`)
          .sort();
      expect(await of([['BG-1', '2024-03-10']])).toEqual(['BG-1@2024-03-10#TC', 'BG-1@2024-03-10#VP']);
      expect(await of([['BG-1', '2024-03-17'], ['BG-2', '2024-03-10'], ['XX', '2024-03-10']])).toEqual(['BG-1@2024-03-17#VP', 'BG-2@2024-03-10#VP']);
      expect(await of([])).toEqual([]);
    });

    it('tells where the units stand on the occurrences asked, as the confirmations do', async () => {
      await s.confirmations.confirm(input('VP', 'nhan'));
      await s.confirmations.confirm(input('TC', 'xong'));
      await s.confirmations.confirm(input('KT', 'nhan'));
      await s.confirmations.confirm(input('KT', 'xong'));
      await s.confirmations.confirm(input('VP', 'xong', '2024-03-17'));
      const of = async (keys: Array<[string, string]>) =>
        (await s.confirmations.statusesOf(keys.map(([deadline, occurrence]) => ({ deadline, occurrence }))))
          .map((o) => `${o.deadline}@${o.occurrence} xong:${[...o.completed].sort().join(',')} nhan:${[...o.received].sort().join(',')}`)
          .sort();
      expect(await of([['BG-1', '2024-03-10']])).toEqual(['BG-1@2024-03-10 xong:KT,TC nhan:VP']);
      // Asked twice, or with occurrences nobody confirmed: each occurrence once, the empty ones left out.
      expect(await of([['BG-1', '2024-03-17'], ['BG-1', '2024-03-10'], ['BG-1', '2024-03-17'], ['XX', '2024-03-10'], ['BG-1', '2024-03-24']])).toEqual([
        'BG-1@2024-03-10 xong:KT,TC nhan:VP',
        'BG-1@2024-03-17 xong:VP nhan:',
      ]);
      expect(await of([])).toEqual([]);
    });

    it('tells when units completed the occurrences asked, as the confirmations do', async () => {
      await s.confirmations.confirm(input('VP', 'nhan'));
      await s.confirmations.confirm(input('TC', 'xong'));
      clock.advance(90_000);
      await s.confirmations.confirm(input('VP', 'xong', '2024-03-17'));
      await s.confirmations.confirm(input('KT', 'nhan'));
      await s.confirmations.confirm(input('KT', 'xong'));
      const of = async (keys: Array<[string, string]>) =>
        (await s.confirmations.completionsOf(keys.map(([deadline, occurrence]) => ({ deadline, occurrence }))))
          .flatMap((o) => o.units.map((unit, i) => `${o.deadline}@${o.occurrence}#${unit} ${o.at[i]}`))
          .sort();
      const later = new Date(Date.parse(T0) + 90_000).toISOString();
      expect(await of([['BG-1', '2024-03-10'], ['BG-1', '2024-03-17'], ['BG-1', '2024-03-10'], ['XX', '2024-03-10']])).toEqual([
        `BG-1@2024-03-10#KT ${later}`,
        `BG-1@2024-03-10#TC ${T0}`,
        `BG-1@2024-03-17#VP ${later}`,
      ]);
      // Received only: nothing completed, the occurrence left out.
      await s.confirmations.confirm({ ...input('VP', 'nhan'), deadline: 'BG-2' });
      expect(await of([['BG-2', '2024-03-10']])).toEqual([]);
      expect(await of([])).toEqual([]);
    });

    it('two replicas confirming at once give one new and one unchanged', async () => {
      const r = await h.replica();
      for (let i = 0; i < 10; i++) {
        const kind = i % 2 ? 'xong' : 'nhan';
        const results = await Promise.all([s.confirmations.confirm(input(`U${i}`, kind)), r.confirmations.confirm(input(`U${i}`, kind))]);
        expect(results.map((x) => x.outcome).sort()).toEqual(['new', 'unchanged']);
      }
      const both = await Promise.all([s.confirmations.confirm(input('W', 'nhan')), r.confirmations.confirm(input('W', 'xong'))]);
      // Whichever came first, the unit ends completed and exactly one answer is `new`.
      expect(both.filter((x) => x.outcome === 'new')).toHaveLength(1);
      const [row] = await s.confirmations.confirmationsOf([{ deadline: 'BG-1', occurrence: '2024-03-10' }]).then((cs) => cs.filter((c) => c.unit === 'W'));
      expect(row?.completed).toBeDefined();
    });

    it('undoes a confirmation, returning what it removed, and only that one', async () => {
      const key = { deadline: 'BG-1', occurrence: '2024-03-10', unit: 'VP' };
      const units = async () => (await s.confirmations.confirmationsOf([{ deadline: 'BG-1', occurrence: '2024-03-10' }])).map((c) => c.unit).sort();
      expect(await s.confirmations.undoConfirmation(key, binh)).toBeUndefined();
      const made = await s.confirmations.confirm(input('VP', 'xong'));
      await s.confirmations.confirm(input('TC', 'nhan'));
      await s.confirmations.confirm(input('VP', 'nhan', '2024-03-17'));
      expect(await s.confirmations.undoConfirmation(key, binh)).toEqual(made.confirmation);
      expect(await units()).toEqual(['TC']);
      expect(await s.confirmations.confirmationsOf([{ deadline: 'BG-1', occurrence: '2024-03-17' }])).toHaveLength(1);
      expect(await s.confirmations.undoConfirmation(key, binh)).toBeUndefined();
      // Confirmed again after the undo: a new confirmation, seen by a replica too.
      clock.advance(60_000);
      const again = await s.confirmations.confirm(input('VP', 'nhan'));
      expect(again.outcome).toBe('new');
      expect(again.confirmation.received.at).not.toBe(T0);
      const r = await h.replica();
      expect((await r.confirmations.confirmationsOf([{ deadline: 'BG-1', occurrence: '2024-03-10' }])).map((c) => c.unit).sort()).toEqual(['TC', 'VP']);
    });

    it('an undo in a failed unit of work changes nothing; two replicas undoing at once remove it once', async () => {
      const key = { deadline: 'BG-1', occurrence: '2024-03-10', unit: 'VP' };
      const made = await s.confirmations.confirm(input('VP', 'nhan'));
      const failure = new Error('boom');
      await expect(
        s.atomically(async () => {
          await s.confirmations.undoConfirmation(key, binh);
          await s.audit.record({ actor: binh, action: 'undo-confirm', subject: 'BG-1@2024-03-10#VP' });
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await s.confirmations.confirmationsOf([{ deadline: 'BG-1', occurrence: '2024-03-10' }])).toEqual([made.confirmation]);
      expect(await s.audit.recent(5)).toEqual([]);
      const r = await h.replica();
      const both = await Promise.all([s.confirmations.undoConfirmation(key, binh), r.confirmations.undoConfirmation(key, an)]);
      expect(both.filter((x) => x !== undefined)).toEqual([made.confirmation]);
      expect(await r.confirmations.confirmationsOf([{ deadline: 'BG-1', occurrence: '2024-03-10' }])).toEqual([]);
    });
  });

  describe.skipIf(factory.skip)('outbox', () => {
    const out = (text: string) => ({ text });

    it('queues messages and finishes them', async () => {
      const rows = await s.outbox.queueMessages([
        { chat: tg('1'), out: { text: 'một', buttons: [{ label: 'Đã nhận', data: 'c:1' }], ref: { deadline: 'BG-1', occurrence: '2024-03-10', view: 'reminder' } } },
        { chat: zl('2'), out: out('hai') },
      ]);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        chat: 'telegram:1',
        text: 'một',
        buttons: [{ label: 'Đã nhận', data: 'c:1' }],
        ref: { deadline: 'BG-1', occurrence: '2024-03-10', view: 'reminder' },
        status: 'pending',
        createdAt: T0,
      });
      expect(rows[1]).toEqual({ id: rows[1]!.id, chat: 'zalo:2', text: 'hai', status: 'pending', createdAt: T0 });
      expect(rows[0]!.id).not.toBe(rows[1]!.id);
      await s.outbox.finishOutbox(rows[0]!.id, 'sent', '555');
      await s.outbox.finishOutbox(rows[1]!.id, 'parked');
      expect((await s.outbox.outboxRows('sent')).map((r) => [r.id, r.messageId, r.doneAt])).toEqual([[rows[0]!.id, '555', T0]]);
      expect((await s.outbox.outboxRows('parked')).map((r) => r.id)).toEqual([rows[1]!.id]);
      // A parked row becomes sent once delivered; a sent row stays sent.
      await s.outbox.finishOutbox(rows[1]!.id, 'sent', '9');
      await s.outbox.finishOutbox(rows[0]!.id, 'undelivered');
      expect((await s.outbox.outboxRows()).map((r) => r.status)).toEqual(['sent', 'sent']);
      await s.outbox.finishOutbox('O999999', 'sent');
      await s.outbox.finishOutbox('nonsense', 'sent');
    });

    it('records each reminder step once, with its rows, in one write', async () => {
      const rows = await s.outbox.queueReminders([
        { key: 'BG-1@2024-03-10#VP#d-3', status: 'queued', sends: [{ chat: tg('1'), out: out('nhắc 1') }, { chat: tg('2'), out: out('nhắc 2') }] },
        { key: 'BG-1@2024-03-10#TC#d-3', status: 'no-chat', sends: [] },
        { key: 'BG-1@2024-03-10#KH#d-3', status: 'skipped', sends: [] },
      ]);
      expect(rows.map((r) => [r.key, r.chat, r.text])).toEqual([
        ['BG-1@2024-03-10#VP#d-3', 'telegram:1', 'nhắc 1'],
        ['BG-1@2024-03-10#VP#d-3', 'telegram:2', 'nhắc 2'],
      ]);
      const again = await s.outbox.queueReminders([
        { key: 'BG-1@2024-03-10#VP#d-3', status: 'queued', sends: [{ chat: tg('1'), out: out('nhắc lại') }] },
        { key: 'BG-1@2024-03-10#VP#d-1', status: 'queued', sends: [{ chat: tg('1'), out: out('nhắc d-1') }] },
      ]);
      expect(again.map((r) => r.text)).toEqual(['nhắc d-1']);
      expect(await s.outbox.recordedReminders(['BG-1@2024-03-10#VP#d-3', 'BG-1@2024-03-10#TC#d-3', 'BG-1@2024-03-10#KH#d-3', 'nope'])).toEqual(
        new Set(['BG-1@2024-03-10#VP#d-3', 'BG-1@2024-03-10#TC#d-3', 'BG-1@2024-03-10#KH#d-3']),
      );
      expect(await s.outbox.recordedReminders([])).toEqual(new Set());
      expect(await s.outbox.queueReminders([])).toEqual([]);
      expect((await s.outbox.outboxRows('pending')).length).toBe(3);
    });

    it('two replicas planning the same steps at once queue them once', async () => {
      const r = await h.replica();
      const items = Array.from({ length: 20 }, (_, i) => ({ key: `K${i}`, status: 'queued' as const, sends: [{ chat: tg(String(i)), out: out(`m${i}`) }] }));
      const [a, b] = await Promise.all([s.outbox.queueReminders(items), r.outbox.queueReminders([...items].reverse())]);
      expect(a.length + b.length).toBe(20);
      expect((await s.outbox.outboxRows('pending')).length).toBe(20);
    });

    it("claims only each chat's oldest pending row, for one owner at a time", async () => {
      const rows = await s.outbox.queueMessages([
        { chat: tg('A'), out: out('A1') },
        { chat: tg('A'), out: out('A2') },
        { chat: tg('B'), out: out('B1') },
        { chat: tg('A'), out: out('A3') },
        { chat: zl('C'), out: out('C1') },
        { chat: tg('B'), out: out('B2') },
      ]);
      const id = Object.fromEntries(rows.map((r) => [r.text, r.id]));
      const texts = (xs: Array<{ text: string }>) => xs.map((x) => x.text);
      expect(texts(await s.outbox.claimOutbox('r1', ['telegram'], 10, 60_000))).toEqual(['A1', 'B1']);
      // Held by r1: nothing for r2, not even the chats' next rows.
      expect(await s.outbox.claimOutbox('r2', ['telegram'], 10, 60_000)).toEqual([]);
      expect(texts(await s.outbox.claimOutbox('r2', ['zalo', 'telegram'], 10, 60_000))).toEqual(['C1']);
      await s.outbox.finishOutbox(id.A1!, 'sent', '1');
      expect(texts(await s.outbox.claimOutbox('r2', ['telegram'], 10, 60_000))).toEqual(['A2']);
      await s.outbox.finishOutbox(id.B1!, 'parked');
      await s.outbox.finishOutbox(id.A2!, 'undelivered');
      expect(texts(await s.outbox.claimOutbox('r1', ['telegram'], 1, 60_000))).toEqual(['A3']);
      expect(texts(await s.outbox.claimOutbox('r1', ['telegram'], 5, 60_000))).toEqual(['B2']);
      expect(await s.outbox.claimOutbox('r1', [], 5, 60_000)).toEqual([]);
    });

    it('claims a row again once the lease of a replica that died ran out', async () => {
      const r = await h.replica();
      await s.outbox.queueMessages([{ chat: tg('A'), out: out('A1') }, { chat: tg('A'), out: out('A2') }]);
      const [held] = await s.outbox.claimOutbox('dead', ['telegram'], 10, 30);
      expect(held?.text).toBe('A1');
      // The lease runs out (by the store's lease clock: the injected one, or the database's).
      clock.advance(60_000);
      const again = await until(async () => {
        const got = await r.outbox.claimOutbox('alive', ['telegram'], 10, 60_000);
        return got.length ? got : undefined;
      }, 'the row to be claimed again');
      expect(again.map((x) => [x.id, x.text])).toEqual([[held!.id, 'A1']]);
      // Now held by a live replica: nobody else gets it, nor the chat's next row.
      expect(await s.outbox.claimOutbox('third', ['telegram'], 10, 60_000)).toEqual([]);
    });

    it('keeps a claim its replica renews; only a claim left to run out is taken again', async () => {
      const r = await h.replica();
      await s.outbox.queueMessages([{ chat: tg('A'), out: out('A1') }, { chat: tg('B'), out: out('B1') }]);
      const [a] = await s.outbox.claimOutbox('slow', ['telegram'], 1, 30);
      const [b] = await s.outbox.claimOutbox('dead', ['telegram'], 1, 30);
      expect([a?.text, b?.text]).toEqual(['A1', 'B1']);
      await s.outbox.renewClaims('slow', [a!.id], 60_000);
      // Another owner's renewal changes nothing.
      await s.outbox.renewClaims('intruder', [b!.id], 60_000);
      clock.advance(1000);
      const again = await until(async () => {
        const got = await r.outbox.claimOutbox('alive', ['telegram'], 10, 60_000);
        return got.length ? got : undefined;
      }, 'the row left to run out to be claimed again');
      expect(again.map((x) => x.text)).toEqual(['B1']);
      expect(await r.outbox.claimOutbox('alive', ['telegram'], 10, 60_000)).toEqual([]);
    });

    it("keeps each chat's order while two replicas drain the outbox together", async () => {
      const r = await h.replica();
      const sends = [];
      // Each chat's rows one after the other: a claim that ignored the chat's head would take several.
      for (let c = 0; c < 8; c++) for (let n = 0; n < 5; n++) sends.push({ chat: tg(`c${c}`), out: out(`${c}:${n}`) });
      await s.outbox.queueMessages(sends);
      const next = new Map<string, number>();
      const inFlight = new Set<string>();
      const faults: string[] = [];
      const drain = async (stores: Stores, owner: string) => {
        for (;;) {
          const batch = await stores.outbox.claimOutbox(owner, ['telegram'], 3, 60_000);
          if (!batch.length) {
            if (!(await stores.outbox.outboxRows('pending')).length) return;
            await new Promise((res) => setTimeout(res, 1));
            continue;
          }
          for (const row of batch) {
            const [c, n] = row.text.split(':') as [string, string];
            if (inFlight.has(c)) faults.push(`${owner} claimed ${row.text} while another row of chat ${c} was claimed`);
            if (Number(n) !== (next.get(c) ?? 0)) faults.push(`${owner} claimed ${row.text} out of order`);
            inFlight.add(c);
          }
          for (const row of batch) {
            const [c, n] = row.text.split(':') as [string, string];
            // Marked before the row is finished: no claim can see the next row before that.
            next.set(c, Number(n) + 1);
            inFlight.delete(c);
            await stores.outbox.finishOutbox(row.id, 'sent', row.id);
          }
        }
      };
      await Promise.all([drain(s, 'r1'), drain(r, 'r2')]);
      expect(faults).toEqual([]);
      expect([...next.values()]).toEqual(Array(8).fill(5));
    });
  });

  describe.skipIf(factory.skip)('parking', () => {
    it('keeps messages until due, claimed by one owner at a time', async () => {
      const later = new Date(Date.parse(T0) + 3600_000);
      const p1 = await s.parking.park(tg('1'), { text: 'đỗ 1', outboxId: 'O7', ref: { deadline: 'BG-1', occurrence: '2024-03-10' } }, 'rate limit', new Date(T0));
      expect(p1).toMatchObject({ chat: 'telegram:1', text: 'đỗ 1', outboxId: 'O7', reason: 'rate limit', at: T0, notBefore: T0 });
      const p2 = await s.parking.park(tg('2'), { text: 'đỗ 2', buttons: [{ label: 'Xong', data: 'x' }] }, 'errors', later);
      await s.parking.park(zl('3'), { text: 'đỗ 3' }, 'errors', new Date(T0));
      expect((await s.parking.dueParked('telegram', new Date(T0), 'r1', 60_000)).map((p) => p.id)).toEqual([p1.id]);
      // p1 is held by r1; p2 is due only later.
      expect(await s.parking.dueParked('telegram', new Date(T0), 'r2', 60_000)).toEqual([]);
      expect(await s.parking.dueParked('telegram', later, 'r2', 30)).toMatchObject([{ id: p2.id, buttons: [{ label: 'Xong', data: 'x' }] }]);
      await s.parking.unpark(p1.id);
      await s.parking.unpark('P99999');
      // r2 died: its claim on p2 runs out and p2 is due again.
      clock.advance(120_000);
      const back = await until(async () => {
        const got = await s.parking.dueParked('telegram', later, 'r3', 60_000);
        return got.length ? got : undefined;
      }, 'the lease on the parked message to end');
      expect(back.map((p) => p.id)).toEqual([p2.id]);
      expect(await s.parking.dueParked('telegram', later, 'r4', 60_000)).toEqual([]);
      expect((await s.parking.dueParked('zalo', later, 'r4', 60_000)).map((p) => p.text)).toEqual(['đỗ 3']);
    });
  });

  describe.skipIf(factory.skip)('messages, chats and updates', () => {
    it('remembers which message is about which deadline (the newest wins)', async () => {
      await s.messages.rememberMessage(tg('1'), '10', { deadline: 'BG-1', occurrence: '2024-03-10', view: 'reminder' });
      await s.messages.rememberMessage(tg('1'), '11', { deadline: 'BG-2', occurrence: '2024-03-11' });
      await s.messages.rememberMessage(tg('1'), '11', { deadline: 'BG-3', occurrence: '2024-03-12' });
      expect(await s.messages.messageRef(tg('1'), '10')).toEqual({ deadline: 'BG-1', occurrence: '2024-03-10', view: 'reminder' });
      expect(await s.messages.messageRef(tg('1'), '11')).toEqual({ deadline: 'BG-3', occurrence: '2024-03-12' });
      expect(await s.messages.messageRef(tg('2'), '10')).toBeUndefined();
    });

    it('marks chats inactive and active again', async () => {
      expect(await s.chats.inactiveSince(tg('1'))).toBeUndefined();
      expect(await s.chats.markActive(tg('1'))).toBe(false);
      await s.chats.markInactive(tg('1'), 'bot bị chặn');
      expect(await s.chats.inactiveSince(tg('1'))).toEqual({ at: T0, reason: 'bot bị chặn' });
      expect(await s.chats.markActive(tg('1'))).toBe(true);
      expect(await s.chats.inactiveSince(tg('1'))).toBeUndefined();
    });

    it('moves everything about a chat to its new id', async () => {
      const from = tg('-1');
      const to = tg('-1001');
      await s.bindings.bind(from, 'VP', an, 'Nhóm cũ');
      await s.bindings.noteActivity(from, T0);
      await s.bindings.requestBinding(from, 'group', 'TC', an);
      await s.subscriptions.setSloganChat(from, true, an);
      await s.messages.rememberMessage(from, '5', { deadline: 'BG-1', occurrence: '2024-03-10' });
      await s.parking.park(from, { text: 'đỗ' }, 'errors', new Date(T0));
      await s.outbox.queueMessages([{ chat: from, out: { text: 'chờ gửi' } }]);
      await s.confirmations.confirm({ deadline: 'BG-1', occurrence: '2024-03-10', unit: 'VP', kind: 'xong', user: an, chat: from });
      await s.chats.markInactive(from, 'migrated');
      await s.chats.moveChat(from, to);
      expect(await s.bindings.bindingOf(from)).toBeUndefined();
      expect(await s.bindings.bindingOf(to)).toEqual({ unit: 'VP', at: T0, by: an, title: 'Nhóm cũ', lastActive: T0 });
      expect((await s.bindings.pendingRequests()).map((r) => r.chat)).toEqual(['telegram:-1001']);
      expect(await s.subscriptions.sloganChats()).toEqual([to]);
      expect(await s.messages.messageRef(to, '5')).toEqual({ deadline: 'BG-1', occurrence: '2024-03-10' });
      expect((await s.parking.dueParked('telegram', new Date(T0), 'r', 1000)).map((p) => p.chat)).toEqual(['telegram:-1001']);
      expect((await s.outbox.outboxRows('pending')).map((r) => r.chat)).toEqual(['telegram:-1001']);
      const [c] = await s.confirmations.confirmationsOf([{ deadline: 'BG-1', occurrence: '2024-03-10' }]);
      expect([c?.received.chat, c?.completed?.chat]).toEqual(['telegram:-1001', 'telegram:-1001']);
      expect(await s.chats.inactiveSince(from)).toBeUndefined();
      await s.chats.moveChat(to, to);
      expect((await s.bindings.bindingOf(to))?.unit).toBe('VP');
    });

    it('claims each update once, also across replicas, and not when its unit of work failed', async () => {
      expect(await s.updates.claimUpdate('telegram:1')).toBe(true);
      expect(await s.updates.claimUpdate('telegram:1')).toBe(false);
      const r = await h.replica();
      for (let i = 2; i < 12; i++) {
        const got = await Promise.all([s.updates.claimUpdate(`telegram:${i}`), r.updates.claimUpdate(`telegram:${i}`)]);
        expect(got.filter(Boolean)).toHaveLength(1);
      }
      await expect(
        s.atomically(async () => {
          expect(await s.updates.claimUpdate('zalo:m1')).toBe(true);
          throw new Error('the update failed');
        }),
      ).rejects.toThrow('the update failed');
      expect(await s.updates.claimUpdate('zalo:m1')).toBe(true);
    });
  });

  describe.skipIf(factory.skip)('subscriptions, announcements, audit', () => {
    it('turns the slogan of the day on and off', async () => {
      expect(await s.subscriptions.setSloganChat(tg('1'), true, an)).toBe(true);
      expect(await s.subscriptions.setSloganChat(tg('1'), true, an)).toBe(false);
      await s.subscriptions.setSloganChat(zl('2'), true, an);
      expect(await s.subscriptions.isSloganChat(tg('1'))).toBe(true);
      expect(await s.subscriptions.isSloganChat(tg('3'))).toBe(false);
      expect(await s.subscriptions.sloganChats()).toEqual([tg('1'), zl('2')]);
      expect(await s.subscriptions.setSloganChat(tg('1'), false, an)).toBe(true);
      expect(await s.subscriptions.setSloganChat(tg('1'), false, an)).toBe(false);
      expect(await s.subscriptions.sloganChats()).toEqual([zl('2')]);
    });

    it('adds announcements with ids of their own', async () => {
      const a = await s.announcements.addAnnouncement({ text: 'Họp giao ban', units: ['VP', 'TC'], day: '2024-03-04', due: '2024-03-08', by: an });
      const b = await s.announcements.addAnnouncement({ text: 'Nộp báo cáo', units: [], day: '2024-03-04', due: null, by: binh });
      expect(a).toEqual({ id: a.id, text: 'Họp giao ban', units: ['VP', 'TC'], day: '2024-03-04', due: '2024-03-08', at: T0, by: an });
      expect(a.id).not.toBe(b.id);
      expect(await s.announcements.announcements()).toEqual([a, b]);
    });

    it('keeps an audit log, newest first', async () => {
      await s.audit.record({ actor: { ...an, chat: 'telegram:1' }, action: 'confirm', subject: 'BG-1@2024-03-10#VP', detail: { kind: 'xong' } });
      clock.advance(1000);
      await s.audit.record({ actor: binh, action: 'bind', subject: 'telegram:2' });
      const recent = await s.audit.recent(10);
      expect(recent).toEqual([
        { at: new Date(Date.parse(T0) + 1000).toISOString(), actor: binh, action: 'bind', subject: 'telegram:2' },
        { at: T0, actor: { ...an, chat: 'telegram:1' }, action: 'confirm', subject: 'BG-1@2024-03-10#VP', detail: { kind: 'xong' } },
      ]);
      expect(await s.audit.recent(1)).toHaveLength(1);
    });

    it('searches the audit log by action, actor, subject prefix and time, newest first, a page at a time', async () => {
      const at = (min: number) => new Date(Date.parse(T0) + min * 60_000);
      const record = async (min: number, actor: typeof an & { chat?: string }, action: string, subject: string) => {
        clock.advance(at(min).getTime() - clock.now().getTime());
        await s.audit.record({ actor, action, subject, detail: { n: min } });
      };
      await record(0, { ...an, chat: 'telegram:1' }, 'confirm', 'BG-1@2024-03-10#VP');
      await record(1, binh, 'bind', 'telegram:2');
      await record(2, an, 'confirm', 'BG-1@2024-03-17#TC');
      await record(3, binh, 'confirm', 'BG-2@2024-03-10#VP');
      await record(4, an, 'web-sign-in', 'web');
      const mins = (p: { entries: Array<{ detail?: Record<string, unknown> | undefined }> }) => p.entries.map((e) => e.detail?.n);
      expect(mins(await s.audit.search({}, 10))).toEqual([4, 3, 2, 1, 0]);
      expect((await s.audit.search({}, 10)).next).toBeUndefined();
      expect((await s.audit.search({ action: 'confirm' }, 10)).entries[2]).toEqual({
        at: T0, actor: { ...an, chat: 'telegram:1' }, action: 'confirm', subject: 'BG-1@2024-03-10#VP', detail: { n: 0 },
      });
      expect(mins(await s.audit.search({ action: 'confirm' }, 10))).toEqual([3, 2, 0]);
      expect(mins(await s.audit.search({ action: 'conf' }, 10))).toEqual([]);
      // The actor: an id exactly, or a part of the name whatever its case.
      expect(mins(await s.audit.search({ actor: 'u2' }, 10))).toEqual([3, 1]);
      expect(mins(await s.audit.search({ actor: 'u3' }, 10))).toEqual([]);
      expect(mins(await s.audit.search({ actor: 'văn AN' }, 10))).toEqual([4, 2, 0]);
      expect(mins(await s.audit.search({ actor: 'TRẦN' }, 10))).toEqual([3, 1]);
      // The subject: a prefix, taken literally (no pattern characters).
      expect(mins(await s.audit.search({ subject: 'BG-1@' }, 10))).toEqual([2, 0]);
      expect(mins(await s.audit.search({ subject: 'BG-%' }, 10))).toEqual([]);
      expect(mins(await s.audit.search({ subject: '@2024' }, 10))).toEqual([]);
      // Time: from inclusive, to exclusive.
      expect(mins(await s.audit.search({ from: at(1), to: at(3) }, 10))).toEqual([2, 1]);
      expect(mins(await s.audit.search({ action: 'confirm', actor: 'u1', from: at(1) }, 10))).toEqual([2]);
      // Pages: the cursor of one page gives the next, the last page has none.
      const first = await s.audit.search({}, 2);
      expect(mins(first)).toEqual([4, 3]);
      const second = await s.audit.search({ before: first.next }, 2);
      expect(mins(second)).toEqual([2, 1]);
      const third = await s.audit.search({ before: second.next }, 2);
      expect(third).toMatchObject({ entries: [{ subject: 'BG-1@2024-03-10#VP' }] });
      expect(third.next).toBeUndefined();
      const filtered = await s.audit.search({ action: 'confirm' }, 2);
      expect(mins(await s.audit.search({ action: 'confirm', before: filtered.next }, 2))).toEqual([0]);
      // A page of exactly the rest has no next page; an unreadable cursor starts from the newest.
      expect((await s.audit.search({ action: 'bind' }, 1)).next).toBeUndefined();
      expect(mins(await s.audit.search({ before: "x' OR 1=1 --" }, 1))).toEqual([4]);
      expect(await s.audit.search({}, 0)).toEqual({ entries: [] });
    });

    it('pages through entries recorded at the same instant without losing or repeating one', async () => {
      // A fixed clock (BOT_NOW) records every entry at the same time.
      for (let i = 0; i < 7; i++) await s.audit.record({ actor: an, action: 'confirm', subject: `S${i}` });
      const seen: string[] = [];
      let before: string | undefined;
      for (let page = 0; page < 10; page++) {
        const p = await s.audit.search({ before }, 3);
        seen.push(...p.entries.map((e) => e.subject));
        if (!p.next) break;
        before = p.next;
      }
      expect(seen).toEqual(['S6', 'S5', 'S4', 'S3', 'S2', 'S1', 'S0']);
    });
  });

  describe.skipIf(factory.skip)('tokens', () => {
    it('saves the Zalo pair', async () => {
      expect(await s.tokens.zaloTokens()).toBeNull();
      await s.tokens.saveZaloTokens({ access: 'a1', refresh: 'r1', expiresAt: '2024-03-04T02:00:00.000Z' });
      expect(await s.tokens.zaloTokens()).toEqual({ access: 'a1', refresh: 'r1', expiresAt: '2024-03-04T02:00:00.000Z', updatedAt: T0 });
    });

    it('refreshes once when two replicas need a new pair at once; the other sees the new pair', async () => {
      await s.tokens.saveZaloTokens({ access: 'a1', refresh: 'r1', expiresAt: T0 });
      const r = await h.replica();
      let refreshes = 0;
      const refresher = (stores: Stores) =>
        stores.tokens.refreshingTokens(async (current) => {
          if (current?.refresh !== 'r1') return current?.access;
          refreshes++;
          // The platform call takes a while (a few round trips), so a second refresher would overlap.
          for (let i = 0; i < 5; i++) await r.bindings.chatCounts();
          await stores.tokens.saveZaloTokens({ access: 'a2', refresh: 'r2', expiresAt: T0 });
          return 'a2';
        });
      const got = await Promise.all([refresher(s), refresher(r), refresher(s)]);
      expect(refreshes).toBe(1);
      expect(got).toEqual(['a2', 'a2', 'a2']);
      expect((await r.tokens.zaloTokens())?.refresh).toBe('r2');
    });

    it('keeps a pair saved by a refresh that failed afterwards', async () => {
      await expect(
        s.tokens.refreshingTokens(async () => {
          await s.tokens.saveZaloTokens({ access: 'a3', refresh: 'r3', expiresAt: T0 });
          throw new Error('network after save');
        }),
      ).rejects.toThrow('network after save');
      expect((await s.tokens.zaloTokens())?.refresh).toBe('r3');
    });
  });

  describe.skipIf(factory.skip)('web console sign-in', () => {
    const MIN = 60_000;
    const until = (ms: number) => new Date(clock.now().getTime() + ms);

    it('opens one session per link, on any replica, and never twice', async () => {
      const r = await h.replica();
      await s.web.issueLink('link-1', { role: 'viewer', user: binh }, until(10 * MIN));
      // Two replicas open the same link at once: one session.
      const [a, b] = await Promise.all([
        s.web.redeemLink('link-1', clock.now(), 'session-a', until(480 * MIN)),
        r.web.redeemLink('link-1', clock.now(), 'session-b', until(480 * MIN)),
      ]);
      const opened = [a, b].filter((x) => x !== undefined);
      expect(opened).toEqual([{ role: 'viewer', user: binh, expiresAt: until(480 * MIN).toISOString() }]);
      const hash = a ? 'session-a' : 'session-b';
      expect(await r.web.session(hash, clock.now())).toEqual(opened[0]);
      expect(await s.web.session(a ? 'session-b' : 'session-a', clock.now())).toBeUndefined();
      expect(await s.web.redeemLink('link-1', clock.now(), 'session-c', until(MIN))).toBeUndefined();
      expect(await s.web.session('session-c', clock.now())).toBeUndefined();
    });

    it('refuses an expired link, ends sessions at sign-out and at their expiry', async () => {
      await s.web.issueLink('link-2', { role: 'admin', user: an }, until(10 * MIN));
      expect(await s.web.redeemLink('link-2', until(10 * MIN), 'session-x', until(20 * MIN))).toBeUndefined();
      expect(await s.web.session('session-x', clock.now())).toBeUndefined();
      await s.web.issueLink('link-3', { role: 'admin', user: an }, until(10 * MIN));
      expect((await s.web.redeemLink('link-3', clock.now(), 'session-y', until(60 * MIN)))?.role).toBe('admin');
      expect((await s.web.session('session-y', until(59 * MIN)))?.user).toEqual(an);
      expect(await s.web.session('session-y', until(60 * MIN))).toBeUndefined();
      await s.web.issueLink('link-4', { role: 'admin', user: an }, until(10 * MIN));
      await s.web.redeemLink('link-4', clock.now(), 'session-z', until(60 * MIN));
      await s.web.endSession('session-z');
      await s.web.endSession('session-unknown');
      expect(await s.web.session('session-z', clock.now())).toBeUndefined();
    });
  });

  describe.skipIf(factory.skip)('atomically', () => {
    it('writes every change of the unit together, or none when it fails', async () => {
      const result = await s.atomically(async () => {
        await s.bindings.bind(tg('1'), 'VP', an);
        await s.confirmations.confirm({ deadline: 'BG-1', occurrence: '2024-03-10', unit: 'VP', kind: 'nhan', user: an, chat: tg('1') });
        await s.outbox.queueMessages([{ chat: tg('1'), out: { text: 'đã nhận' } }]);
        return 42;
      });
      expect(result).toBe(42);
      expect((await s.bindings.bindingOf(tg('1')))?.unit).toBe('VP');

      const failure = new Error('boom');
      await expect(
        s.atomically(async () => {
          await s.bindings.bind(tg('2'), 'VP', an);
          await s.confirmations.confirm({ deadline: 'BG-1', occurrence: '2024-03-10', unit: 'TC', kind: 'nhan', user: an, chat: tg('2') });
          await s.outbox.queueReminders([{ key: 'k', status: 'queued', sends: [{ chat: tg('2'), out: { text: 'nhắc' } }] }]);
          await s.messages.rememberMessage(tg('2'), '1', { deadline: 'BG-1', occurrence: '2024-03-10' });
          await s.audit.record({ actor: an, action: 'x', subject: 'y' });
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await s.bindings.bindingOf(tg('2'))).toBeUndefined();
      expect((await s.confirmations.confirmationsOf([{ deadline: 'BG-1', occurrence: '2024-03-10' }])).map((c) => c.unit)).toEqual(['VP']);
      expect(await s.outbox.recordedReminders(['k'])).toEqual(new Set());
      expect((await s.outbox.outboxRows()).map((r) => r.text)).toEqual(['đã nhận']);
      expect(await s.messages.messageRef(tg('2'), '1')).toBeUndefined();
      expect(await s.audit.recent(5)).toEqual([]);
    });

    it('is not seen by a replica before it ends', async () => {
      const r = await h.replica();
      let seenInside: unknown = 'not asked';
      await s.atomically(async () => {
        await s.bindings.bind(tg('7'), 'VP', an);
        seenInside = await r.bindings.bindingOf(tg('7'));
      });
      // A replica (another process) sees nothing until the end; a single-process store is its own replica.
      if (r !== s) expect(seenInside).toBeUndefined();
      expect((await r.bindings.bindingOf(tg('7')))?.unit).toBe('VP');
    });
  });

  describe.skipIf(factory.skip)('content', () => {
    it('serves the org and plans of the data folder, and a published plan to every replica at once', async () => {
      const loaded = await s.content.load();
      expect((loaded.org.raw as { units: unknown[] }).units.length).toBeGreaterThan(0);
      expect(loaded.plans.map((p) => (p.raw as { id: string }).id)).toEqual(['bac-giang-2023', 'binh-phuoc-2022', 'dak-nong-2022', 'quang-ngai-dan-van', 'tay-ninh-2023']);
      expect(loaded.revision).toBe(await s.content.revision());
      const r = await h.replica();
      const before = await r.content.revision();
      const raw = { ...(loaded.plans[0]!.raw as object), id: 'ke-hoach-moi', title: 'Kế hoạch mới' };
      await s.content.publishPlan({ id: 'ke-hoach-moi' }, raw, 'Văn bản kế hoạch mới');
      const after = await r.content.revision();
      expect(after).not.toBe(before);
      const reloaded = await r.content.load();
      expect(reloaded.revision).toBe(after);
      expect(reloaded.plans.find((p) => (p.raw as { id: string }).id === 'ke-hoach-moi')?.raw).toEqual(raw);
      // Publishing the same plan again replaces it.
      await s.content.publishPlan({ id: 'ke-hoach-moi' }, { ...raw, title: 'Sửa' }, 'x');
      const plans = (await r.content.load()).plans.filter((p) => (p.raw as { id: string }).id === 'ke-hoach-moi');
      expect(plans.map((p) => (p.raw as { title: string }).title)).toEqual(['Sửa']);
    });
  });
});
