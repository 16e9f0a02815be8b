import type { Command, CommandContext } from '../src/core/command.js';
import { actorOf, chatLabel, reply, thisChat } from '../src/core/command.js';
import { formatInstant } from '../src/core/dates.js';
import { squash, truncate } from '../src/core/text.js';
import { chatKey, parseChatKey, type Outgoing } from '../src/core/types.js';
import type { RegistrationRequest } from '../src/core/records.js';

/** The chat a request is about, as people know it (its title, or the person of a private chat). */
function where(r: RegistrationRequest): string {
  return chatLabel({ chatType: r.chatType, title: r.chatTitle, userName: r.user.name });
}

async function pendingList(ctx: CommandContext): Promise<Outgoing[]> {
  const pending = await ctx.bindings.pendingRequests();
  if (pending.length === 0) return reply('Không có yêu cầu đăng ký nào đang chờ duyệt.');
  const lines = pending.map(
    (r) => `${r.id} · ${r.user.name} · ${where(r)} → ${ctx.content.unit(r.unit)?.name ?? r.unit} (${r.unit}) · ${formatInstant(r.at, ctx.zone)}`,
  );
  return reply(`📨 Yêu cầu đang chờ duyệt (${pending.length}):\n${lines.join('\n')}\n\nDuyệt: /duyet MÃ · Từ chối: /tuchoi MÃ`);
}

async function decide(cmd: Command, ctx: CommandContext, approve: boolean): Promise<Outgoing[]> {
  const id = squash(ctx.args).split(' ')[0] ?? '';
  if (!id) return pendingList(ctx);
  const { user, chat: here } = ctx.incoming;
  const { outcome, request } = await ctx.bindings.decideRequest(id, approve, { id: user.id, name: user.name }, here);
  if (outcome === 'not-found' || !request) {
    return reply(`Không có yêu cầu “${truncate(id, 20)}”. Xem các yêu cầu đang chờ: /${cmd.name}`);
  }
  const unitName = `${ctx.content.unit(request.unit)?.name ?? request.unit} (${request.unit})`;
  const verdict = request.status === 'approved' ? '✅ Đã duyệt' : '❌ Đã từ chối';
  const by = request.decided ? `${request.decided.by.name} lúc ${formatInstant(request.decided.at, ctx.zone)}` : '';
  // The request message loses its Duyệt / Từ chối buttons: the request is decided.
  const ack = { toast: '', appendLine: `${verdict} — ${by}`, buttons: [] };
  if (outcome === 'already-decided') {
    const text = `Yêu cầu ${request.id} ${request.status === 'approved' ? 'đã được duyệt' : 'đã bị từ chối'} trước đó (${by}). Không có gì thay đổi.`;
    return reply(text, { ack: { ...ack, toast: text } });
  }
  await ctx.audit.record({ actor: actorOf(ctx.incoming), action: approve ? 'approve' : 'reject', subject: request.id, detail: { chat: request.chat, unit: request.unit } });
  const done = approve ? `✅ Đã duyệt ${request.id}: ${where(request)} thuộc ${unitName}.` : `❌ Đã từ chối ${request.id} (${where(request)} → ${unitName}).`;
  const out: Outgoing[] = [{ text: done, ack: { ...ack, toast: done } }];
  const chat = parseChatKey(request.chat);
  if (chat && request.chat !== chatKey(ctx.incoming.chat)) {
    const here = thisChat({ chatType: request.chatType });
    out.push({
      chat,
      text: approve
        ? `✅ Yêu cầu ${request.id} đã được duyệt: ${here} thuộc ${unitName}. Xem các hạn bằng /deadline.`
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
