/**
 * The organisation and its plans in the database, so a plan published on one replica is every
 * replica's at once: publishing writes the plan and bumps the revision in one transaction, and
 * NOTIFYs `loa_content`; replicas poll the (cheap) revision or LISTEN, and reload on a change.
 * The data folder only seeds it (see content-seed.ts); a plan is kept by its id, and the id of a
 * plan deleted here is remembered so its file is never added again.
 */
import pg from 'pg';
import type { Clock } from '../../core/clock.js';
import { ContentError } from '../../core/content.js';
import type { ContentPort, ContentSource } from '../../core/ports.js';
import type { Db } from './db.js';
import { PLAN_FILE_SQL } from './content-seed.js';
import { stagingPort } from './staging.js';

/** The NOTIFY channel; the payload is `<schema>:<revision>` (LISTEN is per database, not per schema). */
export const CONTENT_CHANNEL = 'loa_content';

export function contentPort(db: Db, clock: Clock, schema: string): ContentPort {
  /** A new revision, NOTIFYed at commit (so a listener never reads the change before it is there); inside the caller's transaction. */
  const bump = async (): Promise<void> => {
    const { rows } = await db.query<{ revision: string }>('UPDATE content_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision');
    await db.query('SELECT pg_notify($1, $2)', [CONTENT_CHANNEL, `${schema}:${rows[0]!.revision}`]);
  };
  return {
    ...stagingPort(db, clock),
    async load() {
      // One statement: one snapshot of the revision, the org and the plans.
      const { rows } = await db.query<{ revision: string; org: ContentSource['org'] | null; plans: ContentSource['plans'] }>(
        `SELECT (SELECT revision FROM content_revision WHERE id = 1) AS revision,
                (SELECT json_build_object('file', file, 'raw', raw) FROM content_org WHERE id = 1) AS org,
                (SELECT coalesce(json_agg(json_build_object('file', file, 'raw', raw) ORDER BY file), '[]') FROM content_plans) AS plans`,
      );
      const r = rows[0]!;
      if (!r.org) {
        throw new ContentError(
          'Cơ sở dữ liệu PostgreSQL chưa có dữ liệu tổ chức (org.json): chạy Loa một lần với thư mục dữ liệu có org.json và plans/ để nạp vào, ' +
            'hoặc chép dữ liệu sang bằng lệnh "store copy".',
        );
      }
      return { org: r.org, plans: r.plans, revision: String(r.revision) };
    },

    async publishPlan(plan, raw, text) {
      await db.tx(async () => {
        await db.query(
          `INSERT INTO content_plans (file, id, raw, text, updated_at) VALUES (${PLAN_FILE_SQL}, $2, $3::json, $4, $5)
           ON CONFLICT (id) DO UPDATE SET raw = excluded.raw, text = excluded.text, updated_at = excluded.updated_at`,
          [`plans/${plan.id}.json`, plan.id, JSON.stringify(raw), text, clock.now().toISOString()],
        );
        await db.query('DELETE FROM content_deleted_plans WHERE id = $1', [plan.id]);
        await bump();
      });
    },

    async updatePlan(id, raw) {
      return db.tx(async () => {
        const { rowCount } = await db.query('UPDATE content_plans SET raw = $2::json, updated_at = $3 WHERE id = $1', [id, JSON.stringify(raw), clock.now().toISOString()]);
        if (!rowCount) return false;
        await bump();
        return true;
      });
    },

    async deletePlan(id) {
      return db.tx(async () => {
        const { rowCount } = await db.query('DELETE FROM content_plans WHERE id = $1', [id]);
        if (!rowCount) return false;
        await db.query('INSERT INTO content_deleted_plans (id, at) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET at = excluded.at', [id, clock.now().toISOString()]);
        await bump();
        return true;
      });
    },

    async planText(id) {
      const { rows } = await db.query<{ text: string }>('SELECT text FROM content_plans WHERE id = $1', [id]);
      return rows[0]?.text || undefined;
    },

    async saveOrg(raw) {
      await db.tx(async () => {
        await db.query(
          `INSERT INTO content_org (id, file, raw) VALUES (1, 'org.json', $1::json) ON CONFLICT (id) DO UPDATE SET raw = excluded.raw`,
          [JSON.stringify(raw)],
        );
        await bump();
      });
    },

    async lockContent() {
      if (!db.inTransaction()) throw new Error('lockContent needs a unit of work (stores.atomically)');
      await db.query('SELECT revision FROM content_revision WHERE id = 1 FOR UPDATE');
    },

    async revision() {
      const { rows } = await db.query<{ revision: string }>('SELECT revision FROM content_revision WHERE id = 1');
      return String(rows[0]?.revision ?? '0');
    },
  };
}

/**
 * Calls `onChange(revision)` when any replica publishes a plan (LISTEN on a connection of its
 * own, reconnected after a loss). Polling `revision()` stays the fallback: a notice sent while
 * this connection was down is not replayed. Returns a function that stops listening.
 */
export function watchContent(
  config: pg.ClientConfig,
  schema: string,
  onChange: (revision: string) => void,
  onError: (error: unknown) => void = () => {},
  retryMs = 1000,
): () => Promise<void> {
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client(config);
    client = c;
    const retry = (error?: unknown) => {
      if (error) onError(error);
      if (client !== c) return;
      client = undefined;
      void c.end().catch(() => {});
      if (!stopped) timer = setTimeout(() => void connect(), retryMs);
    };
    c.on('error', retry);
    c.on('end', () => retry());
    c.on('notification', (n) => {
      const [s, revision] = (n.payload ?? '').split(':');
      if (n.channel === CONTENT_CHANNEL && s === schema && revision) onChange(revision);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CONTENT_CHANNEL}`);
    } catch (error) {
      retry(error);
    }
  };
  void connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = client;
    client = undefined;
    await c?.end().catch(() => {});
  };
}
