/**
 * Writes a {@link StoreSnapshot} into a PostgreSQL store in ONE transaction: it refuses a
 * store that already holds records (unless `replace`, which empties it first), inserts every
 * record in batches (the content and staged plans too, when the snapshot has them), moves the id sequences past the copied ids, and compares the row counts
 * with the snapshot's before committing; any difference rolls everything back.
 */
import type pg from 'pg';
import type { FileStorePort } from '../../core/ports.js';
import { copyFiles, namedFiles, type CopiedFiles } from '../copy-files.js';
import { channelOf, json } from './rows.js';
import { carriesContent, CONTENT_KINDS, CONTENT_TABLES, importContent } from './content-dump.js';
import { countRows, countsOf, type StoreSnapshot } from './dump.js';
import { submissionJson } from './submissions.js';

/** The target already holds records and `replace` was not given. */
export class TargetNotEmptyError extends Error {
  override name = 'TargetNotEmptyError';
}

const RECORD_TABLES = [
  'bindings', 'requests', 'confirmations', 'message_refs', 'chat_states', 'parked', 'reminders',
  'outbox', 'slogan_chats', 'announcements', 'processed_updates', 'audit_log', 'submissions',
];

/** Short-lived tables the copy does not carry: emptied with the records they belonged to on `replace`. */
const TRANSIENT_TABLES = ['form_sessions', 'download_links'];

const BATCH = 5000;

/** Inserts rows (values as text or null, cast by `casts`) in batches of {@link BATCH}, in order. */
export async function insertMany(client: pg.ClientBase, table: string, columns: string[], casts: string[], rows: Array<Array<string | null>>): Promise<void> {
  const names = columns.map((_, i) => `c${i}`);
  const sql =
    `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${names.map((n, i) => `${n}${casts[i] ? `::${casts[i]}` : ''}`).join(', ')} ` +
    `FROM unnest(${names.map((_, i) => `$${i + 1}::text[]`).join(', ')}) WITH ORDINALITY AS u(${names.join(', ')}, n) ORDER BY n`;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    await client.query(sql, columns.map((_, i) => batch.map((r) => r[i] ?? null)));
  }
}

/** A text[] literal: each element quoted, `"` and `\` escaped. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((u) => `"${u.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** The number of a prefixed id (`O12` → "12"); refuses an id Loa did not make. */
function num(prefix: string, id: string): string {
  const m = new RegExp(`^${prefix}(\\d{1,18})$`).exec(id);
  if (!m) throw new Error(`mã "${id}" không đúng dạng ${prefix}<số>`);
  return m[1]!;
}

