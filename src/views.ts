/**
 * The deadline messages a button can be pressed on, by the `view` their reference carries, so
 * the engine can redraw a pressed message as it stands now (see {@link DeadlineView}).
 */
import { detailView } from '../commands/deadline.js';
import { noticeView } from '../commands/thongbao.js';
import type { DeadlineView } from './core/command.js';
import { unitStatus } from './core/confirm.js';
import { daysBetween } from './core/dates.js';
import { reminderMessage } from './scheduler/messages.js';

export const views: Readonly<Record<string, DeadlineView>> = {
  detail: detailView,
  notice: noticeView,
  reminder: (ctx, d, occurrence) =>
    ctx.unit && d.assignees.includes(ctx.unit.code)
      ? reminderMessage(
          ctx.content,
          {
            deadline: d,
            occurrence,
            unit: ctx.unit.code,
            daysLeft: daysBetween(ctx.today, occurrence),
            status: unitStatus(ctx.store, d.id, occurrence, ctx.unit.code),
          },
          ctx.today,
        )
      : undefined,
};
