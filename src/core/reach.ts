/**
 * Which chats Loa can reach now: those of the channels running. A chat on another channel (a
 * console chat in a shared file, a channel not configured) is never sent to. With no list, every
 * chat (a run that knows no channels: the tests).
 */
import type { BindingPort } from './ports.js';
import type { ChatRef } from './types.js';

/** Whether a running channel can reach `chat`. */
export function reachable(channels: readonly string[] | undefined): (chat: ChatRef) => boolean {
  return (chat) => !channels || channels.includes(chat.channel);
}

/** A unit's bound chats that a running channel can reach. */
export function reachableChatsOf(bindings: Pick<BindingPort, 'chatsOf'>, channels: readonly string[] | undefined): (unit: string) => Promise<ChatRef[]> {
  const can = reachable(channels);
  return async (unit) => (await bindings.chatsOf(unit)).filter(can);
}
