/**
 * A bound chat's last activity and title, as the web console's Đơn vị pages show them. Recorded
 * by the engine when a message comes in from a bound chat, inside the update's own unit of work
 * (the durable router runs the engine in it), and at most once an hour per chat: a busy group
 * costs one small write an hour, an unbound chat none.
 */
import type { Binding, RegistrationRequest } from './records.js';
import type { Incoming } from './types.js';

/** How often a bound chat's last activity is refreshed at most (1 hour): the pages show it to the hour. */
export const ACTIVITY_REFRESH_MS = 60 * 60 * 1000;

/** Longest chat title kept (as registration requests keep it). */
export const MAX_TITLE = 128;

export const clipTitle = (title: string): string => title.slice(0, MAX_TITLE);

/** How people know a chat: the group's title, or the person's name in a private chat. */
export function chatNameOf(incoming: Pick<Incoming, 'chatTitle' | 'chatType' | 'user'>): string | undefined {
  const name = incoming.chatTitle ?? (incoming.chatType === 'private' ? incoming.user.name : undefined);
  return name ? clipTitle(name) : undefined;
}

/** The name of the chat a registration request came from (kept with the binding once approved). */
export function requestChatName(r: Pick<RegistrationRequest, 'chatTitle' | 'chatType' | 'user'>): string | undefined {
  return chatNameOf({ chatTitle: r.chatTitle, chatType: r.chatType, user: { id: r.user.id, name: r.user.name } });
}

/** Whether a message from a chat with this binding at `now` should be recorded: a new title, or an hour since the last. */
export function activityDue(binding: Binding, now: Date, title: string | undefined): boolean {
  if (title !== undefined && title !== binding.title) return true;
  if (binding.lastActive === undefined) return true;
  const last = Date.parse(binding.lastActive);
  return !Number.isFinite(last) || now.getTime() - last >= ACTIVITY_REFRESH_MS || now.getTime() < last;
}
