import type { Command } from '../src/core/command.js';
import { actorOf, reply, usage } from '../src/core/command.js';
import { squash } from '../src/core/text.js';

export const congbo: Command = {
  name: 'congbo',
  aliases: ['publish'],
  description: 'Quản trị viên: công bố kế hoạch vừa gửi lên dưới dạng tệp',
  usage: '/congbo MÃ_NHẬP',
  example: '/congbo I1',
  adminOnly: true,
  async run(ctx) {
    const code = squash(ctx.args).split(' ')[0] ?? '';
    if (!code) return usage(this, 'Thiếu mã (ví dụ I1), có trong tin tóm tắt sau khi gửi tệp.');
    if (!ctx.imports) return reply('Kênh này không nhận tệp kế hoạch.');
    let published;
    try {
      // Saved with its audit line (publish-plan) by the import service's editor.
      published = await ctx.imports.publish(code, actorOf(ctx.incoming));
    } catch (error) {
      if ((error as Error).name === 'ImportError') return reply(`Không công bố ${code.toUpperCase().slice(0, 10)}: ${(error as Error).message}`);
      throw error;
    }
    if (!published) return reply(`Không có kế hoạch chờ công bố mã “${code.slice(0, 10)}” (có thể đã công bố hoặc bỏ).`);
    const { plan, replaces } = published;
    return reply(
      `✅ Đã công bố kế hoạch “${plan.title}” (mã ${plan.id})${replaces ? ', thay cho bản đã có' : ''}: ${plan.deadlines.length} hạn, ${plan.slogans.length} khẩu hiệu. ` +
        'Từ giờ /kehoach, /deadline, /khauhieu và lịch nhắc hạn dùng kế hoạch này.',
    );
  },
};

export const huybo: Command = {
  name: 'huybo',
  aliases: ['discard'],
  description: 'Quản trị viên: bỏ kế hoạch vừa gửi lên, không công bố',
  usage: '/huybo MÃ_NHẬP',
  example: '/huybo I1',
  adminOnly: true,
  async run(ctx) {
    const code = squash(ctx.args).split(' ')[0] ?? '';
    if (!code) return usage(this, 'Thiếu mã (ví dụ I1).');
    return reply((await ctx.imports?.discard(code)) ? `🗑️ Đã bỏ ${code.toUpperCase()}; không có gì được lưu.` : `Không có kế hoạch chờ mã “${code.slice(0, 10)}”.`);
  },
};
