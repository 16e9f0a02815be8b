/**
 * The outbox and parked messages, shared by replicas. A replica claims rows with
 * `FOR UPDATE SKIP LOCKED` and a lease (`claimed_by`, `claimed_until`, in the database's time so
 * replicas with skewed clocks agree): a row whose replica died is claimed again once the lease
 * ends. Only a chat's oldest pending row can be claimed, and only when nobody holds it, so each
 * chat's order holds across replicas.
 */
import type { Clock } from '../../core/clock.js';
import { reminderPrefix, type OutboxPort, type ParkingPort, type QueuedSend, type ReminderTrace } from '../../core/ports.js';
import type { OutboxRow, ReminderRecord } from '../../core/records.js';
import { chatKey } from '../../core/types.js';
import type { Db } from './db.js';
import { channelOf, iso, json, OUTBOX_COLUMNS, outboxRowOf, PARKED_COLUMNS, parkedOf } from './rows.js';

/** Finished outbox rows are kept this long for inspection, then deleted. */
export const DONE_OUTBOX_KEEP_MS = 7 * 24 * 60 * 60 * 1000;
/** Deleting finished rows is tried once every this many finishes (per process). */
const PRUNE_EVERY = 500;

const byId = (a: { id: string }, b: { id: string }) => Number(BigInt(a.id.slice(1)) - BigInt(b.id.slice(1)));

/** Inserts rows in the order given (ids ascending), one statement. */
async function insertRows(db: Db, sends: ReadonlyArray<QueuedSend & { key?: string }>, at: string): Promise<OutboxRow[]> {
  if (!sends.length) return [];
  const chats = sends.map((s) => chatKey(s.chat));
  const { rows } = await db.query(
    `INSERT INTO outbox (key, chat, channel, text, buttons, ref, status, created_at)
     SELECT k, c, ch, t, b::json, r::json, 'pending', $7
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS u(k, c, ch, t, b, r, n)
     ORDER BY n RETURNING ${OUTBOX_COLUMNS}`,
    [
      sends.map((s) => s.key ?? null),
      chats,
      chats.map(channelOf),
      sends.map((s) => s.out.text),
      sends.map((s) => (s.out.buttons?.length ? json(s.out.buttons) : null)),
      sends.map((s) => json(s.out.ref)),
      at,
    ],
  );
  return rows.map(outboxRowOf).sort(byId);
}

