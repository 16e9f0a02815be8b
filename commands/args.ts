/** Argument parsing shared by /xacnhan and /tiendo: `MÃ_HẠN [nhan | xong] [ngày]`. */
import type { CommandContext } from '../src/core/command.js';
import type { Deadline } from '../src/core/content.js';
import { parseDay, type Day } from '../src/core/dates.js';
import type { ConfirmKind } from '../src/core/records.js';
import { fold, squash, truncate } from '../src/core/text.js';

export interface DeadlineArgs {
  deadline: Deadline;
  kind: ConfirmKind | undefined;
  occurrence: Day | undefined;
}

const KINDS = new Map<string, ConfirmKind>([
  ['nhan', 'nhan'],
  ['danhan', 'nhan'],
  ['xong', 'xong'],
  ['daxong', 'xong'],
  ['hoanthanh', 'xong'],
  ['dahoanthanh', 'xong'],
]);

/** Parses `MÃ_HẠN [nhan|xong] [dd/mm/yyyy]`; returns a Vietnamese reason when it cannot. */
export function parseDeadlineArgs(ctx: CommandContext, allowKind: boolean): DeadlineArgs | { error: string } {
  const words = squash(ctx.args).split(' ').filter(Boolean);
  const id = words.shift();
  if (!id) return { error: 'Thiếu mã hạn.' };
  const deadline = ctx.catalog.get(id);
  if (!deadline) return { error: `Không có hạn “${truncate(id, 20)}”. Xem mã hạn bằng /deadline tatca.` };
  let occurrence: Day | undefined;
  const rest: string[] = [];
  for (const word of words) {
    const day = parseDay(word);
    if (day && !occurrence) occurrence = day;
    else rest.push(word);
  }
  // The kind may come in one or more words: "xong", "đã nhận", "đã hoàn thành".
  const joined = fold(rest.join(''));
  const kind = joined ? KINDS.get(joined) : undefined;
  if (joined && (!kind || !allowKind)) return { error: `Không hiểu “${truncate(rest.join(' '), 30)}”.` };
  return { deadline, kind, occurrence };
}
