import type { Command, CommandContext } from '../src/core/command.js';
import { reply, usage } from '../src/core/command.js';
import { confirmButtons, occurrenceFor, unitStatus, type UnitStatus } from '../src/core/confirm.js';
import type { Deadline } from '../src/core/content.js';
import { formatDayLong, formatDay, relativeDays, type Day } from '../src/core/dates.js';
import { deadlineLines, planLabel, reportToText } from '../src/core/format.js';
import { describeRecurrence, nextOccurrence, previousOccurrence } from '../src/core/occurrences.js';
import { findUnit, type Unit } from '../src/core/org.js';
import { fold, squash, truncate } from '../src/core/text.js';
import type { Outgoing } from '../src/core/types.js';

interface Item {
  d: Deadline;
  occ: Day;
}

function status(ctx: CommandContext, d: Deadline, occ: Day, unit: string): UnitStatus {
  return unitStatus(ctx.store, d.id, occ, unit);
}

const MARK = { xong: '✔️', nhan: '✅', chua: '•' } as const;

function counts(ctx: CommandContext, d: Deadline, occ: Day): string {
  const cs = ctx.store.confirmationsOf(d.id, occ).filter((c) => d.assignees.includes(c.unit));
  const done = cs.filter((c) => c.completed).length;
  return `   📊 đã nhận ${cs.length}/${d.assignees.length} · hoàn thành ${done}/${d.assignees.length}`;
}

function render(ctx: CommandContext, items: Item[], unit: Unit | undefined): string {
  return items
    .map(({ d, occ }) =>
      unit
        ? deadlineLines(ctx.content, d, occ, ctx.today, MARK[status(ctx, d, occ, unit.code)])
        : `${deadlineLines(ctx.content, d, occ, ctx.today)}\n${counts(ctx, d, occ)}`,
    )
    .join('\n\n');
}

function detail(ctx: CommandContext, d: Deadline): Outgoing[] {
  const occ = occurrenceFor(ctx, d);
  const lines = [
    `📅 Hạn ${d.id}: ${d.task}`,
    `Ngày: ${formatDayLong(occ)} · ${relativeDays(ctx.today, occ)}`,
  ];
  if (d.recurrence) lines.push(`Định kỳ: ${describeRecurrence(d.recurrence)}`);
  const report = reportToText(ctx.content, d.reportTo);
  if (report) lines.push(`Gửi về: ${report}`);
  lines.push(`Kế hoạch: ${planLabel(d.plan)} — ${truncate(d.plan.title, 120)}${d.section ? ` (mục ${d.section})` : ''}`);
  lines.push('', `Đơn vị thực hiện (${d.assignees.length}):`);
  for (const code of d.assignees) {
    const s = status(ctx, d, occ, code);
    const text = s === 'xong' ? 'đã hoàn thành' : s === 'nhan' ? 'đã nhận' : 'chưa xác nhận';
    lines.push(`${MARK[s]} ${code} — ${ctx.content.unit(code)?.name ?? code}: ${text}`);
  }
  const canConfirm = ctx.unit && d.assignees.includes(ctx.unit.code) && status(ctx, d, occ, ctx.unit.code) !== 'xong';
  lines.push('', canConfirm ? 'Xác nhận bằng nút bên dưới, hoặc trả lời tin này "đã nhận" / "xong".' : `Tiến độ: /tiendo ${d.id}`);
  return reply(lines.join('\n'), {
    ref: { deadline: d.id, occurrence: occ },
    buttons: canConfirm ? confirmButtons(d, occ) : undefined,
  });
}

export const deadline: Command = {
  name: 'deadline',
  aliases: ['hanchot', 'thoihan', 'han'],
  description: 'Các thời hạn sắp tới (của đơn vị mình, tất cả, hoặc đã quá hạn); chi tiết một hạn',
  usage: '/deadline [tatca | quahan | MÃ_ĐƠN_VỊ | MÃ_HẠN]',
  example: '/deadline tatca',
  run(ctx) {
    let rest = squash(ctx.args);
    const first = fold(rest.split(' ')[0] ?? '');
    let overdue = false;
    let all = false;
    if (first === 'quahan' || first === 'tatca' || first === 'all') {
      overdue = first === 'quahan';
      all = !overdue;
      rest = rest.split(' ').slice(1).join(' ');
    }
    let unit: Unit | undefined = ctx.unit;
    if (rest) {
      const d = ctx.catalog.get(rest);
      if (d && !overdue && !all) return detail(ctx, d);
      const u = findUnit(ctx.content.org, rest);
      if (!u || all) {
        return usage(this, `Không hiểu “${truncate(rest, 40)}”: không phải mã đơn vị hay mã hạn. Xem mã đơn vị bằng /donvi.`);
      }
      unit = u;
    }
    if (all) unit = undefined;
    const items: Item[] = [];
    for (const d of ctx.catalog.all()) {
      if (d.announcement && !d.announcement.hasDue) continue;
      if (unit && !d.assignees.includes(unit.code)) continue;
      if (overdue) {
        const occ = previousOccurrence(d, ctx.today);
        if (!occ) continue;
        const open = unit ? status(ctx, d, occ, unit.code) !== 'xong' : d.assignees.some((u) => status(ctx, d, occ, u) !== 'xong');
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
          : `Không có hạn nào sắp tới ${whose} (tính từ ${today}). Các hạn đã qua: /deadline quahan`,
      );
    }
    const head = overdue
      ? `⏰ Các hạn đã qua chưa hoàn thành ${whose} — ${items.length} hạn (hôm nay ${today}):`
      : `📅 Các hạn sắp tới ${whose} — ${items.length} hạn (hôm nay ${today}):`;
    const legend = unit ? '\n✔️ đã hoàn thành · ✅ đã nhận · • chưa xác nhận' : '';
    return reply(
      `${head}${legend}\n\n${render(ctx, items, unit)}\n\nChi tiết, xác nhận: /deadline MÃ_HẠN · Tiến độ: /tiendo MÃ_HẠN`,
    );
  },
};

