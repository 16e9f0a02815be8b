/**
 * The guided registration (`/dangkyhd H8`) as a pure state machine: a session and one action in,
 * the session from now on and the replies out. Nothing here reads or writes the store, so every
 * step can be checked alone; `form-chat.ts` loads the session, runs a step and saves it back, so a
 * restart between two steps loses nothing.
 *
 * A session is in one of three phases, read from its `step` and `draft` (see {@link phaseOf}):
 * asking a column of the draft row, showing the draft row back for checking, or between rows
 * (the last row saved, waiting for "thêm" or "gửi").
 */
import type { FormRows, FormSession } from './submission-ports.js';
import { fold } from './text.js';
import { askText, betweenText, reviewText, whichColumnText, type FormLabels } from './form-session-text.js';
import type { Outgoing } from './types.js';

/** The longest answer to one column, in characters (a cell of a registration table, not an essay). */
export const MAX_ANSWER_CHARS = 1000;
/** The most rows one registration holds. */
export const MAX_FORM_ROWS = 50;
/** A session untouched this long (ms) is forgotten: a day. */
export const FORM_SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/** What a person did: typed an answer or a word, or pressed a button. */
export type FormAction =
  | { kind: 'answer'; text: string }
  | { kind: 'skip' }
  | { kind: 'save' }
  | { kind: 'edit'; column?: number | undefined }
  | { kind: 'add' }
  | { kind: 'drop' }
  | { kind: 'send' }
  | { kind: 'cancel' };

export type FormPhase = 'asking' | 'review' | 'between';

export function phaseOf(s: Pick<FormSession, 'step' | 'draft'>): FormPhase {
  if (s.step >= 0) return 'asking';
  return s.draft.length > 0 ? 'review' : 'between';
}

/** The result of one step. */
export interface FormStep {
  /** The session from now on; undefined when it ended (cancelled, or handed in by the caller). */
  session: FormSession | undefined;
  replies: Outgoing[];
  /** The rows to hand in: the caller records them, then ends the session. */
  send?: FormRows | undefined;
}

const WORDS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => FormAction]> = [
  [/^(bo qua|boqua|bo trong|de trong|skip)$/, () => ({ kind: 'skip' })],
  [/^(huy|huy bo|huybo|cancel)$/, () => ({ kind: 'cancel' })],
  [/^(luu|luu dong|luudong|luu lai|save)$/, () => ({ kind: 'save' })],
  [/^(them|them dong|themdong)$/, () => ({ kind: 'add' })],
  [/^(bo dong|bodong|xoa dong|xoadong)$/, () => ({ kind: 'drop' })],
  [/^(gui|gui di|gui dang ky|guidangky|nop)$/, () => ({ kind: 'send' })],
  [/^sua$/, () => ({ kind: 'edit' })],
  [/^sua ?(?:cot ?)?(\d{1,3})$/, (m) => ({ kind: 'edit', column: Number(m[1]) })],
];

/**
 * Reads what was typed (or a button's argument): the control words, with or without diacritics
 * ("bỏ qua", "bo qua", "-", "hủy", "lưu", "thêm", "bỏ dòng", "gửi", "sửa 2"); anything else is an answer.
 */
