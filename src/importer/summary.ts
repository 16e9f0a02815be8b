/** The Vietnamese summary of an import, printed by `loa import` and shown in chat before /congbo. */
import type { Content } from '../core/content.js';
import { formatDay, formatPartialDate } from '../core/dates.js';
import { describeRecurrence } from '../core/occurrences.js';
import { formatPeriod } from '../core/period.js';
import type { Plan } from '../core/plans.js';
import type { ImportResult } from './index.js';
import type { PreparedImport } from './prepare.js';
import { unmappedAssignees } from './unmapped.js';

/** "71/KH-KHCN"; a number left blank in the document ("/KH-KHCN") shows its gap as "…". */
function numberText(number: string | null): string {
  if (!number) return 'không ghi';
  return number.startsWith('/') ? `…${number}` : number;
}

/** "ngày 22/09/2023", "tháng 09/2023" or "năm 2023", as much as the document says. */
function issuedText(issued: string | null): string {
  if (!issued) return 'không ghi ngày';
  const parts = issued.split('-').length;
  return parts === 3 ? `ngày ${formatDay(issued)}` : parts === 2 ? `tháng ${formatPartialDate(issued)}` : `năm ${issued}`;
}

/** "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC: Triệu Ngọc Trung". */
function signerText(signer: Plan['signer']): string {
  const position = signer?.position?.split(' - ').join(', ');
  const name = signer?.name;
  if (position && name) return `${position}: ${name}`;
  if (position) return `${position}: không tìm thấy tên`;
  return name ?? 'không tìm thấy';
}

/** The first-level sections, short: "I. MỤC ĐÍCH, YÊU CẦU; II. NỘI DUNG". */
function mainSections(plan: Plan): string | undefined {
  const top = plan.sections.filter((s) => /^[IVX]+$/.test(s.numbering)).map((s) => `${s.numbering}. ${s.heading.length > 50 ? `${s.heading.slice(0, 49)}…` : s.heading}`);
  return top.length ? top.join('; ') : undefined;
}

/**
 * The deadlines, those to look at again (`cần xem lại`) first, then the unit phrases the office
 * must map before publishing ("cần gán đơn vị").
 */
function deadlineLines(plan: Plan, unit: (code: string) => string, isUnit: (code: string) => boolean): string[] {
  const line = (d: Plan['deadlines'][number]) => `- ${d.id} · ${d.due ? formatDay(d.due) : describeRecurrence(d.recurrence!)} · ${d.task} · ${d.assignees.map(unit).join(', ')}`;
  const unsure = plan.deadlines.filter((d) => d.confidence === 'cần xem lại');
  const sure = plan.deadlines.filter((d) => d.confidence !== 'cần xem lại');
  const lines = [`📅 Thời hạn (${plan.deadlines.length}):`];
  if (unsure.length) lines.push(`🔎 Cần xem lại (${unsure.length}):`, ...unsure.map(line), ...(sure.length ? [`✔️ Chắc chắn (${sure.length}):`] : []));
  lines.push(...sure.map(line));
  const phrases = plan.reference ? [] : unmappedAssignees(plan.deadlines, isUnit);
  if (phrases.length) lines.push('', `🏷️ Cần gán đơn vị (${phrases.length}) trước khi công bố:`, ...phrases.map((p) => `- “${p.phrase}” (hạn ${p.deadlines.join(', ')})`));
  return lines;
}

/** "- Phụ lục II — Đăng ký hoạt động … (6 cột): nộp theo hạn H8", or that no deadline asks for it yet. */
function formLine(f: NonNullable<Plan['forms']>[number]): string {
  const tie = f.deadline ? `nộp theo hạn ${f.deadline}` : 'chưa gắn với hạn nào (cần chọn hạn trước khi công bố)';
  return `- ${f.appendix} — ${f.title} (${f.columns.length} cột): ${tie}`;
}

export function importSummary(content: Pick<Content, 'unit'>, result: ImportResult & Partial<Pick<PreparedImport, 'replaces' | 'takenId'>>): string {
  const { plan, warnings, replaces, takenId } = result;
  const unit = (c: string) => (content.unit(c) ? c : `"${c}"`);
  const issuer = plan.place && !plan.issuer.includes(plan.place) ? `${plan.issuer} (${plan.place})` : plan.issuer;
  const sections = mainSections(plan);
  const lines = [
    `📄 KẾ HOẠCH ${plan.title}`,
    replaces
      ? `♻️ Thay thế kế hoạch đã có “${replaces.title}” (mã ${replaces.id}): các hạn không đổi giữ nguyên mã.`
      : `Mã kế hoạch: ${plan.id}${takenId ? ` (mã ${takenId} đã thuộc kế hoạch khác)` : ''}`,
    `Số: ${numberText(plan.number)}, ${issuedText(plan.issued)}`,
    `Cơ quan ban hành: ${issuer}`,
    `Người ký: ${signerText(plan.signer)}`,
    ...(plan.period ? [`Thời gian thực hiện: ${formatPeriod(plan.period)}`] : []),
    ...(sections ? [`Các mục chính: ${sections}`] : []),
    '',
    ...deadlineLines(plan, unit, (c) => content.unit(c) !== undefined),
    '',
    `📣 Khẩu hiệu (${plan.slogans.length}):`,
    ...plan.slogans.map((s, i) => `${i + 1}. “${s}”`),
  ];
  if (plan.forms?.length) lines.push('', `📝 Mẫu đăng ký (${plan.forms.length}):`, ...plan.forms.map(formLine));
  if (warnings.length) lines.push('', `⚠️ Cần xem lại (${warnings.length}):`, ...warnings.map((w) => `- ${w}`));
  return lines.join('\n');
}
