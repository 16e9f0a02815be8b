/**
 * Replays of signed Zalo OA webhooks against the real built process: an event outside the time
 * window is refused however well signed, and every event kind (messages by `msg_id`,
 * follow/unfollow by event, user and timestamp) is acted on once, also after a restart. Also
 * the stable update key each channel gives its updates.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mapBotUpdate, mapOaEvent, oaEventKey } from '../../src/channels/zalo/map.js';
import { tempDir, wholeStateSync } from '../helpers.js';
import { FakeZalo, oaEvent, oaFollow, signedPost, ZALO_E2E_NOW } from './fake-zalo.js';
import { httpPortOf, logLine, startCli, type Running } from './run.js';
import { WAIT_MS, waitUntil } from './wait.js';

const STAFF = 'staff-2';
const NOW = Date.parse(ZALO_E2E_NOW);
const MINUTE = 60_000;
const CS = '/v3.0/oa/message/cs';

let zalo: FakeZalo | undefined;
let bot: Running | undefined;

afterEach(async () => {
  await bot?.stop('SIGKILL');
  await zalo?.stop();
  bot = undefined;
  zalo = undefined;
});

async function launch(z: FakeZalo, db: string, extra: Record<string, string> = {}): Promise<string> {
  bot = startCli(['start'], {
    ZALO_OA_ACCESS_TOKEN: z.validAccess,
    ZALO_OA_REFRESH_TOKEN: z.validRefresh,
    ZALO_APP_ID: z.appId,
    ZALO_APP_SECRET: z.appSecret,
    ZALO_OA_SECRET_KEY: z.oaSecretKey,
    ZALO_OA_API_BASE: z.base,
    ZALO_OAUTH_BASE: z.base,
    ZALO_CHAT_INTERVAL_MS: '0',
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    DB_FILE: db,
    BOT_NOW: ZALO_E2E_NOW,
    ...extra,
  });
  return `http://127.0.0.1:${await httpPortOf(bot)}/zalo/webhook`;
}

const textOf = (c: { body: Record<string, unknown> }) => String((c.body.message as { text?: string }).text ?? '');
const repliesMatching = (z: FakeZalo, pattern: RegExp) => z.sends(CS).filter((c) => pattern.test(textOf(c)));
// The whole state on disk: the file and its journal (written while the bot runs).
const saved = (db: string) => (existsSync(db) ? (wholeStateSync(db) as unknown as { chats: Record<string, { inactive?: unknown }>; updates: Record<string, string> }) : undefined);

describe('zalo OA webhook freshness (built process, signed replays)', () => {
  it('refuses a well-signed event from 90 days ago or from the future (403, one info line), nothing processed or stored', async () => {
    const z = (zalo = await new FakeZalo().start());
    const db = join(tempDir(), 'db.json');
    const hook = await launch(z, db);
    const old = oaEvent('user', STAFF, '/khauhieu 3', { msgId: 'old-1', timestamp: NOW - 90 * 24 * 60 * MINUTE });
    expect(await signedPost(hook, old, z.oaSecretKey)).toBe(403);
    const future = oaEvent('user', STAFF, '/khauhieu 3', { msgId: 'future-1', timestamp: NOW + 60 * MINUTE });
    expect(await signedPost(hook, future, z.oaSecretKey)).toBe(403);
    const oldUnfollow = oaFollow('unfollow', STAFF, { timestamp: NOW - 90 * 24 * 60 * MINUTE });
    expect(await signedPost(hook, oldUnfollow, z.oaSecretKey)).toBe(403);
    // Inside the window (14 minutes either way): answered.
    expect(await signedPost(hook, oaEvent('user', STAFF, '/khauhieu 4', { timestamp: NOW - 14 * MINUTE }), z.oaSecretKey)).toBe(200);
    expect(await signedPost(hook, oaEvent('user', STAFF, '/khauhieu 5', { timestamp: NOW + 14 * MINUTE }), z.oaSecretKey)).toBe(200);
    await z.waitFor(() => repliesMatching(z, /Khẩu hiệu số 4/).length === 1 && repliesMatching(z, /Khẩu hiệu số 5/).length === 1);
    await logLine(bot!, /INFO zalo event user_send_text refused: timestamp .*outside/);
    expect(await bot!.stop()).toBe(0);
    expect(repliesMatching(z, /Khẩu hiệu số 3/)).toHaveLength(0);
    const refusals = bot!.stderr().split('\n').filter((l) => /refused: timestamp/.test(l));
    expect(refusals).toHaveLength(3);
    for (const line of refusals) expect(line).toMatch(/ INFO /);
    const file = readFileSync(db, 'utf8');
    expect(file).not.toMatch(/old-1|future-1/);
    expect(saved(db)!.chats[`zalo:${STAFF}`]).toBeUndefined();
  });

  it('takes its window from ZALO_OA_MAX_EVENT_AGE_SEC', async () => {
    const z = (zalo = await new FakeZalo().start());
    const hook = await launch(z, join(tempDir(), 'db.json'), { ZALO_OA_MAX_EVENT_AGE_SEC: '60' });
    expect(await signedPost(hook, oaEvent('user', STAFF, '/khauhieu 6', { timestamp: NOW - 2 * MINUTE }), z.oaSecretKey)).toBe(403);
    expect(await signedPost(hook, oaEvent('user', STAFF, '/khauhieu 7', { timestamp: NOW - 30_000 }), z.oaSecretKey)).toBe(200);
    await z.waitFor(() => repliesMatching(z, /Khẩu hiệu số 7/).length === 1);
    expect(await bot!.stop()).toBe(0);
    expect(repliesMatching(z, /Khẩu hiệu số 6/)).toHaveLength(0);
  });
});

describe('zalo OA replays are acted on once (built process, signed replays)', () => {
  it('a signed message posted twice is answered once', async () => {
    const z = (zalo = await new FakeZalo().start());
    const hook = await launch(z, join(tempDir(), 'db.json'));
    const event = oaEvent('user', STAFF, '/khauhieu 8', { msgId: 'twice-1' });
    expect(await signedPost(hook, event, z.oaSecretKey)).toBe(200);
    expect(await signedPost(hook, event, z.oaSecretKey)).toBe(200);
    await z.waitFor(() => repliesMatching(z, /Khẩu hiệu số 8/).length === 1);
    // Stopping waits for the events in flight: every post has been handled when it exits.
    expect(await bot!.stop()).toBe(0);
    expect(repliesMatching(z, /Khẩu hiệu số 8/)).toHaveLength(1);
  });

  it('a signed unfollow replayed after the user followed again is ignored, also after a restart', async () => {
    const z = (zalo = await new FakeZalo().start());
    const db = join(tempDir(), 'db.json');
    let hook = await launch(z, db);
    const key = `zalo:${STAFF}`;
    const unfollow = oaFollow('unfollow', STAFF, { timestamp: NOW - 5 * MINUTE });
    expect(await signedPost(hook, unfollow, z.oaSecretKey)).toBe(200);
    await waitUntil(() => saved(db)?.chats[key]?.inactive, WAIT_MS, () => `no unfollow in ${JSON.stringify(saved(db))}`);
    expect(await signedPost(hook, oaFollow('follow', STAFF, { timestamp: NOW - 4 * MINUTE }), z.oaSecretKey)).toBe(200);
    await waitUntil(() => saved(db) && !saved(db)!.chats[key], WAIT_MS, () => `no follow in ${JSON.stringify(saved(db))}`);
    // The same signed unfollow again: the user stays followed.
    expect(await signedPost(hook, unfollow, z.oaSecretKey)).toBe(200);
    expect(await bot!.stop()).toBe(0);
    expect(saved(db)!.chats[key]).toBeUndefined();
    expect(bot!.stderr()).toMatch(/zalo event zalo:unfollow:staff-2:\d+ seen before: skipped/);

    // After a restart (nothing in memory), still ignored: the store remembers it.
    hook = await launch(z, db);
    expect(await signedPost(hook, unfollow, z.oaSecretKey)).toBe(200);
    expect(await bot!.stop()).toBe(0);
    expect(saved(db)!.chats[key]).toBeUndefined();
    expect(Object.keys(saved(db)!.updates)).toEqual(expect.arrayContaining([expect.stringMatching(/^zalo:unfollow:staff-2:/), expect.stringMatching(/^zalo:follow:staff-2:/)]));
  });

  // Needs the router to record `updateKey` with the message's effect (the lead's change): on
  // this branch alone the restarted process answers the replay again.
  it('a signed message replayed after a restart is answered once, and its key is recorded', async () => {
    const z = (zalo = await new FakeZalo().start());
    const db = join(tempDir(), 'db.json');
    let hook = await launch(z, db);
    const event = oaEvent('user', STAFF, '/khauhieu 9', { msgId: 'restart-1' });
    expect(await signedPost(hook, event, z.oaSecretKey)).toBe(200);
    await z.waitFor(() => repliesMatching(z, /Khẩu hiệu số 9/).length === 1);
    expect(await bot!.stop()).toBe(0);
    expect(saved(db)!.updates).toHaveProperty(['zalo:restart-1']);
    hook = await launch(z, db);
    expect(await signedPost(hook, event, z.oaSecretKey)).toBe(200);
    expect(await bot!.stop()).toBe(0);
    expect(repliesMatching(z, /Khẩu hiệu số 9/)).toHaveLength(1);
  });
});

describe('update keys', () => {
  it('gives every Zalo OA event kind a stable key: msg_id for messages, event + user + timestamp otherwise', () => {
    const msg = oaEvent('user', STAFF, '/help', { msgId: 'm-42' });
    expect(oaEventKey(msg)).toBe('zalo:m-42');
    expect(mapOaEvent(msg).incoming?.updateKey).toBe('zalo:m-42');
    const group = oaEvent('group', STAFF, '/help', { msgId: 'm-43', groupId: 'g1' });
    expect(mapOaEvent(group).incoming?.updateKey).toBe('zalo:m-43');
    const unfollow = oaFollow('unfollow', 'u7', { timestamp: 1695175200000 });
    expect(oaEventKey(unfollow)).toBe('zalo:unfollow:u7:1695175200000');
    // The same event posted again (even re-serialised) has the same key; another one does not.
    expect(oaEventKey(JSON.parse(JSON.stringify(unfollow)) as Record<string, unknown>)).toBe(oaEventKey(unfollow));
    expect(oaEventKey(oaFollow('follow', 'u7', { timestamp: 1695175200000 }))).toBe('zalo:follow:u7:1695175200000');
    expect(oaEventKey(oaFollow('unfollow', 'u7', { timestamp: 1695175200001 }))).not.toBe(oaEventKey(unfollow));
    expect(oaEventKey({ event_name: 'user_seen_message', sender: { id: 'u8' }, timestamp: 5 })).toBe('zalo:user_seen_message:u8:5');
  });

  it('keys Zalo Bot updates by message_id', () => {
    const upd = { event_name: 'message.text.received', message: { message_id: 'bm7', chat: { id: 'c1', chat_type: 'PRIVATE' }, from: { id: 'u', display_name: 'Hoa' }, text: 'hi' } };
    expect(mapBotUpdate(upd).incoming?.updateKey).toBe('zalobot:bm7');
  });
});
