import type { Command, CommandContext, DeadlineView } from '../src/core/command.js';
import { actorOf, reply, usage } from '../src/core/command.js';
import { confirmButtons, type UnitStatus } from '../src/core/confirm.js';
import { announcementDeadline } from '../src/core/catalog.js';
import type { Deadline } from '../src/core/content.js';
import { formatDayLong, parseDay } from '../src/core/dates.js';
import { squash } from '../src/core/text.js';
import type { ChatRef, Outgoing } from '../src/core/types.js';
import type { Announcement } from '../src/core/records.js';

export const MAX_ANNOUNCEMENT = 2000;

function officeName(ctx: Pick<CommandContext, 'content'>): string {
  return ctx.content.unit(ctx.content.org.officeUnit)?.name ?? ctx.content.org.officeUnit;
}

/** The notice as a unit's chat sees it, with the buttons that still apply to a unit in `status`. */
function noticeMessage(a: Announcement, office: string, d: Deadline, status: UnitStatus): Outgoing {
  const occurrence = d.due!;
  const next =
    status === 'xong'
      ? '✔️ Đơn vị đã báo hoàn thành.'
      : status === 'nhan'
        ? a.due
          ? '✅ Đơn vị đã nhận. Khi xong, bấm "✔️ Đã hoàn thành" hoặc trả lời tin này "xong".'
          : '✅ Đơn vị đã nhận.'
        : `Bấm "✅ Đã nhận" hoặc trả lời tin này "đã nhận"${a.due ? '; khi xong: "xong"' : ''}.`;
  const buttons = confirmButtons(d, occurrence, status);
  return {
    text: [`📢 THÔNG BÁO ${a.id} từ ${office}`, '', a.text, '', ...(a.due ? [`📅 Hạn: ${formatDayLong(a.due)}`] : []), next].join('\n'),
    buttons: buttons.length ? buttons : undefined,
    ref: { deadline: a.id, occurrence, view: 'notice' },
  };
}

/** A notice redrawn for the chat's unit as it stands now (after a button press). */
export const noticeView: DeadlineView = async (ctx, d, occurrence) => {
  const a = (await ctx.announcements.announcements()).find((x) => x.id === d.id);
  if (!a || !ctx.unit) return undefined;
  const book = await ctx.book([], [{ deadline: d.id, occurrence }]);
  return noticeMessage(a, officeName(ctx), d, book.status(d.id, occurrence, ctx.unit.code));
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
    if (opts.due && opts.due < ctx.today) return usage(this, 'Ngày hạn đã qua.');
    if (opts.unknown.length) return usage(this, `Không có đơn vị: ${opts.unknown.join(', ')}. Xem mã bằng /donvi.`);
    const text = opts.text;
    if (!squash(text)) return usage(this, 'Thiếu nội dung thông báo.');
    if (text.length > MAX_ANNOUNCEMENT) return usage(this, `Nội dung dài quá ${MAX_ANNOUNCEMENT} ký tự.`);
    const units = opts.units.length ? codes.filter((c) => opts.units.includes(c)) : codes;
    const due = opts.due ?? null;
    const a = await ctx.announcements.addAnnouncement({ text, units, day: ctx.today, due, by: { id: ctx.incoming.user.id, name: ctx.incoming.user.name } });
    await ctx.audit.record({ actor: actorOf(ctx.incoming), action: 'announce', subject: a.id, detail: { units: units.length, due } });
    const office = officeName(ctx);
    const message = noticeMessage(a, office, announcementDeadline(a, office), 'chua');
    const sends: Array<{ chat: ChatRef; out: Outgoing }> = [];
    const without: string[] = [];
    for (const unit of units) {
      const chats = await ctx.chatsOf(unit);
      if (chats.length === 0) without.push(unit);
      for (const chat of chats) sends.push({ chat, out: message });
    }
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
