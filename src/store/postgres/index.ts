/**
 * The PostgreSQL store: every port of `src/core/ports.ts` over one `pg` pool, for N replicas of
 * Loa on one database (`DATABASE_URL=postgres://…`). Opening migrates the schema (once, whoever
 * opens first) and seeds empty content from the data folder.
 */
import pg from 'pg';
import type { Clock } from '../../core/clock.js';
import type { Stores } from '../../core/ports.js';
import { auditPort } from './audit.js';
import { bindingPort } from './bindings.js';
import { chatStatePort, messageRefPort, updatePort } from './chats.js';
import { confirmationPort } from './confirmations.js';
import { contentPort, watchContent } from './content.js';
import { Db } from './db.js';
import { asStoreError, targetOf } from './errors.js';
import { downloadLinkPort, formSessionPort } from './form-sessions.js';
import { MigrationError, migrateSchema, SCHEMA_NAME, type MigrateResult } from './migrate.js';
import { outboxPort, parkingPort } from './outbox.js';
import { createLease, createRunCoordinator, createSendBudget, type Lease, type SendBudget } from './replicas.js';
import { fileStorePort, submissionPort } from './submissions.js';
import { announcementPort, subscriptionPort } from './subscriptions.js';
import { tokenPort } from './tokens.js';
import { webAuthPort } from './web-auth.js';

export { StoreUnavailableError } from './errors.js';
export { MigrationError } from './migrate.js';
export { createLease, createRunCoordinator, createSendBudget, replicaId, type Lease, type SendBudget, type SendSlot } from './replicas.js';
export { CONTENT_CHANNEL } from './content.js';

export interface PostgresOptions {
  clock: Clock;
  /** Schema holding Loa's tables (created when missing); default `public`. */
  schema?: string | undefined;
  /** Data folder whose org.json and plans/ seed empty content tables. */
  dataDir?: string | undefined;
  /** Most connections of this process (default 10). */
  poolSize?: number | undefined;
  /** How long a call waits for a connection before failing as unavailable (default 5 s). */
  connectTimeoutMs?: number | undefined;
  /** Where a lost idle connection is reported (the pool replaces it by itself). */
  onPoolError?: ((error: Error) => void) | undefined;
}

export interface PostgresStores extends Stores {
  readonly pool: pg.Pool;
  readonly schema: string;
  /** host:port, for logs. */
  readonly where: string;
  readonly migration: MigrateResult;
  /** Calls `onChange` when any replica publishes a plan (LISTEN/NOTIFY); returns the stop function. */
  watchContent(onChange: (revision: string) => void, onError?: (error: unknown) => void): () => Promise<void>;
  /** node-cron 4.6's coordinator for `distributed: true` tasks. */
  runCoordinator(owner?: string): ReturnType<typeof createRunCoordinator>;
  lease(name: string): Lease;
  sendBudget(options?: { burst?: number }): SendBudget;
}

/** Opens the store on `url`, migrating and seeding as needed; rejects with StoreUnavailableError when PostgreSQL does not answer. */
export async function openPostgresStores(url: string, options: PostgresOptions): Promise<PostgresStores> {
  const schema = options.schema ?? 'public';
  // Checked before it goes into the connection's options: a plain identifier, nothing else.
  if (!SCHEMA_NAME.test(schema)) throw new MigrationError(`Tên schema "${schema}" không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch dưới.`);
  const where = targetOf(url);
  const config: pg.PoolConfig = {
    connectionString: url,
    options: `-c search_path=${schema}`,
    application_name: 'loa',
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  };
  const pool = new pg.Pool(config);
  // An idle connection that breaks (PostgreSQL restarted) is dropped and replaced on the next call.
  pool.on('error', (error) => options.onPoolError?.(error));

  let migration: MigrateResult;
  try {
    const client = await pool.connect();
    client.on('error', () => {});
    try {
      migration = await migrateSchema(client, schema, { dataDir: options.dataDir, at: options.clock.now().toISOString() });
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw asStoreError(error, where);
  }

  const db = new Db(pool, where);
  const clock = options.clock;
  let closed = false;
  return {
    pool,
    schema,
    where,
    migration,
    bindings: bindingPort(db, clock),
    confirmations: confirmationPort(db, clock),
    outbox: outboxPort(db, clock),
    parking: parkingPort(db, clock),
    messages: messageRefPort(db, clock),
    chats: chatStatePort(db, clock),
    updates: updatePort(db, clock),
    subscriptions: subscriptionPort(db, clock),
    announcements: announcementPort(db, clock),
    tokens: tokenPort(db, clock),
    content: contentPort(db, clock, schema),
    audit: auditPort(db, clock),
    web: webAuthPort(db, clock),
    submissions: submissionPort(db),
    files: fileStorePort(db, clock),
    formSessions: formSessionPort(db, clock),
    downloads: downloadLinkPort(db, clock),
    atomically: (work) => db.tx(work),
    watchContent: (onChange, onError) => watchContent({ ...config }, schema, onChange, onError),
    runCoordinator: (owner) => createRunCoordinator(pool, owner),
    lease: (name) => createLease(pool, name),
    sendBudget: (o) => createSendBudget(pool, o),
    async close() {
      if (closed) return;
      closed = true;
      await db.idle();
      await pool.end();
    },
  };
}
