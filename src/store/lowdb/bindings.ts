/**
 * Chats bound to units, and the requests to bind one. Bindings are indexed by unit (the planner
 * asks every unit's chats at each fire; `/donvi` counts them), so no read scans the bindings.
 * Requests are few (one per person asking) and kept as a list; pending ones are looked up by id.
 */
import { clipTitle, requestChatName } from '../../core/activity.js';
import type { BindingPort, ChatName } from '../../core/ports.js';
import type { Binding, BoundChat, DecideOutcome, Person, RegistrationRequest } from '../../core/records.js';
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

  /** A new binding of `key`, keeping the chat's known title (unless a new one is given) and last activity. */
  private fresh(key: string, unit: string, at: string, by: Person, title: string | undefined): Binding {
    const prev = this.file.data.bindings[key];
    const name = title !== undefined ? clipTitle(title) : prev?.title;
    return { unit, at, by: { id: by.id, name: by.name }, ...(name ? { title: name } : {}), ...(prev?.lastActive ? { lastActive: prev.lastActive } : {}) };
  }

  async bind(chat: ChatRef, unit: string, by: Person, title?: string): Promise<Binding> {
    const key = chatKey(chat);
    const binding = this.fresh(key, unit, this.file.nowIso(), by, title);
    this.put(key, binding);
    await this.file.persist();
    return binding;
  }

  /** Removes a chat's binding; the one removed, if any. */
  async unbind(chat: ChatRef): Promise<Binding | undefined> {
    const key = chatKey(chat);
    const prev = this.file.data.bindings[key];
    if (!prev) return undefined;
    this.put(key, undefined);
    await this.file.persist();
    return prev;
  }

  /** The bound chats of one unit (by the index) or of all, oldest binding first. */
  boundChats(unit?: string): BoundChat[] {
    const { bindings, chats } = this.file.data;
    const keys = unit === undefined ? Object.keys(bindings) : [...(this.byUnit.get(unit) ?? [])];
    const list: BoundChat[] = [];
    for (const chat of keys) {
      const b = bindings[chat];
      if (!b) continue;
      const inactive = chats[chat]?.inactive;
      list.push({ ...b, chat, ...(inactive ? { inactive } : {}) });
    }
    return list.sort((a, b) => a.at.localeCompare(b.at) || a.chat.localeCompare(b.chat));
  }

  /** A bound chat wrote at `at`: its last activity (and title, when given); nothing for an unbound chat. */
  async noteActivity(chat: ChatRef, at: string, title?: string): Promise<void> {
    const key = chatKey(chat);
    const prev = this.file.data.bindings[key];
    if (!prev) return;
    this.put(key, { ...prev, lastActive: at, ...(title ? { title: clipTitle(title) } : {}) });
    await this.file.persist();
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
    if (approve) this.put(request.chat, this.fresh(request.chat, request.unit, at, person, requestChatName(request)));
    await this.file.persist();
    return { outcome: 'done', request };
  }

  /** The unit and the known title of each chat: its binding's, else its newest request's (requests are few: one pass). */
  chatNames(chats: readonly string[]): Map<string, ChatName> {
    const wanted = new Set(chats);
    const titles = new Map<string, string>();
    // Oldest first: a later request's title wins.
    for (const r of this.file.data.requests) if (r.chatTitle && wanted.has(r.chat)) titles.set(r.chat, r.chatTitle);
    return new Map(
      [...wanted].map((chat) => {
        const binding = this.file.data.bindings[chat];
        return [chat, { unit: binding?.unit, title: binding?.title ?? titles.get(chat) }];
      }),
    );
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
    bind: (chat, unit, by, title) => b.bind(chat, unit, by, title),
    unbind: (chat) => b.unbind(chat),
    boundChats: async (unit) => b.boundChats(unit),
    noteActivity: (chat, at, title) => b.noteActivity(chat, at, title),
    requestBinding: (chat, chatType, unit, user, chatTitle) => b.requestBinding(chat, chatType, unit, user, chatTitle),
    pendingRequests: async () => b.pendingRequests(),
    decideRequest: (id, approve, by, byChat) => b.decideRequest(id, approve, by, byChat),
    chatNames: async (chats) => b.chatNames(chats),
  };
}
