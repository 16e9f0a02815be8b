import type { Command, CommandContext } from '../src/core/command.js';
import { reply, usage } from '../src/core/command.js';
import type { ConfirmationBook } from '../src/core/confirmation-book.js';
import type { Deadline } from '../src/core/content.js';
import { formatDay, formatDayLong, formatInstant, relativeDays, type Day } from '../src/core/dates.js';
import { planLabel, progressBar, reportToText } from '../src/core/format.js';
import { isOccurrence, occurrenceNow } from '../src/core/occurrences.js';
import { openWork, stillOpen } from '../src/core/open-work.js';
import { findUnit, type Unit } from '../src/core/org.js';
import { squash, truncate } from '../src/core/text.js';
import type { Outgoing } from '../src/core/types.js';
import { parseDeadlineArgs } from './args.js';
import { handInLines, handInSuffix } from './tiendo-files.js';
import { MARK } from './deadline.js';
import { largeDetail, MANY_UNITS, packLines } from './tiendo-large.js';

/** Most deadlines listed in the overview (the rest are counted). */
const OVERVIEW_MAX = 25;

function isNotice(d: Deadline): boolean {
  return d.announcement !== undefined && !d.announcement.hasDue;
}

/** Every open deadline with its counts, nearest first (overdue ones first, marked). */
async function overview(ctx: CommandContext): Promise<Outgoing[]> {
  const items = openWork({ ...ctx, book: await ctx.book(ctx.catalog.all()) });
  const today = formatDay(ctx.today);
  if (items.length === 0) return reply(`📊 Không có hạn nào đang mở (hôm nay ${today}). Các hạn sắp tới: /deadline tatca`);
  const blocks = items.slice(0, OVERVIEW_MAX).map(({ deadline: d, occurrence, units }) => {
    const total = units.length;
    const done = units.filter((u) => u.status === 'xong').length;
    const got = units.filter((u) => u.status !== 'chua').length;
    if (isNotice(d)) {
      return `📢 ${d.id} — Thông báo: ${truncate(d.task, 80)}\n   Gửi ngày ${formatDay(occurrence)} · đã nhận ${got}/${total} ${progressBar(got, total)}`;
    }
    const late = occurrence < ctx.today ? '🔴 ' : '';
    return (
      `${late}${d.id} — ${truncate(d.task, 80)}\n` +
      `   📅 ${formatDayLong(occurrence)} · ${relativeDays(ctx.today, occurrence)}\n` +
      `   hoàn thành ${done}/${total} ${progressBar(done, total)} · đã nhận ${got}/${total}`
    );
  });
  const more = items.length > OVERVIEW_MAX ? `\n\n… và ${items.length - OVERVIEW_MAX} hạn nữa.` : '';
  return reply(
    `📊 Tiến độ các hạn đang mở — ${items.length} hạn (hôm nay ${today}):\n\n${blocks.join('\n\n')}${more}\n\nChi tiết một hạn: /tiendo MÃ_HẠN · Của một đơn vị: /tiendo MÃ_ĐƠN_VỊ`,
  );
}

/** One unit's deadlines of the plans still running, with its state for each, nearest first. */
async function unitView(ctx: CommandContext, unit: Unit): Promise<Outgoing[]> {
  const rows: Array<{ d: Deadline; occ: Day }> = [];
  const mine = ctx.catalog.all().filter((d) => d.assignees.includes(unit.code));
  const book = await ctx.book(mine);
  for (const d of mine) {
    const occ = book.occurrenceFor(d);
    if (stillOpen(d, occ, ctx.today)) rows.push({ d, occ });
  }
  rows.sort((a, b) => a.occ.localeCompare(b.occ) || a.d.id.localeCompare(b.d.id));
  const head = `📊 Tiến độ của ${unit.name} (${unit.code}) — ${rows.length} hạn (hôm nay ${formatDay(ctx.today)}):`;
  if (rows.length === 0) return reply(`${head}\nKhông có hạn nào trong các kế hoạch đang thực hiện.`);
  const lines = rows.map(({ d, occ }) => {
    const s = book.status(d.id, occ, unit.code);
    const state = s === 'xong' ? 'đã hoàn thành' : s === 'nhan' ? 'đã nhận, chưa hoàn thành' : isNotice(d) ? 'chưa nhận' : 'chưa xác nhận';
    return `${MARK[s]} ${d.id} — ${truncate(d.task, 80)}\n   📅 ${formatDay(occ)} · ${relativeDays(ctx.today, occ)} · ${state}`;
  });
  return reply(`${head}\n✔️ đã hoàn thành · ✅ đã nhận · • chưa xác nhận\n\n${lines.join('\n\n')}`);
}

