import type { Command } from '../src/core/command.js';
import { reply } from '../src/core/command.js';

export const donvi: Command = {
  name: 'donvi',
  aliases: ['units'],
  description: 'Danh sách các đơn vị và mã đơn vị',
  usage: '/donvi',
  async run(ctx) {
    const counts = await ctx.bindings.chatCounts();
    const lines = ctx.content.org.units.map((u) => {
      const chats = counts.get(u.code) ?? 0;
      return `${u.code} — ${u.name}${chats ? ` (${chats} nhóm chat)` : ''}`;
    });
    const here = ctx.unit ? `\n\nNhóm chat này thuộc: ${ctx.unit.code} — ${ctx.unit.name}.` : '';
    return reply(
      `🏢 Các đơn vị của ${ctx.content.org.shortName} (${lines.length}):\n\n${lines.join('\n')}${here}\n\n` +
        'Đăng ký nhóm chat cho đơn vị: /dangky MÃ_ĐƠN_VỊ',
    );
  },
};
