import type { Command } from '../src/core/command.js';
import { reply } from '../src/core/command.js';
import { formatInstant } from '../src/core/dates.js';

/**
 * `/web` (`/quanly`): a one-time sign-in link to the web console, in a private chat only (a link
 * posted in a group would let anyone there in). Admins get a full session, viewers a read-only one.
 */
export const web: Command = {
  name: 'web',
  aliases: ['quanly'],
  description: 'Quản trị viên, lãnh đạo: nhận đường dẫn đăng nhập bảng điều khiển web (dùng một lần)',
  usage: '/web',
  async run(ctx) {
    const role = ctx.isAdmin ? 'admin' : ctx.isViewer ? 'viewer' : undefined;
    if (!role) {
      return reply(
        'Bảng điều khiển web chỉ dành cho quản trị viên và lãnh đạo được Văn phòng Sở cấp quyền. ' +
          'Nếu anh/chị cần xem tiến độ trên web, hãy liên hệ Văn phòng Sở.',
      );
    }
    if (ctx.incoming.chatType !== 'private') {
      return reply('Vì an toàn, đường dẫn đăng nhập chỉ gửi trong tin nhắn riêng. Anh/chị hãy nhắn riêng cho Loa lệnh /web.');
    }
    if (!ctx.webLinks) return reply('Bảng điều khiển web chưa được bật trên máy chủ này (cần cấu hình HTTP_PORT). Hãy báo người quản trị kỹ thuật.');
    const { chat, user } = ctx.incoming;
    const { url, expiresAt } = await ctx.webLinks({ role, user: { id: `${chat.channel}:${user.id}`, name: user.name } });
    return reply(
      `🔐 Đường dẫn đăng nhập bảng điều khiển web (${role === 'admin' ? 'quyền quản trị' : 'quyền chỉ xem'}):\n${url}\n` +
        `Dùng được một lần, hết hạn lúc ${formatInstant(expiresAt.toISOString(), ctx.zone)}. ` +
        'Đừng chuyển đường dẫn này cho người khác; cần đường dẫn mới, gõ lại /web.',
    );
  },
};
