/**
 * The lowdb delivery ports: the outbox (claimed one row per chat, with an in-memory lease),
 * parked messages, message references, chat state and processed updates, over {@link Store}.
 */
import type { MessageRefPort, OutboxPort, ParkingPort, ChatStatePort, UpdatePort } from '../../core/ports.js';
import type { Store } from '../store.js';
import { Leases } from './leases.js';

/** The outbox: `claimOutbox` gives each chat's oldest pending row, unless a live claim holds it. */
export function outboxPort(store: Store, leases: Leases): OutboxPort {
  return {
    queueMessages: (sends) => store.queueMessages(sends),
    queueReminders: (items) => store.queueReminders(items),
    async recordedReminders(keys) {
      return new Set(keys.filter((k) => store.reminder(k) !== undefined));
    },
    async claimOutbox(owner, channels, limit, leaseMs) {
      const wanted = new Set(channels);
      const seen = new Set<string>();
      const claimed = [];
      for (const row of store.pendingOutbox()) {
        if (claimed.length >= limit) break;
        if (seen.has(row.chat) || !wanted.has(row.chat.slice(0, row.chat.indexOf(':')))) continue;
        // Only the chat's oldest row: the next one waits until it is finished, so order holds.
        seen.add(row.chat);
        if (leases.take(`O:${row.id}`, owner, leaseMs)) claimed.push({ ...row });
      }
      return claimed;
    },
    async finishOutbox(id, status, messageId) {
      await store.finishOutbox(id, status, messageId);
      // Written: the chat's next row may be claimed (a row whose status could not be written
      // keeps its claim until the lease ends, so it is not sent again meanwhile).
      leases.release(`O:${id}`);
    },
    async outboxRows(status) {
      return store.outboxRows().filter((r) => status === undefined || r.status === status).map((r) => ({ ...r }));
    },
  };
}

/** Parked messages; `dueParked` claims them in memory until unparked or the lease ends. */
export function parkingPort(store: Store, leases: Leases): ParkingPort {
  return {
    park: (chat, out, reason, notBefore) => store.park(chat, out, reason, notBefore),
    async dueParked(channel, now, owner, leaseMs) {
      const due = store.parkedOf(channel).filter((p) => Date.parse(p.notBefore) <= now.getTime());
      return due.filter((p) => leases.take(`P:${p.id}`, owner, leaseMs)).map((p) => ({ ...p }));
    },
    async unpark(id) {
      await store.unpark(id);
      leases.release(`P:${id}`);
    },
  };
}

/** Message → deadline references (the newest kept, see `MAX_MESSAGE_REFS`). */
export function messagePort(store: Store): MessageRefPort {
  return {
    rememberMessage: (chat, messageId, ref) => store.rememberMessage(chat, messageId, ref),
    messageRef: async (chat, messageId) => store.messageRef(chat, messageId),
  };
}

/** Inactive chats and chats that changed id. */
export function chatStatePort(store: Store): ChatStatePort {
  return {
    inactiveSince: async (chat) => store.inactiveSince(chat),
    markInactive: (chat, reason) => store.markInactive(chat, reason),
    markActive: (chat) => store.markActive(chat),
    moveChat: (from, to) => store.moveChat(from, to),
  };
}

/**
 * Processed updates: a claim is recorded in memory and written with the next write (the update's
 * effect, in the unit of work it runs in), as the store's `markUpdate` does.
 */
export function updatePort(store: Store): UpdatePort {
  return {
    async claimUpdate(key) {
      if (store.updateSeen(key)) return false;
      store.markUpdate(key);
      return true;
    },
  };
}
