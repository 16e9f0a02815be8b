import type { Command } from '../src/core/command.js';
import { usage } from '../src/core/command.js';
import { confirmDeadline } from '../src/core/confirm.js';
import { parseDeadlineArgs } from './args.js';

export const xacnhan: Command = {
  name: 'xacnhan',
  aliases: ['confirm', 'xn'],
  description: 'Đơn vị của nhóm chat xác nhận đã nhận (nhan, mặc định) hoặc đã hoàn thành (xong) một hạn',
  usage: '/xacnhan MÃ_HẠN [nhan | xong]',
  example: '/xacnhan H8 xong',
  run(ctx) {
    const parsed = parseDeadlineArgs(ctx, true);
    if ('error' in parsed) return usage(this, parsed.error);
    return confirmDeadline(ctx, parsed.deadline, parsed.kind ?? 'nhan', parsed.occurrence);
  },
};
