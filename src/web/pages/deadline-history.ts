/**
 * The reminder history of one occurrence on the Hạn page: each reminder step (T-7, T-3, the due
 * day, overdue, the escalation to the office, "nhắc ngay"), when it was queued, and for each unit
 * and chat whether it was delivered, is parked, waits, was not delivered, was skipped, or found no
 * chat. Steps recorded before the occurrence was moved are shown with the day they were for.
 */
import { html } from 'hono/html';
import type { Content } from '../../core/content.js';
import { formatDay, formatInstant, type Day } from '../../core/dates.js';
import type { ChatName, ReminderTrace } from '../../core/ports.js';
import type { Html } from '../layout.js';
import { chatLabel } from './chat-label.js';

/** How one message (or a step without one) ended. */
export type Outcome = 'sent' | 'parked' | 'pending' | 'undelivered' | 'skipped' | 'no-chat' | 'queued';

const OUTCOME: Record<Outcome, string> = {
  sent: 'đã gửi',
  parked: 'tạm giữ, Loa tự gửi lại',
  pending: 'đang chờ gửi',
  undelivered: 'không gửi được',
  skipped: 'bỏ qua (đã quá giờ khi Loa chạy lại)',
  'no-chat': 'chưa có nhóm chat, không gửi được',
  queued: 'đã xếp gửi (chi tiết tin nhắn không còn lưu)',
};

export interface HistoryEntry {
  /** The unit reminded ("Thanh tra Sở (TTRA)"), or the office for its reports. */
  unit: string;
  chat?: string | undefined;
  outcome: Outcome;
  /** When it ended (sent, not delivered) or, parked, when Loa sends it again (ISO). */
  at?: string | undefined;
}

export interface HistoryGroup {
  /** The occurrence day the step was for (an earlier day when the occurrence moved since). */
  day: Day;
  step: string;
  /** When the step was queued (ISO). */
  at: string;
  entries: HistoryEntry[];
}

/** Vietnamese name of a step (`d-3`, `d-0`, `d+1`, `esc`, `nochat:d-3`, `now:…`). */
export function stepLabel(step: string): string {
  if (step.startsWith('now:')) return 'Nhắc ngay (từ bảng điều khiển)';
  if (step.startsWith('nochat:')) return `Báo Văn phòng: đơn vị chưa có nhóm chat · ${stepLabel(step.slice(7))}`;
  if (step === 'esc') return 'Báo cáo lên Văn phòng: đơn vị chưa hoàn thành';
  const m = /^d([+-])(\d+)$/.exec(step);
  if (!m) return step;
  const n = Number(m[2]);
  if (n === 0) return 'Nhắc đúng ngày đến hạn';
  return m[1] === '-' ? `Nhắc trước ${n} ngày (T-${n})` : `Nhắc quá hạn ${n} ngày`;
}

/** `deadline@day#unit#step` → its parts. */
function partsOf(key: string): { day: Day; unit: string; step: string } {
  const [head = '', unit = '', ...rest] = key.split('#');
  return { day: head.slice(head.indexOf('@') + 1), unit, step: rest.join('#') };
}

/** The steps of the traces, oldest first, each with its units' messages. */
export function historyOf(traces: readonly ReminderTrace[], names: ReadonlyMap<string, ChatName>, content: Content): HistoryGroup[] {
  const groups = new Map<string, HistoryGroup>();
  const unitName = (code: string) => `${content.unit(code)?.name ?? code} (${code})`;
  for (const t of [...traces].sort((a, b) => a.key.localeCompare(b.key))) {
    const { day, unit, step } = partsOf(t.key);
    const at = t.record?.at ?? t.rows[0]?.row.createdAt ?? '';
    let g = groups.get(`${day}#${step}`);
    if (!g) groups.set(`${day}#${step}`, (g = { day, step, at, entries: [] }));
    if (at && (!g.at || at < g.at)) g.at = at;
    if (t.rows.length === 0) {
      const status = t.record?.status ?? 'queued';
      g.entries.push({ unit: unitName(unit), outcome: status === 'no-chat' ? 'no-chat' : status === 'skipped' ? 'skipped' : 'queued' });
      continue;
    }
    for (const { row, parked } of t.rows) {
      const chat = chatLabel(row.chat, names, content);
      g.entries.push({ unit: unitName(unit), chat, outcome: row.status, at: row.status === 'parked' ? parked?.notBefore : row.doneAt });
    }
  }
  return [...groups.values()].sort((a, b) => a.at.localeCompare(b.at) || stepRank(a.step) - stepRank(b.step) || a.step.localeCompare(b.step));
}

/** Steps queued at the same time in the order they concern the due day: T-7 … due day, overdue, the office's. */
function stepRank(step: string): number {
  if (step.startsWith('nochat:')) return stepRank(step.slice(7)) + 0.5;
  const m = /^d([+-])(\d+)$/.exec(step);
  if (m) return (m[1] === '-' ? -1 : 1) * Number(m[2]);
  return step === 'esc' ? 1000 : 2000;
}

/** Entries listed per step (the counts cover them all: 2,000 units make a long list). */
const MAX_LISTED = 200;

function entryLine(e: HistoryEntry, zone: string): Html {
  const when = e.at ? (e.outcome === 'parked' ? ` · gửi lại sau ${formatInstant(e.at, zone)}` : ` · ${formatInstant(e.at, zone)}`) : '';
  return html`<li class="${e.outcome}">${e.unit}${e.chat ? html` → ${e.chat}` : ''} — ${OUTCOME[e.outcome]}${when}</li>`;
}

function groupBlock(g: HistoryGroup, occurrence: Day, zone: string): Html {
  const counts = new Map<Outcome, number>();
  for (const e of g.entries) counts.set(e.outcome, (counts.get(e.outcome) ?? 0) + 1);
  const summary = [...counts].map(([o, n]) => `${n} ${OUTCOME[o]}`).join(' · ');
  const listed = g.entries.slice(0, MAX_LISTED);
  const more = g.entries.length - listed.length;
  return html`<li class="step"><strong>${stepLabel(g.step)}</strong> · ${g.at ? formatInstant(g.at, zone) : ''}${g.day !== occurrence ? html` <span class="tag">cho ngày hạn cũ ${formatDay(g.day)}</span>` : ''}
<div class="muted">${summary}</div>
<details><summary>Chi tiết (${g.entries.length})</summary><ul>${listed.map((e) => entryLine(e, zone))}${more > 0 ? html`<li class="muted">… và ${more} tin khác</li>` : ''}</ul></details></li>`;
}

/** The history section (a note when nothing was sent yet). */
export function historySection(groups: readonly HistoryGroup[], occurrence: Day, zone: string): Html {
  const body = groups.length
    ? html`<ol class="history">${groups.map((g) => groupBlock(g, occurrence, zone))}</ol>`
    : html`<p class="muted">Chưa có lần nhắc nào cho kỳ này.</p>`;
  return html`<h2>Lịch sử nhắc hạn</h2>
${body}
<p class="muted">Giờ theo múi ${zone}. Chi tiết từng tin nhắn chỉ được lưu một thời gian.</p>`;
}
