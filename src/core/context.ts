/**
 * What a command runs with: the message, the content, the catalog (plans and announcements),
 * the chat's unit and the ports. Built once per message from the engine's dependencies.
 */
import { reachableChatsOf } from './reach.js';
import { catalogOf, type Catalog } from './catalog.js';
import type { Clock } from './clock.js';
import type { Command, CommandContext, CommandPorts } from './command.js';
import { openBook } from './confirmation-book.js';
import type { Content } from './content.js';
import { dayOf } from './dates.js';
import type { HandInFiles } from './hand-in-ports.js';
import type { PlanImports } from './imports.js';
import type { Stores } from './ports.js';
import type { Binding } from './records.js';
import { parseChatKeys, type Incoming } from './types.js';
import type { WebLinkIssuer } from './web-links.js';

/** The ports the engine needs: the commands' and the message references. */
export type EnginePorts = CommandPorts & Pick<Stores, 'messages'>;

/** What a command context is built from (the engine's dependencies). */
export interface ContextDeps {
  content: Content;
  stores: EnginePorts;
  clock: Clock;
  commands: readonly Command[];
  imports?: PlanImports | undefined;
  /** File checks, form read-back and merged tables for hand-ins (absent: this run takes no report files). */
  handInFiles?: HandInFiles | undefined;
  /** `channel:userId` of each admin (`ADMIN_IDS`). */
  adminIds: readonly string[];
  /** `channel:userId` of each viewer of the web console (`VIEWER_IDS`): read-only. */
  viewerIds?: readonly string[] | undefined;
  /** Issues web console sign-in links (absent: no web console on this run). */
  webLinks?: WebLinkIssuer | undefined;
  /** Channels running now; chats on others get no notices. All when absent. */
  channels?: readonly string[] | undefined;
}

export interface ContextBuilder {
  catalog(): Promise<Catalog>;
  /** The chat's binding as the message found it: read once per message (the engine's activity and the context share it). */
  bindingOf(incoming: Incoming): Promise<Binding | undefined>;
  context(incoming: Incoming, args: string, replyLimit?: number): Promise<CommandContext>;
}

/** Builds command contexts; the catalog is rebuilt only when the announcements or the content changed. */
export function contextBuilder(deps: ContextDeps): ContextBuilder {
  const adminIds = new Set(deps.adminIds);
  const viewerIds = new Set(deps.viewerIds ?? []);
  const adminChats = parseChatKeys(deps.adminIds);
  const zone = deps.content.org.timezone;
  const { bindings, confirmations, outbox, subscriptions, announcements, audit, submissions, files, formSessions, downloads } = deps.stores;
  const ports: CommandPorts = { bindings, confirmations, outbox, subscriptions, announcements, audit, submissions, files, formSessions, downloads };
  let cached: { n: number; revision: number; catalog: Catalog } | undefined;
  const bound = new WeakMap<Incoming, Promise<Binding | undefined>>();

  function bindingOf(incoming: Incoming): Promise<Binding | undefined> {
    let found = bound.get(incoming);
    if (!found) bound.set(incoming, (found = bindings.bindingOf(incoming.chat)));
    return found;
  }

  async function catalog(): Promise<Catalog> {
    const list = await announcements.announcements();
    if (!cached || cached.n !== list.length || cached.revision !== deps.content.revision) {
      cached = { n: list.length, revision: deps.content.revision, catalog: catalogOf(deps.content, list) };
    }
    return cached.catalog;
  }

  async function context(incoming: Incoming, args: string, replyLimit?: number): Promise<CommandContext> {
    const now = deps.clock.now();
    const today = dayOf(now, zone);
    const [binding, cat] = await Promise.all([bindingOf(incoming), catalog()]);
    return {
      ...ports,
      incoming,
      args,
      ...(replyLimit !== undefined ? { replyLimit } : {}),
      content: deps.content,
      catalog: cat,
      now,
      today,
      zone,
      isAdmin: adminIds.has(`${incoming.chat.channel}:${incoming.user.id}`),
      isViewer: viewerIds.has(`${incoming.chat.channel}:${incoming.user.id}`),
      webLinks: deps.webLinks,
      adminChats,
      unit: binding ? deps.content.unit(binding.unit) : undefined,
      commands: deps.commands,
      imports: deps.imports,
      handInFiles: deps.handInFiles,
      chatsOf: reachableChatsOf(bindings, deps.channels),
      book: (deadlines, extra) => openBook(confirmations, deadlines, today, extra),
    };
  }

  return { catalog, bindingOf, context };
}
