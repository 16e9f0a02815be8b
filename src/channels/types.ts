/** What every channel adapter offers. The core sees only {@link ChatRef}, never a platform. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatRef, Incoming, Outgoing } from '../core/types.js';

/** A POST path a channel serves on Loa's HTTP server (webhooks). */
export interface Route {
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export interface ChannelAdapter {
  /** The channel name used in chat keys (`console`, `telegram`, ...). */
  readonly name: string;
  /** Longest text one message may carry on this channel. */
  readonly maxMessageLength: number;
  /** Starts receiving; each incoming message is passed to `onIncoming` (which never throws). */
  start(onIncoming: (incoming: Incoming) => Promise<void>): Promise<void>;
  /** Sends one message; resolves to the channel's message id. */
  send(chat: ChatRef, out: Outgoing): Promise<string | undefined>;
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
