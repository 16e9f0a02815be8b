import type { Command, CommandContext, DeadlineView } from '../src/core/command.js';
import { reply, usage } from '../src/core/command.js';
import { confirmButtons } from '../src/core/confirm.js';
import type { ConfirmationBook } from '../src/core/confirmation-book.js';
import type { Deadline } from '../src/core/content.js';
import { deadlineFormLines } from '../src/core/form-text.js';
import { formatDayLong, formatDay, relativeDays, type Day } from '../src/core/dates.js';
import { deadlineLines, planLabel, reportToText } from '../src/core/format.js';
import { takeKeywords } from '../src/core/keywords.js';
import { describeRecurrence, nextOccurrence } from '../src/core/occurrences.js';
import { findUnit, type Unit } from '../src/core/org.js';
import { truncate } from '../src/core/text.js';
import type { Outgoing } from '../src/core/types.js';
import { isOpenOverdue } from '../src/core/open-work.js';

interface Item {
  d: Deadline;
  occ: Day;
}

export const MARK = { xong: '✔️', nhan: '✅', chua: '•' } as const;
const STATE = { xong: 'đã hoàn thành', nhan: 'đã nhận', chua: 'chưa xác nhận' } as const;

function counts(book: ConfirmationBook, d: Deadline, occ: Day): string {
  const cs = book.confirmationsOf(d.id, occ).filter((c) => d.assignees.includes(c.unit));
  const done = cs.filter((c) => c.completed).length;
  return `   📊 đã nhận ${cs.length}/${d.assignees.length} · hoàn thành ${done}/${d.assignees.length}`;
}

function render(ctx: CommandContext, book: ConfirmationBook, items: Item[], unit: Unit | undefined): string {
  return items
    .map(({ d, occ }) =>
      unit
        ? deadlineLines(ctx.content, d, occ, ctx.today, MARK[book.status(d.id, occ, unit.code)])
        : `${deadlineLines(ctx.content, d, occ, ctx.today)}\n${counts(book, d, occ)}`,
    )
    .join('\n\n');
}

/**
 * One deadline occurrence with each unit's state and, for the chat's unit, the buttons that still
 * apply. `book` holds that occurrence.
 */
export function detailMessage(ctx: CommandContext, book: ConfirmationBook, d: Deadline, occ: Day): Outgoing {
  const lines = [`📅 Hạn ${d.id}: ${d.task}`, `Ngày: ${formatDayLong(occ)} · ${relativeDays(ctx.today, occ)}`];
  if (d.recurrence) lines.push(`Định kỳ: ${describeRecurrence(d.recurrence)}`);
  const report = reportToText(ctx.content, d.reportTo);
  if (report) lines.push(`Gửi về: ${report}`);
  lines.push(`Kế hoạch: ${planLabel(d.plan)} — ${truncate(d.plan.title, 120)}${d.section ? ` (mục ${d.section})` : ''}`);
  const form = deadlineFormLines(d);
  if (form.length) lines.push('', ...form);
  lines.push('', `Đơn vị thực hiện (${d.assignees.length}):`);
  for (const code of d.assignees) {
    const s = book.status(d.id, occ, code);
    lines.push(`${MARK[s]} ${code} — ${ctx.content.unit(code)?.name ?? code}: ${STATE[s]}`);
  }
  const mine = ctx.unit && d.assignees.includes(ctx.unit.code) ? book.status(d.id, occ, ctx.unit.code) : undefined;
  const buttons = mine ? confirmButtons(d, occ, mine) : [];
  lines.push('', buttons.length ? 'Xác nhận bằng nút bên dưới, hoặc trả lời tin này "đã nhận" / "xong".' : `Tiến độ: /tiendo ${d.id}`);
  return { text: lines.join('\n'), ref: { deadline: d.id, occurrence: occ, view: 'detail' }, buttons: buttons.length ? buttons : undefined };
}

/** {@link detailMessage} as it stands now (a pressed message redrawn). */
export const detailView: DeadlineView = async (ctx, d, occ) => detailMessage(ctx, await ctx.book([d], [{ deadline: d.id, occurrence: occ }]), d, occ);

const KEYWORDS = { quahan: ['quá hạn', 'trễ hạn', 'overdue'], tatca: ['tất cả', 'all'] } as const;

export const deadline: Command = {
  name: 'deadline',
  aliases: ['hanchot', 'thoihan', 'han'],
  description: 'Các thời hạn sắp tới (của đơn vị mình, tất cả, hoặc đã quá hạn); chi tiết một hạn',
  usage: '/deadline [tatca] [quahan] [MÃ_ĐƠN_VỊ | MÃ_HẠN]',
  example: '/deadline quahan tatca',
  async run(ctx) {
    const { found, rest: words } = takeKeywords(ctx.args, KEYWORDS);
    const overdue = found.has('quahan');
    const all = found.has('tatca');
    const rest = words.join(' ');
    let unit: Unit | undefined = all ? undefined : ctx.unit;
    if (rest) {
      const d = ctx.catalog.get(rest);
      if (d && found.size === 0) {
        const book = await ctx.book([d]);
        return [detailMessage(ctx, book, d, book.occurrenceFor(d))];
      }
      const u = findUnit(ctx.content.org, rest);
      if (!u || all) {
        const why = d ? `“${truncate(rest, 40)}” là một mã hạn: xem chi tiết bằng /deadline ${d.id}.` : `Không hiểu “${truncate(rest, 40)}”: không phải mã đơn vị hay mã hạn. Xem mã đơn vị bằng /donvi.`;
        return usage(this, why);
      }
      unit = u;
    }
    const items: Item[] = [];
    const book = await ctx.book(ctx.catalog.all());
    for (const d of ctx.catalog.all()) {
      if (d.announcement && !d.announcement.hasDue) continue;
      if (unit && !d.assignees.includes(unit.code)) continue;
      if (overdue) {
        const occ = book.occurrenceFor(d);
        if (!isOpenOverdue(d, occ, ctx.today)) continue;
        const open = unit ? book.status(d.id, occ, unit.code) !== 'xong' : d.assignees.some((u) => book.status(d.id, occ, u) !== 'xong');
        if (open) items.push({ d, occ });
      } else {
        const occ = nextOccurrence(d, ctx.today);
        if (occ) items.push({ d, occ });
      }
    }
    items.sort((a, b) => (overdue ? b.occ.localeCompare(a.occ) : a.occ.localeCompare(b.occ)) || a.d.id.localeCompare(b.d.id));
    const whose = unit ? `của ${unit.name} (${unit.code})` : 'của tất cả đơn vị';
    const today = formatDay(ctx.today);
    if (items.length === 0) {
      return reply(
        overdue
          ? `Không có hạn nào đã qua mà chưa hoàn thành ${whose}.`
          : `Không có hạn nào sắp tới ${whose} (tính từ ${today}). Các hạn đã qua: /deadline quahan${unit ? '' : ' tatca'}`,
      );
    }
    const head = overdue
      ? `⏰ Các hạn đã qua chưa hoàn thành ${whose} — ${items.length} hạn (hôm nay ${today}):`
      : `📅 Các hạn sắp tới ${whose} — ${items.length} hạn (hôm nay ${today}):`;
    const legend = unit ? '\n✔️ đã hoàn thành · ✅ đã nhận · • chưa xác nhận' : '';
    return reply(
      `${head}${legend}\n\n${render(ctx, book, items, unit)}\n\nChi tiết, xác nhận: /deadline MÃ_HẠN · Tiến độ: /tiendo MÃ_HẠN`,
    );
  },
};
