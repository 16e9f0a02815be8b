import type { Command } from '../src/core/command.js';
import { reply, usage } from '../src/core/command.js';
import { occurrenceFor } from '../src/core/confirm.js';
import { formatDay, formatDayLong, formatInstant, relativeDays } from '../src/core/dates.js';
import { planLabel, progressBar, reportToText } from '../src/core/format.js';
import { isOccurrence } from '../src/core/occurrences.js';
import { parseDeadlineArgs } from './args.js';

export const tiendo: Command = {
  name: 'tiendo',
  aliases: ['progress'],
  description: 'Tiến độ xác nhận của các đơn vị với một hạn: ai đã nhận, đã hoàn thành, ai chưa',
  usage: '/tiendo MÃ_HẠN',
  example: '/tiendo H8',
  run(ctx) {
    const parsed = parseDeadlineArgs(ctx, false);
    if ('error' in parsed) return usage(this, parsed.error);
    const d = parsed.deadline;
    const occ = parsed.occurrence ?? occurrenceFor(ctx, d);
    if (!isOccurrence(d, occ)) return reply(`Hạn ${d.id} không có kỳ nào vào ngày ${formatDay(occ)}.`);
    const byUnit = new Map(ctx.store.confirmationsOf(d.id, occ).map((c) => [c.unit, c]));
    const done: string[] = [];
    const received: string[] = [];
    const missing: string[] = [];
    for (const code of d.assignees) {
      const name = ctx.content.unit(code)?.name ?? code;
      const c = byUnit.get(code);
      if (c?.completed) done.push(`✔️ ${code} — ${name}: hoàn thành ${formatInstant(c.completed.at, ctx.zone)} (${c.completed.by.name})`);
      else if (c) received.push(`✅ ${code} — ${name}: đã nhận ${formatInstant(c.received.at, ctx.zone)} (${c.received.by.name})`);
      else missing.push(`⏳ ${code} — ${name}`);
    }
    const total = d.assignees.length;
    const ack = done.length + received.length;
    const lines = [
      `📊 Tiến độ hạn ${d.id}: ${d.task}`,
      d.announcement && !d.announcement.hasDue
        ? `Gửi ngày: ${formatDayLong(occ)} · ${planLabel(d.plan)}`
        : `Hạn: ${formatDayLong(occ)} · ${relativeDays(ctx.today, occ)} · ${planLabel(d.plan)}`,
    ];
    const to = reportToText(ctx.content, d.reportTo);
    if (to) lines.push(`Gửi về: ${to}`);
    lines.push(
      '',
      `Hoàn thành ${progressBar(done.length, total)} ${done.length}/${total}`,
      `Đã nhận    ${progressBar(ack, total)} ${ack}/${total}`,
    );
    if (done.length) lines.push('', `Đã hoàn thành (${done.length}):`, ...done);
    if (received.length) lines.push('', `Đã nhận, chưa hoàn thành (${received.length}):`, ...received);
    if (missing.length) lines.push('', `Chưa xác nhận (${missing.length}):`, ...missing);
    return reply(lines.join('\n'), { ref: { deadline: d.id, occurrence: occ } });
  },
};