export async function importPostgres(
  pool: pg.Pool,
  snapshot: StoreSnapshot,
  options: { replace?: boolean | undefined; files?: FileStorePort | undefined } = {},
): Promise<{ counts: Record<string, number>; files: CopiedFiles }> {
  const { data } = snapshot;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // The content is copied when the snapshot has one; otherwise the target keeps its own.
    const content = carriesContent(data);
    const counted = (kind: string) => content || !CONTENT_KINDS.includes(kind);
    const tables = [...RECORD_TABLES, ...(content ? CONTENT_TABLES : [])];
    // No replica writes while the copy runs: they wait, then see all of it.
    await client.query(`LOCK TABLE ${tables.join(', ')}, ${TRANSIENT_TABLES.join(', ')}, tokens IN EXCLUSIVE MODE`);
    const before = await countRows(client);
    const held = Object.entries(before).filter(([k, n]) => n > 0 && counted(k));
    if (held.length && !options.replace) {
      throw new TargetNotEmptyError(
        `Cơ sở dữ liệu đích đã có dữ liệu (${held.map(([k, n]) => `${k}: ${n}`).join(', ')}): không chép đè. Thêm --replace để xóa dữ liệu cũ và chép lại.`,
      );
    }
    if (held.length) {
      await client.query(`TRUNCATE ${tables.join(', ')}, ${TRANSIENT_TABLES.join(', ')} RESTART IDENTITY`);
      await client.query("UPDATE tokens SET access = NULL, refresh = NULL, expires_at = NULL, updated_at = NULL WHERE name = 'zalo'");
    }
    const by = (p: { id: string; name: string }) => [p.id, p.name];
    await insertMany(client, 'bindings', ['chat', 'unit', 'at', 'by_id', 'by_name', 'title', 'last_active'], ['', '', 'timestamptz', '', '', '', 'timestamptz'],
      Object.entries(data.bindings).map(([chat, b]) => [chat, b.unit, b.at, ...by(b.by), b.title ?? null, b.lastActive ?? null]));
    await insertMany(client, 'requests',
      ['id', 'chat', 'chat_type', 'chat_title', 'unit', 'user_id', 'user_name', 'at', 'status', 'decided_at', 'decided_by_id', 'decided_by_name', 'decided_chat'],
      ['bigint', '', '', '', '', '', '', 'timestamptz', '', 'timestamptz', '', '', ''],
      data.requests.map((r) => [num('R', r.id), r.chat, r.chatType, r.chatTitle ?? null, r.unit, ...by(r.user), r.at, r.status,
        r.decided?.at ?? null, r.decided?.by.id ?? null, r.decided?.by.name ?? null, r.decided?.chat ?? null]));
    await insertMany(client, 'confirmations',
      ['deadline', 'occurrence', 'unit', 'received_at', 'received_by_id', 'received_by_name', 'received_chat', 'completed_at', 'completed_by_id', 'completed_by_name', 'completed_chat'],
      ['', '', '', 'timestamptz', '', '', '', 'timestamptz', '', '', ''],
      data.confirmations.map((c) => [c.deadline, c.occurrence, c.unit, c.received.at, ...by(c.received.by), c.received.chat,
        c.completed?.at ?? null, c.completed?.by.id ?? null, c.completed?.by.name ?? null, c.completed?.chat ?? null]));
    await insertMany(client, 'message_refs', ['chat', 'message_id', 'deadline', 'occurrence', 'view', 'at'], ['', '', '', '', '', 'timestamptz'],
      data.messages.map((m) => [m.chat, m.messageId, m.deadline, m.occurrence, m.view ?? null, m.at]));
    await insertMany(client, 'chat_states', ['chat', 'inactive_at', 'reason'], ['', 'timestamptz', ''],
      Object.entries(data.chats).flatMap(([chat, c]) => (c.inactive ? [[chat, c.inactive.at, c.inactive.reason]] : [])));
    await insertMany(client, 'parked', ['id', 'chat', 'channel', 'text', 'buttons', 'ref', 'reason', 'at', 'not_before', 'outbox_id'],
      ['bigint', '', '', '', 'json', 'json', '', 'timestamptz', 'timestamptz', ''],
      data.parked.map((p) => [num('P', p.id), p.chat, channelOf(p.chat), p.text, json(p.buttons), json(p.ref), p.reason, p.at, p.notBefore, p.outboxId ?? null]));
    await insertMany(client, 'reminders', ['key', 'status', 'at'], ['', '', 'timestamptz'], Object.entries(data.reminders).map(([k, r]) => [k, r.status, r.at]));
    await insertMany(client, 'outbox', ['id', 'key', 'chat', 'channel', 'text', 'buttons', 'ref', 'status', 'created_at', 'done_at', 'message_id'],
      ['bigint', '', '', '', '', 'json', 'json', '', 'timestamptz', 'timestamptz', ''],
      data.outbox.map((o) => [num('O', o.id), o.key ?? null, o.chat, channelOf(o.chat), o.text, json(o.buttons), json(o.ref), o.status, o.createdAt, o.doneAt ?? null, o.messageId ?? null]));
    await insertMany(client, 'slogan_chats', ['chat', 'at', 'by_id', 'by_name'], ['', 'timestamptz', '', ''],
      Object.entries(data.sloganChats).map(([chat, s]) => [chat, s.at, ...by(s.by)]));
    await insertMany(client, 'announcements', ['id', 'text', 'units', 'day', 'due', 'at', 'by_id', 'by_name'],
      ['bigint', '', 'text[]', '', '', 'timestamptz', '', ''],
      data.announcements.map((a) => [num('T', a.id), a.text, arrayLiteral(a.units), a.day, a.due, a.at, ...by(a.by)]));
    await insertMany(client, 'processed_updates', ['key', 'at'], ['', 'timestamptz'], Object.entries(data.updates));
    await insertMany(client, 'audit_log', ['at', 'actor_id', 'actor_name', 'actor_chat', 'action', 'subject', 'detail'],
      ['timestamptz', '', '', '', '', '', 'jsonb'],
      data.audit.map((e) => [e.at, e.actor.id, e.actor.name, e.actor.chat ?? null, e.action, e.subject, e.detail === undefined ? null : JSON.stringify(e.detail)]));
    await insertMany(client, 'submissions', ['id', 'deadline', 'occurrence', 'unit', 'by_id', 'by_name', 'chat', 'at', 'file', 'report', 'form'],
      ['bigint', '', '', '', '', '', '', 'timestamptz', 'jsonb', 'jsonb', 'jsonb'],
      data.submissions.map((n) => [num('N', n.id), n.deadline, n.occurrence, n.unit, ...by(n.by), n.chat, n.at, ...submissionJson(n)]));
    // The bytes of the files they name, in the same transaction (a file already there is kept).
    const files = options.files
      ? await copyFiles(snapshot, options.files, async (digest, bytes) => {
          await client.query('INSERT INTO files (sha256, bytes, size, created_at) VALUES ($1, $2, $3, now()) ON CONFLICT (sha256) DO NOTHING', [digest, bytes, bytes.length]);
        })
      : { copied: 0, missing: namedFiles(snapshot) };
    if (data.zaloTokens) {
      const t = data.zaloTokens;
      await client.query(
        `INSERT INTO tokens (name, access, refresh, expires_at, updated_at) VALUES ('zalo', $1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET access = excluded.access, refresh = excluded.refresh, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
        [t.access, t.refresh, t.expiresAt, t.updatedAt || null],
      );
    }
    await importContent(client, data, insertMany);
    // The sequences continue after the copied ids (and after the file's counters).
    const sequences = [
      ['requests', data.seq.request],
      ['parked', data.seq.parked],
      ['outbox', data.seq.outbox],
      ['announcements', data.seq.announcement],
      ['submissions', data.seq.submission],
    ] as const;
    for (const [table, seq] of sequences) {
      await client.query(
        `SELECT setval('${table}_id_seq', greatest($1::bigint, (SELECT coalesce(max(id), 0) FROM ${table}), 1), greatest($1::bigint, (SELECT coalesce(max(id), 0) FROM ${table})) > 0)`,
        [seq],
      );
    }
    const expected = countsOf(snapshot);
    const after = await countRows(client);
    const wrong = Object.keys(expected).filter((k) => counted(k) && expected[k] !== after[k]);
    if (wrong.length) {
      throw new Error(`số bản ghi sau khi chép không khớp (${wrong.map((k) => `${k}: cần ${expected[k]}, có ${after[k]}`).join('; ')}); đã hoàn tác`);
    }
    await client.query('COMMIT');
    return { counts: after, files };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
