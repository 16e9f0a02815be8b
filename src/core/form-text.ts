/**
 * How a plan's registration forms are shown in chat: the line of `/kehoach`'s summary, and the
 * lines of `/deadline MÃ_HẠN` saying that the deadline asks for a form and how to hand it in.
 */
import type { Deadline } from './content.js';
import { formOf } from './forms.js';
import type { Plan, PlanForm } from './plans.js';

/** The command that fills a form in chat, one question per column (see `/dangkyhd`). */
export const FILL_COMMAND = 'dangkyhd';

/** "📝 Mẫu đăng ký: Phụ lục II — Đăng ký … (6 cột), nộp theo hạn H8: /dangkyhd H8". */
export function formLine(plan: Pick<Plan, 'reference'>, f: PlanForm): string {
  const head = `📝 Mẫu đăng ký: ${f.appendix} — ${f.title} (${f.columns.length} cột)`;
  if (f.deadline === null) return `${head}, chưa gắn với hạn nào`;
  return plan.reference ? `${head}, theo hạn ${f.deadline}` : `${head}, nộp theo hạn ${f.deadline}: /${FILL_COMMAND} ${f.deadline}`;
}

/** The lines of a plan's forms for its summary; none when it has none. */
export function formLines(plan: Pick<Plan, 'reference' | 'forms'>): string[] {
  return (plan.forms ?? []).map((f) => formLine(plan, f));
}

/**
 * What a deadline's detail says of its form: which appendix and columns, and the two ways to
 * hand it in (in chat with `/dangkyhd`, or the filled .docx/.xlsx sent as a reply). Empty when
 * the deadline asks for no form.
 */
export function deadlineFormLines(d: Pick<Deadline, 'id' | 'plan'>): string[] {
  const f = formOf(d);
  if (!f) return [];
  return [
    `📝 Hạn này có mẫu đăng ký: ${f.appendix} — ${f.title}`,
    `Các cột (${f.columns.length}): ${f.columns.join('; ')}`,
    `Cách nộp: điền trong chat bằng /${FILL_COMMAND} ${d.id}, hoặc gửi tệp .docx/.xlsx đã điền theo mẫu bằng cách trả lời tin này.`,
  ];
}
