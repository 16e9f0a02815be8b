/**
 * The guided registration over the store: each step reads the person's session
 * ({@link FormSessionPort}), runs the pure state machine (`form-session.ts`) and writes the session
 * back, so a restart between any two steps loses nothing. "Gửi" hands the rows in through
 * {@link recordHandIn}, the one path every hand-in takes.
 */
import type { CommandContext } from './command.js';
import { confirmTarget } from './confirm.js';
import type { Deadline } from './content.js';
import { formatDay } from './dates.js';
import { formOf } from './forms.js';
import { recordHandIn } from './hand-in.js';
import { advance, isStale, newFormSession, promptOf, type FormAction, type FormLabels } from './form-session.js';
import type { FormSession, FormSessionPort } from './submission-ports.js';
import type { Day } from './dates.js';
import { chatKey, type Outgoing } from './types.js';

type Ctx = Pick<CommandContext, 'incoming' | 'now'> & { formSessions: FormSessionPort };

function labelsOf(ctx: Pick<CommandContext, 'incoming'>): FormLabels {
  return { inGroup: ctx.incoming.chatType === 'group' && ctx.incoming.direct !== true };
}

/** The text for a session forgotten after a day without use. */
export function expiredText(s: Pick<FormSession, 'deadline'>): string {
  return `⌛ Phiên đăng ký hạn ${s.deadline} của bạn đã quá 24 giờ không dùng nên đã đóng; các dòng chưa gửi không được lưu. Đăng ký lại: /dangkyhd ${s.deadline}`;
}

/**
 * The person's open session in this chat. A stale one (a day without use) is ended here and
 * returned as `expired`, so the caller can say so. The one stale check: commands and plain text
 * (the dispatcher, before it builds a full context) both come through here.
 */
export async function openSession(ctx: Ctx): Promise<{ session?: FormSession; expired?: FormSession }> {
  const { chat, user } = ctx.incoming;
  const s = await ctx.formSessions.formSession(chat, user.id);
  if (!s) return {};
  if (!isStale(s, ctx.now)) return { session: s };
  await ctx.formSessions.endFormSession(chat, user.id);
  return { expired: s };
}

/** How to hand in for a deadline that has no form to fill in chat. */
export function noFormText(d: Deadline): string {
  return (
    `Hạn ${d.id} không có mẫu đăng ký để điền trong chat.\n` +
    `Để nộp báo cáo: gửi tệp (.docx, .pdf, .xlsx, ảnh trang có chữ ký…) vào nhóm kèm chú thích “xong ${d.id}”, ` +
    `hoặc gửi tệp như một câu trả lời tin nhắn về hạn đó. Chỉ báo hoàn thành: /xacnhan ${d.id} xong`
  );
}

/** `/dangkyhd H8`: starts a session for the chat's unit, or resumes the person's open one. */
export async function startForm(ctx: CommandContext, d: Deadline, occurrence: Day | undefined): Promise<Outgoing[]> {
  const { session, expired } = await openSession(ctx);
  const lead = expired ? `${expiredText(expired)}\n\n` : '';
  if (session && (session.deadline !== d.id || (occurrence !== undefined && occurrence !== session.occurrence))) {
    return [
      {
        text:
          `Bạn đang đăng ký dở hạn ${session.deadline} (${formatDay(session.occurrence)}, đã lưu ${session.rows.length} dòng). ` +
          `Hãy gửi hoặc hủy bản đó trước khi bắt đầu hạn ${d.id}.\nTiếp tục: /dangkyhd ${session.deadline} · Gửi: /dangkyhd gui · Hủy: /dangkyhd huy`,
      },
    ];
  }
  const form = formOf(d);
  if (!form) return [{ text: lead + noFormText(d) }];
  const target = await confirmTarget(ctx, d, session?.occurrence ?? occurrence, 'đăng ký theo mẫu');
  if ('refusal' in target) return target.refusal;
  const { unit } = target;
  const head = `📝 Đăng ký theo mẫu ${form.appendix} — hạn ${d.id} (${formatDay(target.occurrence)}) cho ${unit.name}.`;
  if (session && session.unit === unit.code) {
    const prompt = promptOf(session, labelsOf(ctx));
    return [{ ...prompt, text: `↩️ Tiếp tục bản đăng ký đang dở (đã lưu ${session.rows.length} dòng).\n${head}\n\n${prompt.text}` }];
  }
  const fresh = newFormSession({
    deadline: d.id,
    occurrence: target.occurrence,
    chat: chatKey(ctx.incoming.chat),
    user: ctx.incoming.user.id,
    unit: unit.code,
    columns: [...form.columns],
    updatedAt: ctx.now.toISOString(),
  });
  await ctx.formSessions.saveFormSession(fresh);
  const earlier = (await ctx.submissions.submissionsOf([{ deadline: d.id, occurrence: target.occurrence }])).some((s) => s.unit === unit.code && s.form);
  const lines = [lead + head, `“${form.title}”: ${form.columns.length} cột mỗi dòng; nhập được nhiều dòng (mỗi dòng một hoạt động).`];
  if (earlier) lines.push(`ℹ️ ${unit.name} đã gửi bản đăng ký cho kỳ này; bản mới sẽ thay bản cũ trong bảng tổng hợp (bản cũ vẫn được lưu).`);
  const prompt = promptOf(fresh, labelsOf(ctx));
  return [{ ...prompt, text: `${lines.join('\n')}\n\n${prompt.text}` }];
}

