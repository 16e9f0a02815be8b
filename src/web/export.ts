/**
 * "Xuất báo cáo": the confirmations of deadline occurrences as rows (one per occurrence ×
 * responsible unit) and a per-unit summary, for the office to attach to its report upward. This
 * module builds the report (`export-scope.ts` picks what it covers); `export-xlsx.ts` and
 * `export-csv.ts` write it, `export-file.ts` turns a request into a file. It holds no rule of
 * its own: occurrences come from `core/occurrences.ts`, plan periods from `core/period.ts`, and
 * the confirmations from ONE `confirmationsOf` call.
 */
import type { Clock } from '../core/clock.js';
import type { Content, Deadline } from '../core/content.js';
import { dayOf, formatInstant, type Day } from '../core/dates.js';
import type { ConfirmationPort, OccurrenceKey } from '../core/ports.js';
import type { Confirmation } from '../core/records.js';
import { exportOccurrences, reportTitle, type ExportFilter } from './export-scope.js';

export { ExportError, exportOccurrences, type ExportFilter } from './export-scope.js';

export type ExportState = 'Hoàn thành' | 'Đã nhận' | 'Chưa xác nhận';

/** One row of the sheet "Xác nhận": one unit on one deadline occurrence. */
export interface ExportRow {
  stt: number;
  deadline: string;
  task: string;
  /** The occurrence (YYYY-MM-DD). */
  due: Day;
  unitCode: string;
  unit: string;
  state: ExportState;
  /** Who confirmed (completed, else received); empty when nobody did. */
  by: string;
  /** When (ISO instant), empty when nobody confirmed. */
  at: string;
  /** The channel's Vietnamese label ("Telegram", "Zalo OA", …), empty when nobody confirmed. */
  channel: string;
}

/** One line of the sheet "Tổng hợp theo đơn vị". */
export interface UnitSummary {
  unitCode: string;
  unit: string;
  total: number;
  completed: number;
  received: number;
  none: number;
  /** Completed share of `total`, in percent with one decimal (0 when `total` is 0). */
  rate: number;
}

export interface ExportReport {
  /** "BÁO CÁO TIẾN ĐỘ THỰC HIỆN …". */
  title: string;
  /** The organisation issuing the report. */
  issuer: string;
  /** When it was made, `dd/mm/yyyy HH:mm` in the organisation's zone. */
  exportedAt: string;
  zone: string;
  headers: readonly string[];
  rows: ExportRow[];
  summary: UnitSummary[];
}

export const EXPORT_HEADERS = ['STT', 'Mã hạn', 'Nội dung', 'Hạn', 'Đơn vị', 'Trạng thái', 'Người xác nhận', 'Thời gian', 'Kênh'] as const;
export const SUMMARY_HEADERS = ['STT', 'Mã đơn vị', 'Đơn vị', 'Số hạn', 'Hoàn thành', 'Đã nhận', 'Chưa xác nhận', 'Tỉ lệ hoàn thành (%)'] as const;

const CHANNELS: Record<string, string> = { telegram: 'Telegram', zalo: 'Zalo OA', zalobot: 'Zalo Bot', console: 'Bảng điều khiển', web: 'Trang quản lý' };

/** The Vietnamese label of a stamp's chat (`channel:chatId`). */
export function channelLabel(chat: string): string {
  const channel = chat.split(':')[0] ?? '';
  return CHANNELS[channel] ?? channel;
}

/** `f` remembering its answers: a report's rows repeat a few thousand texts and days many times over. */
export function remembered<T>(f: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    let value = seen.get(key);
    if (value === undefined) seen.set(key, (value = f(key)));
    return value;
  };
}

const stateOf = (c: Confirmation | undefined): ExportState => (c?.completed ? 'Hoàn thành' : c ? 'Đã nhận' : 'Chưa xác nhận');

/** The report from occurrences already chosen and their confirmations (pure). */
export function buildReport(
  input: { content: Pick<Content, 'org' | 'plans'>; deadlines: readonly Deadline[]; now: Date; filter: ExportFilter },
  occurrences: ReadonlyArray<{ deadline: Deadline; occurrence: Day }>,
  confirmations: readonly Confirmation[],
): ExportReport {
  const { org } = input.content;
  const found = new Map<string, Map<string, Confirmation>>();
  for (const c of confirmations) {
    const key = `${c.deadline}@${c.occurrence}`;
    let units = found.get(key);
    if (!units) found.set(key, (units = new Map()));
    units.set(c.unit, c);
  }
  const names = new Map(org.units.map((u) => [u.code, u.name]));
  const rows: ExportRow[] = [];
  for (const { deadline: d, occurrence } of occurrences) {
    const units = found.get(`${d.id}@${occurrence}`);
    for (const unit of d.assignees) {
      const c = units?.get(unit);
      const stamp = c?.completed ?? c?.received;
      rows.push({
        stt: rows.length + 1,
        deadline: d.id,
        task: d.task,
        due: occurrence,
        unitCode: unit,
        unit: names.get(unit) ?? unit,
        state: stateOf(c),
        by: stamp?.by.name ?? '',
        at: stamp?.at ?? '',
        channel: stamp ? channelLabel(stamp.chat) : '',
      });
    }
  }
  return {
    title: reportTitle(input.content, input.deadlines, input.filter),
    issuer: org.name,
    exportedAt: formatInstant(input.now.toISOString(), org.timezone),
    zone: org.timezone,
    headers: EXPORT_HEADERS,
    rows,
    summary: summarise(rows, org.units.map((u) => u.code)),
  };
}

/** Per unit (in the organisation's order, then any other code), counts and completion rate. */
export function summarise(rows: readonly ExportRow[], unitOrder: readonly string[]): UnitSummary[] {
  const by = new Map<string, UnitSummary>();
  for (const r of rows) {
    let s = by.get(r.unitCode);
    if (!s) by.set(r.unitCode, (s = { unitCode: r.unitCode, unit: r.unit, total: 0, completed: 0, received: 0, none: 0, rate: 0 }));
    s.total++;
    if (r.state === 'Hoàn thành') s.completed++;
    else if (r.state === 'Đã nhận') s.received++;
    else s.none++;
  }
  const rank = new Map(unitOrder.map((code, i) => [code, i]));
  const out = [...by.values()].sort((a, b) => (rank.get(a.unitCode) ?? Infinity) - (rank.get(b.unitCode) ?? Infinity) || a.unitCode.localeCompare(b.unitCode));
  for (const s of out) s.rate = s.total ? Math.round((s.completed / s.total) * 1000) / 10 : 0;
  return out;
}

/**
 * Chooses the occurrences, fetches their confirmations in one port call and builds the report.
 * `deadlines` is what Loa tracks (the catalog: plans' deadlines and notices).
 */
export async function collectReport(input: {
  content: Pick<Content, 'org' | 'plans'>;
  deadlines: readonly Deadline[];
  confirmations: Pick<ConfirmationPort, 'confirmationsOf'>;
  clock: Clock;
  filter: ExportFilter;
}): Promise<ExportReport> {
  const now = input.clock.now();
  const today = dayOf(now, input.content.org.timezone);
  reportTitle(input.content, input.deadlines, input.filter); // an unknown plan or deadline fails before any store call
  const occurrences = exportOccurrences(input.deadlines, input.filter, today);
  const keys: OccurrenceKey[] = occurrences.map((o) => ({ deadline: o.deadline.id, occurrence: o.occurrence }));
  const found = keys.length ? await input.confirmations.confirmationsOf(keys) : [];
  return buildReport({ ...input, now }, occurrences, found);
}
