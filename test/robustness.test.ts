/**
 * Nothing a user types may crash the bot or corrupt the store: empty, huge, emoji, control
 * characters, text without diacritics, unknown commands, hostile and random input.
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import type { Command } from '../src/core/command.js';
import { createEngine, ERROR_TEXT } from '../src/core/dispatcher.js';
import { Store } from '../src/store/lowdb/store.js';
import { harness, silentLogger, STAFF, UNIT_CHAT, wholeStateSync } from './helpers.js';

const HOSTILE = [
  '',
  ' ',
  '\n\n\n',
  '/',
  '//',
  '/ ',
  '/@',
  '/khauhieu@',
  '@LoaBot',
  'x'.repeat(10_000),
  '/khauhieu ' + 'ả'.repeat(10_000),
  '/deadline ' + 'H'.repeat(10_000),
  '/xacnhan ' + 'H8 '.repeat(3000),
  '/kehoach ' + '9'.repeat(400),
  '/khauhieu 99999999999999999999999',
  '/khauhieu -1',
  '/khauhieu 1.5',
  '😀🇻🇳👍🏽',
  '/khauhieu 🇻🇳',
  '/deadline 😀',
  '/dangky 😀',
  '\u0000\u0001\u0002/help\u0007',
  '/he\u0000lp',
  '\u202e/help',
  '/help\u200b',
  'khau hieu',
  '/khau hieu',
  '/deadline tat ca',
  '/DEADLINE TATCA',
  '/xacnhan h8 da hoan thanh',
  '/xacnhan __proto__',
  '/xacnhan H8 constructor',
  '/xacnhan H8 toString',
  '/dangky __proto__',
  '/dangky constructor',
  '/tiendo hasOwnProperty',
  '/duyet __proto__',
  '<script>alert(1)</script>',
  '*bold* _it_ `code` [link](http://x)',
  "'; DROP TABLE confirmations; --",
  '/xacnhan H8 nhan 31/02/2023',
  '/xacnhan H8 nhan 99/99/9999',
  '/tiendo H5 05/11/1800',
  '/deadline quahan quahan quahan',
  '/kehoach \t\t',
  '/unknowncommand with args',
  '/' + 'a'.repeat(300),
  '/start@LoaBot@LoaBot',
  'đã nhận H999',
  'xong',
];

function assertStoreIntact(file: string): void {
  // The whole state: the file with its journal replayed.
  expect(() => wholeStateSync(file)).not.toThrow();
}

describe('hostile input', () => {
  it('never throws, answers sensibly, and keeps the store valid', async () => {
    const h = await harness();
    await h.say('/dangky TTKHCN'); // the admin's chat is bound, so confirmations are exercised too
    for (const text of HOSTILE) {
      for (const chatType of ['private', 'group'] as const) {
        const outs = await h.say(text, { chatType });
        for (const o of outs) {
          expect(o.text, text.slice(0, 40)).not.toBe(ERROR_TEXT);
          expect(o.text.length).toBeGreaterThan(0);
          expect(o.text.length).toBeLessThanOrEqual(4096);
        }
        // In a private chat everything gets an answer, except a command addressed to another bot.
        if (chatType === 'private' && text.trim() !== '' && !/^\/\S*@\S/.test(text)) expect(outs.length, JSON.stringify(text.slice(0, 40))).toBeGreaterThan(0);
      }
    }
    expect(silentLogger.errors).toEqual([]);
    await h.flush();
    assertStoreIntact(h.file!);
    // Nothing odd was recorded.
    const units = new Set((await h.confirmationsOf('H8', '2023-09-25')).map((c) => c.unit));
    expect([...units]).toEqual(['TTKHCN']);
  });

  it('answers the same command with and without diacritics', async () => {
    const h = await harness();
    const body = (text: string) => text.split('\n').slice(1).join('\n');
    expect(body(await h.ask('/khauhieu dân vận khéo'))).toBe(body(await h.ask('/khauhieu dan van kheo')));
    expect(body(await h.ask('/khauhieu dân vận khéo'))).toContain('Dân vận khéo thì việc gì cũng thành công');
    expect(await h.ask('/kehoach bắc giang')).toBe(await h.ask('/kehoach bac giang'));
  });

  it('survives thousands of random and mutated messages', async () => {
    const h = await harness();
    await h.say('/dangky VP');
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ['/', ' ', 'a', 'H', '8', '1', 'đ', 'ã', '@', '\n', '\u0000', '😀', 'xong', 'nhan', 'tatca', '/', '2023', '/'];
    const names = commands.flatMap((c) => [c.name, ...c.aliases]);
    for (let i = 0; i < 3000; i++) {
      let text: string;
      if (i % 3 === 0) {
        text = `/${names[rand(names.length)]} ${Array.from({ length: rand(6) }, () => alphabet[rand(alphabet.length)]).join('')}`;
      } else if (i % 3 === 1) {
        text = Array.from({ length: rand(40) }, () => String.fromCharCode(rand(0xffff))).join('');
      } else {
        text = Array.from({ length: rand(12) }, () => alphabet[rand(alphabet.length)]).join('');
      }
      const outs = await h.say(text, { chatType: i % 2 ? 'private' : 'group', replyTo: i % 7 === 0 ? `m${rand(50)}` : undefined });
      for (const o of outs) expect(o.text).not.toBe(ERROR_TEXT);
    }
    expect(silentLogger.errors).toEqual([]);
    await h.flush();
    assertStoreIntact(h.file!);
    // The store reopens cleanly after all that.
    await expect(Store.open({ file: h.file!, clock: h.clock })).resolves.toBeInstanceOf(Store);
  });

  it('handles duplicated and out-of-order confirmations', async () => {
    const h = await harness();
    await h.say('/dangky TTKHCN', { chat: UNIT_CHAT });
    const opts = { chat: UNIT_CHAT, user: STAFF };
    // Completed arrives before received; both twice, concurrently.
    await Promise.all([h.say('/xacnhan H8 xong', opts), h.say('/xacnhan H8 xong', opts), h.say('/xacnhan H8', opts), h.say('/xacnhan H8', opts)]);
    const cs = (await h.confirmationsOf('H8', '2023-09-25'));
    expect(cs).toHaveLength(1);
    expect(cs[0]!.completed).toBeDefined();
  });
});

/** An engine whose table holds one test command `/name` running `run`; its logged errors are kept. */
async function engineWith(name: string, run: Command['run']) {
  const h = await harness();
  const command: Command = { name, aliases: [], description: 'thử', usage: `/${name}`, run };
  const logger = { ...silentLogger, errors: [] as string[] };
  const engine = createEngine({ content: h.content, stores: h.stores, clock: h.clock, commands: [command], adminIds: [], botUsername: 'LoaBot', logger });
  return { engine, logger };
}

describe('engine guards', () => {
  it('drops buttons whose data is not short ASCII and logs it, keeping the message', async () => {
    const { engine, logger } = await engineWith('nut', () => [
      {
        text: 'có nút',
        buttons: [
          { label: 'ok', data: '/xacnhan H8' },
          { label: 'dài', data: '/' + 'x'.repeat(64) },
          { label: 'dấu', data: '/xác nhận' },
        ],
      },
    ]);
    const [out] = await engine.handle({ chat: UNIT_CHAT, chatType: 'private', user: STAFF, text: '/nut' }, 4096);
    expect(out!.text).toBe('có nút');
    expect(out!.buttons).toEqual([{ label: 'ok', data: '/xacnhan H8' }]);
    expect(logger.errors[0]).toMatch(/dropped 2 button/);
  });

  it('turns a failing command into a short apology and logs it', async () => {
    const { engine, logger } = await engineWith('no', () => {
      throw new Error('boom');
    });
    expect(await engine.handle({ chat: UNIT_CHAT, chatType: 'group', user: STAFF, text: '/no' }, 4096)).toEqual([{ text: ERROR_TEXT }]);
    expect(logger.errors).toHaveLength(1);
  });
});
