/**
 * The reminder history of deadline occurrences, read from the file's data: the reminder step
 * records whose keys start with an occurrence's prefix, the outbox rows queued for them, and the
 * parked messages of those rows. Scans of bounded data (records are pruned after 60 days, finished
 * rows past `MAX_DONE_OUTBOX`), done when a Hạn page is opened, never on a hot path.
 */
import { reminderPrefix, type OccurrenceKey, type ReminderTrace } from '../../core/ports.js';
import type { StoreData } from '../schema.js';

export function reminderTraces(data: StoreData, occurrences: readonly OccurrenceKey[]): ReminderTrace[] {
  const prefixes = [...new Set(occurrences.map(reminderPrefix))];
  if (prefixes.length === 0) return [];
  const ours = (key: string | undefined) => key !== undefined && prefixes.some((p) => key.startsWith(p));
  const traces = new Map<string, ReminderTrace>();
  const traceOf = (key: string) => {
    let t = traces.get(key);
    if (!t) traces.set(key, (t = { key, rows: [] }));
    return t;
  };
  for (const [key, record] of Object.entries(data.reminders)) if (ours(key)) traceOf(key).record = { ...record };
  const rows = data.outbox.filter((r) => ours(r.key));
  const parked = new Map(data.parked.filter((p) => p.outboxId !== undefined).map((p) => [p.outboxId!, p]));
  for (const row of rows) {
    const p = parked.get(row.id);
    traceOf(row.key!).rows.push({ row: { ...row }, ...(p ? { parked: { reason: p.reason, notBefore: p.notBefore } } : {}) });
  }
  return [...traces.values()];
}
