import type { Command, CommandContext } from '../src/core/command.js';
import { reply } from '../src/core/command.js';
import { formatInstant } from '../src/core/dates.js';
import { squash, truncate } from '../src/core/text.js';
import { parseChatKey, type Outgoing } from '../src/core/types.js';

function pendingList(ctx: CommandContext): Outgoing[] {
  const pending = ctx.store.pendingRequests();
  if (pending.length === 0) return reply('Không có yêu cầu đăng ký nào đang chờ duyệt.');
  const lines = pending.map(
    (r) =>
      `${r.id} · ${r.user.name} · ${r.chat} → ${ctx.content.unit(r.unit)?.name ?? r.unit} (${r.unit}) · ${formatInstant(r.at, ctx.zone)}`,
  );
  return reply(`📨 Yêu cầu đang chờ duyệt (${pending.length}):\n${lines.join('\n')}\n\nDuyệt: /duyet MÃ · Từ chối: /tuchoi MÃ`);
}

async function decide(cmd: Command, ctx: CommandContext, approve: boolean): Promise<Outgoing[]> {
  const id = squash(ctx.args).split(' ')[0] ?? '';
  if (!id) return pendingList(ctx);
  const { outcome, request } = await ctx.store.decideRequest(id, approve, ctx.incoming.user, ctx.incoming.chat);
  if (outcome === 'not-found' || !request) {
    return reply(`Không có yêu cầu “${truncate(id, 20)}”. Xem các yêu cầu đang chờ: /${cmd.name}`);
  }
  const unitName = `${ctx.content.unit(request.unit)?.name ?? request.unit} (${request.unit})`;
  if (outcome === 'already-decided') {
    const verdict = request.status === 'approved' ? 'đã được duyệt' : 'đã bị từ chối';
    return reply(`Yêu cầu ${request.id} ${verdict} trước đó (${request.decided ? formatInstant(request.decided.at, ctx.zone) + ', ' + request.decided.by.name : ''}). Không có gì thay đổi.`);
  }
  const out: Outgoing[] = [
    { text: approve ? `✅ Đã duyệt ${request.id}: nhóm chat ${request.chat} thuộc ${unitName}.` : `❌ Đã từ chối ${request.id} (${request.chat} → ${unitName}).` },
  ];
  const chat = parseChatKey(request.chat);
  if (chat && request.chat !== `${ctx.incoming.chat.channel}:${ctx.incoming.chat.chatId}`) {
    out.push({
      chat,
      text: approve
        ? `✅ Yêu cầu ${request.id} đã được duyệt: nhóm chat này thuộc ${unitName}. Xem các hạn bằng /deadline.`
        : `❌ Yêu cầu ${request.id} (gắn với ${unitName}) không được duyệt. Liên hệ Văn phòng Sở nếu cần.`,
    });
  }
  return out;
}

export const duyet: Command = {
  name: 'duyet',
  aliases: ['approve'],
  description: 'Quản trị viên: xem và duyệt yêu cầu đăng ký nhóm chat',
  usage: '/duyet [MÃ_YÊU_CẦU]',
  example: '/duyet R1',
  adminOnly: true,
  run(ctx) {
    return decide(this, ctx, true);
  },
};

export const tuchoi: Command = {
  name: 'tuchoi',
  aliases: ['reject'],
  description: 'Quản trị viên: từ chối yêu cầu đăng ký nhóm chat',
  usage: '/tuchoi [MÃ_YÊU_CẦU]',
  example: '/tuchoi R1',
  adminOnly: true,
  run(ctx) {
    return decide(this, ctx, false);
  },
};
