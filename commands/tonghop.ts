import type { Command, CommandContext } from '../src/core/command.js';
import { reply, usage } from '../src/core/command.js';
import type { Deadline } from '../src/core/content.js';
import { formatDay, type Day } from '../src/core/dates.js';
import { downloadLink, mayGetLinks } from '../src/core/download-links.js';
import { formOf } from '../src/core/forms.js';
import { MERGED_TYPES, mergedFileName, mergedTable } from '../src/core/merged.js';
import { isOccurrence, occurrenceNow } from '../src/core/occurrences.js';
import { truncate } from '../src/core/text.js';
import type { Outgoing } from '../src/core/types.js';
import { parseDeadlineArgs } from './args.js';
import { deadlinePath } from '../src/core/web-links.js';

/** Who may merge: the admins, and the office's own chat (it sends the table upward). */
function mayMerge(ctx: CommandContext): boolean {
  return ctx.isAdmin || ctx.unit?.code === ctx.content.org.officeUnit;
}

/** The merged .xlsx and .docx, kept in the file store, as one-time links for the person asking. */
async function links(ctx: CommandContext, d: Deadline, occ: Day, table: NonNullable<ReturnType<typeof mergedTable>>): Promise<string[]> {
  const files = ctx.handInFiles;
  if (!files) return ['Lần chạy này của Loa chưa tạo được tệp tổng hợp.'];
  if (!mayGetLinks(ctx)) {
    const page = ctx.webLinks?.page?.(deadlinePath(d.id, occ));
    return [`📥 Tệp tổng hợp (.xlsx, .docx): quản trị viên gõ /tonghop ${d.id} trong tin nhắn riêng với Loa${page ? `, hoặc tải trên bảng điều khiển web: ${page}` : ''}.`];
  }
  const out: string[] = [];
  for (const [ext, label, make] of [
    ['xlsx', 'Excel (.xlsx)', files.mergedXlsx],
    ['docx', 'Word (.docx)', files.mergedDocx],
  ] as const) {
    const bytes = await make(table);
    const sha256 = await ctx.files.putFile(bytes);
    const url = await downloadLink(ctx, { sha256, name: mergedFileName(d, occ, ext), type: MERGED_TYPES[ext] });
    out.push(url ? `• ${label}: ${url}` : `• ${label}: cần bảng điều khiển web để tải (chưa chạy).`);
  }
  return ['📥 Tải bảng tổng hợp (mỗi đường dẫn dùng một lần, trong 24 giờ):', ...out];
}

export const tonghop: Command = {
  name: 'tonghop',
  aliases: ['tonghopdangky', 'merge'],
  description: 'Văn phòng, quản trị viên: tổng hợp bản đăng ký theo mẫu của mọi đơn vị cho một hạn (.xlsx, .docx), kèm các đơn vị chưa gửi',
  usage: '/tonghop MÃ_HẠN [ngày]',
  example: '/tonghop H8',
  async run(ctx): Promise<Outgoing[]> {
    if (!mayMerge(ctx)) return reply(`Lệnh /tonghop dành cho Văn phòng Sở và quản trị viên. Xem tiến độ: /tiendo`);
    const parsed = parseDeadlineArgs(ctx, false);
    if ('error' in parsed) return usage(this, parsed.error);
    const d = parsed.deadline;
    const form = formOf(d);
    if (!form) return reply(`Hạn ${d.id} không có mẫu đăng ký để tổng hợp. Xem các đơn vị đã nộp và tệp của họ: /tiendo ${d.id}`);
    const asked = parsed.occurrence && (occurrenceNow(d, parsed.occurrence) ?? parsed.occurrence);
    const occ = asked ?? (await ctx.book([d])).occurrenceFor(d);
    if (!isOccurrence(d, occ)) return reply(`Hạn ${d.id} không có kỳ nào vào ngày ${formatDay(occ)}.`);
    const subs = await ctx.submissions.submissionsOf([{ deadline: d.id, occurrence: occ }]);
    const table = mergedTable(ctx.content, d, occ, subs, ctx.now)!;
    const sent = d.assignees.length - table.missing.length;
    const lines = [
      `📋 Tổng hợp đăng ký theo mẫu ${form.appendix} — hạn ${d.id} (${formatDay(occ)})`,
      `${truncate(form.title, 120)}`,
      `Đã gửi: ${sent}/${d.assignees.length} đơn vị · ${table.rows.length} dòng.`,
    ];
    // A unit that handed in only a file (a scan, a PDF) has no rows to merge: the office opens its file.
    const filed = new Set(subs.filter((s) => s.file).map((s) => s.unit));
    const missing = table.missing.map((u) => `${u.code} — ${u.name}${filed.has(u.code) ? ' (đã nộp tệp, không có dòng đăng ký đọc được: xem /tiendo ' + d.id + ')' : ''}`);
    if (missing.length) lines.push(`Chưa gửi bản đăng ký (${missing.length}): ${missing.join('; ')}`);
    else lines.push('Tất cả đơn vị đã gửi bản đăng ký.');
    lines.push('', ...(await links(ctx, d, occ, table)));
    return reply(lines.join('\n'));
  },
};
