/** What every channel adapter offers. The core sees only {@link ChatRef}, never a platform. */
import type { ChatRef, Incoming, Outgoing } from '../core/types.js';

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
  stop(): Promise<void>;
}
