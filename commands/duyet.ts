import type { Command, CommandContext } from '../src/core/command.js';
import { actorOf, reply } from '../src/core/command.js';
import { formatInstant } from '../src/core/dates.js';
import { decideRegistration, requestPlace } from '../src/core/registration.js';
import { squash, truncate } from '../src/core/text.js';
import type { Outgoing } from '../src/core/types.js';

async function pendingList(ctx: CommandContext): Promise<Outgoing[]> {
  const pending = await ctx.bindings.pendingRequests();
  if (pending.length === 0) return reply('Không có yêu cầu đăng ký nào đang chờ duyệt.');
  const lines = pending.map(
    (r) => `${r.id} · ${r.user.name} · ${requestPlace(r)} → ${ctx.content.unit(r.unit)?.name ?? r.unit} (${r.unit}) · ${formatInstant(r.at, ctx.zone)}`,
  );
  return reply(`📨 Yêu cầu đang chờ duyệt (${pending.length}):\n${lines.join('\n')}\n\nDuyệt: /duyet MÃ · Từ chối: /tuchoi MÃ`);
}

async function decide(cmd: Command, ctx: CommandContext, approve: boolean): Promise<Outgoing[]> {
  const id = squash(ctx.args).split(' ')[0] ?? '';
  if (!id) return pendingList(ctx);
  const decision = await decideRegistration(ctx, id, approve, actorOf(ctx.incoming), ctx.incoming.chat);
  if (decision.outcome === 'not-found') {
    return reply(`Không có yêu cầu “${truncate(id, 20)}”. Xem các yêu cầu đang chờ: /${cmd.name}`);
  }
  // The request message loses its Duyệt / Từ chối buttons: the request is decided.
  const ack = { toast: decision.text, appendLine: decision.verdict, buttons: [] };
  const out: Outgoing[] = [{ text: decision.text, ack }];
  if (decision.notify) out.push({ chat: decision.notify.chat, ...decision.notify.out });
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
