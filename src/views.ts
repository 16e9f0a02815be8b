/**
 * The deadline messages a button can be pressed on, by the `view` their reference carries, so
 * the engine can redraw a pressed message as it stands now (see {@link DeadlineView}).
 */
import { detailView } from '../commands/deadline.js';
import { noticeView } from '../commands/thongbao.js';
import type { DeadlineView } from './core/command.js';
import { daysBetween } from './core/dates.js';
import { reminderMessage } from './scheduler/messages.js';

/** A reminder as the chat's unit sees it now. */
const reminderView: DeadlineView = async (ctx, d, occurrence) => {
  if (!ctx.unit || !d.assignees.includes(ctx.unit.code)) return undefined;
  const book = await ctx.book([], [{ deadline: d.id, occurrence }]);
  const facts = { deadline: d, occurrence, unit: ctx.unit.code, daysLeft: daysBetween(ctx.today, occurrence), status: book.status(d.id, occurrence, ctx.unit.code) };
  return reminderMessage(ctx.content, facts, ctx.today);
};

/** The renderers by view name (`DeadlineRef.view`). */
export const views: Readonly<Record<string, DeadlineView>> = {
  detail: detailView,
  notice: noticeView,
  reminder: reminderView,
};