/** One action on the person's session (already read): the step, saved back, or the rows handed in. */
export async function applyFormAction(ctx: CommandContext, session: FormSession, action: FormAction): Promise<Outgoing[]> {
  const step = advance(session, action, labelsOf(ctx), ctx.now);
  const { chat, user } = ctx.incoming;
  if (step.send) return sendForm(ctx, session, step.send);
  if (step.session === undefined) await ctx.formSessions.endFormSession(chat, user.id);
  else if (step.session !== session) await ctx.formSessions.saveFormSession(step.session);
  return step.replies;
}

/**
 * `/dangkyhd [H8] luu|sua N|them|gui|huy|boqua` (the buttons carry the deadline): the action on
 * the person's open session. A press on a message of a registration that has ended says so.
 */
export async function formCommand(ctx: CommandContext, action: FormAction, code?: string): Promise<Outgoing[]> {
  const { session, expired } = await openSession(ctx);
  if (expired) return [{ text: expiredText(expired) }];
  const id = code?.toUpperCase();
  if (!session) {
    if (id) {
      return [
        {
          text:
            `Bản đăng ký hạn ${id} của bạn không còn mở ở đây: đã gửi, đã hủy, hoặc bỏ dở quá 24 giờ (các dòng chưa gửi thì không được lưu).\n` +
            `Đăng ký lại: /dangkyhd ${id}`,
        },
      ];
    }
    return [{ text: 'Bạn không có bản đăng ký nào đang điền dở ở đây (bản bỏ dở quá 24 giờ thì không còn). Bắt đầu: /dangkyhd MÃ_HẠN — xem các hạn có mẫu: /dangkyhd' }];
  }
  if (id && id !== session.deadline) {
    return [{ text: `Nút này thuộc bản đăng ký hạn ${id} đã kết thúc. Bạn đang đăng ký hạn ${session.deadline}: /dangkyhd ${session.deadline} để xem câu hỏi hiện tại.` }];
  }
  return applyFormAction(ctx, session, action);
}

/** "Gửi": the saved rows go in as one hand-in of the session's unit, and the session ends. */
async function sendForm(ctx: CommandContext, session: FormSession, rows: { columns: string[]; rows: string[][] }): Promise<Outgoing[]> {
  const { chat, user } = ctx.incoming;
  const d = ctx.catalog.get(session.deadline);
  if (!d || !formOf(d)) {
    await ctx.formSessions.endFormSession(chat, user.id);
    return [{ text: `Hạn ${session.deadline} không còn trong kế hoạch (hoặc không còn mẫu đăng ký), nên bản đăng ký không gửi được và đã đóng. Vui lòng báo Văn phòng Sở.` }];
  }
  const target = await confirmTarget(ctx, d, session.occurrence, 'gửi đăng ký');
  const keepNote = `Bản đăng ký (${session.rows.length} dòng) vẫn được giữ; dừng hẳn: /dangkyhd huy`;
  if ('refusal' in target) return target.refusal.map((o, i) => (i === 0 ? { ...o, text: `${o.text}\n${keepNote}` } : o));
  if (target.unit.code !== session.unit) {
    return [{ text: `Nhóm chat này nay thuộc ${target.unit.name}, không còn là đơn vị ${session.unit} của bản đăng ký, nên chưa gửi được.\n${keepNote}` }];
  }
  const out = await recordHandIn(ctx, d, target, { form: rows });
  await ctx.formSessions.endFormSession(chat, user.id);
  return out;
}
