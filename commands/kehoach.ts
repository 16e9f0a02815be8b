import type { Command, CommandContext } from '../src/core/command.js';
import { reply } from '../src/core/command.js';
import { formatDay, formatPartialDate } from '../src/core/dates.js';
import { deadlineWhen, reportToText, unitsText } from '../src/core/format.js';
import { describeRecurrence } from '../src/core/occurrences.js';
import { formatPeriod, planEnded, planPeriod } from '../src/core/period.js';
import type { Plan } from '../src/core/plans.js';
import { formLines } from '../src/core/form-text.js';
import { keywordKey } from '../src/core/keywords.js';
import { isNumberLike, matchesWords, queryWords, yearOf } from '../src/core/search.js';
import { quoteSlogan } from '../src/core/slogans.js';
import { squash, truncate } from '../src/core/text.js';

/** Plans in force first, then ended ones; newest first in each. Positions in /kehoach N follow this order. */
function ordered(ctx: CommandContext): Plan[] {
  const plans = ctx.content.plans;
  return [...plans.filter((p) => !planEnded(p, ctx.today)), ...plans.filter((p) => planEnded(p, ctx.today))];
}

function slogansOf(ctx: CommandContext, plan: Plan) {
  return ctx.content.slogans.filter((s) => s.sources.includes(plan));
}

function periodText(plan: Plan): string {
  const period = planPeriod(plan);
  return period ? formatPeriod(period) : 'không ghi thời hạn';
}

/** " · đã kết thúc" (period over), " · đã kết thúc ngày 27/09/2023" (ended by the office), or nothing. */
function endedText(plan: Plan, today: string): string {
  if (plan.ended) return ` · đã kết thúc ngày ${formatDay(plan.ended)}`;
  return planEnded(plan, today) ? ' · đã kết thúc' : '';
}

function listLine(ctx: CommandContext, plan: Plan, i: number): string {
  const facts = [
    plan.issuer,
    plan.issued ? `ban hành ${formatPartialDate(plan.issued)}` : 'không ghi ngày ban hành',
    `thực hiện ${periodText(plan)}`,
    ...(plan.ended ? [`đã kết thúc ngày ${formatDay(plan.ended)}`] : []),
    plan.reference ? 'tham khảo, không giao hạn' : `${plan.deadlines.length} hạn`,
    `${slogansOf(ctx, plan).length} khẩu hiệu`,
  ];
  return `${i + 1}. ${plan.title}\n   ${facts.join(' · ')}`;
}

function list(ctx: CommandContext, plans: readonly Plan[]): string {
  const active = plans.filter((p) => !planEnded(p, ctx.today));
  const ended = plans.filter((p) => planEnded(p, ctx.today));
  const blocks: string[] = [];
  if (active.length) blocks.push(`Đang thực hiện (${active.length}):\n${active.map((p, i) => listLine(ctx, p, i)).join('\n\n')}`);
  if (ended.length) blocks.push(`Đã kết thúc (${ended.length}):\n${ended.map((p, i) => listLine(ctx, p, active.length + i)).join('\n\n')}`);
  return `📚 Các kế hoạch (${plans.length}):\n\n${blocks.join('\n\n')}\n\nXem một kế hoạch: /kehoach SỐ`;
}

function deadlinesPart(ctx: CommandContext, plan: Plan): string {
  if (plan.deadlines.length === 0) return '📅 Kế hoạch không nêu thời hạn cụ thể.';
  const when = (d: Plan['deadlines'][number]) => deadlineWhen(plan, d);
  if (plan.reference) {
    const lines = plan.deadlines.map((d) => `- ${d.due ? formatDay(d.due) : describeRecurrence(d.recurrence!)} · ${d.task}`);
    return `📅 Mốc thời gian trong văn bản (${lines.length}) — không giao cho đơn vị nào, không nhắc hạn:\n${lines.join('\n')}`;
  }
  const lines = plan.deadlines.map((d) => {
    const to = reportToText(ctx.content, d.reportTo);
    return `- ${d.id} · ${d.task} — ${when(d)} · ${unitsText(ctx.content, d.assignees)}${to ? ` · gửi ${to}` : ''}`;
  });
  return `📅 Thời hạn (${plan.deadlines.length}):\n${lines.join('\n')}\nChi tiết: /deadline MÃ_HẠN`;
}

