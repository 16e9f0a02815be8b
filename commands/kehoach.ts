import type { Command } from '../src/core/command.js';
import { reply } from '../src/core/command.js';
import { formatDay, formatPartialDate } from '../src/core/dates.js';
import { reportToText, unitsText } from '../src/core/format.js';
import { describeRecurrence } from '../src/core/occurrences.js';
import type { Plan } from '../src/core/plans.js';
import { fold, searchKey, squash, truncate } from '../src/core/text.js';
import type { CommandContext } from '../src/core/command.js';

function listLine(plan: Plan, i: number): string {
  return `${i + 1}. ${plan.title}\n   ${plan.issuer} · ${formatPartialDate(plan.issued)} · ${plan.deadlines.length} hạn · ${plan.slogans.length} khẩu hiệu`;
}

function summary(ctx: CommandContext, plan: Plan): string {
  const parts: string[] = [];
  const header = [`📄 KẾ HOẠCH ${plan.title}`];
  header.push(`${plan.number ? `Số: ${plan.number} · ` : ''}${plan.issuer}`);
  header.push(`${plan.place ? `${plan.place}, ` : ''}${plan.issued ? `ban hành ${formatPartialDate(plan.issued)}` : 'không ghi ngày ban hành'}`);
  if (plan.signer?.name || plan.signer?.position) {
    header.push(`Người ký: ${[plan.signer.position, plan.signer.name].filter(Boolean).join(' ')}`);
  }
  parts.push(header.join('\n'));
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
  if (plan.deadlines.length) {
    const lines = plan.deadlines.map((d) => {
      const when = d.due ? `trước ${formatDay(d.due)}` : describeRecurrence(d.recurrence!);
      const to = reportToText(ctx.content, d.reportTo);
      return `- ${d.id} · ${d.task} — ${when} · ${unitsText(ctx.content, d.assignees)}${to ? ` · gửi ${to}` : ''}`;
    });
    parts.push(`📅 Thời hạn (${plan.deadlines.length}):\n${lines.join('\n')}\nChi tiết: /deadline MÃ_HẠN`);
  } else {
    parts.push('📅 Kế hoạch không nêu thời hạn cụ thể.');
  }
  if (plan.slogans.length) {
    const numbered = ctx.content.slogans.filter((s) => s.plan === plan);
    parts.push(`📣 Khẩu hiệu (${numbered.length}):\n${numbered.map((s) => `${s.number}. “${s.text}”`).join('\n')}`);
  }
  return parts.join('\n\n');
}

export const kehoach: Command = {
  name: 'kehoach',
  aliases: ['kh', 'plan'],
  description: 'Danh sách kế hoạch; tóm tắt một kế hoạch theo số thứ tự hoặc từ khóa',
  usage: '/kehoach [số | từ khóa]',
  example: '/kehoach 1',
  run(ctx) {
    const plans = ctx.content.plans;
    if (plans.length === 0) return reply('Chưa có kế hoạch nào.');
    const arg = squash(ctx.args);
    const key = fold(arg);
    if (key === '' || key === 'tatca') {
      return reply(`📚 Các kế hoạch (${plans.length}):\n\n${plans.map(listLine).join('\n\n')}\n\nXem một kế hoạch: /kehoach SỐ`);
    }
    if (/^\d+$/.test(key)) {
      const plan = plans[Number(key) - 1];
      if (!plan) return reply(`Chỉ có ${plans.length} kế hoạch, đánh số từ 1 đến ${plans.length}. Xem danh sách: /kehoach`);
      return reply(summary(ctx, plan));
    }
    if (arg.length > 100) return reply('Từ khóa quá dài. Cách dùng: /kehoach [số | từ khóa]');
    const words = searchKey(arg).split(' ').filter(Boolean);
    const haystack = (p: Plan) => searchKey(`${p.id} ${p.title} ${p.issuer} ${p.place ?? ''} ${p.issued ?? ''}`);
    const found = words.length ? plans.filter((p) => words.every((w) => haystack(p).includes(w))) : [];
    if (found.length === 1) return reply(summary(ctx, found[0]!));
    if (found.length === 0) return reply(`Không tìm thấy kế hoạch nào có “${truncate(arg, 60)}”. Xem danh sách: /kehoach`);
    return reply(
      `📚 ${found.length} kế hoạch có “${truncate(arg, 60)}”:\n\n${found.map((p) => listLine(p, plans.indexOf(p))).join('\n\n')}\n\nXem một kế hoạch: /kehoach SỐ`,
    );
  },
};
