/**
 * The matrix's period filter: "Từ ngày" / "Đến ngày" (dd/mm/yyyy, or yyyy-mm-dd as a date input
 * sends it). With a period the matrix shows every occurrence falling in it (done ones too), not
 * only the open ones; its cells' states come from one fetch of their confirmations.
 */
import type { Catalog } from '../../core/catalog.js';
import { openStatusBook, type UnitStatus } from '../../core/confirmation-book.js';
import type { Deadline } from '../../core/content.js';
import { addDays, formatDay, parseDay, type Day } from '../../core/dates.js';
import { allOccurrences } from '../../core/occurrences.js';
import type { ConfirmationPort } from '../../core/ports.js';
import { truncate } from '../../core/text.js';

/** Longest period shown (days after its first). */
export const MAX_PERIOD_DAYS = 365;
/** Most occurrences (matrix columns) a period shows: the earliest ones. */
export const MAX_PERIOD_COLUMNS = 400;

export interface Period {
  from?: Day | undefined;
  to?: Day | undefined;
  /** Why the period typed was not (wholly) taken, in Vietnamese. */
  periodError?: string | undefined;
}

/**
 * Reads the two bounds: both or neither are set in the result (one bound alone spans a year
 * from or to it). A bound that is not a date, or bounds in the wrong order, give no period and
 * the reason; a period over a year is cut to one, with a note.
 */
export function parsePeriod(fromText: string | undefined, toText: string | undefined): Period {
  const bad = (label: string, text: string): Period => ({ periodError: `“${label}” không hợp lệ: “${truncate(text, 20)}”. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/03/2024.` });
  const from = fromText ? parseDay(fromText) : undefined;
  const to = toText ? parseDay(toText) : undefined;
  if (fromText && !from) return bad('Từ ngày', fromText);
  if (toText && !to) return bad('Đến ngày', toText);
  if (!from && !to) return {};
  if (from && to && from > to) return { periodError: '“Từ ngày” phải trước hoặc trùng “Đến ngày”.' };
  const start = from ?? addDays(to!, -MAX_PERIOD_DAYS);
  const end = to ?? addDays(from!, MAX_PERIOD_DAYS);
  const last = addDays(start, MAX_PERIOD_DAYS);
  if (end > last) return { from: start, to: last, periodError: `Chỉ xem được tối đa một năm: đang xem từ ${formatDay(start)} đến ${formatDay(last)}.` };
  return { from: start, to: end };
}

/** An occurrence as a matrix column: each responsible unit's state, and the counts. */
export interface PeriodColumn {
  deadline: Deadline;
  occurrence: Day;
  units: Array<{ unit: string; status: UnitStatus }>;
  overdue: boolean;
  counts: Record<UnitStatus, number>;
}

/** Every occurrence of the catalog's deadlines from `from` to `to` (at most {@link MAX_PERIOD_COLUMNS}), by date. */
export async function periodColumns(
  catalog: Pick<Catalog, 'all'>,
  confirmations: Pick<ConfirmationPort, 'statusesOf'>,
  today: Day,
  from: Day,
  to: Day,
): Promise<PeriodColumn[]> {
  const found: Array<{ d: Deadline; occurrence: Day }> = [];
  for (const d of catalog.all()) for (const occurrence of allOccurrences(d, from, to)) found.push({ d, occurrence });
  found.sort((a, b) => a.occurrence.localeCompare(b.occurrence) || a.d.id.localeCompare(b.d.id));
  const shown = found.slice(0, MAX_PERIOD_COLUMNS);
  const book = await openStatusBook(confirmations, [], today, shown.map((x) => ({ deadline: x.d.id, occurrence: x.occurrence })));
  return shown.map(({ d, occurrence }) => {
    const counts: Record<UnitStatus, number> = { xong: 0, nhan: 0, chua: 0 };
    const units = d.assignees.map((unit) => {
      const status = book.status(d.id, occurrence, unit);
      counts[status]++;
      return { unit, status };
    });
    return { deadline: d, occurrence, units, overdue: occurrence < today && counts.xong < units.length, counts };
  });
}
