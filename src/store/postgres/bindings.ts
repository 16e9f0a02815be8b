/** Chats bound to units, and registration requests (one pending per chat and unit, by a unique index). */
import { clipTitle, requestChatName } from '../../core/activity.js';
import type { Clock } from '../../core/clock.js';
import type { BindingPort } from '../../core/ports.js';
import type { Binding, BoundChat, RegistrationRequest } from '../../core/records.js';
import { chatKey, parseChatKeys } from '../../core/types.js';
import type { Db } from './db.js';
import { iso, recordId, seqOf, stampOf } from './rows.js';

const REQUEST_COLUMNS =
  'id, chat, chat_type, chat_title, unit, user_id, user_name, at, status, decided_at, decided_by_id, decided_by_name, decided_chat';

export function requestOf(r: Record<string, unknown>): RegistrationRequest {
  const decided = stampOf(r, 'decided');
  return {
    id: recordId('R', r.id as string),
    chat: r.chat as string,
    chatType: r.chat_type as RegistrationRequest['chatType'],
    ...(r.chat_title ? { chatTitle: r.chat_title as string } : {}),
    unit: r.unit as string,
    user: { id: r.user_id as string, name: r.user_name as string },
    at: iso(r.at as Date)!,
    status: r.status as RegistrationRequest['status'],
    ...(decided ? { decided } : {}),
  };
}

const BINDING_COLUMNS = 'unit, at, by_id, by_name, title, last_active';

export function bindingOf(r: Record<string, unknown>): Binding {
  return {
    unit: r.unit as string,
    at: iso(r.at as Date)!,
    by: { id: r.by_id as string, name: r.by_name as string },
    ...(r.title ? { title: r.title as string } : {}),
    ...(r.last_active ? { lastActive: iso(r.last_active as Date)! } : {}),
  };
}

/** Binds a chat; a re-bound chat keeps its title (unless $6 gives one) and its last activity. */
const UPSERT_BINDING = `INSERT INTO bindings (chat, unit, at, by_id, by_name, title) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (chat) DO UPDATE SET unit = excluded.unit, at = excluded.at, by_id = excluded.by_id, by_name = excluded.by_name,
  title = coalesce(excluded.title, bindings.title)`;
const title = (t: string | undefined) => (t ? clipTitle(t) : null);

export function bindingPort(db: Db, clock: Clock): BindingPort {
  const port: BindingPort = {
    async bindingOf(chat) {
      const { rows } = await db.query(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE chat = $1`, [chatKey(chat)]);
      return rows[0] ? bindingOf(rows[0]) : undefined;
    },

    async chatsOf(unit) {
      const { rows } = await db.query<{ chat: string }>('SELECT chat FROM bindings WHERE unit = $1 ORDER BY chat', [unit]);
      return parseChatKeys(rows.map((r) => r.chat));
    },

    async chatCounts() {
      const { rows } = await db.query<{ unit: string; n: string }>('SELECT unit, count(*) AS n FROM bindings GROUP BY unit');
      return new Map(rows.map((r) => [r.unit, Number(r.n)]));
    },

    async bind(chat, unit, by, chatTitle) {
      const { rows } = await db.query(`${UPSERT_BINDING} RETURNING ${BINDING_COLUMNS}`, [chatKey(chat), unit, clock.now().toISOString(), by.id, by.name, title(chatTitle)]);
      return bindingOf(rows[0]!);
    },

    async unbind(chat) {
      const { rows } = await db.query(`DELETE FROM bindings WHERE chat = $1 RETURNING ${BINDING_COLUMNS}`, [chatKey(chat)]);
      return rows[0] ? bindingOf(rows[0]) : undefined;
    },

    async boundChats(unit) {
      const { rows } = await db.query(
        `SELECT b.chat, ${BINDING_COLUMNS.split(', ').map((c) => `b.${c}`).join(', ')}, s.inactive_at, s.reason
         FROM bindings b LEFT JOIN chat_states s ON s.chat = b.chat
         WHERE $1::text IS NULL OR b.unit = $1 ORDER BY b.at, b.chat`,
        [unit ?? null],
      );
      return rows.map((r): BoundChat => ({
        ...bindingOf(r),
        chat: r.chat as string,
        ...(r.inactive_at ? { inactive: { at: iso(r.inactive_at as Date)!, reason: r.reason as string } } : {}),
      }));
    },

    async noteActivity(chat, at, chatTitle) {
      await db.query('UPDATE bindings SET last_active = $2, title = coalesce($3, title) WHERE chat = $1', [chatKey(chat), at, title(chatTitle)]);
    },

    async requestBinding(chat, chatType, unit, user, chatTitle) {
      const key = chatKey(chat);
      const inserted = await db.query(
        `INSERT INTO requests (chat, chat_type, chat_title, unit, user_id, user_name, at, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending')
         ON CONFLICT (chat, unit) WHERE status = 'pending' DO NOTHING RETURNING ${REQUEST_COLUMNS}`,
        [key, chatType, chatTitle ? chatTitle.slice(0, 128) : null, unit, user.id, user.name, clock.now().toISOString()],
      );
      if (inserted.rows[0]) return { request: requestOf(inserted.rows[0]), created: true };
      const existing = await db.query(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE chat = $1 AND unit = $2 AND status = 'pending'`, [key, unit]);
      if (existing.rows[0]) return { request: requestOf(existing.rows[0]), created: false };
      // Decided between the two statements: ask again (a new pending one can now be made).
      return port.requestBinding(chat, chatType, unit, user, chatTitle);
    },

    async pendingRequests() {
      const { rows } = await db.query(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE status = 'pending' ORDER BY id`);
      return rows.map(requestOf);
    },

    async decideRequest(id, approve, by, byChat) {
      const seq = seqOf('R', id);
      if (seq === undefined) return { outcome: 'not-found' };
      return db.tx(async () => {
        const at = clock.now().toISOString();
        const { rows } = await db.query(
          `UPDATE requests SET status = $2, decided_at = $3, decided_by_id = $4, decided_by_name = $5, decided_chat = $6
           WHERE id = $1 AND status = 'pending' RETURNING ${REQUEST_COLUMNS}`,
          [seq, approve ? 'approved' : 'rejected', at, by.id, by.name, chatKey(byChat)],
        );
        const decided = rows[0];
        if (!decided) {
          const found = await db.query(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = $1`, [seq]);
          return found.rows[0] ? { outcome: 'already-decided' as const, request: requestOf(found.rows[0]) } : { outcome: 'not-found' as const };
        }
        const request = requestOf(decided);
        if (approve) await db.query(UPSERT_BINDING, [request.chat, request.unit, at, by.id, by.name, title(requestChatName(request))]);
        return { outcome: 'done' as const, request };
      });
    },

    async chatNames(chats) {
      const wanted = [...new Set(chats)];
      if (!wanted.length) return new Map();
      const { rows } = await db.query<{ chat: string; unit: string | null; title: string | null }>(
        `SELECT c.chat, b.unit, COALESCE(b.title, t.chat_title) AS title FROM unnest($1::text[]) AS c(chat)
         LEFT JOIN bindings b ON b.chat = c.chat
         LEFT JOIN LATERAL (SELECT chat_title FROM requests r WHERE r.chat = c.chat AND r.chat_title IS NOT NULL ORDER BY r.id DESC LIMIT 1) t ON true`,
        [wanted],
      );
      return new Map(rows.map((r) => [r.chat, { unit: r.unit ?? undefined, title: r.title ?? undefined }]));
    },
  };
  return port;
}
