/**
 * What the Đơn vị list shows: every unit with its bound chats counted (active ones apart) and its
 * latest activity, filtered by a query string (text in code, name or alias; kind; units without
 * an active chat) and cut in pages of {@link UNITS_PER_PAGE}, so 2,000 units are 20 light pages.
 */
import type { Content } from '../../core/content.js';
import type { Unit } from '../../core/org.js';
import type { BoundChat } from '../../core/records.js';
import { cleanInput, searchKey } from '../../core/text.js';

export const UNITS_PER_PAGE = 100;

export interface UnitsFilter {
  /** Text found in the code, the name or an alias (diacritics and case ignored). */
  q?: string | undefined;
  /** One kind exactly. */
  kind?: string | undefined;
  /** Only the units without an active chat. */
  noChat?: boolean | undefined;
  /** 1-based; a page past the end shows the last. */
  page?: number | undefined;
}

export interface UnitRow {
  unit: Unit;
  /** Chats bound to the unit, and how many of them still take messages. */
  chats: number;
  active: number;
  /** The latest activity of its chats (ISO), if any wrote since it was recorded. */
  lastActive?: string | undefined;
}

export interface UnitsList {
  rows: UnitRow[];
  /** Rows matching the filter (all pages), this page and the number of pages. */
  total: number;
  page: number;
  pages: number;
  /** Every kind of the org, for the filter. */
  kinds: string[];
}

/** Reads the list's GET filter; a value out of place is ignored. */
export function parseUnitsFilter(q: (name: string) => string | undefined, content: Content): UnitsFilter {
  const text = cleanInput(q('q') ?? '').slice(0, 100);
  const kind = q('loai');
  const page = Number(q('trang'));
  return {
    q: text || undefined,
    kind: kind && content.org.units.some((u) => u.kind === kind) ? kind : undefined,
    noChat: q('chat') === 'khong' || undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
  };
}

/** The address of a page of the list, keeping the filter. */
export function unitsHref(f: UnitsFilter, page = 1): string {
  const q = new URLSearchParams();
  if (f.q) q.set('q', f.q);
  if (f.kind) q.set('loai', f.kind);
  if (f.noChat) q.set('chat', 'khong');
  if (page > 1) q.set('trang', String(page));
  const query = q.toString();
  return `/don-vi${query ? `?${query}` : ''}`;
}

/** Each unit's chats: how many, how many active, the latest activity. */
export function chatSummary(chats: readonly BoundChat[]): Map<string, Omit<UnitRow, 'unit'>> {
  const byUnit = new Map<string, Omit<UnitRow, 'unit'>>();
  for (const c of chats) {
    const s = byUnit.get(c.unit) ?? { chats: 0, active: 0 };
    s.chats += 1;
    if (!c.inactive) s.active += 1;
    if (c.lastActive && (!s.lastActive || c.lastActive > s.lastActive)) s.lastActive = c.lastActive;
    byUnit.set(c.unit, s);
  }
  return byUnit;
}

export function unitsList(content: Content, chats: readonly BoundChat[], f: UnitsFilter): UnitsList {
  const summary = chatSummary(chats);
  const words = f.q ? searchKey(f.q) : '';
  const rows: UnitRow[] = [];
  for (const unit of content.org.units) {
    if (f.kind && unit.kind !== f.kind) continue;
    if (words && ![unit.code, unit.name, ...unit.aliases].some((n) => searchKey(n).includes(words))) continue;
    const s = summary.get(unit.code) ?? { chats: 0, active: 0 };
    if (f.noChat && s.active > 0) continue;
    rows.push({ unit, ...s });
  }
  const pages = Math.max(1, Math.ceil(rows.length / UNITS_PER_PAGE));
  const page = Math.min(f.page ?? 1, pages);
  const kinds = [...new Set(content.org.units.map((u) => u.kind))].sort((a, b) => a.localeCompare(b, 'vi'));
  return { rows: rows.slice((page - 1) * UNITS_PER_PAGE, page * UNITS_PER_PAGE), total: rows.length, page, pages, kinds };
}
