/**
 * What is kept per chat: message → deadline references, inactive chats, moving a chat to a new
 * id; and the incoming updates already processed (one row per key, by the primary key).
 */
import type { Clock } from '../../core/clock.js';
import type { ChatStatePort, MessageRefPort, UpdatePort } from '../../core/ports.js';
import { chatKey } from '../../core/types.js';
import type { Db } from './db.js';
import { channelOf, iso } from './rows.js';

/** Message references kept (replies to older messages no longer confirm). */
export const MAX_MESSAGE_REFS = 200_000;
/** How long a processed update stays known (Telegram keeps undelivered updates 24 h). */
export const UPDATE_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
/** Old rows are deleted once every this many inserts (per process), outside any transaction. */
const PRUNE_EVERY = 1000;

export function messageRefPort(db: Db, clock: Clock): MessageRefPort {
  let added = 0;
  return {
    async rememberMessage(chat, messageId, ref) {
      await db.query('INSERT INTO message_refs (chat, message_id, deadline, occurrence, view, at) VALUES ($1, $2, $3, $4, $5, $6)', [
        chatKey(chat),
        messageId,
        ref.deadline,
        ref.occurrence,
        ref.view ?? null,
        clock.now().toISOString(),
      ]);
      added += 1;
      if (added % PRUNE_EVERY === 0) {
        db.housekeep('DELETE FROM message_refs WHERE id <= (SELECT max(id) FROM message_refs) - $1', [MAX_MESSAGE_REFS]);
      }
    },

    async messageRef(chat, messageId) {
      const { rows } = await db.query<{ deadline: string; occurrence: string; view: string | null }>(
        'SELECT deadline, occurrence, view FROM message_refs WHERE chat = $1 AND message_id = $2 ORDER BY id DESC LIMIT 1',
        [chatKey(chat), messageId],
      );
      const r = rows[0];
      return r ? { deadline: r.deadline, occurrence: r.occurrence, ...(r.view ? { view: r.view } : {}) } : undefined;
    },
  };
}

export function chatStatePort(db: Db, clock: Clock): ChatStatePort {
  return {
    async inactiveSince(chat) {
      const { rows } = await db.query<{ inactive_at: Date; reason: string }>('SELECT inactive_at, reason FROM chat_states WHERE chat = $1', [chatKey(chat)]);
      const r = rows[0];
      return r ? { at: iso(r.inactive_at)!, reason: r.reason } : undefined;
    },

    async markInactive(chat, reason) {
      await db.query(
        `INSERT INTO chat_states (chat, inactive_at, reason) VALUES ($1, $2, $3)
         ON CONFLICT (chat) DO UPDATE SET inactive_at = excluded.inactive_at, reason = excluded.reason`,
        [chatKey(chat), clock.now().toISOString(), reason],
      );
    },

    async markActive(chat) {
      const { rowCount } = await db.query('DELETE FROM chat_states WHERE chat = $1', [chatKey(chat)]);
      return (rowCount ?? 0) > 0;
    },

    async moveChat(from, to) {
      const a = chatKey(from);
      const b = chatKey(to);
      if (a === b) return;
      const ch = channelOf(b);
      await db.tx(async () => {
        await db.query(
          `INSERT INTO bindings (chat, unit, at, by_id, by_name, title, last_active)
           SELECT $2, unit, at, by_id, by_name, title, last_active FROM bindings WHERE chat = $1
           ON CONFLICT (chat) DO UPDATE SET unit = excluded.unit, at = excluded.at, by_id = excluded.by_id, by_name = excluded.by_name,
           title = excluded.title, last_active = excluded.last_active`,
          [a, b],
        );
        await db.query('DELETE FROM bindings WHERE chat = $1', [a]);
        await db.query('DELETE FROM chat_states WHERE chat = $1', [a]);
        await db.query(
          `INSERT INTO slogan_chats (chat, at, by_id, by_name) SELECT $2, at, by_id, by_name FROM slogan_chats WHERE chat = $1
           ON CONFLICT (chat) DO UPDATE SET at = excluded.at, by_id = excluded.by_id, by_name = excluded.by_name`,
          [a, b],
        );
        await db.query('DELETE FROM slogan_chats WHERE chat = $1', [a]);
        // A pending request of the new id for the same unit stays the pending one; the old one is dropped.
        await db.query(
          `DELETE FROM requests r WHERE r.chat = $1 AND r.status = 'pending'
           AND EXISTS (SELECT 1 FROM requests s WHERE s.chat = $2 AND s.unit = r.unit AND s.status = 'pending')`,
          [a, b],
        );
        await db.query('UPDATE requests SET chat = $2 WHERE chat = $1', [a, b]);
        await db.query('UPDATE message_refs SET chat = $2 WHERE chat = $1', [a, b]);
        await db.query('UPDATE parked SET chat = $2, channel = $3 WHERE chat = $1', [a, b, ch]);
        await db.query('UPDATE outbox SET chat = $2, channel = $3 WHERE chat = $1', [a, b, ch]);
        await db.query('UPDATE confirmations SET received_chat = $2 WHERE received_chat = $1', [a, b]);
        await db.query('UPDATE confirmations SET completed_chat = $2 WHERE completed_chat = $1', [a, b]);
        await db.query('UPDATE submissions SET chat = $2 WHERE chat = $1', [a, b]);
        // A session the person already has in the new chat stays; the old chat's is dropped.
        await db.query(
          `DELETE FROM form_sessions s WHERE s.chat = $1 AND EXISTS (SELECT 1 FROM form_sessions t WHERE t.chat = $2 AND t.user_id = s.user_id)`,
          [a, b],
        );
        await db.query('UPDATE form_sessions SET chat = $2 WHERE chat = $1', [a, b]);
      });
    },
  };
}

export function updatePort(db: Db, clock: Clock): UpdatePort {
  let claimed = 0;
  return {
    async claimUpdate(key) {
      const now = clock.now();
      const { rows } = await db.query('INSERT INTO processed_updates (key, at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key', [
        key,
        now.toISOString(),
      ]);
      claimed += 1;
      if (claimed % PRUNE_EVERY === 0) {
        db.housekeep('DELETE FROM processed_updates WHERE at < $1', [new Date(now.getTime() - UPDATE_WINDOW_MS).toISOString()]);
      }
      return rows.length > 0;
    },
  };
}