/** Who received, who completed, who has not, for one occurrence. */
async function detail(ctx: CommandContext, book: ConfirmationBook, d: Deadline, occ: Day): Promise<Outgoing[]> {
  const subs = await ctx.submissions.submissionsOf([{ deadline: d.id, occurrence: occ }]);
  const byUnit = new Map(book.confirmationsOf(d.id, occ).map((c) => [c.unit, c]));
  const notice = isNotice(d);
  const done: string[] = [];
  const received: string[] = [];
  const missing: string[] = [];
  for (const code of d.assignees) {
    const name = ctx.content.unit(code)?.name ?? code;
    const c = byUnit.get(code);
    if (c?.completed && !notice) done.push(`✔️ ${code} — ${name}: hoàn thành ${formatInstant(c.completed.at, ctx.zone)} (${c.completed.by.name})${handInSuffix(subs, code)}`);
    else if (c) received.push(`✅ ${code} — ${name}: đã nhận ${formatInstant(c.received.at, ctx.zone)} (${c.received.by.name})`);
    else missing.push(`⏳ ${code} — ${name}`);
  }
  const total = d.assignees.length;
  const ack = done.length + received.length;
  const lines = notice
    ? [`📊 Thông báo ${d.id}: ${d.task}`, `Gửi ngày: ${formatDayLong(occ)} · ${planLabel(d.plan)}`]
    : [`📊 Tiến độ hạn ${d.id}: ${d.task}`, `Hạn: ${formatDayLong(occ)} · ${relativeDays(ctx.today, occ)} · ${planLabel(d.plan)}`];
  const to = reportToText(ctx.content, d.reportTo);
  if (to) lines.push(`Gửi về: ${to}`);
  lines.push('');
  if (!notice) lines.push(`Hoàn thành ${progressBar(done.length, total)} ${done.length}/${total}`);
  lines.push(`Đã nhận    ${progressBar(ack, total)} ${ack}/${total}`);
  if (total > MANY_UNITS) {
    // Many units: counts and grouped codes, in at most two messages.
    const parts = packLines([...lines, ...largeDetail(ctx, d, [...byUnit.values()], notice), ...(await handInLines(ctx, d, occ, subs))], ctx.replyLimit ?? 4096);
    return parts.map((text, i) => (i === parts.length - 1 ? { text, ref: { deadline: d.id, occurrence: occ } } : { text }));
  }
  if (done.length) lines.push('', `Đã hoàn thành (${done.length}):`, ...done);
  if (received.length) lines.push('', notice ? `Đã nhận (${received.length}):` : `Đã nhận, chưa hoàn thành (${received.length}):`, ...received);
  if (missing.length) lines.push('', notice ? `Chưa nhận (${missing.length}):` : `Chưa xác nhận (${missing.length}):`, ...missing);
  lines.push(...(await handInLines(ctx, d, occ, subs)));
  return reply(lines.join('\n'), { ref: { deadline: d.id, occurrence: occ } });
}

export const tiendo: Command = {
  name: 'tiendo',
  aliases: ['progress'],
  description: 'Tiến độ: các hạn đang mở; một hạn (ai đã nhận, đã hoàn thành, ai chưa); hoặc các hạn của một đơn vị',
  usage: '/tiendo [MÃ_HẠN [ngày] | MÃ_ĐƠN_VỊ]',
  example: '/tiendo H8',
  async run(ctx) {
    const arg = squash(ctx.args);
    if (!arg) return overview(ctx);
    const parsed = parseDeadlineArgs(ctx, false);
    if ('error' in parsed) {
      const unit = ctx.catalog.get(arg.split(' ')[0] ?? '') ? undefined : findUnit(ctx.content.org, arg);
      return unit ? unitView(ctx, unit) : usage(this, parsed.error.replace('Xem mã hạn bằng /deadline tatca.', 'Xem mã hạn bằng /deadline tatca, mã đơn vị bằng /donvi.'));
    }
    const d = parsed.deadline;
    // A day the occurrence was moved from names it where it is now.
    const asked = parsed.occurrence && (occurrenceNow(d, parsed.occurrence) ?? parsed.occurrence);
    const book = await ctx.book([d], asked ? [{ deadline: d.id, occurrence: asked }] : []);
    const occ = asked ?? book.occurrenceFor(d);
    if (!isOccurrence(d, occ)) return reply(`Hạn ${d.id} không có kỳ nào vào ngày ${formatDay(occ)}.`);
    return detail(ctx, book, d, occ);
  },
};
