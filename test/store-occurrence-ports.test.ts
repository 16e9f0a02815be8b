/**
 * The ports of the Hạn page, on every store: carrying an occurrence's confirmations to its new
 * day (in a unit of work, undone when it fails, kept over a restart), an occurrence's reminder
 * history (records, rows, parked reasons, found by key prefix only), and chat names.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../src/core/ports.js';
import type { ChatRef, Outgoing } from '../src/core/types.js';
import { journalOf } from '../src/store/lowdb/journal-format.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { contractFactories, type StoreHarness } from './stores.js';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const tg = (id: string): ChatRef => ({ channel: 'telegram', chatId: id });
const an = { id: 'u1', name: 'Nguyễn Văn An' };
const out = (text: string): Outgoing => ({ text });
const clock = { now: () => new Date('2024-03-04T01:00:00.000Z') };

describe.each(contractFactories)('Hạn page ports: $name', (factory) => {
  let h: StoreHarness;
  let s: Stores;
  let dir: string;

  beforeEach(async () => {
    if (factory.skip) return;
    dir = mkdtempSync(join(tmpdir(), 'loa-hanports-'));
    cpSync(DATA_DIR, dir, { recursive: true });
    h = await factory.open({ clock, dataDir: dir, dir });
    s = h.stores;
  });
  afterEach(async () => {
    if (factory.skip) return;
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const confirm = (occurrence: string, unit: string, kind: 'nhan' | 'xong' = 'nhan') =>
    s.confirmations.confirm({ deadline: 'H8', occurrence, unit, kind, user: an, chat: tg('-200') });
  const units = async (occurrence: string) => (await s.confirmations.confirmationsOf([{ deadline: 'H8', occurrence }])).map((c) => c.unit).sort();

  it.skipIf(factory.skip)('moves an occurrence’s confirmations to the new day, only that deadline’s, and not in a failed unit', async () => {
    await confirm('2023-09-25', 'TTRA', 'xong');
    await confirm('2023-09-25', 'VP');
    await s.confirmations.confirm({ deadline: 'H9', occurrence: '2023-09-25', unit: 'VP', kind: 'nhan', user: an, chat: tg('-200') });
    await expect(
      s.atomically(async () => {
        expect(await s.confirmations.moveOccurrence('H8', '2023-09-25', '2023-09-28')).toBe(2);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await units('2023-09-25')).toEqual(['TTRA', 'VP']);
    expect(await units('2023-09-28')).toEqual([]);

    expect(await s.atomically(() => s.confirmations.moveOccurrence('H8', '2023-09-25', '2023-09-28'))).toBe(2);
    expect(await units('2023-09-25')).toEqual([]);
    const moved = await s.confirmations.confirmationsOf([{ deadline: 'H8', occurrence: '2023-09-28' }]);
    expect(moved.find((c) => c.unit === 'TTRA')).toMatchObject({ occurrence: '2023-09-28', received: { by: an, chat: 'telegram:-200' }, completed: { by: an } });
    expect((await s.confirmations.confirmationsOf([{ deadline: 'H9', occurrence: '2023-09-25' }])).length).toBe(1);
    expect(await s.confirmations.moveOccurrence('H8', '2023-09-25', '2023-09-30')).toBe(0);
    // A confirmation moved is one like any other: completed, undone.
    expect((await confirm('2023-09-28', 'VP', 'xong')).outcome).toBe('upgraded');
    expect(await s.confirmations.undoConfirmation({ deadline: 'H8', occurrence: '2023-09-28', unit: 'TTRA' }, an)).toBeDefined();
    // Another replica (PostgreSQL), or the same file reopened (lowdb), sees the move.
    const r = await h.replica();
    expect((await r.confirmations.confirmationsOf([{ deadline: 'H8', occurrence: '2023-09-28' }])).map((c) => c.unit)).toEqual(['VP']);
  });

  it.skipIf(factory.skip)('gives an occurrence’s reminder steps with their messages, and none of another occurrence', async () => {
    await s.outbox.queueReminders([
      { key: 'H8@2023-09-25#TTRA#d-3', status: 'queued', sends: [{ chat: tg('-1'), out: out('a') }, { chat: tg('-2'), out: out('b') }] },
      { key: 'H8@2023-09-25#VP#d-3', status: 'no-chat', sends: [] },
      { key: 'H8@2023-09-25#VP#d-7', status: 'skipped', sends: [] },
      { key: 'H8@2023-09-26#TTRA#d-3', status: 'queued', sends: [{ chat: tg('-1'), out: out('other day') }] },
      { key: 'H80@2023-09-25#TTRA#d-3', status: 'queued', sends: [{ chat: tg('-1'), out: out('other deadline') }] },
      { key: 'H_@2023-09-25#TTRA#d-3', status: 'skipped', sends: [] },
    ]);
    const rows = await s.outbox.outboxRows('pending');
    const [first, second] = rows.filter((r) => r.key === 'H8@2023-09-25#TTRA#d-3');
    await s.outbox.finishOutbox(first!.id, 'sent', 'm1');
    await s.outbox.finishOutbox(second!.id, 'parked');
    await s.parking.park(tg('-2'), { text: 'b', outboxId: second!.id }, 'chờ 60 giây', new Date('2024-03-04T02:00:00.000Z'));

    const traces = await s.outbox.reminderTraces([{ deadline: 'H8', occurrence: '2023-09-25' }]);
    const byKey = new Map(traces.map((t) => [t.key, t]));
    expect([...byKey.keys()].sort()).toEqual(['H8@2023-09-25#TTRA#d-3', 'H8@2023-09-25#VP#d-3', 'H8@2023-09-25#VP#d-7']);
    const sent = byKey.get('H8@2023-09-25#TTRA#d-3')!;
    expect(sent.record).toEqual({ status: 'queued', at: '2024-03-04T01:00:00.000Z' });
    expect(sent.rows.map((r) => [r.row.chat, r.row.status, r.row.messageId ?? null, r.parked ?? null])).toEqual([
      ['telegram:-1', 'sent', 'm1', null],
      ['telegram:-2', 'parked', null, { reason: 'chờ 60 giây', notBefore: '2024-03-04T02:00:00.000Z' }],
    ]);
    expect(byKey.get('H8@2023-09-25#VP#d-3')).toEqual({ key: 'H8@2023-09-25#VP#d-3', record: { status: 'no-chat', at: '2024-03-04T01:00:00.000Z' }, rows: [] });
    // Two occurrences at once (a moved one's earlier day); a LIKE wildcard in an id is taken literally.
    const both = await s.outbox.reminderTraces([
      { deadline: 'H8', occurrence: '2023-09-25' },
      { deadline: 'H8', occurrence: '2023-09-26' },
    ]);
    expect(both.length).toBe(4);
    expect((await s.outbox.reminderTraces([{ deadline: 'H_', occurrence: '2023-09-25' }])).map((t) => t.key)).toEqual(['H_@2023-09-25#TTRA#d-3']);
    expect(await s.outbox.reminderTraces([])).toEqual([]);
  });

  it.skipIf(factory.skip)('names chats by their bound unit and their newest request’s title', async () => {
    await s.bindings.requestBinding(tg('-1'), 'group', 'TTRA', an, 'Tổ cũ');
    await s.bindings.requestBinding(tg('-1'), 'group', 'VP', an, 'Tổ tuyên truyền <b>');
    await s.bindings.bind(tg('-1'), 'TTRA', an);
    await s.bindings.bind(tg('-3'), 'VP', an);
    await s.bindings.requestBinding(tg('-4'), 'group', 'VP', an);
    const names = await s.bindings.chatNames(['telegram:-1', 'telegram:-3', 'telegram:-4', 'telegram:-9', 'telegram:-1']);
    expect(names.get('telegram:-1')).toEqual({ unit: 'TTRA', title: 'Tổ tuyên truyền <b>' });
    expect(names.get('telegram:-3')).toEqual({ unit: 'VP', title: undefined });
    expect(names.get('telegram:-4')).toEqual({ unit: undefined, title: undefined });
    expect(names.get('telegram:-9')).toEqual({ unit: undefined, title: undefined });
    expect((await s.bindings.chatNames([])).size).toBe(0);
  });
});

describe('lowdb: a moved occurrence over a restart', () => {
  it('replays the move from the journal, and from a compacted file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loa-hanmove-'));
    try {
      const open = () => openLowdbStores({ file: join(dir, 'db.json'), clock, dataDir: DATA_DIR });
      let s = await open();
      for (const unit of ['TTRA', 'VP']) await s.confirmations.confirm({ deadline: 'H8', occurrence: '2023-09-25', unit, kind: 'nhan', user: an, chat: tg('-200') });
      await s.atomically(() => s.confirmations.moveOccurrence('H8', '2023-09-25', '2023-09-28'));
      await s.confirmations.confirm({ deadline: 'H8', occurrence: '2023-09-28', unit: 'VP', kind: 'xong', user: an, chat: tg('-200') });
      await s.flush();
      // Reopened while the journal holds the move (a crash leaves it so; close compacts).
      const copy = mkdtempSync(join(tmpdir(), 'loa-hanmove-copy-'));
      cpSync(dir, copy, { recursive: true, filter: (f) => !f.endsWith('.lock') });
      expect(existsSync(journalOf(join(copy, 'db.json')))).toBe(true);
      const fromJournal = await openLowdbStores({ file: join(copy, 'db.json'), clock, dataDir: DATA_DIR });
      const state = async (x: Stores) =>
        (await x.confirmations.confirmationsOf([{ deadline: 'H8', occurrence: '2023-09-25' }, { deadline: 'H8', occurrence: '2023-09-28' }]))
          .map((c) => `${c.occurrence} ${c.unit} ${c.completed ? 'xong' : 'nhan'}`)
          .sort();
      expect(await state(fromJournal)).toEqual(['2023-09-28 TTRA nhan', '2023-09-28 VP xong']);
      await fromJournal.close();
      rmSync(copy, { recursive: true, force: true });
      await s.close();
      s = await open();
      expect(await state(s)).toEqual(['2023-09-28 TTRA nhan', '2023-09-28 VP xong']);
      await s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
