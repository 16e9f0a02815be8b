/** Chats that get the slogan of the day, and announcements (/thongbao): small, kept as they are. */
import type { AnnouncementPort, SubscriptionPort } from '../../core/ports.js';
import type { Announcement, Person } from '../../core/records.js';
import { chatKey, parseChatKeys, type ChatRef } from '../../core/types.js';
import type { LowdbFile } from './file.js';

export class LowdbSubscriptions {
  constructor(private readonly file: LowdbFile) {}

  sloganChats(): ChatRef[] {
    return parseChatKeys(Object.keys(this.file.data.sloganChats));
  }

  isSloganChat(chat: ChatRef): boolean {
    return Object.hasOwn(this.file.data.sloganChats, chatKey(chat));
  }

  /** Turns the daily slogan on or off for a chat; returns whether anything changed. */
  async setSloganChat(chat: ChatRef, on: boolean, by: Person): Promise<boolean> {
    const key = chatKey(chat);
    const table = () => this.file.data.sloganChats;
    if (on === Object.hasOwn(table(), key)) return false;
    if (on) this.file.setKey(table, key, { at: this.file.nowIso(), by: { id: by.id, name: by.name } });
    else this.file.deleteKey(table, key);
    await this.file.persist();
    return true;
  }

  announcements(): readonly Announcement[] {
    return this.file.data.announcements;
  }

  async addAnnouncement(input: Omit<Announcement, 'id' | 'at'>): Promise<Announcement> {
    this.file.data.seq.announcement += 1;
    const a: Announcement = { id: `T${this.file.data.seq.announcement}`, at: this.file.nowIso(), ...input };
    this.file.pushItem(() => this.file.data.announcements, a);
    await this.file.persist();
    return a;
  }

  /** Moves the subscription of chat `a` to `b` (no write). */
  moveChat(a: string, b: string): void {
    const table = () => this.file.data.sloganChats;
    const slogan = table()[a];
    if (!slogan) return;
    this.file.setKey(table, b, slogan);
    this.file.deleteKey(table, a);
  }
}

export function subscriptionPort(s: LowdbSubscriptions): SubscriptionPort {
  return {
    sloganChats: async () => s.sloganChats(),
    isSloganChat: async (chat) => s.isSloganChat(chat),
    setSloganChat: (chat, on, by) => s.setSloganChat(chat, on, by),
  };
}

export function announcementPort(s: LowdbSubscriptions): AnnouncementPort {
  return {
    announcements: async () => [...s.announcements()],
    addAnnouncement: (input) => s.addAnnouncement(input),
  };
}
