/**
 * How a channel names a chat to staff (e.g. in a notice that a message was parked): a group by
 * its title, a private chat by its person's name, else by the unit it is bound to; never by an
 * internal key such as `telegram:-7001`, which means nothing to people.
 */
import { chatKey, type ChatRef, type ChatType, type Incoming } from '../core/types.js';

const MAX_NAMES = 5000;

/** Names of chats as people see them, learned from incoming messages (bounded, in memory). */
export class ChatNames {
  private readonly names = new Map<string, string>();

  /** Learns a chat's name: the group's title, or the person's name in a private chat. */
  remember(incoming: Incoming): void {
    const name = incoming.chatTitle ?? (incoming.chatType === 'private' ? incoming.user.name : undefined);
    if (name) this.set(incoming.chat, name);
  }

  set(chat: ChatRef, name: string): void {
    const key = chatKey(chat);
    this.names.delete(key);
    this.names.set(key, name);
    if (this.names.size > MAX_NAMES) this.names.delete(this.names.keys().next().value!);
  }

  get(chat: ChatRef): string | undefined {
    return this.names.get(chatKey(chat));
  }

  /** A chat that got a new id (a Telegram group that became a supergroup) keeps its name. */
  move(from: ChatRef, to: ChatRef): void {
    const name = this.get(from);
    if (name && !this.get(to)) this.set(to, name);
  }
}

/**
 * A chat as staff read it in Vietnamese: `nhóm “Tổ tuyên truyền” (đơn vị VP)`, `Hoa (nhắn riêng)`,
 * `nhóm của đơn vị VP`, or `một nhóm Telegram chưa rõ tên` when nothing is known.
 */
export function describeChat(info: { type: ChatType; platform: string; name?: string | undefined; unit?: string | undefined }): string {
  const { type, platform, name, unit } = info;
  if (type === 'group') {
    if (name) return `nhóm “${name}”${unit ? ` (đơn vị ${unit})` : ''}`;
    return unit ? `nhóm của đơn vị ${unit}` : `một nhóm ${platform} chưa rõ tên`;
  }
  if (name) return `${name} (nhắn riêng${unit ? `, đơn vị ${unit}` : ''})`;
  return unit ? `một cán bộ đơn vị ${unit} (nhắn riêng)` : `một người dùng ${platform} (nhắn riêng)`;
}
