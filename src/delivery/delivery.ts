/**
 * The one path every outgoing message takes after a channel sent it or could not: the delivery
 * service remembers which message is about which deadline (so a reply confirms it), parks what
 * a channel could not send for now and tells the admins (a parked admin notice raises no notice:
 * no park → notice → park loop), marks a chat that refused the bot inactive, and finishes the
 * outbox row a message was sent for. Channels only send and say how it went ({@link SendResult}).
 */
import type { Logger } from '../core/dispatcher.js';
import type { Stores } from '../core/ports.js';
import type { OutboxRow } from '../core/records.js';
import { chatKey, parseChatKey, type ChatRef, type Outgoing } from '../core/types.js';
import type { ChannelAdapter, FailReason, SendResult } from '../channels/types.js';

/** How one message ended, as the delivery service saw it. */
export type Delivered =
  | { status: 'sent'; messageId: string; chat: ChatRef }
  /** Kept to be sent again later (see `parked` in the store); the admins were told. */
  | { status: 'parked'; id: string }
  | { status: 'not-sent'; reason: FailReason | 'inactive' | 'no-channel' | 'error' };

/** What the delivery service works with: the channels, the delivery ports, the admins' notices. */
export interface DeliveryDeps {
  /** The running channels (asked at each send: they are built after the delivery service). */
  channels(): readonly ChannelAdapter[];
  stores: Pick<Stores, 'messages' | 'parking' | 'outbox' | 'chats' | 'bindings'>;
  /** Tells the admins something (batched, see `admin-notices.ts`). */
  notify(text: string): Promise<void>;
  logger: Logger;
}

/** The one path of every outgoing message once it is to be sent. */
export interface Delivery {
  /**
   * Sends one message through its chat's channel now: remembers its deadline reference, parks it
   * (telling the admins) or says why it was not sent. `quiet`: a parked message raises no notice
   * (a resend: the admins were told when it was first parked). Never throws.
   */
  send(chat: ChatRef, out: Outgoing, options?: { quiet?: boolean }): Promise<Delivered>;
  /**
   * Sends an outbox row and writes how it ended (sent, parked, undelivered), with its reference.
   * A row whose end could not be written (the store cannot write) is never sent again: its end
   * is written at the next call for it, or by {@link Delivery.retryUnrecorded}.
   */
  deliverRow(row: OutboxRow): Promise<'sent' | 'undelivered'>;
  /** Writes the ends of rows that could not be written before. */
  retryUnrecorded(): Promise<void>;
}

