/**
 * What delivery keeps besides the outbox: parked messages (indexed by channel), message → deadline
 * references (indexed by chat and message id, the newest {@link MAX_MESSAGE_REFS} kept), the state
 * of chats that refuse the bot, and processed updates (a bounded window).
 */
import { chatKey, type ChatRef, type DeadlineRef, type Outgoing } from '../../core/types.js';
import type { ParkedMessage } from '../../core/records.js';
import type { MessageRef } from '../schema.js';
import type { LowdbFile } from './file.js';
import { redo } from './redo.js';

/** How many message → deadline references are kept (replies to older messages no longer confirm). */
export const MAX_MESSAGE_REFS = 20_000;
/** How long a processed update stays known (Telegram keeps undelivered updates 24 h). */
export const UPDATE_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
/** Most processed updates remembered, whatever their age. */
export const MAX_UPDATES = 20_000;

const refKey = (chat: string, messageId: string) => `${chat}\n${messageId}`;
const channelOf = (chat: string) => chat.slice(0, chat.indexOf(':'));

export class LowdbDelivery {
  /** channel → its parked messages, oldest first. */
  private parkedByChannel = new Map<string, ParkedMessage[]>();
  /** chat + message id → the newest reference. */
  private refs = new Map<string, MessageRef>();
  /** Processed updates remembered (counted, so marking one does not list them all). */
  private updates = 0;

  constructor(private readonly file: LowdbFile) {
    this.rebuild();
    file.onReload(() => this.rebuild());
  }

  private rebuild(): void {
    this.rebuildParked();
    this.refs = new Map();
    for (const m of this.file.data.messages) this.refs.set(refKey(m.chat, m.messageId), m);
    this.updates = Object.keys(this.file.data.updates).length;
  }

  private rebuildParked(): void {
    this.parkedByChannel = new Map();
    for (const p of this.file.data.parked) {
      const channel = channelOf(p.chat);
      const list = this.parkedByChannel.get(channel);
      if (list) list.push(p);
      else this.parkedByChannel.set(channel, [p]);
    }
  }

  // --- parked messages (could not be sent for now) --------------------------------------------

  async park(chat: ChatRef, out: Outgoing, reason: string, notBefore: Date): Promise<ParkedMessage> {
    const parked: ParkedMessage = {
      id: `P${this.file.nextSeq('parked')}`,
      chat: chatKey(chat),
      text: out.text,
      ...(out.buttons?.length ? { buttons: out.buttons } : {}),
      ...(out.ref ? { ref: out.ref } : {}),
      reason,
      at: this.file.nowIso(),
      notBefore: notBefore.toISOString(),
      ...(out.outboxId ? { outboxId: out.outboxId } : {}),
    };
    this.file.pushItem('parked', parked, () => this.rebuildParked());
    this.rebuildParked();
    await this.file.persist();
    return parked;
  }

  /** Parked messages of one channel, oldest first. */
  parkedOf(channel: string): ParkedMessage[] {
    return [...(this.parkedByChannel.get(channel) ?? [])];
  }

  async unpark(id: string): Promise<void> {
    const list = this.file.data.parked;
    const i = list.findIndex((p) => p.id === id);
    if (i < 0) return;
    const [item] = list.splice(i, 1);
    this.file.dropped('parked', [item!]);
    this.rebuildParked();
    this.file.onUndo(() => {
      const now = this.file.data.parked;
      if (now.includes(item!)) return;
      now.splice(Math.min(i, now.length), 0, item!);
      this.rebuildParked();
    });
    await this.file.persist();
  }

  // --- bot messages about a deadline (so a reply "đã nhận" can confirm it) ----------------------

  async rememberMessage(chat: ChatRef, messageId: string, ref: DeadlineRef): Promise<void> {
    const key = refKey(chatKey(chat), messageId);
    const m: MessageRef = {
      chat: chatKey(chat),
      messageId,
      deadline: ref.deadline,
      occurrence: ref.occurrence,
      ...(ref.view ? { view: ref.view } : {}),
      at: this.file.nowIso(),
    };
    const prev = this.refs.get(key);
    this.file.pushItem('messages', m, () => {
      if (this.refs.get(key) !== m) return;
      if (prev) this.refs.set(key, prev);
      else this.refs.delete(key);
    });
    this.refs.set(key, m);
    for (const old of this.file.shiftItems('messages', this.file.data.messages.length - MAX_MESSAGE_REFS)) {
      const k = refKey(old.chat, old.messageId);
      if (this.refs.get(k) === old) this.refs.delete(k);
    }
    await this.file.persist();
  }

  messageRef(chat: ChatRef, messageId: string): DeadlineRef | undefined {
    const m = this.refs.get(refKey(chatKey(chat), messageId));
    return m && { deadline: m.deadline, occurrence: m.occurrence, ...(m.view ? { view: m.view } : {}) };
  }

  // --- chat state: inactive chats, supergroup migration ----------------------------------------

  /** Why and since when a chat refuses our messages (bot removed or blocked), if it does. */
  inactiveSince(chat: ChatRef): { at: string; reason: string } | undefined {
    return this.file.data.chats[chatKey(chat)]?.inactive;
  }

  async markInactive(chat: ChatRef, reason: string): Promise<void> {
    this.file.setKey('chats', chatKey(chat), { inactive: { at: this.file.nowIso(), reason } });
    await this.file.persist();
  }

  /** A chat that writes to us again is active again. Returns whether it was inactive. */
  async markActive(chat: ChatRef): Promise<boolean> {
    const key = chatKey(chat);
    if (!this.file.data.chats[key]?.inactive) return false;
    this.file.deleteKey('chats', key);
    await this.file.persist();
    return true;
  }

  /** Moves the chat state, references and parked messages of chat `a` to `b` (rare; no write). */
  moveChat(a: string, b: string): void {
    const d = this.file.data;
    // Registered first, so it runs last on undo, once every record has its chat back.
    this.file.onUndo(() => this.rebuild());
    if (d.chats[a]) this.file.deleteKey('chats', a);
    this.file.rechat('messages', ['chat'], a, b);
    this.file.rechat('parked', ['chat'], a, b);
    this.rebuild();
  }

  // --- processed incoming updates (redeliveries are not acted on twice) -------------------------

  /** When an update (`<channel>:<id>`) was processed, if it was, within the window. */
  updateSeen(key: string): string | undefined {
    return this.file.data.updates[key];
  }

  /**
   * Records an update as processed, in memory: it is written with the next write, so the caller
   * makes it part of the write that holds the update's effect. Old entries are dropped.
   */
  markUpdate(key: string): void {
    const updates = this.file.data.updates;
    if (!Object.hasOwn(updates, key)) this.updates++;
    this.file.setKey('updates', key, this.file.nowIso());
    if (this.updates <= MAX_UPDATES && this.updates % 100 !== 0) return;
    // Every 100 updates (a scan of at most MAX_UPDATES keys): drop those out of the window.
    const oldest = this.file.clock.now().getTime() - UPDATE_WINDOW_MS;
    const drop = (k: string) => {
      delete updates[k];
      this.file.record(redo.del('updates', k));
    };
    for (const k of Object.keys(updates)) if (Date.parse(updates[k]!) < oldest) drop(k);
    const left = Object.keys(updates);
    for (const k of left.slice(0, Math.max(0, left.length - MAX_UPDATES))) drop(k);
    this.updates = Object.keys(updates).length;
  }
}
