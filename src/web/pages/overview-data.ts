/**
 * What the Tổng quan page shows, computed with the chat's own rules (open-work.ts and the
 * confirmation book): the open deadline occurrences, their counts, and the unit × deadline matrix.
 */
import { catalogOf } from '../../core/catalog.js';
import { openStatusBook, type UnitStatus } from '../../core/confirmation-book.js';
import type { Content } from '../../core/content.js';
import { dayOf, type Day } from '../../core/dates.js';
import { openWork, type OpenItem } from '../../core/open-work.js';
import type { Stores } from '../../core/ports.js';
import { parsePeriod, periodColumns, type Period } from './overview-period.js';

export interface OverviewFilter extends Period {
  plan?: string | undefined;
  unit?: string | undefined;
  state?: UnitStatus | undefined;
  /** The page of matrix rows (1-based; {@link ROWS_PER_PAGE} units a page). */
  page?: number | undefined;
}

/** Units per page of the matrix: a province's 2,000 units are 20 pages, not one 18 MB page. */
export const ROWS_PER_PAGE = 100;

export interface OverviewItem extends OpenItem {
  overdue: boolean;
  counts: Record<UnitStatus, number>;
}

export interface Overview {
  today: Day;
  items: OverviewItem[];
  /** Plans that have open work, for the filter. */
  plans: Array<{ id: string; title: string }>;
  /** Matrix rows: units responsible for a shown deadline, filtered. */
  rows: Array<{ code: string; name: string; cells: Array<UnitStatus | undefined> }>;
  /** Matrix columns: the open occurrences of the chosen plan (all plans by default). */
  columns: OverviewItem[];
  /** How many rows match the filter (all pages), this page and the number of pages. */
  totalRows: number;
  page: number;
  pages: number;
}

const STATES: readonly UnitStatus[] = ['xong', 'nhan', 'chua'];

/** Reads a GET filter; unknown values are ignored (a hand-edited address shows everything). */
export function parseFilter(q: (name: string) => string | undefined, content: Content): OverviewFilter {
  const plan = q('plan');
  const unit = q('unit');
  const state = q('state') as UnitStatus | undefined;
  const page = Number(q('trang'));
  return {
    page: Number.isInteger(page) && page > 1 ? page : undefined,
    plan: plan && content.plans.some((p) => p.id === plan) ? plan : undefined,
    unit: unit && content.unit(unit) ? unit : undefined,
    state: state && STATES.includes(state) ? state : undefined,
    ...parsePeriod(q('from'), q('to')),
  };
}

export async function overviewOf(content: Content, stores: Pick<Stores, 'confirmations' | 'announcements'>, now: Date, filter: OverviewFilter): Promise<Overview> {
  const today = dayOf(now, content.org.timezone);
  const catalog = catalogOf(content, await stores.announcements.announcements());
  // Statuses only (no stamps): on PostgreSQL, 200 short rows instead of 100,000 confirmations.
  const book = await openStatusBook(stores.confirmations, catalog.all(), today);
  const items: OverviewItem[] = openWork({ today, catalog, book }).map((item) => {
    const counts: Record<UnitStatus, number> = { xong: 0, nhan: 0, chua: 0 };
    for (const u of item.units) counts[u.status]++;
    return { ...item, overdue: item.occurrence < today, counts };
  });
  // With a period: every occurrence in it, done ones too (else the open ones).
  const listed = filter.from && filter.to ? await periodColumns(catalog, stores.confirmations, today, filter.from, filter.to) : items;
  const plans = new Map<string, string>();
  for (const i of [...items, ...listed]) plans.set(i.deadline.plan.id, i.deadline.plan.title);
  const columns = listed.filter((i) => !filter.plan || i.deadline.plan.id === filter.plan);
  const rows = matrixRows(content, columns, filter);
  const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
  const page = Math.min(filter.page ?? 1, pages);
  const shown = rows.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE);
  return { today, items, plans: [...plans].map(([id, title]) => ({ id, title })), rows: shown, columns, totalRows: rows.length, page, pages };
}

/**
 * The matrix rows of the units a column assigns, in the organisation's order and filtered. Each
 * column's cells are written into its units' rows (173,000 cells for 2,000 units × 200
 * occurrences), not looked up for every unit × column.
 */
function matrixRows(content: Content, columns: readonly OverviewItem[], filter: OverviewFilter): Overview['rows'] {
  const rowOf = new Map(content.org.units.map((u, i) => [u.code, i]));
  const cells: Array<Array<UnitStatus | undefined> | undefined> = [];
  columns.forEach((col, j) => {
    for (const { unit, status } of col.units) {
      const i = rowOf.get(unit);
      if (i !== undefined) (cells[i] ??= new Array<UnitStatus | undefined>(columns.length).fill(undefined))[j] = status;
    }
  });
  const rows: Overview['rows'] = [];
  content.org.units.forEach((u, i) => {
    const row = cells[i];
    if (!row || (filter.unit && u.code !== filter.unit) || (filter.state && !row.includes(filter.state))) return;
    rows.push({ code: u.code, name: u.name, cells: row });
  });
  return rows;
}
