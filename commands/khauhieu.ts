import type { Command, CommandContext } from '../src/core/command.js';
import { reply, thisChat, usage } from '../src/core/command.js';
import type { Slogan } from '../src/core/content.js';
import { formatDayLong, parseDay } from '../src/core/dates.js';
import { planLabel, sloganSource } from '../src/core/format.js';
import { keywordKey } from '../src/core/keywords.js';
import { isNumberLike, matchesWords, queryWords, yearOf } from '../src/core/search.js';
import { quoteSlogan, sloganOfDay, sloganPast } from '../src/core/slogans.js';
import { capitalize, squash, truncate } from '../src/core/text.js';

const ON = new Set(['batdau', 'bat', 'on']);
const OFF = new Set(['tat', 'off']);
const ALL = new Set(['tatca', 'all']);

function numbered(ctx: CommandContext, list: readonly Slogan[]): string {
  return list
    .map((s) => `${s.number}. ${quoteSlogan(s.text)}\n   — ${s.sources.map(planLabel).join('; ')}${sloganPast(s, ctx.today) ? ' (đã qua)' : ''}`)
    .join('\n');
}

/** "nhóm chat này" in a group, "cuộc trò chuyện này" in a private chat. */
function here(ctx: CommandContext, capital = false): string {
  const words = thisChat(ctx.incoming);
  return capital ? capitalize(words) : words;
}

async function subscribe(ctx: CommandContext, on: boolean) {
  const { chat, user } = ctx.incoming;
  const changed = await ctx.subscriptions.setSloganChat(chat, on, { id: user.id, name: user.name });
  const cron = ctx.content.org.schedule.sloganCron;
  const when = cron === '30 7 * * 1-5' ? 'lúc 07:30 từ thứ Hai đến thứ Sáu' : `theo lịch "${cron}"`;
  if (on) {
    return reply(
      changed
        ? `✅ Từ nay Loa gửi khẩu hiệu của ngày vào ${here(ctx)} ${when}. Tắt: /khauhieu tat`
        : `${here(ctx, true)} đã nhận khẩu hiệu hằng ngày rồi (${when}). Tắt: /khauhieu tat`,
    );
  }
  return reply(
    changed
      ? `🔕 Đã tắt khẩu hiệu hằng ngày cho ${here(ctx)}. Bật lại: /khauhieu batdau`
      : `${here(ctx, true)} chưa bật khẩu hiệu hằng ngày. Bật: /khauhieu batdau`,
  );
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
    const key = keywordKey(arg);
    if (arg === '') {
      const s = sloganOfDay(slogans, ctx.today);
      if (!s) {
        return reply(
          `📣 Hôm nay (${formatDayLong(ctx.today)}) chưa có khẩu hiệu nào để giới thiệu: các khẩu hiệu hiện có đều gắn với một dịp đã qua.\n` +
            'Xem tất cả: /khauhieu tatca',
        );
      }
      return reply(
        `📣 Khẩu hiệu hôm nay (${formatDayLong(ctx.today)}):\n\n${quoteSlogan(s.text)}\n\n` +
          `— Khẩu hiệu số ${s.number}/${slogans.length} · ${sloganSource(s)}\nXem tất cả: /khauhieu tatca`,
      );
    }
    if (ON.has(key) || OFF.has(key)) return subscribe(ctx, ON.has(key));
    if (ALL.has(key)) return reply(`📣 Tất cả ${slogans.length} khẩu hiệu:\n\n${numbered(ctx, slogans)}`);
    const range = `Chỉ có ${slogans.length} khẩu hiệu, đánh số từ 1 đến ${slogans.length}.`;
    if (/^\d+$/.test(arg) && yearOf(arg) === undefined) {
      const s = slogans[Number(arg) - 1];
      if (!s) return usage(this, range);
      const past = sloganPast(s, ctx.today) ? '\n(Khẩu hiệu này gắn với một dịp đã qua.)' : '';
      return reply(`📣 Khẩu hiệu số ${s.number}:\n\n${quoteSlogan(s.text)}\n\n${s.sources.map((p) => `— ${planLabel(p)}: ${truncate(p.title, 100)}`).join('\n')}${past}`);
    }
    // "-1", "1.5": meant as a number, not a search (a year or a date is searched).
    if (isNumberLike(arg) && yearOf(arg) === undefined && !parseDay(arg)) return usage(this, `“${truncate(arg, 20)}” không phải số thứ tự. ${range}`);
    if (arg.length > 100) return usage(this, 'Từ khóa quá dài.');
    const words = queryWords(arg);
    const found = slogans.filter((s) => matchesWords(words, s.text));
    if (found.length === 0) return reply(`Không tìm thấy khẩu hiệu nào có “${arg}”. Xem tất cả: /khauhieu tatca`);
    return reply(`📣 ${found.length} khẩu hiệu có “${arg}”:\n\n${numbered(ctx, found)}`);
  },
};
