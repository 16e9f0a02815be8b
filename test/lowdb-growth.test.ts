/**
 * The lowdb file at department scale: compact JSON, records that would grow forever pruned after
 * their use, and a size ceiling past which a change is refused (pointing to PostgreSQL) while
 * the file stays whole.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreWriteError } from '../src/store/errors.js';
import { MAX_DONE_OUTBOX, REMINDER_RETENTION_DAYS } from '../src/store/lowdb/outbox.js';
import { Store } from '../src/store/lowdb/store.js';
import { LOOKBACK_DAYS } from '../src/scheduler/planner.js';
import { readWholeState } from '../src/store/lowdb/journal-format.js';
import { movableClock, tempDir } from './helpers.js';

const user = { id: '7', name: 'Lê Văn An' };
const chat = { channel: 'telegram', chatId: '-42' };
const DAY = 24 * 60 * 60 * 1000;
const T0 = '2024-03-04T01:00:00.000Z';
const later = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();

describe('lowdb growth', () => {
  it('writes compact JSON', async () => {
    const store = await Store.open({ file: join(tempDir(), 'db.json'), clock: movableClock(T0) });
    await store.bindings.bind(chat, 'VP', user);
    const text = readFileSync(store.file, 'utf8');
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    expect(text).not.toContain('\n');
  });

  it('prunes reminder steps long after the planner could ask about them, and keeps the recent ones', async () => {
    // The planner looks back LOOKBACK_DAYS: a record must outlive that by far.
    expect(REMINDER_RETENTION_DAYS).toBeGreaterThan(LOOKBACK_DAYS * 2);
    const clock = movableClock(T0);
    const store = await Store.open({ file: join(tempDir(), 'db.json'), clock });
    await store.outbox.queueReminders([{ key: 'old', status: 'skipped', sends: [] }]);
    clock.set(later(10));
    await store.outbox.queueReminders([{ key: 'recent', status: 'queued', sends: [{ chat, out: { text: 'nhắc' } }] }]);
    clock.set(later(REMINDER_RETENTION_DAYS - 1));
    await store.outbox.queueReminders([{ key: 'x', status: 'skipped', sends: [] }]);
    expect(store.outbox.reminder('old')).toBeDefined();
    clock.set(later(REMINDER_RETENTION_DAYS + 1));
    await store.outbox.queueReminders([{ key: 'y', status: 'skipped', sends: [] }]);
    expect(store.outbox.reminder('old')).toBeUndefined();
    expect(store.outbox.reminder('recent')).toBeDefined();
    expect(store.outbox.reminder('y')).toBeDefined();
    const onDisk = await readWholeState(store.file);
    expect(Object.keys(onDisk.reminders).sort()).toEqual(['recent', 'x', 'y']);
    // The pending row of a pruned-later step is untouched.
    expect(store.outbox.rows('pending').map((r) => r.key)).toEqual(['recent']);
  });

  it('keeps the newest finished outbox rows and every pending one', async () => {
    const store = await Store.open({ file: join(tempDir(), 'db.json'), clock: movableClock(T0) });
    const total = MAX_DONE_OUTBOX + MAX_DONE_OUTBOX / 5;
    const rows = await store.outbox.queueMessages(Array.from({ length: total + 3 }, (_, i) => ({ chat: { channel: 'telegram', chatId: String(i) }, out: { text: `m${i}` } })));
    await Promise.all(rows.slice(0, total).map((r, i) => store.outbox.finishOutbox(r.id, 'sent', String(i))));
    const done = store.outbox.rows('sent');
    expect(done.length).toBeGreaterThanOrEqual(MAX_DONE_OUTBOX);
    expect(done.length).toBeLessThanOrEqual(MAX_DONE_OUTBOX * 1.1);
    expect(done.at(-1)?.id).toBe(rows[total - 1]!.id);
    expect(done.some((r) => r.id === rows[0]!.id)).toBe(false);
    expect(store.outbox.rows('pending').map((r) => r.text)).toEqual([total, total + 1, total + 2].map((i) => `m${i}`));
    expect(store.outbox.heads(['telegram']).map((r) => r.text)).toEqual([total, total + 1, total + 2].map((i) => `m${i}`));
  });

  it('refuses a change past the size ceiling with a message pointing to PostgreSQL, and the file stays whole', async () => {
    const file = join(tempDir(), 'db.json');
    const clock = movableClock(T0);
    const store = await Store.open({ file, clock, maxJson: 4000 });
    const failures: StoreWriteError[] = [];
    store.onWriteFailure((e) => failures.push(e));
    const confirm = (i: number) => store.confirmations.confirm({ deadline: `D${i}`, occurrence: '2024-03-10', unit: 'VP', kind: 'nhan', user, chat });
    let i = 0;
    let refused: unknown;
    for (; i < 100 && refused === undefined; i++) await confirm(i).catch((e: unknown) => (refused = e));
    expect(refused).toBeInstanceOf(StoreWriteError);
    const error = refused as StoreWriteError;
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/vượt giới hạn/);
    expect(error.message).toMatch(/PostgreSQL/);
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain('npm run cli -- store copy');
    expect(failures).toHaveLength(1);
    // The refused change is not in memory; everything before it is, on disk, whole.
    const kept = i - 1;
    expect(store.confirmations.confirmationOf(`D${kept}`, '2024-03-10', 'VP')).toBeUndefined();
    expect(store.confirmations.confirmationOf(`D${kept - 1}`, '2024-03-10', 'VP')).toBeDefined();
    const text = readFileSync(file, 'utf8');
    expect(text.length).toBeLessThanOrEqual(4000);
    expect((JSON.parse(text) as { confirmations: unknown[] }).confirmations).toHaveLength(kept);
    await store.close();
    const again = await Store.open({ file, clock });
    expect(again.confirmations.size).toBe(kept);
  });
});
