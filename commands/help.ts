import type { Command, CommandContext } from '../src/core/command.js';
import { reply, thisChat } from '../src/core/command.js';
import { capitalize } from '../src/core/text.js';

/** Every name a command answers to: its name, then each alias (typed with or without diacritics). */
function names(c: Command): string {
  return [c.name, ...c.aliases].map((n) => `/${n}`).join(', ');
}

function commandList(ctx: CommandContext): string {
  return ctx.commands
    .filter((c) => !c.adminOnly || ctx.isAdmin)
    .map((c) => `${c.usage}\n   ${c.description}\n   Gõ: ${names(c)}${c.example ? `\n   Ví dụ: ${c.example}` : ''}`)
    .join('\n');
}

/** The chat's unit, and in a private chat the user's own id (what the office puts in the admin list). */
function chatStatus(ctx: CommandContext): string {
  const here = thisChat(ctx.incoming);
  const Here = capitalize(here);
  const unit = ctx.unit
    ? `${Here} thuộc đơn vị: ${ctx.unit.name} (${ctx.unit.code}).`
    : `${Here} chưa đăng ký đơn vị: gõ /dangky MÃ_ĐƠN_VỊ (xem mã bằng /donvi).`;
  if (ctx.incoming.chatType !== 'private') return unit;
  const me = ctx.isAdmin
    ? 'Bạn là quản trị viên của Loa.'
    : `Mã người dùng của bạn: ${ctx.incoming.chat.channel}:${ctx.incoming.user.id} (gửi mã này cho Văn phòng Sở nếu cần quyền quản trị).`;
  return `${unit}\n${me}`;
}

/** The commands a unit member uses most, for /start. */
const EVERYDAY = ['deadline', 'xacnhan', 'tiendo', 'khauhieu', 'kehoach'];

export const help: Command = {
  name: 'help',
  aliases: ['trogiup', 'huongdan'],
  description: 'Hướng dẫn và danh sách đầy đủ các lệnh',
  usage: '/help',
  run: (ctx) =>
    reply(`📢 Các lệnh của Loa:\n\n${commandList(ctx)}\n\n${chatStatus(ctx)}\nLệnh gõ có dấu hay không dấu, chữ hoa hay thường đều được.`),
};

export const start: Command = {
  name: 'start',
  aliases: ['batdau'],
  description: 'Giới thiệu Loa và các lệnh hay dùng',
  usage: '/start',
  run(ctx) {
    const everyday = EVERYDAY.map((name) => ctx.commands.find((c) => c.name === name))
      .filter((c): c is Command => c !== undefined)
      .map((c) => `${c.usage} — ${c.description}`);
    return reply(
      `📢 Xin chào! Loa là trợ lý công tác dân vận, tuyên truyền nội bộ của ${ctx.content.org.name}: ` +
        'Loa cho biết các kế hoạch, khẩu hiệu và thời hạn, nhắc các đơn vị trước hạn và ghi nhận "đã nhận", "đã hoàn thành".\n\n' +
        `Các lệnh hay dùng:\n${everyday.join('\n')}\n\nTất cả các lệnh: /help\n\n${chatStatus(ctx)}`,
    );
  },
};
