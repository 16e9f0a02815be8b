/** Shared test set-up: the real sample data, a real lowdb file in a temp folder, the real engine. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { commands } from '../commands/index.js';
import type { Clock } from '../src/core/clock.js';
import type { Content } from '../src/core/content.js';
import { createEngine, type Engine, type Logger } from '../src/core/dispatcher.js';
import type { ChatRef, Incoming, Outgoing } from '../src/core/types.js';
import { loadContent } from '../src/content-files.js';
import { Store } from '../src/store/store.js';
import { views } from '../src/views.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = join(ROOT, 'data');

const temps: string[] = [];
afterEach(() => {
  while (temps.length) rmSync(temps.pop()!, { recursive: true, force: true });
});

/** A temp folder removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loa-test-'));
  temps.push(dir);
  return dir;
}

let contentCache: Promise<Content> | undefined;
export function sampleContent(): Promise<Content> {
  contentCache ??= loadContent(DATA_DIR);
  return contentCache;
}

export const silentLogger: Logger & { errors: string[] } = {
  errors: [],
  info: () => undefined,
  warn: () => undefined,
  error(message) {
    this.errors.push(message);
  },
};

/** A mutable clock for tests. */
export function movableClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => new Date(now.getTime()), set: (v) => (now = new Date(v)) };
}

export interface Harness {
  engine: Engine;
  store: Store;
  content: Content;
  file: string;
  clock: Clock & { set(iso: string): void };
  /** Sends a message as `user` in `chat` and returns the texts answered to that chat (and others). */
  say(text: string, opts?: SayOptions): Promise<Sent[]>;
  /** The joined text of all answers. */
  ask(text: string, opts?: SayOptions): Promise<string>;
}

/** An answer with the message id the fake channel gave it. */
export type Sent = Outgoing & { id: string };

export interface SayOptions {
  chat?: ChatRef;
  chatType?: 'private' | 'group';
  user?: { id: string; name: string };
  replyTo?: string;
  button?: string;
  maxLength?: number;
}

export const ADMIN = { id: '1001', name: 'Chánh Văn phòng' };
export const STAFF = { id: '2002', name: 'Nguyễn Thị Hoa' };
export const OFFICE_CHAT: ChatRef = { channel: 'telegram', chatId: '-100' };
export const UNIT_CHAT: ChatRef = { channel: 'telegram', chatId: '-200' };

/** Engine over the sample data and a store in a fresh temp file. Admin: telegram:1001. */
export async function harness(nowIso = '2023-09-20T09:00:00+07:00', file?: string): Promise<Harness> {
  const content = await sampleContent();
  const dbFile = file ?? join(tempDir(), 'db.json');
  const clock = movableClock(nowIso);
  const store = await Store.open({ file: dbFile, clock });
  const engine = createEngine({
    content,
    store,
    clock,
    commands,
    adminIds: [`telegram:${ADMIN.id}`],
    botUsername: 'LoaBot',
    logger: silentLogger,
    views,
  });
  let messageSeq = 0;
  async function say(text: string, opts: SayOptions = {}): Promise<Sent[]> {
    const incoming: Incoming = {
      chat: opts.chat ?? OFFICE_CHAT,
      chatType: opts.chatType ?? 'group',
      user: opts.user ?? ADMIN,
      text: opts.button ? '' : text,
      replyTo: opts.replyTo,
      buttonData: opts.button,
    };
    const outs = (await engine.handle(incoming, opts.maxLength ?? 4096)).map((o) => ({ ...o, id: `m${++messageSeq}` }));
    for (const out of outs) await engine.sent(out.chat ?? incoming.chat, out.id, out);
    return outs;
  }
  return {
    engine,
    store,
    content,
    file: dbFile,
    clock,
    say,
    ask: async (text, opts) => (await say(text, opts)).map((o) => o.text).join('\n'),
  };
}

