/** Argument parsing shared by /xacnhan and /tiendo: `MÃ_HẠN [nhan | xong] [ngày]`. */
import type { CommandContext } from '../src/core/command.js';
import type { Deadline } from '../src/core/content.js';
import { parseDay, type Day } from '../src/core/dates.js';
import type { ConfirmKind } from '../src/store/store.js';
import { fold, squash, truncate } from '../src/core/text.js';

export interface DeadlineArgs {
  deadline: Deadline;
  kind: ConfirmKind | undefined;
  occurrence: Day | undefined;
}

const KINDS: Record<string, ConfirmKind> = {
  nhan: 'nhan',
  danhan: 'nhan',
  xong: 'xong',
  daxong: 'xong',
  hoanthanh: 'xong',
  dahoanthanh: 'xong',
};

/** Parses `MÃ_HẠN [nhan|xong] [dd/mm/yyyy]`; returns a Vietnamese reason when it cannot. */
export function parseDeadlineArgs(ctx: CommandContext, allowKind: boolean): DeadlineArgs | { error: string } {
  const words = squash(ctx.args).split(' ').filter(Boolean);
  const id = words.shift();
  if (!id) return { error: 'Thiếu mã hạn.' };
  const deadline = ctx.content.deadline(id);
  if (!deadline) return { error: `Không có hạn “${truncate(id, 20)}”. Xem mã hạn bằng /deadline tatca.` };
  let kind: ConfirmKind | undefined;
  let occurrence: Day | undefined;
  // "đã nhận" / "hoàn thành" may come as two words.
  const rest = words.join(' ');
  const tokens = rest ? rest.split(/\s+/) : [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const two = fold(tok + (tokens[i + 1] ?? ''));
    const one = fold(tok);
    if (allowKind && KINDS[two] && !KINDS[one]) {
      kind = KINDS[two];
      i++;
    } else if (allowKind && KINDS[one]) {
      kind = KINDS[one];
    } else if (parseDay(tok)) {
      occurrence = parseDay(tok);
    } else {
      return { error: `Không hiểu “${truncate(tok, 30)}”.` };
    }
  }
  return { deadline, kind, occurrence };
}
