/**
 * Confirming a deadline: one path for `/xacnhan`, the buttons and the replies "đã nhận"/"xong".
 */
import { actorOf, thisChat, type CommandContext } from './command.js';
import type { UnitStatus } from './confirmation-book.js';
import type { Deadline } from './content.js';
import { formatDay, formatInstant, type Day } from './dates.js';
import { unitsText } from './format.js';
import { occurrenceNow } from './occurrences.js';
import type { Unit } from './org.js';
import type { Confirmation, ConfirmKind } from './records.js';
import { capitalize, fold } from './text.js';
import type { Button, Outgoing } from './types.js';

export type { ConfirmKind };

/** Plain replies that confirm the deadline message they answer ("đã nhận", "ok", "xong"...). */
export function confirmationKind(text: string): ConfirmKind | undefined {
  const key = fold(text)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (/^(da )?(nhan|nhan duoc|nhan roi)( a| nhe| roi)?$/.test(key) || /^(ok|oke|okay|ok a|da ok)$/.test(key)) return 'nhan';
  if (/^(da )?(xong|hoan thanh|hoan tat)( roi| a| nhe)?$/.test(key)) return 'xong';
  return undefined;
}

/** A deadline code as people type it after the phrase: letters then digits ("H12", "t3"). */
const CODE = '[A-Za-z]{1,4}\\d{1,6}';
const PHRASE_THEN_CODE = new RegExp(`^(.+?)\\s+(${CODE})\\s*[.!]*$`);
const CODE_THEN_PHRASE = new RegExp(`^(${CODE})\\s+(.+)$`);

/**
 * A confirmation typed with its deadline code: "xong H12", "đã nhận H12", "H12 đã hoàn thành".
 * The code may name no deadline (the caller says so); the phrase must be a confirmation.
 */
export function typedConfirmation(text: string): { kind: ConfirmKind; code: string } | undefined {
  const t = text.trim();
  const a = PHRASE_THEN_CODE.exec(t);
  const kindA = a ? confirmationKind(a[1]!) : undefined;
  if (a && kindA) return { kind: kindA, code: a[2]! };
  const b = CODE_THEN_PHRASE.exec(t);
  const kindB = b ? confirmationKind(b[2]!) : undefined;
  if (b && kindB) return { kind: kindB, code: b[1]! };
  return undefined;
}

export type { UnitStatus } from './confirmation-book.js';

/**
 * The buttons "✅ Đã nhận" / "✔️ Đã hoàn thành" that still apply to a unit in `status` (none once
 * it completed; only "Đã hoàn thành" once it received). Their data is a short ASCII command.
 * A notice without a due date (`receiptOnly`) only asks for "Đã nhận".
 */
export function confirmButtons(d: Deadline, occurrence: Day, status: UnitStatus = 'chua'): Button[] {
  const receiptOnly = d.announcement !== undefined && !d.announcement.hasDue;
  const buttons: Button[] = [];
  if (status === 'chua') buttons.push({ label: '✅ Đã nhận', data: `/xacnhan ${d.id} nhan ${occurrence}` });
  if (status !== 'xong' && !receiptOnly) buttons.push({ label: '✔️ Đã hoàn thành', data: `/xacnhan ${d.id} xong ${occurrence}` });
  return buttons;
}

function who(c: Confirmation['received'], zone: string): string {
  return `${c.by.name} lúc ${formatInstant(c.at, zone)}`;
}

/** Where a confirmation or a hand-in lands: the chat's unit and the occurrence, or why it cannot. */
export type ConfirmTarget = { unit: Unit; occurrence: Day } | { refusal: Outgoing[] };

/**
 * The checks every confirmation and hand-in passes first: the chat is bound to a unit, the unit
 * is responsible for the deadline, and the occurrence (the current one when undefined; a moved
 * one where it is now) exists and may be confirmed already.
 */