/** The delivery service over `deps` (one per process; it keeps the rows whose end is not written yet). */
export function createDelivery(deps: DeliveryDeps): Delivery {
  const { stores, logger } = deps;
  /** Rows sent (or parked, or refused) whose end could not be written yet. */
  const unrecorded = new Map<string, () => Promise<void>>();

  async function record(id: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
      unrecorded.delete(id);
    } catch (error) {
      unrecorded.set(id, write);
      logger.warn(`outbox ${id}: its status is not written yet (${(error as Error).message})`);
    }
  }

  /** A chat as the admins know it (never an internal key). */
  async function label(channel: ChannelAdapter, chat: ChatRef): Promise<string> {
    const unit = (await stores.bindings.bindingOf(chat))?.unit;
    if (channel.describeChat) return channel.describeChat(chat, unit);
    return unit ? `một nhóm chat của đơn vị ${unit}` : 'một cuộc trò chuyện chưa rõ tên';
  }

  async function park(channel: ChannelAdapter, chat: ChatRef, out: Outgoing, result: Extract<SendResult, { status: 'retry-later' }>, quiet: boolean): Promise<Delivered> {
    const kept = result.rest ?? out;
    const parked = await stores.parking.park(chat, { ...kept, outboxId: out.outboxId }, result.reason, result.notBefore);
    logger.warn(`${chat.channel} message ${parked.id} to chat ${chat.chatId} parked: ${result.reason}`);
    if (!out.adminNotice && !quiet) {
      await deps.notify(`⚠️ Loa tạm giữ ${channel.messageNoun ?? 'tin nhắn'} ${parked.id} tới ${await label(channel, chat)}: ${result.notice}`);
    }
    return { status: 'parked', id: parked.id };
  }

  async function failed(chat: ChatRef, out: Outgoing, result: Extract<SendResult, { status: 'failed' }>): Promise<Delivered> {
    if (result.reason === 'forbidden') {
      await stores.chats.markInactive(result.chat, result.detail ?? 'forbidden');
      logger.warn(`${result.chat.channel} chat ${result.chat.chatId} refused the bot (${result.detail ?? 'forbidden'}); marked inactive`);
    }
    if (result.notice && !out.adminNotice) await deps.notify(result.notice);
    logger.info(`message to ${chatKey(chat)} not sent: ${result.reason}`);
    return { status: 'not-sent', reason: result.reason };
  }

  /** Sends through the channel; `remember` is how a sent message's reference is written. */
  async function sendVia(chat: ChatRef, out: Outgoing, quiet: boolean, remember: boolean): Promise<Delivered> {
    const channel = deps.channels().find((c) => c.name === chat.channel);
    if (!channel) {
      logger.warn(`channel "${chat.channel}" is not running: message for ${chatKey(chat)} not delivered`);
      return { status: 'not-sent', reason: 'no-channel' };
    }
    try {
      const inactive = await stores.chats.inactiveSince(chat);
      if (inactive) {
        logger.warn(`not sent to ${chat.channel} chat ${chat.chatId}: inactive since ${inactive.at} (${inactive.reason})`);
        return { status: 'not-sent', reason: 'inactive' };
      }
      const result = await channel.send(chat, out);
      if (result.status === 'retry-later') return await park(channel, chat, out, result, quiet);
      if (result.status === 'failed') return await failed(chat, out, result);
      if (remember && out.ref) {
        // Under the chat it landed in (a supergroup the group became, say), so a reply there confirms it.
        await stores.messages.rememberMessage(result.chat, result.messageId, out.ref).catch((error: unknown) => logger.error('could not remember a sent message', error));
      }
      return result;
    } catch (error) {
      logger.error(`sending to ${chatKey(chat)} failed`, error);
      return { status: 'not-sent', reason: 'error' };
    }
  }

  return {
    send: (chat, out, options) => sendVia(chat, out, options?.quiet === true, true),

    async deliverRow(row) {
      const retry = unrecorded.get(row.id);
      if (retry) {
        await record(row.id, retry);
        return 'sent';
      }
      const chat = parseChatKey(row.chat);
      const out: Outgoing = { text: row.text, buttons: row.buttons, ref: row.ref, outboxId: row.id };
      // The reference is written with the row's end, so it is retried with it if the store cannot write.
      const result: Delivered = chat ? await sendVia(chat, out, false, false) : { status: 'not-sent', reason: 'no-channel' };
      if (result.status === 'parked') {
        // The parked message finishes the row once it is delivered.
        await record(row.id, () => stores.outbox.finishOutbox(row.id, 'parked'));
        return 'undelivered';
      }
      if (result.status !== 'sent') {
        logger.warn(`outbox ${row.id} to ${row.chat} not delivered (${result.reason}; see the log above)`);
        await record(row.id, () => stores.outbox.finishOutbox(row.id, 'undelivered'));
        return 'undelivered';
      }
      await record(row.id, async () => {
        if (row.ref) await stores.messages.rememberMessage(result.chat, result.messageId, row.ref);
        await stores.outbox.finishOutbox(row.id, 'sent', result.messageId);
      });
      return 'sent';
    },

    async retryUnrecorded() {
      for (const [id, write] of [...unrecorded]) await record(id, write);
    },
  };
}
