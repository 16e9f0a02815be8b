import type { Command } from '../src/core/command.js';
import { reply, usage } from '../src/core/command.js';
import type { Slogan } from '../src/core/content.js';
import { formatDayLong } from '../src/core/dates.js';
import { sloganOfDay } from '../src/core/slogans.js';
import { planLabel } from '../src/core/format.js';
import { fold, searchKey, squash, truncate } from '../src/core/text.js';

function quoted(s: Slogan): string {
  return `“${s.text}”`;
}

function numbered(list: readonly Slogan[]): string {
  return list.map((s) => `${s.number}. ${quoted(s)}\n   — ${planLabel(s.plan)}`).join('\n');
}

export const khauhieu: Command = {
  name: 'khauhieu',
  aliases: ['slogan'],
  description: 'Khẩu hiệu tuyên truyền: hôm nay, theo số, tìm theo từ khóa, tất cả; bật/tắt gửi mỗi sáng',
  usage: '/khauhieu [số | từ khóa | tatca | batdau | tat]',
  example: '/khauhieu dân biết',
  async run(ctx) {
    const slogans = ctx.content.slogans;
    if (slogans.length === 0) return reply('Chưa có khẩu hiệu nào trong các kế hoạch.');
    const arg = squash(ctx.args);
    const key = fold(arg);
    if (key === '') {
      const s = sloganOfDay(slogans, ctx.today)!;
      return reply(
        `📣 Khẩu hiệu hôm nay (${formatDayLong(ctx.today)}):\n\n${quoted(s)}\n\n` +
          `— Khẩu hiệu số ${s.number}/${slogans.length} · ${planLabel(s.plan)}: ${truncate(s.plan.title, 100)}\n` +
          'Xem tất cả: /khauhieu tatca',
      );
    }
    if (key === 'batdau' || key === 'bat dau' || key === 'bat' || key === 'tat') {
      const on = key !== 'tat';
      const changed = await ctx.store.setSloganChat(ctx.incoming.chat, on, ctx.incoming.user);
      const when = ctx.content.org.schedule.sloganCron === '30 7 * * 1-5' ? 'lúc 07:30 từ thứ Hai đến thứ Sáu' : `theo lịch "${ctx.content.org.schedule.sloganCron}"`;
      if (on) {
        return reply(changed ? `✅ Từ nay Loa gửi khẩu hiệu của ngày vào nhóm chat này ${when}. Tắt: /khauhieu tat` : `Nhóm chat này đã nhận khẩu hiệu hằng ngày rồi (${when}). Tắt: /khauhieu tat`);
      }
      return reply(changed ? '🔕 Đã tắt khẩu hiệu hằng ngày cho nhóm chat này. Bật lại: /khauhieu batdau' : 'Nhóm chat này chưa bật khẩu hiệu hằng ngày. Bật: /khauhieu batdau');
    }
    if (key === 'tatca' || key === 'tat ca' || key === 'all') {
      return reply(`📣 Tất cả ${slogans.length} khẩu hiệu:\n\n${numbered(slogans)}`);
    }
    if (/^\d+$/.test(key)) {
      const s = slogans[Number(key) - 1];
      if (!s) return usage(this, `Chỉ có ${slogans.length} khẩu hiệu, đánh số từ 1 đến ${slogans.length}.`);
      return reply(`📣 Khẩu hiệu số ${s.number}:\n\n${quoted(s)}\n\n— ${planLabel(s.plan)}: ${truncate(s.plan.title, 100)}`);
    }
    if (arg.length > 100) return usage(this, 'Từ khóa quá dài.');
    const wanted = searchKey(arg);
    const found = wanted ? slogans.filter((s) => searchKey(s.text).includes(wanted)) : [];
    if (found.length === 0) {
      return reply(`Không tìm thấy khẩu hiệu nào có “${arg}”. Xem tất cả: /khauhieu tatca`);
    }
    return reply(`📣 ${found.length} khẩu hiệu có “${arg}”:\n\n${numbered(found)}`);
  },
};
