/**
 * Shared test set-up: the real sample data, a real store in a temp folder (lowdb unless a test
 * passes another factory from `stores.ts`), the real engine.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { commands } from '../commands/index.js';
import type { Clock } from '../src/core/clock.js';
import type { Content } from '../src/core/content.js';
import { createEngine, type Engine, type Logger } from '../src/core/dispatcher.js';
import type { Attachment, ChatRef, Incoming, Outgoing } from '../src/core/types.js';
import { createHandInFiles } from '../src/files/hand-in-files.js';
import { contentOf, loadContent } from '../src/content-files.js';
import type { Stores } from '../src/core/ports.js';
import type { Confirmation } from '../src/core/records.js';
import { webLinkIssuer } from '../src/core/web-links.js';
import { views } from '../src/views.js';
import { hashOf, journalOf, parseJournal, replay } from '../src/store/lowdb/journal-format.js';
import { migrate, type StoreData } from '../src/store/schema.js';
import { storeFactories, type StoreFactory } from './stores.js';

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
  stores: Stores;
  content: Content;
  /** The store's file, for a file-backed store (lowdb). */
  file: string | undefined;
  clock: Clock & { set(iso: string): void };
  /** Sends a message as `user` in `chat` and returns the texts answered to that chat (and others). */
  say(text: string, opts?: SayOptions): Promise<Sent[]>;
  /** The joined text of all answers. */
  ask(text: string, opts?: SayOptions): Promise<string>;
  /** A unit's confirmation of one occurrence, as stored. */
  confirmation(deadline: string, occurrence: string, unit: string): Promise<Confirmation | undefined>;
  /** Every confirmation of one occurrence, as stored. */
  confirmationsOf(deadline: string, occurrence: string): Promise<Confirmation[]>;
  /** Waits until what the store holds is written (a file store's pending write). */
  flush(): Promise<void>;
  /** The data folder the store was opened on (a temp copy of the sample data). */
  dataDir: string;
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
  /** A file sent with the message (its caption is `text`). */
  attachment?: Attachment;
}

export const ADMIN = { id: '1001', name: 'Chánh Văn phòng' };
export const STAFF = { id: '2002', name: 'Nguyễn Thị Hoa' };
export const OFFICE_CHAT: ChatRef = { channel: 'telegram', chatId: '-100' };
export const UNIT_CHAT: ChatRef = { channel: 'telegram', chatId: '-200' };

export interface HarnessOptions {
  /** The store to run against (the first of `stores.ts`, lowdb, by default). */
  store?: StoreFactory;
  /** The folder the store keeps its files in (a fresh temp folder by default). */
  dir?: string;
  /** The data folder seeding the store (a fresh copy of the sample data by default); with `dir`, a restart. */
  dataDir?: string;
  /** `channel:userId` of web console viewers (`VIEWER_IDS`). */
  viewerIds?: string[];
  /** The web console's address: `/web` gives sign-in links (none when absent). */
  webBaseUrl?: string;
  /**
   * Kept for the tests that ask for it: every harness now has a content of its own, built from
   * its store (an edit, swapped in place, never leaks into another test).
   */
  ownContent?: boolean;
}

/** Engine over the sample data and a fresh store. Admin: telegram:1001. */
export async function harness(nowIso = '2023-09-20T09:00:00+07:00', options: HarnessOptions = {}): Promise<Harness> {
  const clock = movableClock(nowIso);
  // A copy of the sample data folder, the seed of the store's content (as `npm start` seeds its own).
  const dataDir = options.dataDir ?? join(tempDir(), 'data');
  if (!options.dataDir) cpSync(DATA_DIR, dataDir, { recursive: true });
  const stores = await (options.store ?? storeFactories[0]!).open(options.dir ?? tempDir(), { clock, dataDir });
  // The store's content, this harness's own: an edit (swapped in place) never leaks into another test.
  const content = contentOf(await stores.content.load());
  const engine = createEngine({
    content,
    stores,
    clock,
    commands,
    adminIds: [`telegram:${ADMIN.id}`],
    viewerIds: options.viewerIds,
    webLinks: options.webBaseUrl ? webLinkIssuer(stores.web, () => options.webBaseUrl!, () => clock.now()) : undefined,
    botUsername: 'LoaBot',
    logger: silentLogger,
    views,
    handInFiles: createHandInFiles(),
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
      attachment: opts.attachment,
    };
    const outs = (await engine.handle(incoming, opts.maxLength ?? 4096)).map((o) => ({ ...o, id: `m${++messageSeq}` }));
    // As the delivery service does once a message is sent: a reply to it confirms its deadline.
    for (const out of outs) if (out.ref) await stores.messages.rememberMessage(out.chat ?? incoming.chat, out.id, out.ref);
    return outs;
  }
  const confirmationsOf = (deadline: string, occurrence: string) => stores.confirmations.confirmationsOf([{ deadline, occurrence }]);
  return {
    engine,
    stores,
    content,
    dataDir,
    file: 'file' in stores && typeof stores.file === 'string' ? stores.file : undefined,
    clock,
    say,
    ask: async (text, opts) => (await say(text, opts)).map((o) => o.text).join('\n'),
    confirmationsOf,
    confirmation: async (deadline, occurrence, unit) => (await confirmationsOf(deadline, occurrence)).find((c) => c.unit === unit),
    flush: async () => stores.flush?.(),
  };
}


/**
 * The whole state of a lowdb file as a start would see it (the file, upgraded, with its journal
 * replayed), read synchronously for conditions polled while a bot runs. Throws while unreadable.
 */
export function wholeStateSync(file: string): StoreData {
  const text = readFileSync(file, 'utf8');
  const data = migrate(JSON.parse(text));
  let journal: string;
  try {
    journal = readFileSync(journalOf(file), 'utf8');
  } catch {
    return data;
  }
  return replay(data, parseJournal(journal, hashOf(text)).lines);
}
