/** What every channel adapter offers. The core sees only {@link ChatRef}, never a platform. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatRef, Incoming, Outgoing } from '../core/types.js';

/**
 * A POST path a channel serves on Loa's HTTP server (webhooks). The server reads no body before
 * `authorize` accepted the request's headers and its declared size is within `maxBody`; the
 * handler then finds the body in `req.body`.
 */
export interface Route {
  path: string;
  /** Checks the headers (the webhook's secret) before any body is read: the status to refuse with, or undefined. */
  authorize(req: IncomingMessage): number | undefined;
  /** Largest body accepted, bytes (the server's default when absent). */
  maxBody?: number;
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/** Why a message was not sent (each case is also logged, parked or reported by the channel). */
export type NotSentReason =
  /** Kept to be resent later (a long rate limit, repeated network or server errors). */
  | 'parked'
  /** The chat refused the bot (removed or blocked); it is now marked inactive. */
  | 'forbidden'
  /** The platform refused this message for good (bad request). */
  | 'rejected'
  /** The chat was already marked inactive: nothing was tried. */
  | 'inactive'
  /** The recipient cannot be reached on this channel now (Zalo: no contact for 7 days and no group). */
  | 'unreachable';

/**
 * What became of one send. `chat` is where the message actually landed: usually the chat asked
 * for, but e.g. the supergroup a Telegram group became, or a unit's Zalo group instead of a user.
 * Message references (so a reply confirms a deadline) belong under that chat.
 */
export type SendResult = { status: 'sent'; messageId: string; chat: ChatRef } | { status: 'not-sent'; reason: NotSentReason };

export interface ChannelAdapter {
  /** The channel name used in chat keys (`console`, `telegram`, ...). */
  readonly name: string;
  /** Longest text one message may carry on this channel. */
  readonly maxMessageLength: number;
  /** Starts receiving; each incoming message is passed to `onIncoming` (which never throws). */
  start(onIncoming: (incoming: Incoming) => Promise<void>): Promise<void>;
  /** Sends one message (paced, retried); resolves to where it landed and its id, or why it was not sent. */
  send(chat: ChatRef, out: Outgoing): Promise<SendResult>;
  /**
   * For channels with buttons: answers a press (e.g. a toast, an edit of the pressed message)
   * given the replies meant for that chat, and returns the replies still to be sent.
   */
  acknowledge?(incoming: Incoming, replies: Outgoing[]): Promise<Outgoing[]>;
  /** Webhook paths this channel serves on Loa's HTTP server, once started. */
  routes?(): Route[];
  /** Rejects when the channel stops on a fatal error after start. */
  readonly failed?: Promise<never>;
  stop(): Promise<void>;
}
