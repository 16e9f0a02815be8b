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

/** Why a channel could not send a message, for good. */
export type FailReason =
  /** The chat refused the bot (removed or blocked): the delivery service marks it inactive. */
  | 'forbidden'
  /** The platform refused this message for good (bad request). */
  | 'rejected'
  /** The recipient cannot be reached on this channel now (Zalo: no contact for 7 days and no group). */
  | 'unreachable';

/**
 * What became of one send, as the channel saw it; the delivery service does the rest (remembers
 * the reference, parks, marks a chat inactive, tells the admins). `chat` is where the message
 * actually landed: usually the chat asked for, but e.g. the supergroup a Telegram group became,
 * or a unit's Zalo group instead of a user. Message references belong under that chat.
 */
export type SendResult =
  | { status: 'sent'; messageId: string; chat: ChatRef }
  | {
      /** Not now (a rate limit longer than the cap, repeated server or network errors): park it until `notBefore`. */
      status: 'retry-later';
      /** Why, for the log and the parked record. */
      reason: string;
      notBefore: Date;
      /** Why and what next, as the admins are told (Vietnamese): "Telegram yêu cầu chờ 60 giây (429). Loa sẽ tự gửi lại sau." */
      notice: string;
      /** What is left to send when part of a long message went out already (absent: all of it). */
      rest?: Outgoing | undefined;
    }
  | {
      status: 'failed';
      reason: FailReason;
      /** The chat the failure is about (a forbidden chat is marked inactive under it). */
      chat: ChatRef;
      /** The platform's words, for the log and the inactive mark. */
      detail?: string | undefined;
      /** A notice for the admins (Vietnamese), when this failure needs one. */
      notice?: string | undefined;
    };

export interface ChannelAdapter {
  /** The channel name used in chat keys (`console`, `telegram`, ...). */
  readonly name: string;
  /** Longest text one message may carry on this channel. */
  readonly maxMessageLength: number;
  /** Starts receiving; each incoming message is passed to `onIncoming` (which never throws). */
  start(onIncoming: (incoming: Incoming) => Promise<void>): Promise<void>;
  /**
   * Sends one message (paced, retried within limits); resolves to where it landed and its id, or
   * why not. Only sends: never parks, never writes, never tells anyone (the delivery service does).
   */
  send(chat: ChatRef, out: Outgoing): Promise<SendResult>;
  /** How staff are told of this channel's messages ("tin nhắn", "tin Zalo"); "tin nhắn" when absent. */
  readonly messageNoun?: string;
  /** A chat as staff know it (a group's title, a person's name; never an internal key), given its unit. */
  describeChat?(chat: ChatRef, unit: string | undefined): Promise<string>;
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
