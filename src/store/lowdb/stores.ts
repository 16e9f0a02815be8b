/**
 * The embedded default: every port over one lowdb JSON file ({@link Store}), for one process.
 * The content is the data folder's files; claims and leases live in memory; the unit of work is
 * the store's `atomically` (one write for everything it changed).
 */
import type { Stores, AnnouncementPort, AuditPort, BindingPort, ConfirmationPort, SubscriptionPort, TokenPort } from '../../core/ports.js';
import type { ZaloTokens } from '../../core/records.js';
import { Store, type OpenOptions, type StoreWriteError } from '../store.js';
import { fileContent } from './content.js';
import { chatStatePort, messagePort, outboxPort, parkingPort, updatePort } from './delivery.js';
import { Leases } from './leases.js';

/** How to open the lowdb stores: the file's options (lock, backups), and the data folder. */
export interface LowdbOptions extends OpenOptions {
  /** The data folder: `org.json` and `plans/` (the content port). */
  dataDir: string;
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
}

/** Opens the file (see {@link Store.open}: lock, backups, clear errors) and wraps it in the ports. */
export async function openLowdbStores(options: LowdbOptions): Promise<LowdbStores> {
  const store = await Store.open(options);
  const leases = new Leases(options.leaseNow);
  return {
    file: store.file,
    backup: store.backup,
    store,
    onWriteFailure: (listener) => store.onWriteFailure(listener),
    onWriteRecovered: (listener) => store.onWriteRecovered(listener),
    flush: () => store.flush(),
    bindings: bindingPort(store),
    confirmations: confirmationPort(store),
    outbox: outboxPort(store, leases),
    parking: parkingPort(store, leases),
    messages: messagePort(store),
    chats: chatStatePort(store),
    updates: updatePort(store),
    subscriptions: subscriptionPort(store),
    announcements: announcementPort(store),
    tokens: tokenPort(store),
    content: fileContent(options.dataDir),
    audit: auditPort(store),
    atomically: (work) => store.atomically(work),
    close: () => store.close(),
  };
}

function bindingPort(store: Store): BindingPort {
  return {
    bindingOf: async (chat) => store.bindingOf(chat),
    chatsOf: async (unit) => store.chatsOf(unit),
    chatCounts: async () => store.chatCounts(),
    bind: (chat, unit, by) => store.bind(chat, unit, by),
    requestBinding: (chat, chatType, unit, user, chatTitle) => store.requestBinding(chat, chatType, unit, user, chatTitle),
    pendingRequests: async () => store.pendingRequests(),
    decideRequest: (id, approve, by, byChat) => store.decideRequest(id, approve, by, byChat),
  };
}

function confirmationPort(store: Store): ConfirmationPort {
  return {
    async confirmationsOf(occurrences) {
      const seen = new Set<string>();
      return occurrences.flatMap(({ deadline, occurrence }) => {
        const key = `${deadline}@${occurrence}`;
        if (seen.has(key)) return [];
        seen.add(key);
        return store.confirmationsOf(deadline, occurrence);
      });
    },
    confirm: (input) => store.confirm(input),
  };
}

function subscriptionPort(store: Store): SubscriptionPort {
  return {
    sloganChats: async () => store.sloganChats(),
    isSloganChat: async (chat) => store.isSloganChat(chat),
    setSloganChat: (chat, on, by) => store.setSloganChat(chat, on, by),
  };
}

function announcementPort(store: Store): AnnouncementPort {
  return {
    announcements: async () => [...store.announcements()],
    addAnnouncement: (input) => store.addAnnouncement(input),
  };
}

/** Tokens: one process, so a refresh runs alone when the calls are chained. */
function tokenPort(store: Store): TokenPort {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    zaloTokens: async () => store.zaloTokens(),
    saveZaloTokens: (tokens: Omit<ZaloTokens, 'updatedAt'>) => store.saveZaloTokens(tokens),
    refreshingTokens(refresh) {
      const run = chain.then(() => refresh(store.zaloTokens()));
      chain = run.catch(() => undefined);
      return run;
    },
  };
}

function auditPort(store: Store): AuditPort {
  return {
    // Written with the change it records (see Store.recordAudit).
    record: async (entry) => store.recordAudit(entry),
    recent: async (limit) => store.auditEntries(limit),
  };
}