export function outboxPort(db: Db, clock: Clock): OutboxPort {
  let finished = 0;
  return {
    queueMessages(sends) {
      return insertRows(db, sends, clock.now().toISOString());
    },

    async queueReminders(items) {
      if (!items.length) return [];
      const at = clock.now().toISOString();
      return db.tx(async () => {
        const { rows } = await db.query<{ key: string }>(
          // In key order, so two replicas planning the same steps wait on each other instead of deadlocking.
          `INSERT INTO reminders (key, status, at) SELECT k, s, $3 FROM unnest($1::text[], $2::text[]) AS u(k, s) ORDER BY k
           ON CONFLICT (key) DO NOTHING RETURNING key`,
          [items.map((i) => i.key), items.map((i) => i.status), at],
        );
        const fresh = new Set(rows.map((r) => r.key));
        const sends = items.filter((i) => fresh.delete(i.key)).flatMap((i) => i.sends.map((s) => ({ ...s, key: i.key })));
        return insertRows(db, sends, at);
      });
    },

    async recordedReminders(keys) {
      if (!keys.length) return new Set();
      const { rows } = await db.query<{ key: string }>('SELECT key FROM reminders WHERE key = ANY($1::text[])', [[...keys]]);
      return new Set(rows.map((r) => r.key));
    },

    async claimOutbox(owner, channels, limit, leaseMs) {
      if (!channels.length || limit <= 0) return [];
      // One channel: `=`, so the (channel, id) index gives the rows in order (ANY would not, in PostgreSQL 15).
      const one = channels.length === 1;
      const channel = one ? 'o.channel = $1::text' : 'o.channel = ANY($1::text[])';
      const { rows } = await db.query(
        `WITH picked AS (
           SELECT o.id FROM outbox o
           WHERE o.status = 'pending' AND ${channel}
             AND (o.claimed_until IS NULL OR o.claimed_until < clock_timestamp())
             AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.chat = o.chat AND p.status = 'pending' AND p.id < o.id)
           ORDER BY o.id LIMIT $2
           FOR UPDATE OF o SKIP LOCKED)
         UPDATE outbox o SET claimed_by = $3, claimed_until = clock_timestamp() + $4 * interval '1 millisecond'
         FROM picked WHERE o.id = picked.id RETURNING ${OUTBOX_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}`,
        [one ? channels[0] : [...channels], limit, owner, Math.max(0, leaseMs)],
      );
      return rows.map(outboxRowOf).sort(byId);
    },

    async renewClaims(owner, ids, leaseMs) {
      const seqs = ids.map((id) => /^O(\d{1,18})$/.exec(id)?.[1]).filter((x): x is string => x !== undefined);
      if (!seqs.length) return;
      await db.query(
        `UPDATE outbox SET claimed_until = clock_timestamp() + $3 * interval '1 millisecond'
         WHERE id = ANY($1::bigint[]) AND claimed_by = $2 AND status = 'pending'`,
        [seqs, owner, Math.max(0, leaseMs)],
      );
    },

    async finishOutbox(id, status, messageId) {
      const seq = /^O(\d{1,18})$/.exec(id)?.[1];
      if (!seq) return;
      const now = clock.now();
      await db.query(
        `UPDATE outbox SET status = $2, done_at = $3, message_id = COALESCE($4, message_id), claimed_until = NULL
         WHERE id = $1 AND (status = 'pending' OR (status = 'parked' AND $2 <> 'parked'))`,
        [seq, status, now.toISOString(), messageId ?? null],
      );
      finished += 1;
      if (finished % PRUNE_EVERY === 0) {
        db.housekeep(`DELETE FROM outbox WHERE status IN ('sent', 'undelivered') AND done_at < $1`, [
          new Date(now.getTime() - DONE_OUTBOX_KEEP_MS).toISOString(),
        ]);
      }
    },

    async outboxRows(status) {
      const { rows } = status
        ? await db.query(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE status = $1 ORDER BY id`, [status])
        : await db.query(`SELECT ${OUTBOX_COLUMNS} FROM outbox ORDER BY id`);
      return rows.map(outboxRowOf);
    },

    async reminderTraces(occurrences) {
      const patterns = [...new Set(occurrences.map((k) => `${likeEscaped(reminderPrefix(k))}%`))];
      const traces = new Map<string, ReminderTrace>();
      const traceOf = (key: string) => {
        let t = traces.get(key);
        if (!t) traces.set(key, (t = { key, rows: [] }));
        return t;
      };
      // One prefix per query: LIKE 'prefix%' uses the text_pattern_ops indexes of migration 8 (LIKE ANY would not).
      for (const pattern of patterns) {
        const records = await db.query('SELECT key, status, at FROM reminders WHERE key LIKE $1 ORDER BY at, key', [pattern]);
        for (const r of records.rows) traceOf(r.key as string).record = { status: r.status as ReminderRecord['status'], at: iso(r.at as Date)! };
        const rows = (await db.query(`SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE key LIKE $1 ORDER BY id`, [pattern])).rows.map(outboxRowOf);
        const ids = rows.filter((r) => r.status === 'parked').map((r) => r.id);
        const parked = ids.length
          ? (await db.query('SELECT outbox_id, reason, not_before FROM parked WHERE outbox_id = ANY($1::text[])', [ids])).rows
          : [];
        const why = new Map(parked.map((p) => [p.outbox_id as string, { reason: p.reason as string, notBefore: iso(p.not_before as Date)! }]));
        for (const row of rows) traceOf(row.key!).rows.push({ row, ...(why.has(row.id) ? { parked: why.get(row.id) } : {}) });
      }
      return [...traces.values()];
    },
  };
}

/** `s` with LIKE's wildcards and escape character taken literally. */
const likeEscaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function parkingPort(db: Db, clock: Clock): ParkingPort {
  return {
    async park(chat, out, reason, notBefore) {
      const key = chatKey(chat);
      const { rows } = await db.query(
        `INSERT INTO parked (chat, channel, text, buttons, ref, reason, at, not_before, outbox_id)
         VALUES ($1, $2, $3, $4::json, $5::json, $6, $7, $8, $9) RETURNING ${PARKED_COLUMNS}`,
        [
          key,
          channelOf(key),
          out.text,
          out.buttons?.length ? json(out.buttons) : null,
          json(out.ref),
          reason,
          clock.now().toISOString(),
          notBefore.toISOString(),
          out.outboxId ?? null,
        ],
      );
      return parkedOf(rows[0]!);
    },

    async dueParked(channel, now, owner, leaseMs) {
      const { rows } = await db.query(
        `WITH picked AS (
           SELECT id FROM parked
           WHERE channel = $1 AND not_before <= $2 AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
           ORDER BY id FOR UPDATE SKIP LOCKED)
         UPDATE parked p SET claimed_by = $3, claimed_until = clock_timestamp() + $4 * interval '1 millisecond'
         FROM picked WHERE p.id = picked.id RETURNING ${PARKED_COLUMNS.split(', ').map((c) => `p.${c}`).join(', ')}`,
        [channel, now.toISOString(), owner, Math.max(0, leaseMs)],
      );
      return rows.map(parkedOf).sort(byId);
    },

    async unpark(id) {
      const seq = /^P(\d{1,18})$/.exec(id)?.[1];
      if (seq) await db.query('DELETE FROM parked WHERE id = $1', [seq]);
    },
  };
}