export function parseFormAction(text: string): FormAction {
  const t = text.trim();
  if (/^[-–—]+$/.test(t)) return { kind: 'skip' };
  const key = fold(t)
    .replace(/[.!…“”"'«»]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const [re, make] of WORDS) {
    const m = re.exec(key);
    if (m) return make(m);
  }
  return { kind: 'answer', text: t };
}

/** A new session: row 1, column 1. */
export function newFormSession(base: Omit<FormSession, 'rows' | 'draft' | 'step' | 'editing'>): FormSession {
  return { ...base, rows: [], draft: [], step: 0 };
}

/** Whether a session last changed more than a day before `now`. */
export function isStale(s: Pick<FormSession, 'updatedAt'>, now: Date): boolean {
  const at = Date.parse(s.updatedAt);
  return !Number.isFinite(at) || now.getTime() - at > FORM_SESSION_TTL_MS;
}

/** What the session waits for now: the question, the row shown back, or the choice after a saved row. */
export function promptOf(s: FormSession, labels: FormLabels): Outgoing {
  switch (phaseOf(s)) {
    case 'asking':
      return askText(s, labels);
    case 'review':
      return reviewText(s);
    case 'between':
      return betweenText(s, MAX_FORM_ROWS);
  }
}

const say = (text: string, prompt?: Outgoing): Outgoing[] => (prompt ? [{ ...prompt, text: `${text}\n\n${prompt.text}` }] : [{ text }]);

/** One step of the conversation. `now` stamps the session's `updatedAt`. Never throws on bad input. */
export function advance(s0: FormSession, action: FormAction, labels: FormLabels, now: Date): FormStep {
  const s: FormSession = { ...s0, rows: s0.rows.map((r) => [...r]), draft: [...s0.draft], updatedAt: now.toISOString() };
  const n = s.columns.length;
  const phase = phaseOf(s);
  const keep = (text: string): FormStep => ({ session: s0, replies: say(text, promptOf(s0, labels)) });
  const go = (next: FormSession, lead?: string): FormStep => ({ session: next, replies: lead ? say(lead, promptOf(next, labels)) : [promptOf(next, labels)] });
  const rowNo = s.rows.length + 1;

  if (action.kind === 'cancel') {
    return { session: undefined, replies: [{ text: `❌ Đã hủy đăng ký hạn ${s.deadline}; không có gì được lưu. Đăng ký lại: /dangkyhd ${s.deadline}` }] };
  }
  if (action.kind === 'drop') {
    if (phase === 'between') return keep('Không có dòng nào đang điền để bỏ.');
    if (s.rows.length === 0) return keep(`Dòng 1 là dòng đầu tiên nên không bỏ được; muốn dừng hẳn thì gõ “hủy”.`);
    return go({ ...s, draft: [], step: -1, editing: undefined }, `🗑 Đã bỏ dòng ${rowNo} đang điền.`);
  }
  if (action.kind === 'edit') return edit(s, s0, action.column, keep, go);

  if (phase === 'asking') {
    if (action.kind === 'answer' || action.kind === 'skip') {
      const value = action.kind === 'skip' ? '' : action.text;
      if (action.kind === 'answer' && value.trim() === '') return keep('Loa chưa thấy câu trả lời nào; gõ nội dung, hoặc “bỏ qua” để trống.');
      if (Array.from(value).length > MAX_ANSWER_CHARS) {
        return keep(`⚠️ Câu trả lời dài ${Array.from(value).length} ký tự, quá ${MAX_ANSWER_CHARS} ký tự cho một ô; chưa lưu. Vui lòng gõ ngắn hơn.`);
      }
      const draft = [...s.draft];
      while (draft.length < s.step) draft.push('');
      draft[s.step] = value;
      const next = !s.editing && s.step + 1 < n ? { ...s, draft, step: s.step + 1 } : { ...s, draft, step: -1, editing: undefined };
      return go(next);
    }
    if (action.kind === 'send' && s.rows.length > 0) {
      return keep(`Dòng ${rowNo} đang điền dở. Điền hết rồi lưu, hoặc gõ “bỏ dòng” để bỏ dòng này, rồi gửi.`);
    }
    return keep(`Loa đang hỏi dòng ${rowNo}, cột ${s.step + 1}/${n}: hãy trả lời, gõ “bỏ qua” để trống, hoặc “hủy” để dừng.`);
  }

  if (phase === 'review') {
    if (action.kind === 'save') {
      if (s.draft.every((v) => v.trim() === '')) {
        return keep(`⚠️ Dòng ${rowNo} trống (mọi cột đều bỏ qua) nên không lưu được. Gõ “sửa N” để điền cột N, hoặc “hủy”.`);
      }
      const rows = [...s.rows, padded(s.draft, n)];
      return go({ ...s, rows, draft: [], step: -1, editing: undefined }, `✅ Đã lưu dòng ${rows.length}.`);
    }
    if (action.kind === 'answer' && /^\d{1,3}$/.test(action.text)) return edit(s, s0, Number(action.text), keep, go);
    if (action.kind === 'send' || action.kind === 'add') return keep(`Dòng ${rowNo} chưa được lưu: bấm “Lưu dòng” (hoặc gõ “lưu”) trước.`);
    return keep(`Loa đang chờ bạn kiểm tra dòng ${rowNo}: gõ “lưu” để lưu, “sửa N” để sửa cột N, hoặc “hủy”.`);
  }

  // Between rows: the last row is saved.
  if (action.kind === 'add') {
    if (s.rows.length >= MAX_FORM_ROWS) return keep(`⚠️ Một bản đăng ký có tối đa ${MAX_FORM_ROWS} dòng; không thêm được nữa. Gửi đăng ký, hoặc hủy.`);
    return go({ ...s, draft: [], step: 0, editing: undefined });
  }
  if (action.kind === 'send') return { session: undefined, replies: [], send: { columns: [...s.columns], rows: s.rows.map((r) => padded(r, n)) } };
  return keep(`Dòng ${s.rows.length} đã lưu. Gõ “thêm” để thêm dòng, “gửi” để gửi đăng ký, “sửa” để sửa lại dòng vừa lưu, hoặc “hủy”.`);
}

/**
 * "sửa", "sửa N": while the row is shown back, asks which column or re-asks column N; between
 * rows, opens the last saved row again; while a column is being corrected, switches column.
 */
function edit(
  s: FormSession,
  s0: FormSession,
  column: number | undefined,
  keep: (text: string) => FormStep,
  go: (next: FormSession, lead?: string) => FormStep,
): FormStep {
  const n = s.columns.length;
  const phase = phaseOf(s);
  if (phase === 'asking' && !s.editing) {
    return keep(`Trả lời hết dòng ${s.rows.length + 1} trước; khi Loa đọc lại cả dòng, gõ “sửa N” để sửa cột N.`);
  }
  if (column !== undefined && (column < 1 || column > n)) return keep(`⚠️ Không có cột ${column}: mẫu có ${n} cột (1–${n}).`);
  let base = s;
  if (phase === 'between') {
    // Reopen the last saved row: it is saved again with "lưu".
    const rows = s.rows.slice(0, -1);
    base = { ...s, rows, draft: padded(s.rows[s.rows.length - 1] ?? [], n), step: -1, editing: undefined };
    if (column === undefined) return { session: base, replies: [whichColumnText(base)] };
  }
  if (column === undefined) return { session: s0, replies: [whichColumnText(s)] };
  return go({ ...base, draft: padded(base.draft, n), step: column - 1, editing: true });
}

function padded(row: readonly string[], n: number): string[] {
  return Array.from({ length: n }, (_, i) => row[i] ?? '');
}

export type { FormLabels };
