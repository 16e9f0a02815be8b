import { chatNameOf } from '../src/core/activity.js';
import type { Command } from '../src/core/command.js';
import { actorOf, chatLabel, reply, thisChat, usage } from '../src/core/command.js';
import { findUnit } from '../src/core/org.js';
import { capitalize, squash, truncate } from '../src/core/text.js';
import { chatKey, type Outgoing } from '../src/core/types.js';

export const dangky: Command = {
  name: 'dangky',
  aliases: ['register'],
  description: 'Đăng ký nhóm chat này cho một đơn vị (quản trị viên duyệt nếu người gửi không phải quản trị viên)',
  usage: '/dangky MÃ_ĐƠN_VỊ',
  example: '/dangky TTKHCN',
  async run(ctx) {
    const here = thisChat(ctx.incoming);
    const Here = capitalize(here);
    const arg = squash(ctx.args);
    if (!arg) {
      const now = ctx.unit ? `${Here} đang thuộc: ${ctx.unit.name} (${ctx.unit.code}).` : `${Here} chưa đăng ký đơn vị.`;
      return usage(this, `${now}\nXem mã đơn vị bằng /donvi.`);
    }
    const unit = findUnit(ctx.content.org, arg);
    if (!unit) return reply(`Không có đơn vị “${truncate(arg, 40)}”. Xem danh sách mã bằng /donvi.`);
    if (ctx.unit?.code === unit.code) {
      return reply(`${Here} đã thuộc đơn vị ${unit.name} (${unit.code}) rồi.`);
    }
    const { incoming } = ctx;
    if (ctx.isAdmin) {
      await ctx.bindings.bind(incoming.chat, unit.code, { id: incoming.user.id, name: incoming.user.name }, chatNameOf(incoming));
      await ctx.audit.record({ actor: actorOf(incoming), action: 'bind', subject: chatKey(incoming.chat), detail: { unit: unit.code } });
      return reply(
        `✅ Đã đăng ký: ${here} thuộc đơn vị ${unit.name} (${unit.code}).\n` +
          'Từ nay Loa nhắc hạn của đơn vị vào đây; xem các hạn bằng /deadline.',
      );
    }
    const user = { id: incoming.user.id, name: incoming.user.name };
    const { request, created } = await ctx.bindings.requestBinding(incoming.chat, incoming.chatType, unit.code, user, incoming.chatTitle);
    if (!created) {
      return reply(`Yêu cầu ${request.id} (gắn với ${unit.name}) đã được gửi trước đó và đang chờ quản trị viên duyệt.`);
    }
    if (ctx.adminChats.length === 0) {
      return reply(
        `📨 Đã ghi yêu cầu ${request.id}: gắn ${here} với ${unit.name} (${unit.code}).\n` +
          'Loa chưa có quản trị viên nào để duyệt yêu cầu này: hãy báo Văn phòng Sở.',
      );
    }
    const where = chatLabel({ chatType: incoming.chatType, title: incoming.chatTitle, userName: incoming.user.name });
    const out: Outgoing[] = [
      { text: `📨 Đã gửi yêu cầu ${request.id}: gắn ${here} với ${unit.name} (${unit.code}). Chờ quản trị viên duyệt.` },
    ];
    for (const chat of ctx.adminChats) {
      out.push({
        chat,
        text:
          `📨 Yêu cầu ${request.id}: ${incoming.user.name} xin gắn ${where} với đơn vị ${unit.name} (${unit.code}).\n` +
          `Duyệt: /duyet ${request.id} · Từ chối: /tuchoi ${request.id}`,
        buttons: [
          { label: '✅ Duyệt', data: `/duyet ${request.id}` },
          { label: '❌ Từ chối', data: `/tuchoi ${request.id}` },
        ],
      });
    }
    return out;
  },
};
