/**
 * "Xuất báo cáo": the confirmations of deadline occurrences as rows (one per occurrence ×
 * responsible unit) and a per-unit summary, for the office to attach to its report upward. This
 * module builds the report; `export-xlsx.ts` and `export-csv.ts` write it. It holds no rule of
 * its own: occurrences come from `core/occurrences.ts`, plan periods from `core/period.ts`, and
 * the confirmations from ONE `confirmationsOf` call.
 */
import type { Clock } from '../core/clock.js';
import type { Content, Deadline } from '../core/content.js';
import { dayOf, formatDay, formatInstant, type Day } from '../core/dates.js';
import { allOccurrences, nextOccurrence } from '../core/occurrences.js';
import { planPeriod } from '../core/period.js';
import type { ConfirmationPort, OccurrenceKey } from '../core/ports.js';
import type { Confirmation } from '../core/records.js';

/** What to export; every field is optional and they combine (a plan's deadlines in a period). */
export interface ExportFilter {
  plan?: string | undefined;
  deadline?: string | undefined;
  /** First and last day of the occurrences (YYYY-MM-DD, both included). */
  from?: Day | undefined;
  to?: Day | undefined;
}

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

/** A filter that names nothing known, or a period that makes no sense: the message is Vietnamese. */
export class ExportError extends Error {
  override name = 'ExportError';
}

const CHANNELS: Record<string, string> = { telegram: 'Telegram', zalo: 'Zalo OA', zalobot: 'Zalo Bot', console: 'Bảng điều khiển', web: 'Trang quản lý' };

/** The Vietnamese label of a stamp's chat (`channel:chatId`). */
export function channelLabel(chat: string): string {
  const channel = chat.split(':')[0] ?? '';
  return CHANNELS[channel] ?? channel;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day (31/02 is not one: a lenient parser would make it 03/03). */
function validDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return DAY.test(day) && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

/**
 * The occurrences to export, in date then catalog order. Without a period: a one-off deadline's
 * date; a recurring one's occurrences from its plan's start to the next one due (so the
 * current period is in, later ones are not).
 */
export function exportOccurrences(deadlines: readonly Deadline[], filter: ExportFilter, today: Day): Array<{ deadline: Deadline; occurrence: Day }> {
  for (const day of [filter.from, filter.to]) {
    if (day !== undefined && !validDay(day)) throw new ExportError(`Ngày "${day}" không hợp lệ (cần dạng YYYY-MM-DD).`);
  }
  if (filter.from && filter.to && filter.from > filter.to) throw new ExportError(`Từ ngày ${formatDay(filter.from)} phải trước hoặc bằng đến ngày ${formatDay(filter.to)}.`);
  const picked = deadlines.filter(
    (d) => (!filter.plan || d.plan.id === filter.plan) && (!filter.deadline || d.id.toUpperCase() === filter.deadline.toUpperCase()),
  );
  const out: Array<{ deadline: Deadline; occurrence: Day; order: number }> = [];
  picked.forEach((d, order) => {
    const from = filter.from ?? planPeriod(d.plan)?.from ?? `${(d.plan.issued ?? today).slice(0, 4)}-01-01`;
    const to = filter.to ?? (d.due ?? nextOccurrence(d, today) ?? today);
    for (const occurrence of allOccurrences(d, from, to)) out.push({ deadline: d, occurrence, order });
  });
  out.sort((a, b) => a.occurrence.localeCompare(b.occurrence) || a.order - b.order);
  return out.map(({ deadline, occurrence }) => ({ deadline, occurrence }));
}

function titleOf(content: Pick<Content, 'plans'>, deadlines: readonly Deadline[], filter: ExportFilter): string {
  const parts: string[] = [];
  if (filter.plan) {
    const plan = content.plans.find((p) => p.id === filter.plan) ?? deadlines.find((d) => d.plan.id === filter.plan)?.plan;
    if (!plan) throw new ExportError(`Không có kế hoạch mã "${filter.plan}".`);
    parts.push(plan.title);
  }
  if (filter.deadline) {
    const d = deadlines.find((x) => x.id.toUpperCase() === filter.deadline!.toUpperCase());
    if (!d) throw new ExportError(`Không có hạn mã "${filter.deadline}".`);
    if (!filter.plan) parts.push(d.plan.title);
    parts.push(`hạn ${d.id}`);
  }
  if (filter.from || filter.to) {
    parts.push([filter.from && `từ ngày ${formatDay(filter.from)}`, filter.to && `đến ngày ${formatDay(filter.to)}`].filter(Boolean).join(' '));
  }
  if (parts.length === 0) parts.push('các kế hoạch');
  return `BÁO CÁO TIẾN ĐỘ THỰC HIỆN ${parts.join(', ')}`.toLocaleUpperCase('vi');
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
    title: titleOf(input.content, input.deadlines, input.filter),
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
  titleOf(input.content, input.deadlines, input.filter); // an unknown plan or deadline fails before any store call
  const occurrences = exportOccurrences(input.deadlines, input.filter, today);
  const keys: OccurrenceKey[] = occurrences.map((o) => ({ deadline: o.deadline.id, occurrence: o.occurrence }));
  const found = keys.length ? await input.confirmations.confirmationsOf(keys) : [];
  return buildReport({ ...input, now }, occurrences, found);
}
