import type { Command } from '../src/core/command.js';
import { reply, usage } from '../src/core/command.js';
import { confirmButtons } from '../src/core/confirm.js';
import { announcementDeadline } from '../src/core/catalog.js';
import { formatDayLong, parseDay } from '../src/core/dates.js';
import { squash } from '../src/core/text.js';
import type { ChatRef, Outgoing } from '../src/core/types.js';

export const MAX_ANNOUNCEMENT = 2000;

export const thongbao: Command = {
  name: 'thongbao',
  aliases: ['announce'],
  description: 'Quản trị viên: gửi thông báo tới nhóm chat các đơn vị (có nút "Đã nhận"), theo dõi như một hạn',
  usage: '/thongbao [--han dd/mm/yyyy] [MÃ1,MÃ2] nội dung',
  example: '/thongbao --han 30/09/2023 TTKHCN,CCTDC Gửi danh sách cán bộ dự hội nghị',
  adminOnly: true,
  async run(ctx) {
    let rest = ctx.args.trim();
    let due: string | null = null;
    const han = /^--han(?:\s+(\S+))?\s*/i.exec(rest);
    if (han) {
      const day = parseDay(han[1] ?? '');
      if (!day) return usage(this, `Ngày hạn “${han[1] ?? ''}” không hợp lệ (dd/mm/yyyy).`);
      if (day < ctx.today) return usage(this, 'Ngày hạn đã qua.');
      due = day;
      rest = rest.slice(han[0].length);
    }
    const codes = ctx.content.org.units.map((u) => u.code);
    let units = codes;
    const list = /^([A-Za-z0-9]+(?:,[A-Za-z0-9]+)*),?\s+/.exec(rest);
    if (list) {
      const parts = list[1]!.split(',').map((p) => p.toUpperCase());
      if (parts.every((p) => codes.includes(p))) {
        units = codes.filter((c) => parts.includes(c));
        rest = rest.slice(list[0].length);
      } else if (parts.length > 1) {
        return usage(this, `Không có đơn vị: ${parts.filter((p) => !codes.includes(p)).join(', ')}. Xem mã bằng /donvi.`);
      }
    }
    const text = rest.trim();
    if (!squash(text)) return usage(this, 'Thiếu nội dung thông báo.');
    if (text.length > MAX_ANNOUNCEMENT) return usage(this, `Nội dung dài quá ${MAX_ANNOUNCEMENT} ký tự.`);
    const a = await ctx.store.addAnnouncement({ text, units, day: ctx.today, due, by: { id: ctx.incoming.user.id, name: ctx.incoming.user.name } });
    const office = ctx.content.unit(ctx.content.org.officeUnit)?.name ?? ctx.content.org.officeUnit;
    const d = announcementDeadline(a, office);
    const occurrence = d.due!;
    const message: Outgoing = {
      text: [
        `📢 THÔNG BÁO ${a.id} từ ${office}`,
        '',
        text,
        '',
        ...(due ? [`📅 Hạn: ${formatDayLong(due)}`] : []),
        `Bấm "✅ Đã nhận" hoặc trả lời tin này "đã nhận"${due ? '; khi xong: "xong"' : ''}.`,
      ].join('\n'),
      buttons: due ? confirmButtons(d, occurrence) : confirmButtons(d, occurrence).slice(0, 1),
      ref: { deadline: a.id, occurrence },
    };
    const sends: Array<{ chat: ChatRef; out: Outgoing }> = [];
    const without: string[] = [];
    for (const unit of units) {
      const chats = ctx.store.chatsOf(unit);
      if (chats.length === 0) without.push(unit);
      for (const chat of chats) sends.push({ chat, out: message });
    }
    if (sends.length) await ctx.store.queueMessages(sends);
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
