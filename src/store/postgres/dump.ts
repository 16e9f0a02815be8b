/**
 * Every record of a PostgreSQL store as the lowdb file's data (`StoreData`, the interchange
 * format of `store copy`), and back in ONE transaction that checks the row counts before it
 * commits. Ids keep their numbers (`O12` is row 12) and the sequences continue after them.
 * Hand-ins go along (their files' bytes are copied by restore.ts and copy.ts); form sessions in
 * progress and one-time download links, short-lived, do not.
 */
import type pg from 'pg';
import { emptyData, type StoreData } from '../schema.js';
import { auditEntryOf } from './audit.js';
import { bindingOf, requestOf } from './bindings.js';
import { CONTENT_COUNT_SQL, exportContent } from './content-dump.js';
import { CONFIRMATION_COLUMNS, confirmationOf } from './confirmations.js';
import { iso, OUTBOX_COLUMNS, outboxRowOf, PARKED_COLUMNS, parkedOf } from './rows.js';
import { SUBMISSION_COLUMNS, submissionOf } from './submissions.js';
import { ANNOUNCEMENT_COLUMNS, announcementOf } from './subscriptions.js';

/** What `store copy` moves: every record in the lowdb file's shape, the audit log (`data.audit`, oldest first) included. */
export interface StoreSnapshot {
  data: StoreData;
}

/** Row counts by record kind, compared after a copy. */
export function countsOf(s: StoreSnapshot): Record<string, number> {
  const d = s.data;
  return {
    bindings: Object.keys(d.bindings).length,
    requests: d.requests.length,
    confirmations: d.confirmations.length,
    messages: d.messages.length,
    inactiveChats: Object.values(d.chats).filter((c) => c.inactive).length,
    parked: d.parked.length,
    reminders: Object.keys(d.reminders).length,
    outbox: d.outbox.length,
    sloganChats: Object.keys(d.sloganChats).length,
    announcements: d.announcements.length,
    updates: Object.keys(d.updates).length,
    zaloTokens: d.zaloTokens ? 1 : 0,
    audit: d.audit.length,
    org: d.org ? 1 : 0,
    plans: Object.keys(d.plans).length,
    deletedPlans: Object.keys(d.deletedPlans).length,
    stagedPlans: Object.keys(d.staged).length,
    submissions: d.submissions.length,
  };
}

const COUNT_SQL = `SELECT
  (SELECT count(*) FROM bindings) AS bindings, (SELECT count(*) FROM requests) AS requests,
  (SELECT count(*) FROM confirmations) AS confirmations, (SELECT count(*) FROM message_refs) AS messages,
  (SELECT count(*) FROM chat_states) AS "inactiveChats", (SELECT count(*) FROM parked) AS parked,
  (SELECT count(*) FROM reminders) AS reminders, (SELECT count(*) FROM outbox) AS outbox,
  (SELECT count(*) FROM slogan_chats) AS "sloganChats", (SELECT count(*) FROM announcements) AS announcements,
  (SELECT count(*) FROM processed_updates) AS updates,
  (SELECT count(*) FROM tokens WHERE name = 'zalo' AND access IS NOT NULL) AS "zaloTokens",
  (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM submissions) AS submissions, ${CONTENT_COUNT_SQL}`;

export async function countRows(client: pg.ClientBase | pg.Pool): Promise<Record<string, number>> {
  const row = (await client.query(COUNT_SQL)).rows[0] as Record<string, string>;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

async function seqValue(client: pg.ClientBase, table: string): Promise<number> {
  const { rows } = await client.query(`SELECT last_value, is_called FROM ${table}_id_seq`);
  return rows[0]?.is_called ? Number(rows[0].last_value) : 0;
}

/** Reads every record (in one snapshot: REPEATABLE READ). */
export async function exportPostgres(pool: pg.Pool): Promise<StoreSnapshot> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const q = async (sql: string) => (await client.query(sql)).rows as Array<Record<string, unknown>>;
    const data = emptyData();
    for (const r of await q('SELECT chat, unit, at, by_id, by_name, title, last_active FROM bindings ORDER BY at, chat')) {
      data.bindings[r.chat as string] = bindingOf(r);
    }
    data.requests = (await q('SELECT * FROM requests ORDER BY id')).map(requestOf);
    data.confirmations = (await q(`SELECT ${CONFIRMATION_COLUMNS} FROM confirmations ORDER BY received_at, deadline, occurrence, unit`)).map(confirmationOf);
    data.messages = (await q('SELECT chat, message_id, deadline, occurrence, view, at FROM message_refs ORDER BY id')).map((r) => ({
      chat: r.chat as string,
      messageId: r.message_id as string,
      deadline: r.deadline as string,
      occurrence: r.occurrence as string,
      ...(r.view ? { view: r.view as string } : {}),
      at: iso(r.at as Date)!,
    }));
    for (const r of await q('SELECT chat, inactive_at, reason FROM chat_states ORDER BY chat')) {
      data.chats[r.chat as string] = { inactive: { at: iso(r.inactive_at as Date)!, reason: r.reason as string } };
    }
    data.parked = (await q(`SELECT ${PARKED_COLUMNS} FROM parked ORDER BY id`)).map(parkedOf);
    for (const r of await q('SELECT key, status, at FROM reminders ORDER BY at, key')) {
      data.reminders[r.key as string] = { status: r.status as 'queued', at: iso(r.at as Date)! };
    }
    data.outbox = (await q(`SELECT ${OUTBOX_COLUMNS} FROM outbox ORDER BY id`)).map(outboxRowOf);
    for (const r of await q('SELECT chat, at, by_id, by_name FROM slogan_chats ORDER BY at, chat')) {
      data.sloganChats[r.chat as string] = { at: iso(r.at as Date)!, by: { id: r.by_id as string, name: r.by_name as string } };
    }
    data.announcements = (await q(`SELECT ${ANNOUNCEMENT_COLUMNS} FROM announcements ORDER BY id`)).map(announcementOf);
    for (const r of await q('SELECT key, at FROM processed_updates ORDER BY at, key')) data.updates[r.key as string] = iso(r.at as Date)!;
    const [t] = await q("SELECT access, refresh, expires_at, updated_at FROM tokens WHERE name = 'zalo' AND access IS NOT NULL");
    data.zaloTokens = t
      ? { access: t.access as string, refresh: t.refresh as string, expiresAt: (t.expires_at as string | null) ?? '', updatedAt: iso(t.updated_at as Date) ?? '' }
      : null;
    data.seq = {
      request: await seqValue(client, 'requests'),
      parked: await seqValue(client, 'parked'),
      outbox: await seqValue(client, 'outbox'),
      announcement: await seqValue(client, 'announcements'),
      staged: 0,
      submission: await seqValue(client, 'submissions'),
    };
    data.submissions = (await q(`SELECT ${SUBMISSION_COLUMNS} FROM submissions ORDER BY id`)).map(submissionOf);
    await exportContent(q, data);
    // In the order recorded, as the file keeps it.
    data.audit = (await q('SELECT at, actor_id, actor_name, actor_chat, action, subject, detail FROM audit_log ORDER BY id')).map(auditEntryOf);
    await client.query('COMMIT');
    return { data };
  } finally {
    client.release();
  }
}
