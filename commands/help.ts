import type { Command, CommandContext } from '../src/core/command.js';
import { reply } from '../src/core/command.js';

function commandList(ctx: CommandContext): string {
  return ctx.commands
    .filter((c) => c.name !== 'start' && (!c.adminOnly || ctx.isAdmin))
    .map((c) => {
      const names = c.aliases.filter((a) => /^[a-z0-9_]+$/.test(a)).slice(0, 2);
      const also = names.length ? ` (hoặc /${names.join(', /')})` : '';
      return `${c.usage}${also}\n   ${c.description}${c.example ? `\n   Ví dụ: ${c.example}` : ''}`;
    })
    .join('\n');
}

function chatStatus(ctx: CommandContext): string {
  const unit = ctx.unit
    ? `Nhóm chat này thuộc đơn vị: ${ctx.unit.name} (${ctx.unit.code}).`
    : 'Nhóm chat này chưa đăng ký đơn vị: gõ /dangky MÃ_ĐƠN_VỊ (xem mã bằng /donvi).';
  // Shown so an office can put the right id in ADMIN_IDS.
  const me = `Mã người dùng của bạn: ${ctx.incoming.chat.channel}:${ctx.incoming.user.id}${ctx.isAdmin ? ' (quản trị viên)' : ''}.`;
  return `${unit}\n${me}`;
}

export const help: Command = {
  name: 'help',
  aliases: ['trogiup', 'huongdan'],
  description: 'Hướng dẫn và danh sách các lệnh',
  usage: '/help',
  run: (ctx) =>
    reply(`📢 Các lệnh của Loa:\n\n${commandList(ctx)}\n\n${chatStatus(ctx)}\nLệnh gõ có dấu hay không dấu đều được.`),
};

export const start: Command = {
  name: 'start',
  aliases: ['batdau'],
  description: 'Giới thiệu Loa và các lệnh',
  usage: '/start',
  run: (ctx) =>
    reply(
      `📢 Xin chào! Loa là trợ lý công tác dân vận, tuyên truyền nội bộ của ${ctx.content.org.name}.\n` +
        'Loa cho biết nội dung các kế hoạch, khẩu hiệu tuyên truyền và các thời hạn; ' +
        'nhắc các đơn vị trước hạn và ghi nhận xác nhận "đã nhận", "đã hoàn thành" của từng đơn vị.\n\n' +
        `${commandList(ctx)}\n\n${chatStatus(ctx)}`,
    ),
};
