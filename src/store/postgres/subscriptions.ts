/** Chats that get the slogan of the day, and announcements (/thongbao). */
import type { Clock } from '../../core/clock.js';
import type { AnnouncementPort, SubscriptionPort } from '../../core/ports.js';
import type { Announcement } from '../../core/records.js';
import { chatKey, parseChatKeys } from '../../core/types.js';
import type { Db } from './db.js';
import { iso, recordId } from './rows.js';

export function subscriptionPort(db: Db, clock: Clock): SubscriptionPort {
  return {
    async sloganChats() {
      const { rows } = await db.query<{ chat: string }>('SELECT chat FROM slogan_chats ORDER BY at, chat');
      return parseChatKeys(rows.map((r) => r.chat));
    },

    async isSloganChat(chat) {
      const { rows } = await db.query('SELECT 1 FROM slogan_chats WHERE chat = $1', [chatKey(chat)]);
      return rows.length > 0;
    },

    async setSloganChat(chat, on, by) {
      const { rowCount } = on
        ? await db.query('INSERT INTO slogan_chats (chat, at, by_id, by_name) VALUES ($1, $2, $3, $4) ON CONFLICT (chat) DO NOTHING', [
            chatKey(chat),
            clock.now().toISOString(),
            by.id,
            by.name,
          ])
        : await db.query('DELETE FROM slogan_chats WHERE chat = $1', [chatKey(chat)]);
      return (rowCount ?? 0) > 0;
    },
  };
}

export const ANNOUNCEMENT_COLUMNS = 'id, text, units, day, due, at, by_id, by_name';

export function announcementOf(r: Record<string, unknown>): Announcement {
  return {
    id: recordId('T', r.id as string),
    text: r.text as string,
    units: r.units as string[],
    day: r.day as string,
    due: (r.due as string | null) ?? null,
    at: iso(r.at as Date)!,
    by: { id: r.by_id as string, name: r.by_name as string },
  };
}

export function announcementPort(db: Db, clock: Clock): AnnouncementPort {
  return {
    async announcements() {
      const { rows } = await db.query(`SELECT ${ANNOUNCEMENT_COLUMNS} FROM announcements ORDER BY id`);
      return rows.map(announcementOf);
    },

    async addAnnouncement(input) {
      const { rows } = await db.query(
        `INSERT INTO announcements (text, units, day, due, at, by_id, by_name) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING ${ANNOUNCEMENT_COLUMNS}`,
        [input.text, input.units, input.day, input.due, clock.now().toISOString(), input.by.id, input.by.name],
      );
      return announcementOf(rows[0]!);
    },
  };
}
