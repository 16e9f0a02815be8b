import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../src/core/clock.js';
import { backupDir } from '../src/store/backup.js';
import { SCHEMA_VERSION } from '../src/store/schema.js';
import { MAX_MESSAGE_REFS } from '../src/store/lowdb/delivery.js';
import { Store, StoreError } from '../src/store/lowdb/store.js';
import { movableClock, tempDir } from './helpers.js';

const clock = fixedClock(new Date('2023-09-20T02:00:00Z'));
const user = { id: '7', name: 'Lê Văn An' };
const chat = { channel: 'telegram', chatId: '-42' };

async function reopen(file: string, keepBackups?: number): Promise<Store> {
  return Store.open({ file, clock, ...(keepBackups ? { keepBackups } : {}) });
}

describe('store', () => {
  it('starts empty when the file is missing, creating its folder, and persists writes', async () => {
    const file = join(tempDir(), 'nested', 'db.json');
    const store = await Store.open({ file, clock });
    expect(store.bindings.bindingOf(chat)).toBeUndefined();
    await store.bindings.bind(chat, 'VP', user);
    await store.confirmations.confirm({ deadline: 'H8', occurrence: '2023-09-25', unit: 'VP', kind: 'nhan', user, chat });
    await store.flush();
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    expect(raw.schemaVersion).toBe(SCHEMA_VERSION);
    const again = await reopen(file);
    expect(again.bindings.bindingOf(chat)?.unit).toBe('VP');
    expect(again.confirmations.confirmationOf('H8', '2023-09-25', 'VP')).toMatchObject({
      received: { by: user, chat: 'telegram:-42', at: '2023-09-20T02:00:00.000Z' },
    });
  });

  it('records received, then completed; a repeat changes nothing', async () => {
    const store = await Store.open({ file: join(tempDir(), 'db.json'), clock: movableClock('2023-09-20T02:00:00Z') });
    const base = { deadline: 'H8', occurrence: '2023-09-25', unit: 'VP', user, chat };
    expect((await store.confirmations.confirm({ ...base, kind: 'nhan' })).outcome).toBe('new');
    expect((await store.confirmations.confirm({ ...base, kind: 'nhan' })).outcome).toBe('unchanged');
    expect((await store.confirmations.confirm({ ...base, kind: 'xong' })).outcome).toBe('upgraded');
    expect((await store.confirmations.confirm({ ...base, kind: 'xong' })).outcome).toBe('unchanged');
    expect((await store.confirmations.confirm({ ...base, kind: 'nhan' })).outcome).toBe('unchanged');
    expect(store.confirmations.confirmationsOf('H8', '2023-09-25')).toHaveLength(1);
    // Another occurrence of the same deadline is a separate confirmation.
    expect((await store.confirmations.confirm({ ...base, occurrence: '2024-09-25', kind: 'nhan' })).outcome).toBe('new');
  });

  it('completing first implies receiving', async () => {
    const store = await Store.open({ file: join(tempDir(), 'db.json'), clock });
    const { confirmation } = await store.confirmations.confirm({ deadline: 'H1', occurrence: '2023-12-31', unit: 'VP', kind: 'xong', user, chat });
    expect(confirmation.received).toEqual(confirmation.completed);
  });

  it('keeps one pending request per chat and unit, and decides it once', async () => {
    const store = await Store.open({ file: join(tempDir(), 'db.json'), clock });
    const a = await store.bindings.requestBinding(chat, 'group', 'TTKHCN', user);
    const b = await store.bindings.requestBinding(chat, 'group', 'TTKHCN', user);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.request.id).toBe(a.request.id);
    const admin = { id: '1', name: 'Admin' };
    expect((await store.bindings.decideRequest('r1', true, admin, { channel: 'telegram', chatId: '1' })).outcome).toBe('done');
    expect(store.bindings.bindingOf(chat)?.unit).toBe('TTKHCN');
    expect((await store.bindings.decideRequest('R1', false, admin, { channel: 'telegram', chatId: '1' })).outcome).toBe('already-decided');
    expect((await store.bindings.decideRequest('R9', true, admin, { channel: 'telegram', chatId: '1' })).outcome).toBe('not-found');
    expect(store.bindings.bindingOf(chat)?.unit).toBe('TTKHCN');
  });

  it('keeps a bounded list of message references, newest wins', async () => {
    const store = await Store.open({ file: join(tempDir(), 'db.json'), clock });
    await Promise.all(
      Array.from({ length: MAX_MESSAGE_REFS + 10 }, (_, i) =>
        store.delivery.rememberMessage(chat, String(i), { deadline: 'H8', occurrence: '2023-09-25' }),
      ),
    );
    expect(store.delivery.messageRef(chat, '0')).toBeUndefined();
    expect(store.delivery.messageRef(chat, String(MAX_MESSAGE_REFS + 9))).toEqual({ deadline: 'H8', occurrence: '2023-09-25' });
    expect(store.delivery.messageRef({ channel: 'zalo', chatId: '-42' }, '20')).toBeUndefined();
  });

  it('takes a dated backup at each start and keeps only the newest few', async () => {
    const file = join(tempDir(), 'db.json');
    const first = await Store.open({ file, clock });
    expect(first.backup).toBeUndefined();
    await first.bindings.bind(chat, 'VP', user);
    for (let i = 0; i < 4; i++) {
      const store = await reopen(file, 3);
      await store.bindings.bind({ channel: 'telegram', chatId: String(i) }, 'VP', user);
    }
    const names = readdirSync(backupDir(file));
    expect(names).toHaveLength(3);
    for (const n of names) {
      expect(n).toMatch(/^db-20230920-020000Z(-\d+)?\.json$/);
      expect(JSON.parse(readFileSync(join(backupDir(file), n), 'utf8')).bindings['telegram:-42'].unit).toBe('VP');
    }
  });

  it('does not copy an unchanged file again at each start: the newest backup already holds it', async () => {
    const file = join(tempDir(), 'db.json');
    const first = await Store.open({ file, clock });
    await first.bindings.bind(chat, 'VP', user);
    const second = await reopen(file);
    expect(second.backup).toBeDefined();
    const taken = statSync(second.backup!);
    for (let i = 0; i < 3; i++) expect((await reopen(file)).backup).toBe(second.backup);
    expect(readdirSync(backupDir(file))).toHaveLength(1);
    expect(statSync(second.backup!).mtimeMs).toBe(taken.mtimeMs);
    // A change since: the next start backs it up, beside the older state.
    await (await reopen(file)).bindings.bind({ channel: 'telegram', chatId: '1' }, 'TC', user);
    const third = await reopen(file);
    expect(third.backup).not.toBe(second.backup);
    expect(readdirSync(backupDir(file))).toHaveLength(2);
    expect(JSON.parse(readFileSync(third.backup!, 'utf8')).bindings['telegram:1'].unit).toBe('TC');
  });

  for (const [label, content] of [
    ['an empty file', ''],
    ['a file of spaces', '  \n'],
    ['truncated JSON', '{"schemaVersion":1,"bindings":{'],
    ['JSON of the wrong shape', '{"schemaVersion":1,"bindings":[]}'],
    ['an array', '[]'],
    ['a newer schema', '{"schemaVersion":99}'],
    ['binary garbage', '\u0000\u0001\u00ff\ufffd'],
  ] as const) {
    it(`refuses ${label}, names the file and the last backup, and never overwrites it`, async () => {
      const file = join(tempDir(), 'db.json');
      const good = await Store.open({ file, clock });
      await good.bindings.bind(chat, 'VP', user);
      await reopen(file); // takes a backup of the good file
      writeFileSync(file, content);
      const error = await reopen(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreError);
      const e = error as StoreError;
      expect(e.message).toContain(file);
      expect(e.lastBackup).toBeDefined();
      expect(e.message).toContain(e.lastBackup!);
      expect(readFileSync(file, 'utf8')).toBe(content);
      // The backup named is a good copy to restore from.
      writeFileSync(file, readFileSync(e.lastBackup!));
      expect((await reopen(file)).bindings.bindingOf(chat)?.unit).toBe('VP');
    });
  }

  it('says when there is no backup yet', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x'));
    const file = join(dir, 'x', 'db.json');
    writeFileSync(file, '{oops');
    await expect(reopen(file)).rejects.toThrow(/Chưa có bản sao lưu/);
  });

  it('serialises concurrent writes without losing any', async () => {
    const file = join(tempDir(), 'db.json');
    const store = await Store.open({ file, clock });
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.confirmations.confirm({ deadline: 'H5', occurrence: `2023-11-05`, unit: `U${i}`, kind: 'nhan', user, chat }),
      ),
    );
    await store.flush();
    expect((await reopen(file)).confirmations.confirmationsOf('H5', '2023-11-05')).toHaveLength(200);
  });
});

