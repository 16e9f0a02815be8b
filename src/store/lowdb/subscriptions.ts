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
    if (on === Object.hasOwn(this.file.data.sloganChats, key)) return false;
    if (on) this.file.setKey('sloganChats', key, { at: this.file.nowIso(), by: { id: by.id, name: by.name } });
    else this.file.deleteKey('sloganChats', key);
    await this.file.persist();
    return true;
  }

  announcements(): readonly Announcement[] {
    return this.file.data.announcements;
  }

  async addAnnouncement(input: Omit<Announcement, 'id' | 'at'>): Promise<Announcement> {
    const a: Announcement = { id: `T${this.file.nextSeq('announcement')}`, at: this.file.nowIso(), ...input };
    this.file.pushItem('announcements', a);
    await this.file.persist();
    return a;
  }

  /** Moves the subscription of chat `a` to `b` (no write). */
  moveChat(a: string, b: string): void {
    const slogan = this.file.data.sloganChats[a];
    if (!slogan) return;
    this.file.setKey('sloganChats', b, slogan);
    this.file.deleteKey('sloganChats', a);
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
