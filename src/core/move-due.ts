/**
 * Moving one deadline occurrence to another day, with a reason (the office's "đổi hạn").
 *
 * An occurrence's key is the day it falls on (confirmations, reminder steps and message
 * references name it so), so a move carries the occurrence's confirmations to the new day in the
 * same unit of work as the plan's edit and its audit line. A one-off deadline gets the new `due`;
 * a recurring one keeps its schedule and only this occurrence moves. Either way the plan's
 * `moved` map keeps the earlier days, so a button or reply of a reminder sent before the move
 * confirms the occurrence where it is now, and the Hạn page still shows the reminders sent for it.
 * Reminder steps already recorded stay under their old keys: the planner plans the new day's
 * steps by their own keys, and moving back to a day never sends its recorded steps again.
 */
import type { Deadline } from './content.js';
import { EditRefused, type ContentEditor, type Editor, type Raw } from './content-editor.js';
import { addDays, daysBetween, formatDay, parseDay, type Day } from './dates.js';
import { nextOccurrence, planStart, previousOccurrence, scheduledDay, withMove } from './occurrences.js';
import type { ConfirmationPort } from './ports.js';
import { squash } from './text.js';

/** Longest reason kept with a move. */
export const MOVE_REASON_MAX = 500;
/** A recurring occurrence moves at most this many days away from its scheduled day. */
const MAX_SHIFT_DAYS = 366;

/** What a move needs: the plans' editor and the confirmations. */
export interface MoveDeps {
  editor: Pick<ContentEditor, 'editPlan'>;
  confirmations: Pick<ConfirmationPort, 'confirmationsOf' | 'moveOccurrence'>;
}

/** Which field a refusal is about (the page shows it there). */
export type MoveField = 'day' | 'reason';

export type MoveOutcome = { ok: true; to: Day; confirmations: number } | { ok: false; field: MoveField; message: string };

const refuse = (field: MoveField, message: string): MoveOutcome => ({ ok: false, field, message });

/** Checks the typed day against the occurrence and its deadline; the new day, or why not. */
function checkDay(d: Deadline, from: Day, typed: string): Day | MoveOutcome {
  const text = typed.trim();
  if (!text) return refuse('day', 'Hãy nhập ngày hạn mới, dạng dd/mm/yyyy (ví dụ 28/09/2023).');
  const to = parseDay(text);
  if (!to) return refuse('day', `“${text.slice(0, 40)}” không phải một ngày dạng dd/mm/yyyy (ví dụ 28/09/2023).`);
  if (to === from) return refuse('day', `Ngày mới trùng với ngày hạn hiện tại (${formatDay(from)}).`);
  const start = planStart(d);
  if (start && to < start) return refuse('day', `Ngày mới (${formatDay(to)}) trước ngày bắt đầu của kế hoạch (${formatDay(start)}).`);
  if (!d.recurrence) return to;
  // A recurring occurrence stays between its neighbours, so the order of the periods holds.
  const prev = previousOccurrence(d, from);
  const next = nextOccurrence(d, addDays(from, 1));
  if ((prev && to <= prev) || (next && to >= next)) {
    const range = [prev ? `sau kỳ trước (${formatDay(prev)})` : '', next ? `trước kỳ sau (${formatDay(next)})` : ''].filter(Boolean).join(' và ');
    return refuse('day', `Hạn định kỳ: ngày mới của kỳ này phải ${range}.`);
  }
  const scheduled = scheduledDay(d, from);
  if (Math.abs(daysBetween(scheduled, to)) > MAX_SHIFT_DAYS) {
    return refuse('day', `Hạn định kỳ: một kỳ chỉ dời được trong vòng một năm quanh ngày theo lịch (${formatDay(scheduled)}).`);
  }
  return to;
}

/**
 * Moves the occurrence of `d` on `from` to the typed day, for the typed reason. Refused, changing
 * nothing, when the reason is empty or too long, the day is not a dd/mm/yyyy day, is the same
 * day, is before the plan's start, leaves a recurring occurrence's place between its neighbours,
 * or still holds confirmations of this deadline; and for a notice (its day is not a plan's).
 */
export async function moveOccurrence(deps: MoveDeps, by: Editor, d: Deadline, from: Day, typedDay: string, typedReason: string): Promise<MoveOutcome> {
  if (d.announcement) return refuse('day', `${d.id} là thông báo, không phải hạn của kế hoạch: không đổi ngày ở đây được.`);
  const reason = squash(typedReason);
  if (!reason) return refuse('reason', 'Hãy ghi lý do đổi hạn (bắt buộc): lý do được lưu vào nhật ký.');
  if (reason.length > MOVE_REASON_MAX) return refuse('reason', `Lý do dài quá ${MOVE_REASON_MAX} ký tự; hãy viết ngắn lại.`);
  const to = checkDay(d, from, typedDay);
  if (typeof to !== 'string') return to;
  const [before, after] = await Promise.all([
    deps.confirmations.confirmationsOf([{ deadline: d.id, occurrence: from }]),
    deps.confirmations.confirmationsOf([{ deadline: d.id, occurrence: to }]),
  ]);
  if (after.length) return refuse('day', `Ngày ${formatDay(to)} còn giữ xác nhận cũ của hạn ${d.id}, nên không dời sang ngày đó được.`);
  const change = (plan: Raw) => {
    const deadlines = Array.isArray(plan.deadlines) ? (plan.deadlines as Raw[]) : [];
    const raw = deadlines.find((x) => x.id === d.id);
    if (!raw) throw new EditRefused(`Không còn hạn ${d.id} trong kế hoạch.`);
    // The plan was edited meanwhile (elsewhere): what the page showed is no longer so.
    if (!d.recurrence && raw.due !== from) throw new EditRefused(`Hạn ${d.id} vừa được sửa ở nơi khác; hãy tải lại trang rồi thử lại.`);
    raw.moved = withMove(raw.moved as Record<Day, Day> | undefined, from, to);
    if (!d.recurrence) raw.due = to;
    return {
      action: 'deadline-move',
      subject: `${d.id}@${from}`,
      detail: { before: from, after: to, reason, plan: d.plan.id, recurring: d.recurrence !== null, confirmations: before.length },
    };
  };
  const done = await deps.editor.editPlan(by, d.plan.id, change, () => deps.confirmations.moveOccurrence(d.id, from, to));
  if (!done.ok) return refuse('day', done.message);
  return { ok: true, to, confirmations: before.length };
}
