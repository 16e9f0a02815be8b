/**
 * What `/tiendo MÃ_HẠN` says about hand-ins: what each unit handed in, and the files. An admin in
 * a private chat (or the console) gets a one-time download link per file; others are told where
 * to get them. Links are issued for at most {@link MAX_LINKS} files per answer.
 */
import type { CommandContext } from '../src/core/command.js';
import type { Deadline } from '../src/core/content.js';
import { formatInstant, type Day } from '../src/core/dates.js';
import { downloadLink, mayGetLinks } from '../src/core/download-links.js';
import { fileKind, formatBytes } from '../src/core/file-text.js';
import { formOf } from '../src/core/forms.js';
import type { Submission } from '../src/core/submission-ports.js';
import { deadlinePath } from '../src/core/web-links.js';

const MAX_LINKS = 20;

/** " · 📎 2 tệp · 📝 3 dòng" for a unit's hand-ins ('' when none). */
export function handInSuffix(subs: readonly Submission[], unit: string): string {
  const mine = subs.filter((s) => s.unit === unit);
  const files = mine.filter((s) => s.file).length;
  const rows = [...mine].reverse().find((s) => s.form)?.form?.rows.length ?? 0;
  return `${files ? ` · 📎 ${files} tệp` : ''}${rows ? ` · 📝 ${rows} dòng` : ''}`;
}

/** The lines about the files handed in for one occurrence (none when nothing was). */
export async function handInLines(ctx: CommandContext, d: Deadline, occ: Day, subs: readonly Submission[]): Promise<string[]> {
  const withFiles = subs.filter((s): s is Submission & { file: NonNullable<Submission['file']> } => s.file !== undefined);
  const lines: string[] = [];
  if (withFiles.length && mayGetLinks(ctx)) {
    lines.push('', `📎 Tệp đã nộp (${withFiles.length}) — đường dẫn tải dùng một lần, trong 24 giờ:`);
    for (const s of withFiles.slice(0, MAX_LINKS)) {
      const url = await downloadLink(ctx, s.file);
      const what = `${s.unit} — “${s.file.name}” (${formatBytes(s.file.size)}, ${fileKind(s.file.type)}, ${formatInstant(s.at, ctx.zone)})`;
      lines.push(`• ${what}${s.report?.number ? ` · số ${s.report.number}` : ''}${url ? `: ${url}` : ''}`);
    }
    if (withFiles.length > MAX_LINKS) lines.push(`… và ${withFiles.length - MAX_LINKS} tệp nữa: xem trên bảng điều khiển web.`);
    if (!ctx.webLinks?.page) lines.push('Bảng điều khiển web chưa chạy nên chưa tạo được đường dẫn tải.');
  } else if (withFiles.length) {
    const page = ctx.webLinks?.page?.(deadlinePath(d.id, occ));
    lines.push('', `📎 ${withFiles.length} tệp đã nộp. Quản trị viên nhận đường dẫn tải bằng /tiendo ${d.id} trong tin nhắn riêng với Loa${page ? `, hoặc xem trên bảng điều khiển web: ${page}` : ''}.`);
  }
  const form = formOf(d);
  if (form) lines.push('', `📝 Mẫu đăng ký ${form.appendix}: đơn vị đăng ký bằng /dangkyhd ${d.id}; tổng hợp: /tonghop ${d.id}`);
  return lines;
}
