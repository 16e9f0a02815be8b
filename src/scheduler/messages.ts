/** The Vietnamese texts Loa pushes on its own: reminders, escalations, digests, the daily slogan. */
import { confirmButtons } from '../core/confirm.js';
import type { Content, Deadline, Slogan } from '../core/content.js';
import { formatDay, formatDayLong, relativeDays, type Day } from '../core/dates.js';
import { planLabel, sloganSource, unitsText } from '../core/format.js';
import { quoteSlogan } from '../core/slogans.js';
import { truncate } from '../core/text.js';
import type { Outgoing } from '../core/types.js';
import type { UnitStatus } from '../core/confirm.js';
import type { PlannedStep } from './planner.js';

function unitName(content: Content, code: string): string {
  return content.unit(code)?.name ?? code;
}

function when(step: PlannedStep, today: Day): string {
  return relativeDays(today, step.occurrence);
}

/** What a reminder needs to know: one unit, one occurrence, and whether the unit received it. */
export type ReminderFacts = Pick<PlannedStep, 'deadline' | 'occurrence' | 'unit' | 'daysLeft'> & { status: UnitStatus };

/** A reminder to one unit's chat, with the confirmation buttons that still apply to it. */
export function reminderMessage(content: Content, step: ReminderFacts, today: Day): Outgoing {
  const d = step.deadline;
  const overdue = step.daysLeft < 0;
  const buttons = confirmButtons(d, step.occurrence, step.status);
  const state = { xong: '✔️ đã hoàn thành', nhan: 'đã nhận, chưa báo hoàn thành', chua: '⚠️ chưa xác nhận đã nhận' }[step.status];
  const next = {
    xong: 'Cảm ơn đơn vị đã hoàn thành.',
    nhan: 'Khi xong, bấm "Đã hoàn thành" hoặc trả lời tin này "xong".',
    chua: 'Bấm nút hoặc trả lời tin này "đã nhận" / "xong".',
  }[step.status];
  const lines = [
    `${overdue ? '🔴 Quá hạn' : '⏰ Nhắc hạn'} ${d.id} — ${relativeDays(today, step.occurrence)}`,
    truncate(d.task, 300),
    `📅 Hạn: ${formatDayLong(step.occurrence)}`,
    `📄 ${planLabel(d.plan)}: ${truncate(d.plan.title, 100)}`,
    `🏢 ${unitName(content, step.unit)} (${step.unit}): ${state}`,
    '',
    next,
  ];
  return { text: lines.join('\n'), buttons: buttons.length ? buttons : undefined, ref: { deadline: d.id, occurrence: step.occurrence, view: 'reminder' } };
}

function statusList(content: Content, missing: Array<{ unit: string; status: UnitStatus }>, noChat: ReadonlySet<string>): string[] {
  const notReceived = missing.filter((m) => m.status === 'chua');
  const received = missing.filter((m) => m.status === 'nhan');
  const lines: string[] = [];
  if (notReceived.length) lines.push(`⏳ Chưa nhận (${notReceived.length}): ${notReceived.map((m) => m.unit).join(', ')}`);
  if (received.length) lines.push(`✅ Đã nhận, chưa hoàn thành (${received.length}): ${received.map((m) => m.unit).join(', ')}`);
  const without = missing.filter((m) => noChat.has(m.unit)).map((m) => `${m.unit} — ${unitName(content, m.unit)}`);
  if (without.length) lines.push(`📵 Chưa có nhóm chat (không nhận được nhắc): ${without.join('; ')}`);
  return lines;
}

/** To the office and the admins: who has still not completed a deadline after its due day. */
export function escalationMessage(content: Content, step: PlannedStep, today: Day, noChat: ReadonlySet<string>): Outgoing {
  const d = step.deadline;
  const total = d.assignees.length;
  return {
    text: [
      `🚨 Hạn ${d.id} đã qua (${formatDay(step.occurrence)}, ${when(step, today)}): ${step.missing.length}/${total} đơn vị chưa hoàn thành`,
      truncate(d.task, 300),
      `📄 ${planLabel(d.plan)}`,
      ...statusList(content, step.missing, noChat),
      '',
      `Chi tiết: /tiendo ${d.id}`,
    ].join('\n'),
    ref: { deadline: d.id, occurrence: step.occurrence },
  };
}

/** To the office, once per step: the units a reminder could not reach. */
export function noChatMessage(content: Content, d: Deadline, occurrence: Day, today: Day, units: readonly string[]): Outgoing {
  return {
    text: [
      `📵 Nhắc hạn ${d.id} (${formatDay(occurrence)}, ${relativeDays(today, occurrence)}) không gửi được tới ${units.length} đơn vị chưa có nhóm chat:`,
      ...units.map((u) => `• ${u} — ${unitName(content, u)}`),
      'Nhờ các đơn vị này gõ /dangky MÃ_ĐƠN_VỊ trong nhóm chat của mình.',
    ].join('\n'),
  };
}

export interface DigestItem {
  deadline: Deadline;
  occurrence: Day;
  missing: Array<{ unit: string; status: UnitStatus }>;
}

/** The office's weekly digest: each open deadline with the units that have not confirmed. */
export function digestMessage(content: Content, items: readonly DigestItem[], today: Day, noChat: ReadonlySet<string>): Outgoing {
  if (items.length === 0) {
    return { text: `📋 Tổng hợp tuần (${formatDayLong(today)}): không có hạn nào đang mở. 👍` };
  }
  const blocks = items.map((i) =>
    [
      `• ${i.deadline.id} — ${truncate(i.deadline.task, 160)}`,
      `  📅 ${formatDayLong(i.occurrence)} · ${relativeDays(today, i.occurrence)} · ${unitsText(content, i.deadline.assignees)}`,
      ...statusList(content, i.missing, noChat).map((l) => `  ${l}`),
    ].join('\n'),
  );
  return { text: `📋 Tổng hợp tuần (${formatDayLong(today)}): ${items.length} hạn đang mở\n\n${blocks.join('\n\n')}\n\nChi tiết: /tiendo MÃ_HẠN` };
}

/** The slogan of the day, to the chats that asked for it. */
export function sloganMessage(slogan: Slogan, today: Day, total: number): Outgoing {
  return {
    text: `📣 Khẩu hiệu hôm nay (${formatDayLong(today)}):\n\n${quoteSlogan(slogan.text)}\n\n— Khẩu hiệu số ${slogan.number}/${total} · ${sloganSource(slogan)}\nTắt tin này: /khauhieu tat`,
  };
}