export async function confirmTarget(ctx: CommandContext, d: Deadline, occurrence?: Day, verb = 'xác nhận'): Promise<ConfirmTarget> {
  const unit = ctx.unit;
  const refuse = (text: string): ConfirmTarget => ({ refusal: [{ text }] });
  if (!unit) {
    return refuse(
      `${capitalize(thisChat(ctx.incoming))} chưa đăng ký đơn vị nên chưa ${verb} được.\n` + 'Gõ /dangky MÃ_ĐƠN_VỊ để đăng ký (xem mã bằng /donvi).',
    );
  }
  if (!d.assignees.includes(unit.code)) {
    return refuse(
      `Đơn vị ${unit.name} (${unit.code}) không phải đơn vị thực hiện hạn ${d.id}, nên không ${verb} được.\n` +
        `Đơn vị thực hiện: ${unitsText(ctx.content, d.assignees)}.`,
    );
  }
  const book = await ctx.book([d]);
  const asked = occurrence ?? book.occurrenceFor(d);
  // A button or reply of a reminder sent before the office moved the occurrence confirms it where it is now.
  const occ = occurrenceNow(d, asked);
  if (!occ) return refuse(`Hạn ${d.id} không có kỳ nào vào ngày ${formatDay(asked)}.`);
  const latest = book.latestConfirmable(d);
  if (occ > latest) {
    return refuse(
      `Kỳ ${formatDay(occ)} của hạn ${d.id} chưa tới, nên chưa ${verb} được. ` +
        `Chỉ ${verb} được kỳ hiện tại (${formatDay(latest)}) hoặc các kỳ đã qua.`,
    );
  }
  return { unit, occurrence: occ };
}

/**
 * Records the chat's unit's confirmation of one deadline occurrence (the current one when
 * `occurrence` is undefined) and says what happened.
 */
export async function confirmDeadline(
  ctx: CommandContext,
  d: Deadline,
  kind: ConfirmKind,
  occurrence?: Day,
): Promise<Outgoing[]> {
  const target = await confirmTarget(ctx, d, occurrence);
  if ('refusal' in target) return target.refusal;
  const { unit, occurrence: occ } = target;
  const { user, chat } = ctx.incoming;
  const result = await ctx.confirmations.confirm({ deadline: d.id, occurrence: occ, unit: unit.code, kind, user: { id: user.id, name: user.name }, chat });
  if (result.outcome !== 'unchanged') {
    await ctx.audit.record({ actor: actorOf(ctx.incoming), action: 'confirm', subject: `${d.id}@${occ}#${unit.code}`, detail: { kind, outcome: result.outcome } });
  }
  const c = result.confirmation;
  const head = `hạn ${d.id} (${formatDay(occ)}) — ${d.task}`;
  const done = c.completed !== undefined;
  const stamp = (c.completed ?? c.received);
  const line = `${done ? '✔️' : '✅'} ${unit.code} ${done ? 'đã hoàn thành' : 'đã nhận'} — ${who(stamp, ctx.zone)}`;
  // The pressed message keeps only the buttons that still apply.
  const buttons = confirmButtons(d, occ, done ? 'xong' : 'nhan');
  switch (result.outcome) {
    case 'new':
      return [
        {
          ack: { toast: `${done ? '✔️' : '✅'} Đã ghi nhận: ${unit.code} ${done ? 'đã hoàn thành' : 'đã nhận'} ${d.id}`, appendLine: line, buttons },
          text:
            kind === 'xong'
              ? `✔️ Đã ghi nhận: ${unit.name} đã HOÀN THÀNH ${head}.\nNgười xác nhận: ${who(c.received, ctx.zone)}.`
              : `✅ Đã ghi nhận: ${unit.name} đã NHẬN ${head}.\nNgười xác nhận: ${who(c.received, ctx.zone)}.\n` +
                `Khi xong, gõ /xacnhan ${d.id} xong.`,
        },
      ];
    case 'upgraded':
      return [
        {
          ack: { toast: `✔️ Đã ghi nhận: ${unit.code} đã hoàn thành ${d.id}`, appendLine: line, buttons },
          text:
            `✔️ Đã ghi nhận: ${unit.name} đã HOÀN THÀNH ${head}.\n` +
            `Người xác nhận: ${who(c.completed!, ctx.zone)} (đã nhận trước đó: ${who(c.received, ctx.zone)}).`,
        },
      ];
    case 'unchanged': {
      const what = c.completed ? 'báo hoàn thành' : 'nhận';
      return [
        {
          // Nothing changed, so the pressed message is left as it is.
          ack: { toast: `ℹ️ ${unit.code} đã ${what} ${d.id} từ trước (${who(stamp, ctx.zone)}). Không thay đổi.` },
          text: `ℹ️ ${unit.name} đã ${what} ${head} từ trước: ${who(stamp, ctx.zone)}.\nKhông có gì thay đổi.`,
        },
      ];
    }
  }
}
