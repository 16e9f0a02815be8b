/**
 * The lowdb unit of work: a failed unit is undone in memory and on disk, while changes made
 * meanwhile by other work (plain calls, other units) stay; units run side by side.
 */
import type { StoreData } from '../src/store/schema.js';
import { readWholeState } from '../src/store/lowdb/journal-format.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../src/core/clock.js';
import { openLowdbStores, type LowdbStores } from '../src/store/lowdb/stores.js';
import { DATA_DIR, tempDir } from './helpers.js';

const clock = fixedClock(new Date('2023-09-20T02:00:00Z'));
const an = { id: '1', name: 'An' };
const tg = (id: string) => ({ channel: 'telegram', chatId: id });
const occ = { deadline: 'BG-1', occurrence: '2024-03-10' };

function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

async function open(): Promise<LowdbStores> {
  return openLowdbStores({ file: join(tempDir(), 'db.json'), clock, dataDir: DATA_DIR });
}

/** The whole state on disk: the file with its journal replayed. */
function onDisk(s: LowdbStores): Promise<StoreData> {
  return readWholeState(s.file);
}

describe('lowdb unit of work', () => {
  it('writes nothing of a failed unit, even when another write ran while it was open, keeping that other change', async () => {
    const s = await open();
    const inside = gate();
    const resume = gate();
    const unit = s.atomically(async () => {
      await s.bindings.bind(tg('1'), 'VP', an);
      await s.confirmations.confirm({ ...occ, unit: 'VP', kind: 'xong', user: an, chat: tg('1') });
      await s.outbox.queueReminders([{ key: 'k1', status: 'queued', sends: [{ chat: tg('1'), out: { text: 'nhắc' } }] }]);
      inside.open();
      await resume.wait;
      throw new Error('import failed');
    });
    await inside.wait;
    // A plain call while the unit is open: its write does not take the unit's half-done changes.
    await s.bindings.bind(tg('2'), 'TC', an);
    expect((await onDisk(s)).bindings['telegram:2']?.unit).toBe('TC');
    expect((await onDisk(s)).bindings['telegram:1']).toBeUndefined();
    resume.open();
    // The unit rejects only once the file is back to what memory holds (no flush needed).
    await expect(unit).rejects.toThrow('import failed');
    const disk = await onDisk(s);
    expect(Object.keys(disk.bindings)).toEqual(['telegram:2']);
    expect(disk.confirmations).toEqual([]);
    expect(disk.outbox).toEqual([]);
    expect(disk.reminders).toEqual({});
    expect(await s.bindings.bindingOf(tg('1'))).toBeUndefined();
    expect((await s.bindings.bindingOf(tg('2')))?.unit).toBe('TC');
    expect(await s.outbox.recordedReminders(['k1'])).toEqual(new Set());
  });

  it('runs units side by side: one waiting does not hold another, and only the failed one is undone', async () => {
    const s = await open();
    const longImport = gate();
    const started = gate();
    const slow = s.atomically(async () => {
      await s.confirmations.confirm({ ...occ, unit: 'VP', kind: 'nhan', user: an, chat: tg('1') });
      started.open();
      await longImport.wait;
      throw new Error('bad file');
    });
    await started.wait;
    // Another chat's unit completes while the slow one is still open.
    await s.atomically(async () => {
      await s.confirmations.confirm({ ...occ, unit: 'TC', kind: 'nhan', user: an, chat: tg('2') });
      await s.audit.record({ actor: an, action: 'confirm', subject: 'TC' });
    });
    expect((await s.confirmations.confirmationsOf([occ])).map((c) => c.unit).sort()).toEqual(['TC', 'VP']);
    longImport.open();
    await expect(slow).rejects.toThrow('bad file');
    expect((await s.confirmations.confirmationsOf([occ])).map((c) => c.unit)).toEqual(['TC']);
    expect((await s.audit.recent(5)).map((e) => e.subject)).toEqual(['TC']);
    await s.flush();
    expect((await onDisk(s)).confirmations.map((c) => c.unit)).toEqual(['TC']);
  });

  it('does not clobber a later change by other work to the same record', async () => {
    const s = await open();
    await s.confirmations.confirm({ ...occ, unit: 'VP', kind: 'nhan', user: an, chat: tg('1') });
    const inside = gate();
    const resume = gate();
    const unit = s.atomically(async () => {
      await s.bindings.bind(tg('1'), 'VP', an);
      inside.open();
      await resume.wait;
      throw new Error('no');
    });
    await inside.wait;
    await s.bindings.bind(tg('1'), 'TC', an);
    resume.open();
    await expect(unit).rejects.toThrow('no');
    expect((await s.bindings.bindingOf(tg('1')))?.unit).toBe('TC');
    expect(await s.bindings.chatsOf('TC')).toEqual([tg('1')]);
    expect(await s.bindings.chatsOf('VP')).toEqual([]);
  });

  it('joins a nested unit to the outer one: the outer failure undoes both', async () => {
    const s = await open();
    await expect(
      s.atomically(async () => {
        await s.atomically(async () => {
          await s.subscriptions.setSloganChat(tg('5'), true, an);
          await s.chats.markInactive(tg('6'), 'blocked');
        });
        await s.messages.rememberMessage(tg('5'), '9', occ);
        throw new Error('outer');
      }),
    ).rejects.toThrow('outer');
    expect(await s.subscriptions.isSloganChat(tg('5'))).toBe(false);
    expect(await s.chats.inactiveSince(tg('6'))).toBeUndefined();
    expect(await s.messages.messageRef(tg('5'), '9')).toBeUndefined();
  });

  it('undoes a chat move and a decided request', async () => {
    const s = await open();
    const { request } = await s.bindings.requestBinding(tg('1'), 'group', 'VP', an);
    await s.parking.park(tg('1'), { text: 'p' }, 'why', new Date(0));
    await expect(
      s.atomically(async () => {
        await s.bindings.decideRequest(request.id, true, an, tg('9'));
        await s.chats.moveChat(tg('1'), tg('2'));
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await s.bindings.bindingOf(tg('1'))).toBeUndefined();
    expect(await s.bindings.bindingOf(tg('2'))).toBeUndefined();
    expect((await s.bindings.pendingRequests()).map((r) => [r.id, r.chat])).toEqual([[request.id, 'telegram:1']]);
    expect((await s.parking.dueParked('telegram', new Date(), 'me', 1000)).map((p) => p.chat)).toEqual(['telegram:1']);
  });
});
