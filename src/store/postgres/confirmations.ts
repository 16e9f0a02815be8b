/**
 * Confirmations, one per (deadline, occurrence, unit) by the primary key: of two replicas
 * confirming at once, the second INSERT waits for the first and finds the row, so one answer is
 * `new` and the other `unchanged` (or `upgraded`, when it completes what was only received).
 */
import type { Clock } from '../../core/clock.js';
import type { ConfirmationPort } from '../../core/ports.js';
import type { Confirmation } from '../../core/records.js';
import { chatKey } from '../../core/types.js';
import type { Db } from './db.js';
import { stampOf } from './rows.js';

export const CONFIRMATION_COLUMNS =
  'deadline, occurrence, unit, received_at, received_by_id, received_by_name, received_chat, completed_at, completed_by_id, completed_by_name, completed_chat';

/**
 * The columns of a bulk read: the instants as ISO text made by the server, in `toISOString()`'s
 * form, so that 100,000 rows (the export, the overview's book) are not parsed into Dates and
 * formatted back one by one.
 */
const isoValue = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const isoText = (column: string) => `${isoValue(column)} AS ${column}`;
const CONFIRMATION_READ = `deadline, occurrence, unit, ${isoText('received_at')}, received_by_id, received_by_name, received_chat, ${isoText('completed_at')}, completed_by_id, completed_by_name, completed_chat`;

export function confirmationOf(r: Record<string, unknown>): Confirmation {
  const completed = stampOf(r, 'completed');
  return {
    deadline: r.deadline as string,
    occurrence: r.occurrence as string,
    unit: r.unit as string,
    received: stampOf(r, 'received')!,
    ...(completed ? { completed } : {}),
  };
}

export function confirmationPort(db: Db, clock: Clock): ConfirmationPort {
  return {
    async confirmationsOf(occurrences) {
      if (!occurrences.length) return [];
      const { rows } = await db.query(
        `SELECT ${CONFIRMATION_READ} FROM confirmations
         WHERE (deadline, occurrence) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [occurrences.map((o) => o.deadline), occurrences.map((o) => o.occurrence)],
      );
      return rows.map(confirmationOf);
    },

    async statusesOf(occurrences) {
      if (!occurrences.length) return [];
      // One row per occurrence, its unit codes in two JSON arrays (found by the primary key's index;
      // JSON is parsed natively, where text[]'s parser took 20 ms of a page): a province's 100,000
      // confirmations are 200 short rows, not 100,000 rows of stamps.
      const { rows } = await db.query(
        `SELECT k.deadline, k.occurrence, s.completed, s.received
           FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[]) AS u(deadline, occurrence)) k
           CROSS JOIN LATERAL (
             SELECT json_agg(unit) FILTER (WHERE completed_at IS NOT NULL) AS completed,
                    json_agg(unit) FILTER (WHERE completed_at IS NULL) AS received
               FROM confirmations c WHERE c.deadline = k.deadline AND c.occurrence = k.occurrence) s
          WHERE s.completed IS NOT NULL OR s.received IS NOT NULL`,
        [occurrences.map((o) => o.deadline), occurrences.map((o) => o.occurrence)],
      );
      return rows.map((r) => ({
        deadline: r.deadline as string,
        occurrence: r.occurrence as string,
        completed: (r.completed as string[] | null) ?? [],
        received: (r.received as string[] | null) ?? [],
      }));
    },

    async completionsOf(occurrences) {
      if (!occurrences.length) return [];
      // As statusesOf: one row per occurrence, the units and their completion instants in two
      // JSON arrays in the same (unit) order, instead of 100,000 rows of stamps.
      const { rows } = await db.query(
        `SELECT k.deadline, k.occurrence, s.units, s.at
           FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[]) AS u(deadline, occurrence)) k
           CROSS JOIN LATERAL (
             SELECT json_agg(unit ORDER BY unit) AS units, json_agg(${isoValue('completed_at')} ORDER BY unit) AS at
               FROM confirmations c WHERE c.deadline = k.deadline AND c.occurrence = k.occurrence AND completed_at IS NOT NULL) s
          WHERE s.units IS NOT NULL`,
        [occurrences.map((o) => o.deadline), occurrences.map((o) => o.occurrence)],
      );
      return rows.map((r) => ({ deadline: r.deadline as string, occurrence: r.occurrence as string, units: r.units as string[], at: r.at as string[] }));
    },

    async confirm(input) {
      const at = clock.now().toISOString();
      const chat = chatKey(input.chat);
      const who = [at, input.user.id, input.user.name, chat];
      const done = input.kind === 'xong';
      const key = [input.deadline, input.occurrence, input.unit];
      const inserted = await db.query(
        `INSERT INTO confirmations (${CONFIRMATION_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (deadline, occurrence, unit) DO NOTHING RETURNING ${CONFIRMATION_COLUMNS}`,
        [...key, ...who, ...(done ? who : [null, null, null, null])],
      );
      if (inserted.rows[0]) return { outcome: 'new', confirmation: confirmationOf(inserted.rows[0]) };
      if (done) {
        const upgraded = await db.query(
          `UPDATE confirmations SET completed_at = $4, completed_by_id = $5, completed_by_name = $6, completed_chat = $7
           WHERE deadline = $1 AND occurrence = $2 AND unit = $3 AND completed_at IS NULL RETURNING ${CONFIRMATION_COLUMNS}`,
          [...key, ...who],
        );
        if (upgraded.rows[0]) return { outcome: 'upgraded', confirmation: confirmationOf(upgraded.rows[0]) };
      }
      const { rows } = await db.query(`SELECT ${CONFIRMATION_COLUMNS} FROM confirmations WHERE deadline = $1 AND occurrence = $2 AND unit = $3`, key);
      return { outcome: 'unchanged', confirmation: confirmationOf(rows[0]!) };
    },

    async undoConfirmation(key) {
      const { rows } = await db.query(
        `DELETE FROM confirmations WHERE deadline = $1 AND occurrence = $2 AND unit = $3 RETURNING ${CONFIRMATION_COLUMNS}`,
        [key.deadline, key.occurrence, key.unit],
      );
      return rows[0] ? confirmationOf(rows[0]) : undefined;
    },

    async moveOccurrence(deadline, from, to) {
      const { rowCount } = await db.query('UPDATE confirmations SET occurrence = $3 WHERE deadline = $1 AND occurrence = $2', [deadline, from, to]);
      return rowCount ?? 0;
    },
  };
}