function summary(ctx: CommandContext, plan: Plan): string {
  const parts: string[] = [];
  const header = [`📄 KẾ HOẠCH ${plan.title}`];
  header.push(`${plan.number ? `Số: ${plan.number} · ` : ''}${plan.issuer}`);
  header.push(`${plan.place ? `${plan.place}, ` : ''}${plan.issued ? `ban hành ${formatPartialDate(plan.issued)}` : 'không ghi ngày ban hành'}`);
  header.push(`Thời gian thực hiện: ${periodText(plan)}${endedText(plan, ctx.today)}`);
  if (plan.signer?.name || plan.signer?.position) {
    header.push(`Người ký: ${[plan.signer.position, plan.signer.name].filter(Boolean).join(' ')}`);
  }
  parts.push(header.join('\n'));
  if (plan.reference) {
    parts.push(
      `📎 Kế hoạch của ${plan.issuer}, lưu để tham khảo: các việc và thời hạn trong văn bản là của các đơn vị thuộc cơ quan đó, ` +
        `không giao cho đơn vị nào của ${ctx.content.org.shortName}.`,
    );
  }
  if (plan.purposes.length) parts.push(`🎯 Mục đích, yêu cầu:\n${plan.purposes.map((p) => `- ${p}`).join('\n')}`);
  if (plan.sections.length) {
    parts.push(`📌 Nội dung chính:\n${plan.sections.map((s) => `${s.numbering}. ${s.heading}: ${s.text}`).join('\n')}`);
  }
  if (plan.implementation.length) {
    parts.push(
      `👥 Tổ chức thực hiện:\n${plan.implementation
        .map((i) => `- ${i.actor}${i.units.length && i.units.length < ctx.content.org.units.length ? ` (${i.units.join(', ')})` : ''}: ${i.tasks.join('; ')}`)
        .join('\n')}`,
    );
  }
  parts.push(deadlinesPart(ctx, plan));
  const forms = formLines(plan);
  if (forms.length) parts.push(forms.join('\n'));
  const slogans = slogansOf(ctx, plan);
  if (slogans.length) parts.push(`📣 Khẩu hiệu (${slogans.length}):\n${slogans.map((s) => `${s.number}. ${quoteSlogan(s.text)}`).join('\n')}`);
  return parts.join('\n\n');
}

/** Whether a plan is about year `y`: issued then, in force then, or naming it in its title. */
function aboutYear(plan: Plan, y: number): boolean {
  const period = planPeriod(plan);
  const inForce = period !== null && Number(period.from.slice(0, 4)) <= y && y <= Number(period.to.slice(0, 4));
  return plan.issued?.startsWith(String(y)) === true || inForce || matchesWords([String(y)], plan.title);
}

export const kehoach: Command = {
  name: 'kehoach',
  aliases: ['kh', 'plan'],
  description: 'Danh sách kế hoạch; tóm tắt một kế hoạch theo số thứ tự, năm hoặc từ khóa',
  usage: '/kehoach [số | năm | từ khóa]',
  example: '/kehoach 1',
  run(ctx) {
    const plans = ordered(ctx);
    if (plans.length === 0) return reply('Chưa có kế hoạch nào.');
    const arg = squash(ctx.args);
    const key = keywordKey(arg);
    if (key === '' || key === 'tatca' || key === 'all') return reply(list(ctx, plans));
    const range = `Chỉ có ${plans.length} kế hoạch, đánh số từ 1 đến ${plans.length}. Xem danh sách: /kehoach`;
    if (/^\d+$/.test(arg) && yearOf(arg) === undefined) {
      const plan = plans[Number(arg) - 1];
      return reply(plan ? summary(ctx, plan) : range);
    }
    if (isNumberLike(arg) && yearOf(arg) === undefined) return reply(`“${truncate(arg, 20)}” không phải số thứ tự. ${range}`);
    if (arg.length > 100) return reply('Từ khóa quá dài. Cách dùng: /kehoach [số | năm | từ khóa]');
    const words = queryWords(arg);
    const haystack = (p: Plan) => `${p.id} ${p.title} ${p.issuer} ${p.place ?? ''} ${p.issued ?? ''} ${p.number ?? ''}`;
    const found = plans.filter((p) => words.length > 0 && words.every((w) => (yearOf(w) ? aboutYear(p, yearOf(w)!) : matchesWords([w], haystack(p)))));
    if (found.length === 1) return reply(summary(ctx, found[0]!));
    if (found.length === 0) return reply(`Không tìm thấy kế hoạch nào có “${truncate(arg, 60)}”. Xem danh sách: /kehoach`);
    const year = words.length === 1 ? yearOf(words[0]!) : undefined;
    const head = year ? `${found.length} kế hoạch ban hành hoặc thực hiện trong năm ${year}` : `${found.length} kế hoạch có “${truncate(arg, 60)}”`;
    return reply(`📚 ${head}:\n\n${found.map((p) => listLine(ctx, p, plans.indexOf(p))).join('\n\n')}\n\nXem một kế hoạch: /kehoach SỐ`);
  },
};
