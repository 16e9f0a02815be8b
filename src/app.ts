/** Wires channels to the engine: each incoming message is answered through the channel(s) it targets. */
import type { Engine, Logger } from './core/dispatcher.js';
import { chatKey, type Incoming } from './core/types.js';
import type { ChannelAdapter } from './channels/types.js';

export function createRouter(engine: Engine, channels: readonly ChannelAdapter[], logger: Logger) {
  const byName = new Map(channels.map((c) => [c.name, c]));
  return async function onIncoming(incoming: Incoming): Promise<void> {
    const source = byName.get(incoming.chat.channel);
    const outs = await engine.handle(incoming, source?.maxMessageLength ?? 2000);
    for (const out of outs) {
      const chat = out.chat ?? incoming.chat;
      const channel = byName.get(chat.channel);
      if (!channel) {
        logger.warn(`channel "${chat.channel}" is not running: message for ${chatKey(chat)} not delivered`);
        continue;
      }
      try {
        const id = await channel.send(chat, out);
        if (id !== undefined) await engine.sent(chat, id, out);
      } catch (error) {
        logger.error(`sending to ${chatKey(chat)} failed`, error);
      }
    }
  };
}
