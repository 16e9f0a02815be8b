import type { Command, CommandContext } from '../src/core/command.js';
import { reply, thisChat, usage } from '../src/core/command.js';
import { formatDay } from '../src/core/dates.js';
import { formCommand, openSession, expiredText, startForm } from '../src/core/form-chat.js';
import { parseFormAction } from '../src/core/form-session.js';
import { formOf } from '../src/core/forms.js';
import { capitalize, squash, truncate } from '../src/core/text.js';
import type { Outgoing } from '../src/core/types.js';
import { parseDeadlineArgs } from './args.js';

/** `/dangkyhd` alone: the deadlines of the chat's unit that ask for a form, and the person's open session. */
async function formsOfUnit(ctx: CommandContext): Promise<Outgoing[]> {
  const unit = ctx.unit;
  if (!unit) {
    return reply(`${capitalize(thisChat(ctx.incoming))} chưa đăng ký đơn vị nên chưa đăng ký theo mẫu được.\nGõ /dangky MÃ_ĐƠN_VỊ để đăng ký (xem mã bằng /donvi).`);
  }
  const { session, expired } = await openSession(ctx);
  const lines: string[] = expired ? [expiredText(expired), ''] : [];
  const withForm = ctx.catalog.all().filter((d) => d.assignees.includes(unit.code) && formOf(d));
  if (withForm.length === 0) {
    lines.push(
      `${unit.name} không có hạn nào có mẫu đăng ký để điền trong chat.`,
      'Nộp báo cáo cho một hạn: gửi tệp vào nhóm kèm chú thích “xong MÃ_HẠN” (ví dụ: xong H9). Xem các hạn: /deadline',
    );
    return reply(lines.join('\n'));
  }
  lines.push(`📝 Các hạn có mẫu đăng ký của ${unit.name}:`);
  const book = await ctx.book(withForm);
  for (const d of withForm) {
    const occ = book.occurrenceFor(d);
    const form = formOf(d)!;
    lines.push(`• ${d.id} (${formatDay(occ)}) — ${truncate(d.task, 90)}\n   Mẫu ${form.appendix}, ${form.columns.length} cột: /dangkyhd ${d.id}`);
  }
  if (session) lines.push('', `✏️ Bạn đang đăng ký dở hạn ${session.deadline} (đã lưu ${session.rows.length} dòng): /dangkyhd ${session.deadline} để tiếp tục.`);
  lines.push('', 'Cách khác: gửi bảng đã điền (.docx, .xlsx) vào nhóm kèm chú thích “xong MÃ_HẠN”.');
  return reply(lines.join('\n'));
}

export const dangkyhd: Command = {
  name: 'dangkyhd',
  // Aliases are matched without diacritics: "/đăngkýhđ" is "/dangkyhd", "/đăngkýhoạtđộng" is "/dangkyhoatdong".
  aliases: ['dangkyhoatdong', 'dkhd'],
  description: 'Đăng ký theo mẫu của một hạn (mẫu Phụ lục II…) ngay trong chat: Loa hỏi từng cột, nhiều dòng, đọc lại trước khi lưu, rồi gửi Văn phòng Sở',
  usage: '/dangkyhd [MÃ_HẠN] [luu | sua N | them | gui | huy]',
  example: '/dangkyhd H8',
  async run(ctx) {
    if (!ctx.args) return formsOfUnit(ctx);
    // The buttons (`/dangkyhd H8 luu`) and the typed forms (`/dangkyhd luu`) act on the person's open session.
    const action = parseFormAction(ctx.args);
    if (action.kind !== 'answer') return formCommand(ctx, action);
    const [code = '', ...rest] = squash(ctx.args).split(' ');
    const coded = rest.length ? parseFormAction(rest.join(' ')) : undefined;
    const named = ctx.catalog.get(code);
    if (coded && coded.kind !== 'answer' && named) return formCommand(ctx, coded, named.id);
    const parsed = parseDeadlineArgs(ctx, false);
    if ('error' in parsed) return usage(this, parsed.error);
    return startForm(ctx, parsed.deadline, parsed.occurrence);
  },
};
