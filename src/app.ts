/**
 * Wires channels to the engine: each incoming message is answered through the channel(s) it
 * targets. Two ways: the console speaks at once (`createRouter`); platform channels go through
 * the store (`createDurableRouter`), so a redelivered update is never acted on twice and no
 * reply is lost to a crash.
 */
import type { Engine, Logger } from './core/dispatcher.js';
import type { Stores } from './core/ports.js';
import { chatKey, type ChatRef, type Incoming, type Outgoing } from './core/types.js';
import type { ChannelAdapter } from './channels/types.js';
import type { Delivery } from './delivery/delivery.js';

type OnIncoming = (incoming: Incoming) => Promise<void>;

/** Replies meant for the chat a button was pressed in (the channel answers them as a toast or an edit). */
function inPressedChat(incoming: Incoming): (o: Outgoing) => boolean {
  return (o) => !o.chat || chatKey(o.chat) === chatKey(incoming.chat);
}

/**
 * The console: replies are sent at once, through the delivery service (which remembers their
 * deadline references). `after` runs once each message is answered (the outbox).
 */
export function createRouter(
  engine: Engine,
  channels: readonly ChannelAdapter[],
  delivery: Pick<Delivery, 'send'>,
  logger: Logger,
  after?: () => Promise<unknown> | void,
): OnIncoming {
  const byName = new Map(channels.map((c) => [c.name, c]));
  return async function onIncoming(incoming) {
    const source = byName.get(incoming.chat.channel);
    let outs = await engine.handle(incoming, source?.maxMessageLength ?? 2000);
    if (incoming.buttonData !== undefined && source?.acknowledge) {
      const here = inPressedChat(incoming);
      try {
        outs = [...(await source.acknowledge(incoming, outs.filter(here))), ...outs.filter((o) => !here(o))];
      } catch (error) {
        logger.error(`answering a button press in ${chatKey(incoming.chat)} failed`, error);
      }
    }
    for (const out of outs) await delivery.send(out.chat ?? incoming.chat, out);
    try {
      await after?.();
    } catch (error) {
      logger.error('after-message hook failed', error);
    }
  };
}

/** What the durable router works with. */
export interface DurableRouterDeps {
  engine: Engine;
  channels: readonly ChannelAdapter[];
  /** Processed updates, the outbox, and the unit of work they share with the update's effect. */
  stores: Pick<Stores, 'updates' | 'outbox' | 'atomically'>;
  logger: Logger;
  /** Starts sending what was queued (the outbox). */
  kick(): void;
  /** The answer when the store cannot write (the change was rolled back); sent directly. */
  writeFailed(error: unknown): string | undefined;
}

/**
 * Platform channels: an update already processed (its `updateKey` recorded) is not processed
 * again; otherwise its effect, its processed mark and its replies (queued in the outbox) are
 * written in one write, and only then sent, by the outbox. A button press is answered (toast,
 * edit of the pressed message) once that write is done.
 */
export function createDurableRouter(deps: DurableRouterDeps): OnIncoming {
  const { engine, stores, logger } = deps;
  const byName = new Map(deps.channels.map((c) => [c.name, c]));
  const queue = (incoming: Incoming, outs: readonly Outgoing[]) =>
    outs.length ? stores.outbox.queueMessages(outs.map((out) => ({ chat: out.chat ?? incoming.chat, out }))) : Promise.resolve([]);

  return async function onIncoming(incoming) {
    const key = incoming.updateKey;
    const source = byName.get(incoming.chat.channel);
    const press = incoming.buttonData !== undefined && source?.acknowledge !== undefined;
    let pressed: Outgoing[] = [];
    try {
      const fresh = await stores.atomically(async () => {
        // Claimed in the same unit of work as the effect: both are written, or neither.
        if (key && !(await stores.updates.claimUpdate(key))) return false;
        const outs = await engine.handle(incoming, source?.maxMessageLength ?? 2000);
        const here = inPressedChat(incoming);
        pressed = press ? outs.filter(here) : [];
        await queue(incoming, press ? outs.filter((o) => !here(o)) : outs);
        return true;
      });
      if (!fresh) {
        logger.info(`update ${key} was processed before: not again`);
        return;
      }
    } catch (error) {
      const text = deps.writeFailed(error);
      if (text === undefined) throw error;
      logger.warn(`update from ${chatKey(incoming.chat)} not written: ${(error as Error).message}`);
      await sendNow(incoming.chat, { text });
      return;
    }
    deps.kick();
    if (!press || !source?.acknowledge) return;
    try {
      const left = await source.acknowledge(incoming, pressed);
      if (left.length) {
        await queue(incoming, left);
        deps.kick();
      }
    } catch (error) {
      logger.error(`answering a button press in ${chatKey(incoming.chat)} failed`, error);
    }
  };

  /** A message that cannot go through the store (it cannot write): sent at once, best effort. */
  async function sendNow(chat: ChatRef, out: Outgoing): Promise<void> {
    try {
      await byName.get(chat.channel)?.send(chat, out);
    } catch (error) {
      logger.error(`sending to ${chatKey(chat)} failed`, error);
    }
  }
}
