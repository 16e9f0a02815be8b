/**
 * The embedded default: every port over one lowdb JSON file ({@link Store}), for one process.
 * The content (org, plans, staged plans) lives in the file too, seeded from the data folder at
 * open (see content-seed.ts); claims and leases live in memory; the unit of work is the store's
 * `atomically` (one write for everything it changed, or nothing when it fails).
 */
import type { Stores } from '../../core/ports.js';
import { auditPort } from './audit.js';
import { bindingPort } from './bindings.js';
import { confirmationPort } from './confirmations.js';
import { contentSeed, seedReport, type SeedReport } from '../content-seed.js';
import { contentPort } from './content.js';
import { chatStatePort, messagePort, outboxPort, parkingPort, updatePort } from './delivery-ports.js';
import { filesStoreFor } from '../files-dir.js';
import { downloadLinkPort, formSessionPort } from './form-sessions.js';
import { Leases } from './leases.js';
import { Store, type OpenOptions, type StoreWriteError } from './store.js';
import { submissionPort } from './submissions.js';
import { announcementPort, subscriptionPort } from './subscriptions.js';
import { tokenPort } from './tokens.js';
import { webAuthPort } from './web-auth.js';

/** How to open the lowdb stores: the file's options (lock, backups), and the data folder. */
export interface LowdbOptions extends OpenOptions {
  /** The data folder: `org.json` and `plans/`, the seed of the content (never written). */
  dataDir: string;
  /** The folder of handed-in files' bytes (`FILES_DIR`); default `files/` beside the database file. */
  filesDir?: string | undefined;
  /** Real time for leases (ms); `Date.now` unless a test moves it. */
  leaseNow?: () => number;
}

/** The lowdb stores, and what only a file-backed deployment has. */
export interface LowdbStores extends Stores {
  /** The database file (absolute). */
  readonly file: string;
  /** The backup taken at open, if the file existed. */
  readonly backup: string | undefined;
  /** Once per outage: a write failed (to tell the admins, with the file and the cause). */
  onWriteFailure(listener: (error: StoreWriteError) => void): void;
  onWriteRecovered(listener: () => void): void;
  /** Writes what is pending and waits for it. */
  flush(): Promise<void>;
  /** The store itself, for lowdb-only tools and tests. */
  readonly store: Store;
  /** What the data folder added to the content at this open. */
  readonly seeding: SeedReport;
  /** The folder of the handed-in files' bytes (absolute; created at the first file). */
  readonly filesDir: string;
}

/**
 * Opens the file (see {@link Store.open}: lock, backups, clear errors), adds what the data folder
 * seeds (written at once by the lock holder; an opener without the lock, a dry run, keeps it in
 * memory unless it writes) and wraps it in the ports. A bad plan file stops the open.
 */
export async function openLowdbStores(options: LowdbOptions): Promise<LowdbStores> {
  const store = await Store.open(options);
  let seeding: SeedReport;
  try {
    const seed = await contentSeed(options.dataDir, store.content.stored());
    await store.content.seed(seed, options.lock === true);
    seeding = seedReport(seed);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  const leases = new Leases(options.leaseNow);
  const files = filesStoreFor(store.file, options.filesDir);
  return {
    file: store.file,
    filesDir: files.dir,
    backup: store.backup,
    store,
    seeding,
    onWriteFailure: (listener) => store.onWriteFailure(listener),
    onWriteRecovered: (listener) => store.onWriteRecovered(listener),
    flush: () => store.flush(),
    bindings: bindingPort(store.bindings),
    confirmations: confirmationPort(store.confirmations),
    outbox: outboxPort(store.outbox, leases),
    parking: parkingPort(store.delivery, leases),
    messages: messagePort(store.delivery),
    chats: chatStatePort(store.delivery, (from, to) => store.moveChat(from, to)),
    updates: updatePort(store.delivery),
    subscriptions: subscriptionPort(store.subscriptions),
    announcements: announcementPort(store.subscriptions),
    tokens: tokenPort(store.tokens),
    content: contentPort(store.content, store.staging),
    audit: auditPort(store.audit),
    web: webAuthPort(store.web),
    submissions: submissionPort(store.submissions),
    files,
    formSessions: formSessionPort(store.formSessions),
    downloads: downloadLinkPort(store.formSessions),
    atomically: (work) => store.atomically(work),
    close: () => store.close(),
  };
}
