/**
 * A unit hands in its work for a deadline: a report file, a filled registration form, or both.
 * One path for a file sent into the chat, a form filled in chat (`/dangkyhd`) and a filled table
 * sent back: the file's bytes are kept, the hand-in recorded beside any earlier one (never
 * replacing it), the unit marked completed, the office told, and the sender given a receipt.
 * The caller has checked the target ({@link confirmTarget}) and the file's bytes.
 */
import { actorOf, type CommandContext } from './command.js';
import type { ConfirmTarget } from './confirm.js';
import type { Deadline } from './content.js';
import { formatDay, formatInstant } from './dates.js';
import { fileKind, formatBytes } from './file-text.js';
import { formOf } from './forms.js';
import type { CheckedFile } from './hand-in-ports.js';
import type { FormRows, StoredFile, Submission } from './submission-ports.js';
import { truncate } from './text.js';
import { chatKey, type ChatRef, type Outgoing } from './types.js';
import { deadlinePath } from './web-links.js';

/** The most a report file may weigh: what Telegram lets a bot download (Bot API getFile: 20 MB). */
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;

export interface HandIn {
  file?: { bytes: Buffer; checked: CheckedFile } | undefined;
  report?: Submission['report'];
  form?: FormRows | undefined;
  /** A note for the receipt (a file with no table of the form, say). */
  note?: string | undefined;
}

type Target = Exclude<ConfirmTarget, { refusal: Outgoing[] }>;

/** Records a hand-in for the target and answers with a receipt; the office's chats get a notice. */
export async function recordHandIn(ctx: CommandContext, d: Deadline, target: Target, input: HandIn): Promise<Outgoing[]> {
  const { unit, occurrence } = target;
  const { user, chat } = ctx.incoming;
  const by = { id: user.id, name: user.name };
  let file: StoredFile | undefined;
  if (input.file) {
    const sha256 = await ctx.files.putFile(input.file.bytes);
    file = { sha256, name: input.file.checked.name, size: input.file.bytes.length, type: input.file.checked.type };
  }
  const earlier = (await ctx.submissions.submissionsOf([{ deadline: d.id, occurrence }])).filter((s) => s.unit === unit.code);
  const sub = await ctx.submissions.addSubmission({
    deadline: d.id,
    occurrence,
    unit: unit.code,
    by,
    chat: chatKey(chat),
    at: ctx.now.toISOString(),
    ...(file ? { file } : {}),
    ...(input.report ? { report: input.report } : {}),
    ...(input.form ? { form: input.form } : {}),
  });
  const result = await ctx.confirmations.confirm({ deadline: d.id, occurrence, unit: unit.code, kind: 'xong', user: by, chat });
  const subject = `${d.id}@${occurrence}#${unit.code}`;
  await ctx.audit.record({
    actor: actorOf(ctx.incoming),
    action: 'hand-in',
    subject,
    detail: {
      submission: sub.id,
      ...(file ? { file: file.name, size: file.size, type: file.type, sha256: file.sha256 } : {}),
      ...(input.form ? { rows: input.form.rows.length } : {}),
      ...(input.report ? { report: input.report } : {}),
    },
  });
  if (result.outcome !== 'unchanged') {
    await ctx.audit.record({ actor: actorOf(ctx.incoming), action: 'confirm', subject, detail: { kind: 'xong', outcome: result.outcome, submission: sub.id } });
  }
  const told = await tellOffice(ctx, d, sub, unit.name);
  const lines = [`📥 Đã nhận ${input.form && !file ? 'bản đăng ký' : 'báo cáo'} của ${unit.name} cho hạn ${d.id} (${formatDay(occurrence)}) — ${truncate(d.task, 80)}`];
  lines.push(...describe(sub));
  if (file) lines.push(`   SHA-256: ${file.sha256.slice(0, 16)}…`);
  lines.push(`Người nộp: ${by.name} lúc ${formatInstant(sub.at, ctx.zone)} · mã lưu ${sub.id}.`);
  if (input.note) lines.push(input.note);
  const form = formOf(d);
  if (input.form && form && earlier.some((s) => s.form)) lines.push(`ℹ️ Bản đăng ký này thay cho bản gửi trước trong bảng tổng hợp; các lần gửi trước vẫn được lưu.`);
  else if (earlier.length) lines.push(`ℹ️ Đơn vị đã nộp ${earlier.length + 1} lần cho kỳ này; các lần trước vẫn được lưu.`);
  lines.push(
    result.outcome === 'unchanged'
      ? `✔️ Hạn ${d.id} đã được ghi nhận hoàn thành từ trước.`
      : `✔️ Đã ghi nhận: ${unit.name} đã HOÀN THÀNH hạn ${d.id}.`,
  );
  if (told) lines.push('📨 Đã báo Văn phòng Sở.');
  return [{ text: lines.join('\n') }];
}

/** The lines that say what a hand-in holds: its file, its report number, its rows. */
export function describe(sub: Submission): string[] {
  const lines: string[] = [];
  if (sub.file) lines.push(`📎 “${sub.file.name}” · ${formatBytes(sub.file.size)} · ${fileKind(sub.file.type)}`);
  if (sub.report) {
    const parts = [sub.report.number ? `số ${sub.report.number}` : '', sub.report.date ? `ngày ${formatDay(sub.report.date)}` : ''].filter(Boolean);
    lines.push(`🧾 Báo cáo ${parts.join(' ')}`);
  }
  if (sub.form) {
    lines.push(`📝 ${sub.form.rows.length} dòng đăng ký:`);
    sub.form.rows.slice(0, 10).forEach((r, i) => lines.push(`   ${i + 1}. ${truncate(r.find((v) => v.trim() !== '') ?? '(trống)', 80)}`));
    if (sub.form.rows.length > 10) lines.push(`   … và ${sub.form.rows.length - 10} dòng nữa.`);
  }
  return lines;
}

/**
 * Tells the office's chats (on running channels) what came in, with a link to the deadline's
 * page of the web console when it runs (never to the chat it came from). An office without a
 * chat is not told here: it sees the hand-in in `/tiendo` and the web console.
 * Whether anyone was told.
 */
async function tellOffice(ctx: CommandContext, d: Deadline, sub: Submission, unitName: string): Promise<boolean> {
  const office = ctx.content.org.officeUnit;
  const here = chatKey(ctx.incoming.chat);
  const chats: ChatRef[] = (await ctx.chatsOf(office)).filter((c) => chatKey(c) !== here);
  if (chats.length === 0) return false;
  const page = ctx.webLinks?.page?.(deadlinePath(d.id, sub.occurrence));
  const text = [
    `📥 ${unitName} (${sub.unit}) đã nộp cho hạn ${d.id} (${formatDay(sub.occurrence)}) — ${truncate(d.task, 80)}`,
    ...describe(sub),
    `Người nộp: ${sub.by.name} lúc ${formatInstant(sub.at, ctx.zone)} · mã lưu ${sub.id}.`,
    page ? `Xem và tải về: ${page}` : `Xem: /tiendo ${d.id}`,
  ].join('\n');
  await ctx.outbox.queueMessages(chats.map((chat) => ({ chat, out: { text } })));
  return true;
}
