/** What every scheduler job works with (its own file, so the planner and the jobs share it without a cycle). */
import type { Catalog } from '../core/catalog.js';
import type { Content } from '../core/content.js';
import type { Logger } from '../core/dispatcher.js';
import type { Stores } from '../core/ports.js';
import type { ChatRef } from '../core/types.js';

/** What every job works with: the content, the ports it reads and queues through, the catalog. */
export interface JobDeps {
  content: Content;
  /** The ports the jobs read and queue through. */
  stores: Pick<Stores, 'bindings' | 'confirmations' | 'outbox' | 'subscriptions'>;
  /** Plan deadlines and announcements, now. */
  catalog(): Promise<Catalog>;
  adminChats: readonly ChatRef[];
  logger: Logger;
  /** Sends what was queued (the outbox dispatcher); absent in a dry run. */
  dispatch?: () => Promise<unknown>;
  /**
   * The channels that deliver (the running ones): chats on other channels (a console chat left in
   * the database) get nothing, and a unit with no other chat counts as having none. All when absent.
   */
  channels?: readonly string[];
}
