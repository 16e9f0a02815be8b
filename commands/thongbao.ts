import type { Command, DeadlineView } from '../src/core/command.js';
import { actorOf, reply, usage } from '../src/core/command.js';
import { formatDayLong, parseDay } from '../src/core/dates.js';
import { createNotice, noticeMessage, noticeProblem, officeName } from '../src/core/notices.js';

/** A notice redrawn for the chat's unit as it stands now (after a button press). */
export const noticeView: DeadlineView = async (ctx, d, occurrence) => {
  const a = (await ctx.announcements.announcements()).find((x) => x.id === d.id);
  if (!a || !ctx.unit) return undefined;
  const book = await ctx.book([], [{ deadline: d.id, occurrence }]);
  return noticeMessage(a, officeName(ctx.content), d, book.status(d.id, occurrence, ctx.unit.code));
};

/**
 * The options before the text, in any order and spacing: `--han dd/mm/yyyy`, and unit codes
 * separated by commas and/or spaces ("TTKHCN,CCTDC", "TTKHCN, CCTDC", "TTKHCN ,CCTDC", "VP TTRA").
 * A word that is not a unit code ends the options, unless a comma ties it to the list (then it is
 * reported as an unknown unit).
 */
function parseOptions(args: string, codes: readonly string[]): { due?: string; dueText?: string; units: string[]; unknown: string[]; text: string } {
  const units: string[] = [];
  const unknown: string[] = [];
  let due: string | undefined;
  let dueText: string | undefined;
  let rest = args;
  let listed = false; // the previous code was followed by a comma
  for (;;) {
    const han = /^--han(?:\s+([^\s,]+))?[\s,]*/i.exec(rest);
    if (han) {
      dueText = han[1] ?? '';
      due = parseDay(dueText);
      rest = rest.slice(han[0].length);
      continue;
    }
    const m = /^([^\s,]+)\s*(,?)\s*/.exec(rest);
    if (!m) break;
    const word = m[1]!.toUpperCase();
    const comma = m[2] === ',';
    if (codes.includes(word)) units.push(word);
    else if ((listed || comma) && /^[A-Z][A-Z0-9]{0,11}$/.test(word)) unknown.push(word);
    else break;
    listed = comma;
    rest = rest.slice(m[0].length);
  }
  return { due, dueText, units, unknown, text: rest.trim() };
}

export const thongbao: Command = {
  name: 'thongbao',
  aliases: ['announce'],
  description: 'Quản trị viên: gửi thông báo tới nhóm chat các đơn vị (có nút "Đã nhận"), theo dõi như một hạn',
  usage: '/thongbao [--han dd/mm/yyyy] [MÃ1,MÃ2] nội dung',
  example: '/thongbao --han 30/09/2023 TTKHCN,CCTDC Gửi danh sách cán bộ dự hội nghị',
  adminOnly: true,
  async run(ctx) {
    const codes = ctx.content.org.units.map((u) => u.code);
    const opts = parseOptions(ctx.args.trim(), codes);
    if (opts.dueText !== undefined && !opts.due) return usage(this, `Ngày hạn “${opts.dueText}” không hợp lệ (dd/mm/yyyy).`);
    if (opts.unknown.length) return usage(this, `Không có đơn vị: ${opts.unknown.join(', ')}. Xem mã bằng /donvi.`);
    const units = opts.units.length ? codes.filter((c) => opts.units.includes(c)) : codes;
    const due = opts.due ?? null;
    const problem = noticeProblem({ text: opts.text, due }, ctx.today);
    if (problem) return usage(this, problem);
    const person = { id: ctx.incoming.user.id, name: ctx.incoming.user.name };
    const made = await createNotice(ctx, { text: opts.text, units, due }, { person, actor: actorOf(ctx.incoming) }, ctx.today);
    const { announcement: a, sends, without } = made;
    if (sends.length) await ctx.outbox.queueMessages(sends);
    return reply(
      [
        `📢 Đã tạo thông báo ${a.id} cho ${units.length === codes.length ? `tất cả ${units.length} đơn vị` : units.join(', ')}${due ? `, hạn ${formatDayLong(due)}` : ''}.`,
        `Đang gửi tới ${sends.length} nhóm chat.`,
        ...(without.length ? [`📵 Chưa có nhóm chat (không nhận được): ${without.join(', ')}.`] : []),
        `Theo dõi: /tiendo ${a.id}`,
      ].join('\n'),
    );
  },
};
