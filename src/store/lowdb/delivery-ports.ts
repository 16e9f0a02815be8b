/**
 * The lowdb delivery ports: the outbox (claimed one row per chat, with an in-memory lease),
 * parked messages, message references, chat state and processed updates.
 */
import type { ChatStatePort, MessageRefPort, OutboxPort, ParkingPort, UpdatePort } from '../../core/ports.js';
import type { ChatRef } from '../../core/types.js';
import type { LowdbDelivery } from './delivery.js';
import type { Leases } from './leases.js';
import type { LowdbOutbox } from './outbox.js';

/** The outbox: `claimOutbox` gives each chat's oldest pending row, unless a live claim holds it. */
export function outboxPort(outbox: LowdbOutbox, leases: Leases): OutboxPort {
  return {
    queueMessages: (sends) => outbox.queueMessages(sends),
    queueReminders: (items) => outbox.queueReminders(items),
    async recordedReminders(keys) {
      return new Set(keys.filter((k) => outbox.reminder(k) !== undefined));
    },
    async claimOutbox(owner, channels, limit, leaseMs) {
      const claimed = [];
      // Only each chat's oldest row: the next one waits until it is finished, so order holds.
      for (const row of outbox.heads(channels)) {
        if (claimed.length >= limit) break;
        if (leases.take(`O:${row.id}`, owner, leaseMs)) claimed.push({ ...row });
      }
      return claimed;
    },
    async renewClaims(owner, ids, leaseMs) {
      for (const id of ids) leases.renew(`O:${id}`, owner, leaseMs);
    },
    async finishOutbox(id, status, messageId) {
      await outbox.finishOutbox(id, status, messageId);
      // Written: the chat's next row may be claimed (a row whose status could not be written
      // keeps its claim until the lease ends, so it is not sent again meanwhile).
      leases.release(`O:${id}`);
    },
    async outboxRows(status) {
      return outbox.rows(status).map((r) => ({ ...r }));
    },
    reminderTraces: async (occurrences) => outbox.traces(occurrences),
  };
}

/** Parked messages; `dueParked` claims them in memory until unparked or the lease ends. */
export function parkingPort(delivery: LowdbDelivery, leases: Leases): ParkingPort {
  return {
    park: (chat, out, reason, notBefore) => delivery.park(chat, out, reason, notBefore),
    async dueParked(channel, now, owner, leaseMs) {
      const due = delivery.parkedOf(channel).filter((p) => Date.parse(p.notBefore) <= now.getTime());
      return due.filter((p) => leases.take(`P:${p.id}`, owner, leaseMs)).map((p) => ({ ...p }));
    },
    async unpark(id) {
      await delivery.unpark(id);
      leases.release(`P:${id}`);
    },
  };
}

/** Message → deadline references (the newest kept, see `MAX_MESSAGE_REFS`). */
export function messagePort(delivery: LowdbDelivery): MessageRefPort {
  return {
    rememberMessage: (chat, messageId, ref) => delivery.rememberMessage(chat, messageId, ref),
    messageRef: async (chat, messageId) => delivery.messageRef(chat, messageId),
  };
}

/** Inactive chats, and chats that changed id (`moveChat` moves everything stored about one). */
export function chatStatePort(delivery: LowdbDelivery, moveChat: (from: ChatRef, to: ChatRef) => Promise<void>): ChatStatePort {
  return {
    inactiveSince: async (chat) => delivery.inactiveSince(chat),
    markInactive: (chat, reason) => delivery.markInactive(chat, reason),
    markActive: (chat) => delivery.markActive(chat),
    moveChat,
  };
}

/**
 * Processed updates: a claim is recorded in memory and written with the next write (the update's
 * effect, in the unit of work it runs in); a failed unit undoes it.
 */
export function updatePort(delivery: LowdbDelivery): UpdatePort {
  return {
    async claimUpdate(key) {
      if (delivery.updateSeen(key)) return false;
      delivery.markUpdate(key);
      return true;
    },
  };
}
