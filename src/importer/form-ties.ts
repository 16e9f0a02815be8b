/**
 * Which deadline asks for each registration template: the one whose task or time phrase names
 * the same appendix ("mẫu theo Phụ lục II", "theo mẫu tại Phụ lục 02", "Biểu mẫu số 1"; Roman
 * and Arabic numbers of one appendix are the same: II = 02 = 2), a unit's registration before
 * the office's consolidation ("Tổng hợp đăng ký …") that names it too; else the plan's only
 * registration deadline ("Đăng ký …"); else none, and the office is told to tie it.
 */
import type { PlanDeadline, PlanForm } from '../core/plans.js';
import { fold } from '../core/text.js';
import { appendixKey, type FoundForm } from './appendix-forms.js';

/** An appendix named in running text, folded: "phu luc ii", "mau so 01", "bieu mau so 1". */
const REFERENCE = /\b(phu luc|bieu mau|mau|bieu)\s+(?:so\s*)?([ivxl]{1,6}|\d{1,3})\b/g;

/** The appendix keys a deadline's words name (see {@link appendixKey}). */
export function namedAppendices(d: Pick<PlanDeadline, 'task' | 'quote'>): Set<string> {
  const text = fold(`${d.task} ${d.quote ?? ''}`);
  const keys = new Set<string>();
  for (const m of text.matchAll(REFERENCE)) keys.add(appendixKey(m[1]!, m[2]!));
  return keys;
}

/** The office's own consolidation of what units registered or reported ("Tổng hợp đăng ký …"). */
const consolidates = (d: PlanDeadline) => /\btong hop\b/.test(fold(d.task));
/** A unit's registration ("Đăng ký hoạt động …"). */
const registers = (d: PlanDeadline) => /\bdang ky\b/.test(fold(d.task)) && !consolidates(d);

/** The plan's forms, each tied to its deadline or to none, with a warning for each left untied. */
export function tieForms(found: readonly FoundForm[], deadlines: readonly PlanDeadline[]): { forms: PlanForm[]; warnings: string[] } {
  const tied = new Set<string>();
  const named = deadlines.map(namedAppendices);
  const registrations = deadlines.filter(registers);
  const forms: PlanForm[] = [];
  const warnings: string[] = [];
  for (const f of found) {
    const naming = deadlines.filter((d, i) => !tied.has(d.id) && f.keys.some((k) => named[i]!.has(k)));
    const lone = registrations.length === 1 && !tied.has(registrations[0]!.id) ? registrations[0] : undefined;
    const deadline = naming.find((d) => !consolidates(d)) ?? naming[0] ?? lone;
    if (deadline) tied.add(deadline.id);
    else warnings.push(`Mẫu đăng ký ${f.appendix} (“${f.title}”) chưa gắn với hạn nào: văn phòng cần chọn hạn nộp mẫu này trên trang xem lại kế hoạch.`);
    forms.push({ appendix: f.appendix, title: f.title, columns: f.columns, deadline: deadline?.id ?? null });
  }
  return { forms, warnings };
}
