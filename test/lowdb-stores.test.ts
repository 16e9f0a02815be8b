/** The lowdb stores behind the ports: outbox claims per chat with a lease, parked claims, audit, v5 files. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../src/core/clock.js';
import { SCHEMA_VERSION } from '../src/store/schema.js';
import { readWholeState } from '../src/store/lowdb/journal-format.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { DATA_DIR, tempDir } from './helpers.js';

const clock = fixedClock(new Date('2023-09-20T02:00:00Z'));
const a = { channel: 'telegram', chatId: '-1' };
const b = { channel: 'telegram', chatId: '-2' };
const z = { channel: 'zalo', chatId: 'u1' };

async function open(leaseNow?: () => number) {
  return openLowdbStores({ file: join(tempDir(), 'db.json'), clock, dataDir: DATA_DIR, ...(leaseNow ? { leaseNow } : {}) });
}

describe('lowdb outbox claims', () => {
  it('claims the oldest row of each chat of the channels asked, then the next once it is finished', async () => {
    const s = await open();
    await s.outbox.queueMessages([a, a, b, z].map((chat, i) => ({ chat, out: { text: `m${i}` } })));
    const first = await s.outbox.claimOutbox('me', ['telegram'], 10, 60_000);
    expect(first.map((r) => r.text)).toEqual(['m0', 'm2']);
    // Claimed rows hold their chats: nothing more until one is finished.
    expect(await s.outbox.claimOutbox('other', ['telegram'], 10, 60_000)).toEqual([]);
    await s.outbox.finishOutbox(first[0]!.id, 'sent', '11');
    expect((await s.outbox.claimOutbox('me', ['telegram'], 10, 60_000)).map((r) => r.text)).toEqual(['m1']);
    expect((await s.outbox.claimOutbox('me', ['telegram', 'zalo'], 1, 60_000)).map((r) => r.text)).toEqual(['m3']);
    expect((await s.outbox.outboxRows('sent')).map((r) => r.messageId)).toEqual(['11']);
  });

  it('claims a row again once its lease ran out (its work hung or died)', async () => {
    let t = 0;
    const s = await open(() => t);
    await s.outbox.queueMessages([{ chat: a, out: { text: 'x' } }]);
    expect(await s.outbox.claimOutbox('me', ['telegram'], 10, 1000)).toHaveLength(1);
    t = 999;
    expect(await s.outbox.claimOutbox('me', ['telegram'], 10, 1000)).toHaveLength(0);
    t = 1000;
    expect(await s.outbox.claimOutbox('other', ['telegram'], 10, 1000)).toHaveLength(1);
  });

  it('gives due parked messages once, until unparked or the lease ends', async () => {
    const s = await open();
    await s.parking.park(a, { text: 'p', outboxId: 'O7' }, 'why', new Date('2023-09-20T00:00:00Z'));
    await s.parking.park(b, { text: 'later' }, 'why', new Date('2999-01-01T00:00:00Z'));
    const now = new Date('2023-09-21T00:00:00Z');
    const due = await s.parking.dueParked('telegram', now, 'me', 60_000);
    expect(due.map((p) => [p.text, p.outboxId])).toEqual([['p', 'O7']]);
    expect(await s.parking.dueParked('telegram', now, 'me', 60_000)).toEqual([]);
    await s.parking.unpark(due[0]!.id);
    expect(await s.parking.dueParked('telegram', now, 'me', 60_000)).toEqual([]);
  });
});

describe('lowdb audit and updates', () => {
  it('keeps an audit log, newest first, written to the file', async () => {
    const s = await open();
    const actor = { id: '1', name: 'An', chat: 'telegram:-1' };
    await s.audit.record({ actor, action: 'confirm', subject: 'H8@2023-09-25#VP' });
    await s.audit.record({ actor, action: 'bind', subject: 'telegram:-1', detail: { unit: 'VP' } });
    expect((await s.audit.recent(5)).map((e) => e.action)).toEqual(['bind', 'confirm']);
    expect(await s.audit.recent(0)).toEqual([]);
    await s.flush();
    expect(JSON.parse(readFileSync(s.file, 'utf8')).audit).toHaveLength(2);
  });

  it('claims an update once', async () => {
    const s = await open();
    expect(await s.updates.claimUpdate('telegram:5')).toBe(true);
    expect(await s.updates.claimUpdate('telegram:5')).toBe(false);
  });

  it('upgrades a version 5 file with an empty audit log', async () => {
    const file = join(tempDir(), 'db.json');
    const v5 = { schemaVersion: 5, bindings: {}, requests: [], confirmations: [], messages: [], chats: {}, parked: [], reminders: {}, outbox: [], sloganChats: {}, announcements: [], updates: {}, zaloTokens: null, seq: { request: 0, parked: 0, outbox: 0, announcement: 0 } };
    writeFileSync(file, JSON.stringify(v5));
    const s = await openLowdbStores({ file, clock, dataDir: DATA_DIR });
    expect(await s.audit.recent(10)).toEqual([]);
    await s.bindings.bind(a, 'VP', { id: '1', name: 'An' });
    await s.close();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: SCHEMA_VERSION, audit: [] });
  });

  it('keeps web sessions (hashes only) in the journal and across a restart; a v6 file gets empty tables', async () => {
    const file = join(tempDir(), 'db.json');
    const v6 = { schemaVersion: 6, bindings: {}, requests: [], confirmations: [], messages: [], chats: {}, parked: [], reminders: {}, outbox: [], sloganChats: {}, announcements: [], updates: {}, zaloTokens: null, audit: [], seq: { request: 0, parked: 0, outbox: 0, announcement: 0 } };
    writeFileSync(file, JSON.stringify(v6));
    const s = await openLowdbStores({ file, clock, dataDir: DATA_DIR });
    const later = (min: number) => new Date(clock.now().getTime() + min * 60_000);
    await s.web.issueLink('h-link', { role: 'viewer', user: { id: '9', name: 'Lãnh đạo' } }, later(10));
    expect(await s.web.redeemLink('h-link', clock.now(), 'h-session', later(480))).toMatchObject({ role: 'viewer' });
    await s.flush();
    // Before the journal is compacted: file + journal hold the session, the link is gone.
    const state = await readWholeState(file);
    expect(Object.keys(state.webSessions)).toEqual(['h-session']);
    expect(state.webLinks).toEqual({});
    await s.close();
    const again = await openLowdbStores({ file, clock, dataDir: DATA_DIR });
    expect((await again.web.session('h-session', clock.now()))?.user.name).toBe('Lãnh đạo');
    await again.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
  });
});
