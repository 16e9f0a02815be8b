/**
 * Chats bound to units, and the requests to bind one. Bindings are indexed by unit (the planner
 * asks every unit's chats at each fire; `/donvi` counts them), so no read scans the bindings.
 * Requests are few (one per person asking) and kept as a list; pending ones are looked up by id.
 */
import type { BindingPort, ChatName } from '../../core/ports.js';
import type { Binding, DecideOutcome, Person, RegistrationRequest } from '../../core/records.js';
import { chatKey, parseChatKeys, type ChatRef } from '../../core/types.js';
import type { LowdbFile } from './file.js';
import { redo } from './redo.js';

export class LowdbBindings {
  /** unit → its chats (`channel:chatId`). */
  private byUnit = new Map<string, Set<string>>();

  constructor(private readonly file: LowdbFile) {
    this.rebuild();
    file.onReload(() => this.rebuild());
  }

  private rebuild(): void {
    this.byUnit = new Map();
    for (const [key, b] of Object.entries(this.file.data.bindings)) this.index(key, b.unit);
  }

  private index(key: string, unit: string): void {
    let set = this.byUnit.get(unit);
    if (!set) this.byUnit.set(unit, (set = new Set()));
    set.add(key);
  }

  private unindex(key: string, unit: string): void {
    const set = this.byUnit.get(unit);
    if (!set) return;
    set.delete(key);
    if (set.size === 0) this.byUnit.delete(unit);
  }

  /** Sets (or, with undefined, removes) the binding of `key`, keeping the index; undoable. */
  private put(key: string, value: Binding | undefined): void {
    const bindings = this.file.data.bindings;
    const prev = bindings[key];
    if (prev) this.unindex(key, prev.unit);
    if (value) {
      bindings[key] = value;
      this.index(key, value.unit);
    } else delete bindings[key];
    this.file.record(value ? redo.set('bindings', key, value) : redo.del('bindings', key));
    this.file.onUndo(() => {
      if (this.file.data.bindings[key] !== value) return;
      this.put(key, prev);
    });
  }

  bindingOf(chat: ChatRef): Binding | undefined {
    return this.file.data.bindings[chatKey(chat)];
  }

  async bind(chat: ChatRef, unit: string, by: Person): Promise<Binding> {
    const binding: Binding = { unit, at: this.file.nowIso(), by: { id: by.id, name: by.name } };
    this.put(chatKey(chat), binding);
    await this.file.persist();
    return binding;
  }

  /** Chats bound to a unit. */
  chatsOf(unit: string): ChatRef[] {
    return parseChatKeys([...(this.byUnit.get(unit) ?? [])]);
  }

  /** How many chats each unit has (units without a chat are absent). */
  chatCounts(): Map<string, number> {
    return new Map([...this.byUnit].map(([unit, set]) => [unit, set.size]));
  }

  /** Creates a pending request, or returns the pending one for the same chat and unit. */
  async requestBinding(chat: ChatRef, chatType: 'private' | 'group', unit: string, user: Person, chatTitle?: string): Promise<{ request: RegistrationRequest; created: boolean }> {
    const key = chatKey(chat);
    const data = this.file.data;
    const existing = data.requests.find((r) => r.status === 'pending' && r.chat === key && r.unit === unit);
    if (existing) return { request: existing, created: false };
    const request: RegistrationRequest = {
      id: `R${this.file.nextSeq('request')}`,
      chat: key,
      chatType,
      ...(chatTitle ? { chatTitle: chatTitle.slice(0, 128) } : {}),
      unit,
      user: { id: user.id, name: user.name },
      at: this.file.nowIso(),
      status: 'pending',
    };
    this.file.pushItem('requests', request);
    await this.file.persist();
    return { request, created: true };
  }

  pendingRequests(): RegistrationRequest[] {
    return this.file.data.requests.filter((r) => r.status === 'pending');
  }

  findRequest(id: string): RegistrationRequest | undefined {
    const wanted = id.toLowerCase();
    return this.file.data.requests.find((r) => r.id.toLowerCase() === wanted);
  }

  /** Approves (binding the chat) or rejects a pending request, in one write. */
  async decideRequest(id: string, approve: boolean, by: Person, byChat: ChatRef): Promise<{ outcome: DecideOutcome; request?: RegistrationRequest }> {
    const request = this.findRequest(id);
    if (!request) return { outcome: 'not-found' };
    if (request.status !== 'pending') return { outcome: 'already-decided', request };
    const at = this.file.nowIso();
    const person = { id: by.id, name: by.name };
    this.file.setField('requests', request, 'status', approve ? 'approved' : 'rejected');
    this.file.setField('requests', request, 'decided', { at, by: person, chat: chatKey(byChat) });
    if (approve) this.put(request.chat, { unit: request.unit, at, by: person });
    await this.file.persist();
    return { outcome: 'done', request };
  }

  /** The unit and the newest known title of each chat (requests are few: one pass over them). */
  chatNames(chats: readonly string[]): Map<string, ChatName> {
    const wanted = new Set(chats);
    const titles = new Map<string, string>();
    // Oldest first: a later request's title wins.
    for (const r of this.file.data.requests) if (r.chatTitle && wanted.has(r.chat)) titles.set(r.chat, r.chatTitle);
    return new Map([...wanted].map((chat) => [chat, { unit: this.file.data.bindings[chat]?.unit, title: titles.get(chat) }]));
  }

  /** Moves the binding and the requests of chat `a` to `b` (no write: the caller writes). */
  moveChat(a: string, b: string): void {
    const binding = this.file.data.bindings[a];
    if (binding) {
      this.put(b, binding);
      this.put(a, undefined);
    }
    this.file.rechat('requests', ['chat'], a, b);
  }
}

/** The binding port over {@link LowdbBindings}. */
export function bindingPort(b: LowdbBindings): BindingPort {
  return {
    bindingOf: async (chat) => b.bindingOf(chat),
    chatsOf: async (unit) => b.chatsOf(unit),
    chatCounts: async () => b.chatCounts(),
    bind: (chat, unit, by) => b.bind(chat, unit, by),
    requestBinding: (chat, chatType, unit, user, chatTitle) => b.requestBinding(chat, chatType, unit, user, chatTitle),
    pendingRequests: async () => b.pendingRequests(),
    decideRequest: (id, approve, by, byChat) => b.decideRequest(id, approve, by, byChat),
    chatNames: async (chats) => b.chatNames(chats),
  };
}
