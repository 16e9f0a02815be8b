/**
 * Reading a plan file (.txt, .md, .docx) and saving an imported plan into `data/plans/` beside
 * its text. Re-importing replaces the plan and keeps the deadline ids (and so the stored
 * confirmations) of deadlines whose task and date did not change.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import mammoth from 'mammoth';
import type { Content } from '../core/content.js';
import { formatDay } from '../core/dates.js';
import { describeRecurrence } from '../core/occurrences.js';
import type { Plan } from '../core/plans.js';
import { importPlan, type ImportResult } from './index.js';

export class ImportError extends Error {
  override name = 'ImportError';
}

/** Text of a Word table row: cells separated by tabs, so slogan tables keep their columns. */
function htmlToText(html: string): string {
  return html
    // A cell's own paragraphs become one line of text.
    .replace(/<t([dh])([^>]*)>([\s\S]*?)<\/t\1>/gi, (_m, t: string, _a: string, inner: string) => `<t${t}>${inner.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}</t${t}>`)
    .replace(/<\/t[dh]>\s*<t[dh][^>]*>/gi, '\t')
    .replace(/<\/(p|tr|h\d|li)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** Largest plan file accepted. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Text of a plan file's bytes by its name: .txt, .md, or .docx (through mammoth). */
export async function textFromBuffer(name: string, buffer: Buffer): Promise<string> {
  const ext = extname(name).toLowerCase();
  if (buffer.length > MAX_IMPORT_BYTES) throw new ImportError(`Tệp quá lớn (tối đa ${MAX_IMPORT_BYTES / 1024 / 1024} MB).`);
  if (ext === '.docx') {
    try {
      const { value } = await mammoth.convertToHtml({ buffer });
      return htmlToText(value);
    } catch (error) {
      throw new ImportError(`Tệp ${name} không phải tệp Word (.docx) hợp lệ: ${(error as Error).message}`);
    }
  }
  if (ext === '.txt' || ext === '.md' || ext === '') return buffer.toString('utf8');
  throw new ImportError(`Chưa đọc được định dạng "${ext}": dùng .docx, .txt hoặc .md (PDF: chép văn bản ra .txt).`);
}

export async function readPlanFile(file: string): Promise<string> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    throw new ImportError(`Không đọc được tệp ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return textFromBuffer(file, buffer);
}

/** Imports text as a plan whose new deadlines get ids after every existing one (another plan's ids never move). */
export function importForContent(text: string, content: Content, id?: string): ImportResult {
  const others = content.deadlines.filter((d) => d.plan.id !== id);
  const max = Math.max(0, ...others.map((d) => Number(/(\d+)$/.exec(d.id)?.[1] ?? 0)));
  const result = importPlan(text, content.org, { ...(id ? { id } : {}), firstDeadline: max + 1 });
  const previous = content.plans.find((p) => p.id === result.plan.id);
  if (previous) keepIds(result.plan, previous, max);
  return result;
}

/** Deadlines with the same task and date as before keep their id; new ones are numbered after. */
function keepIds(plan: Plan, previous: Plan, max: number): void {
  const key = (d: Plan['deadlines'][number]) => `${d.task}|${d.due}|${JSON.stringify(d.recurrence)}`;
  const old = new Map(previous.deadlines.map((d) => [key(d), d.id]));
  const used = new Set<string>();
  let next = Math.max(max, ...previous.deadlines.map((d) => Number(/(\d+)$/.exec(d.id)?.[1] ?? 0))) + 1;
  for (const d of plan.deadlines) {
    const kept = old.get(key(d));
    if (kept && !used.has(kept)) {
      d.id = kept;
      used.add(kept);
    } else {
      d.id = `H${next++}`;
    }
  }
}

export async function savePlan(dataDir: string, plan: Plan, text: string): Promise<string> {
  const dir = join(dataDir, 'plans');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${plan.id}.json`);
  await writeFile(join(dir, `${plan.id}.txt`), text);
  await writeFile(file, JSON.stringify(plan, null, 2) + '\n');
  return file;
}

/** The Vietnamese summary printed after an import (and shown in chat). */
export function importSummary(content: Content, { plan, warnings }: ImportResult): string {
  const unit = (c: string) => (content.unit(c) ? c : `"${c}"`);
  const lines = [
    `📄 KẾ HOẠCH ${plan.title}`,
    `Ban hành: ${[plan.number, plan.place, plan.issued].filter(Boolean).join(' · ') || 'không rõ'}`,
    `Người ký: ${[plan.signer?.position, plan.signer?.name].filter(Boolean).join(' ') || 'không rõ'}`,
    `Số mục: ${plan.sections.length}`,
    '',
    `📅 Thời hạn (${plan.deadlines.length}):`,
    ...plan.deadlines.map((d) => `- ${d.id} · ${d.due ? formatDay(d.due) : describeRecurrence(d.recurrence!)} · ${d.task} · ${d.assignees.map(unit).join(', ')}`),
    '',
    `📣 Khẩu hiệu (${plan.slogans.length}):`,
    ...plan.slogans.map((s, i) => `${i + 1}. “${s}”`),
  ];
  if (warnings.length) lines.push('', `⚠️ Cần xem lại (${warnings.length}):`, ...warnings.map((w) => `- ${w}`));
  return lines.join('\n');
}
