/**
 * Send pacing shared by channels: a minimum gap per chat, a cap per group per minute and a cap
 * per second overall. Chats wait only for their own limits (no head-of-line blocking), and
 * messages to one chat keep their order. The overall cap is spread evenly (one message every
 * 1000/N ms) rather than sent in bursts, so network jitter cannot push a platform's own
 * rolling-window count over the limit.
 */
import type { SendLimits } from '../config.js';
import { KeyedQueue } from './keyed-queue.js';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for a send's turn. Channels depend on this, not on {@link Pacer}: pacing shared by
 * several replicas (Telegram's 30 messages/s are per bot, not per process) can take its place.
 */
export interface SendPacer {
  /** Resolves when one message to `chat` may be sent now (and counts it as sent). */
  acquire(chat: string, isGroup: boolean): Promise<void>;
}

export class Pacer implements SendPacer {
  private readonly lastByChat = new Map<string, number>();
  private readonly groupWindows = new Map<string, number[]>();
  private readonly globalWindow: number[] = [];
  private lastGlobal: number | undefined;
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly limits: Pick<SendLimits, 'perChatIntervalMs' | 'perGroupPerMinute' | 'globalPerSecond'>,
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {}

  /** Resolves when one message to `chat` may be sent now (and counts it as sent). */
  acquire(chat: string, isGroup: boolean): Promise<void> {
    return this.queue.run(chat, () => this.waitTurn(chat, isGroup));
  }

  private async waitTurn(chat: string, isGroup: boolean): Promise<void> {
    for (;;) {
      const wait = this.waitFor(chat, isGroup);
      // Under a millisecond is no wait: timers cannot do better, and a fractional sleep could
      // make no progress at all.
      if (wait < 1) {
        this.record(chat, isGroup);
        return;
      }
      // Whole milliseconds: a fractional wait could otherwise round to no progress at all.
      await this.sleep(Math.ceil(wait));
    }
  }

  /** Milliseconds until every limit allows one more message to `chat`. */
  private waitFor(chat: string, isGroup: boolean): number {
    const t = this.now();
    let wait = 0;
    const last = this.lastByChat.get(chat);
    if (last !== undefined) wait = Math.max(wait, last + this.limits.perChatIntervalMs - t);
    if (this.lastGlobal !== undefined) wait = Math.max(wait, this.lastGlobal + 1000 / this.limits.globalPerSecond - t);
    prune(this.globalWindow, t - 1000);
    if (this.globalWindow.length >= this.limits.globalPerSecond) wait = Math.max(wait, this.globalWindow[0]! + 1000 - t);
    if (isGroup) {
      const w = this.groupWindows.get(chat);
      if (w) {
        prune(w, t - 60_000);
        if (w.length >= this.limits.perGroupPerMinute) wait = Math.max(wait, w[0]! + 60_000 - t);
      }
    }
    return wait;
  }

  private record(chat: string, isGroup: boolean): void {
    const t = this.now();
    this.lastByChat.set(chat, t);
    this.lastGlobal = t;
    this.globalWindow.push(t);
    if (isGroup) {
      const w = this.groupWindows.get(chat) ?? [];
      w.push(t);
      this.groupWindows.set(chat, w);
    }
  }
}

function prune(window: number[], before: number): void {
  let n = 0;
  while (n < window.length && window[n]! <= before) n++;
  if (n) window.splice(0, n);
}