describe('store: chats and parked messages', () => {
  it('upgrades a version 1 file to the current schema', async () => {
    const file = join(tempDir(), 'db.json');
    writeFileSync(
      file,
      JSON.stringify({ schemaVersion: 1, bindings: { 'telegram:-42': { unit: 'VP', at: 'x', by: user } }, requests: [], confirmations: [], messages: [], seq: { request: 3 } }),
    );
    const store = await reopen(file);
    expect(store.bindings.bindingOf(chat)?.unit).toBe('VP');
    await store.close(); // compacts: the file is written whole, upgraded
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    expect(raw).toMatchObject({ schemaVersion: SCHEMA_VERSION, chats: {}, parked: [], outbox: [], zaloTokens: null, seq: { request: 3, parked: 0, outbox: 0 } });
  });

  it('moves a chat that became a supergroup, with its binding and history', async () => {
    const store = await Store.open({ file: join(tempDir(), 'db.json'), clock });
    const to = { channel: 'telegram', chatId: '-10042' };
    await store.bindings.bind(chat, 'TTKHCN', user);
    await store.confirmations.confirm({ deadline: 'H8', occurrence: '2023-09-25', unit: 'TTKHCN', kind: 'xong', user, chat });
    await store.delivery.rememberMessage(chat, '5', { deadline: 'H8', occurrence: '2023-09-25' });
    await store.bindings.requestBinding(chat, 'group', 'VP', user);
    await store.moveChat(chat, to);
    expect(store.bindings.bindingOf(chat)).toBeUndefined();
    expect(store.bindings.bindingOf(to)?.unit).toBe('TTKHCN');
    expect(store.delivery.messageRef(to, '5')).toEqual({ deadline: 'H8', occurrence: '2023-09-25' });
    expect(store.confirmations.confirmationOf('H8', '2023-09-25', 'TTKHCN')?.completed?.chat).toBe('telegram:-10042');
    expect(store.bindings.pendingRequests()[0]?.chat).toBe('telegram:-10042');
  });

  it('marks chats inactive and active again, and parks messages until sent', async () => {
    const file = join(tempDir(), 'db.json');
    const store = await Store.open({ file, clock });
    await store.delivery.markInactive(chat, 'Forbidden: bot was kicked');
    expect(store.delivery.inactiveSince(chat)?.reason).toMatch(/kicked/);
    expect(await store.delivery.markActive(chat)).toBe(true);
    expect(await store.delivery.markActive(chat)).toBe(false);
    const p = await store.delivery.park(chat, { text: 'xin chào', buttons: [{ label: 'a', data: '/a' }] }, '429', new Date('2023-09-20T03:00:00Z'));
    expect(p).toMatchObject({ id: 'P1', chat: 'telegram:-42', notBefore: '2023-09-20T03:00:00.000Z' });
    expect((await reopen(file)).delivery.parkedOf('telegram')).toHaveLength(1);
    expect(store.delivery.parkedOf('zalo')).toEqual([]);
    await store.delivery.unpark('P1');
    expect((await reopen(file)).delivery.parkedOf('telegram')).toEqual([]);
  });
});

describe('store: one writer per file', () => {
  it('refuses a second locked open while the first holds the file, and takes over a stale lock', async () => {
    const file = join(tempDir(), 'db.json');
    const first = await Store.open({ file, clock, lock: true });
    await expect(Store.open({ file, clock, lock: true })).resolves.toBeInstanceOf(Store); // same process: its own lock
    await first.close();
    // A live holder is refused (test/lock.test.ts); a PID alone that is not a Loa is not one (item 6).
    writeFileSync(`${file}.lock`, '999999999'); // a process that does not exist
    const taken = await Store.open({ file, clock, lock: true });
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    await taken.close();
    expect(() => readFileSync(`${file}.lock`)).toThrow();
  });
});
