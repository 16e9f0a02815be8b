/** Wires channels to the engine: each incoming message is answered through the channel(s) it targets. */
import type { Engine, Logger } from './core/dispatcher.js';
import { chatKey, type Incoming, type Outgoing } from './core/types.js';
import type { ChannelAdapter } from './channels/types.js';

/** `after` runs once each message is answered (e.g. to send what a command queued in the outbox). */
export function createRouter(engine: Engine, channels: readonly ChannelAdapter[], logger: Logger, after?: () => Promise<unknown> | void) {
  const byName = new Map(channels.map((c) => [c.name, c]));
  return async function onIncoming(incoming: Incoming): Promise<void> {
    const source = byName.get(incoming.chat.channel);
    let outs = await engine.handle(incoming, source?.maxMessageLength ?? 2000);
    if (incoming.buttonData !== undefined && source?.acknowledge) {
      const here = (o: Outgoing) => !o.chat || chatKey(o.chat) === chatKey(incoming.chat);
      try {
        outs = [...(await source.acknowledge(incoming, outs.filter(here))), ...outs.filter((o) => !here(o))];
      } catch (error) {
        logger.error(`answering a button press in ${chatKey(incoming.chat)} failed`, error);
      }
    }
    for (const out of outs) {
      const chat = out.chat ?? incoming.chat;
      const channel = byName.get(chat.channel);
      if (!channel) {
        logger.warn(`channel "${chat.channel}" is not running: message for ${chatKey(chat)} not delivered`);
        continue;
      }
      try {
        const result = await channel.send(chat, out);
        // Remembered under the chat it landed in (a supergroup the group became, say).
        if (result.status === 'sent') await engine.sent(result.chat, result.messageId, out);
      } catch (error) {
        logger.error(`sending to ${chatKey(chat)} failed`, error);
      }
    }
    try {
      await after?.();
    } catch (error) {
      logger.error('after-message hook failed', error);
    }
  };
}
