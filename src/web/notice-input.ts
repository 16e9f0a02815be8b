/**
 * The Thông báo form as submitted: read strictly into a notice draft (the same checks as chat
 * `/thongbao`), or the Vietnamese reason it cannot be sent, with what was typed kept to fill the
 * form again. Units come from checkboxes: "all units", the org's groups (by name) and single units.
 */
import type { Content } from '../core/content.js';
import { formatDay, parseDay, type Day } from '../core/dates.js';
import { MAX_ANNOUNCEMENT, noticeProblem, type NoticeDraft } from '../core/notices.js';
import { groupUnits } from '../core/org.js';
import { cleanInput, MAX_INPUT_CHARS, truncate } from '../core/text.js';
import { randomBytes } from 'node:crypto';

/** What the form holds (as typed), to show it again after a refusal. */
export interface NoticeFormValues {
  text: string;
  all: boolean;
  groups: string[];
  units: string[];
  due: string;
  nonce: string;
}

export const EMPTY_NOTICE_FORM: Omit<NoticeFormValues, 'nonce'> = { text: '', all: false, groups: [], units: [], due: '' };

/** How long a form stays good to send (its nonce is remembered for longer: see the route). */
export const NONCE_TTL_MS = 24 * 60 * 60 * 1000;
const NONCE = /^([0-9a-z]{1,12})\.[A-Za-z0-9_-]{16}$/;

/** A fresh form nonce: when it was made (base 36 ms) and 96 random bits. */
export function newNonce(now: Date): string {
  return `${now.getTime().toString(36)}.${randomBytes(12).toString('base64url')}`;
}

/** Whether a nonce is well formed and was made within {@link NONCE_TTL_MS} of `now`. */
export function freshNonce(nonce: string, now: Date): boolean {
  const m = NONCE.exec(nonce);
  if (!m) return false;
  const age = now.getTime() - parseInt(m[1]!, 36);
  return age >= -5 * 60_000 && age <= NONCE_TTL_MS;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown, max: number): string[] => {
  const values = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return [...new Set(values.filter((x): x is string => typeof x === 'string').map((x) => x.trim().slice(0, 200)))].slice(0, max);
};

/** Reads the posted form's fields (never trusting their types or sizes). */
export function formValues(form: Record<string, unknown>, content: Content): NoticeFormValues {
  return {
    text: text(form.text),
    all: form.all === '1',
    groups: list(form.group, content.org.groups.length + 5),
    units: list(form.unit, content.org.units.length + 5),
    due: text(form.due).trim().slice(0, 40),
    nonce: text(form.nonce).slice(0, 80),
  };
}

const shortList = (xs: readonly string[]) => truncate(xs.slice(0, 10).map((x) => truncate(x, 40)).join(', ') + (xs.length > 10 ? ` và ${xs.length - 10} mục khác` : ''), 400);

/** The draft the form asks for, or why not (Vietnamese). */
export function noticeDraft(v: NoticeFormValues, content: Content, today: Day): { draft: NoticeDraft } | { error: string } {
  const { org } = content;
  if (v.text.length > MAX_INPUT_CHARS) return { error: `Nội dung dài quá ${MAX_ANNOUNCEMENT} ký tự.` };
  const body = cleanInput(v.text);
  let due: Day | null = null;
  if (v.due) {
    const parsed = parseDay(v.due);
    if (!parsed) return { error: `Ngày hạn “${truncate(v.due, 20)}” không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ ${formatDay(today)}.` };
    due = parsed;
  }
  const unknownUnits = v.units.filter((c) => !content.unit(c));
  if (unknownUnits.length) return { error: `Không có đơn vị: ${shortList(unknownUnits)}.` };
  const unknownGroups = v.groups.filter((g) => !org.groups.some((x) => x.name === g));
  if (unknownGroups.length) return { error: `Không có nhóm đơn vị: ${shortList(unknownGroups)}.` };
  const chosen = new Set<string>(v.units.map((c) => content.unit(c)!.code));
  if (v.all) for (const u of org.units) chosen.add(u.code);
  for (const g of org.groups) if (v.groups.includes(g.name)) for (const c of groupUnits(org, g)) chosen.add(c);
  const problem = noticeProblem({ text: body, due }, today);
  if (problem) return { error: problem };
  if (chosen.size === 0 && v.groups.length) return { error: 'Nhóm đã chọn chưa có đơn vị nào: hãy chọn nhóm khác hoặc từng đơn vị.' };
  if (chosen.size === 0) return { error: 'Chưa chọn đơn vị nhận thông báo: hãy đánh dấu “Tất cả đơn vị”, một nhóm hoặc từng đơn vị.' };
  return { draft: { text: body, units: org.units.map((u) => u.code).filter((c) => chosen.has(c)), due } };
}
