/**
 * What the guided registration says at each phase, with its buttons. Button data are short ASCII
 * commands (`/dangkyhd H8 luu`), so a press works on every channel and after a restart, and a
 * channel without buttons shows them as commands to type.
 */
import type { FormSession } from './submission-ports.js';
import { truncate } from './text.js';
import type { Button, Outgoing } from './types.js';

/** How the questions are put in this chat. */
export interface FormLabels {
  /**
   * A group chat: a bot there may see only replies to its own messages (Telegram's privacy mode),
   * so each question asks to be answered as a reply.
   */
  inGroup: boolean;
}

/** The labels and words of the buttons. */
const BUTTONS = {
  skip: ['⏭ Bỏ qua', 'boqua'],
  cancel: ['❌ Hủy', 'huy'],
  save: ['💾 Lưu dòng', 'luu'],
  edit: ['✏️ Sửa', 'sua'],
  add: ['➕ Thêm dòng', 'them'],
} as const;

/**
 * A button of the session: `/dangkyhd H8 luu`. The deadline in the data lets a press on an old
 * message say which registration it belonged to, once that one has ended.
 */
export function formButton(s: Pick<FormSession, 'deadline'>, kind: keyof typeof BUTTONS | { label: string; word: string }): Button {
  const [label, word] = typeof kind === 'string' ? BUTTONS[kind] : [kind.label, kind.word];
  return { label, data: `/dangkyhd ${s.deadline} ${word}` };
}

/** The longest a cell is shown back in chat (the whole answer is kept). */
const SHOWN_CHARS = 300;

/** The question for the column asked now: "Dòng 1 · cột 2/6: Thời gian tổ chức, triển khai?". */
export function askText(s: FormSession, labels: FormLabels): Outgoing {
  const n = s.columns.length;
  const col = s.columns[s.step] ?? '';
  const lines = [`${s.editing ? '✏️ Sửa dòng' : 'Dòng'} ${s.rows.length + 1} · cột ${s.step + 1}/${n}: ${col}?`];
  const now = s.draft[s.step];
  if (s.editing && now !== undefined) lines.push(now ? `Hiện là: “${truncate(now, SHOWN_CHARS)}”` : 'Hiện đang để trống.');
  lines.push(`(gõ “bỏ qua” để trống, “hủy” để dừng${labels.inGroup ? '; trong nhóm, hãy trả lời ngay vào tin nhắn này' : ''})`);
  // Only "Bỏ qua": a question is answered by typing, and one slip on a "Hủy" there would lose every row
  // (the console presses a button when a bare number is typed, and answers may be numbers).
  return { text: lines.join('\n'), buttons: [formButton(s, 'skip')] };
}

/** The draft row shown back in full, to save, correct or cancel. */
export function reviewText(s: FormSession): Outgoing {
  const lines = [`📋 Dòng ${s.rows.length + 1} — kiểm tra trước khi lưu:`, ...rowLines(s.columns, s.draft)];
  lines.push('Đúng thì bấm “Lưu dòng” (hoặc gõ “lưu”); sửa cột N: gõ “sửa N”; dừng: “hủy”.');
  if (s.rows.length > 0) lines.push(`Không cần dòng này: gõ “bỏ dòng”.`);
  return { text: lines.join('\n'), buttons: [formButton(s, 'save'), formButton(s, 'edit'), formButton(s, 'cancel')] };
}

/** After a row is saved: add another, send, or cancel. */
export function betweenText(s: FormSession, maxRows: number): Outgoing {
  const count = s.rows.length;
  const send = formButton(s, { label: `📤 Gửi đăng ký (${count} dòng)`, word: 'gui' });
  const full = count >= maxRows;
  const lines = [
    `Đã có ${count} dòng cho hạn ${s.deadline}.`,
    full
      ? `Đã đủ ${maxRows} dòng (tối đa): gõ “gửi” để gửi đăng ký, hoặc “hủy”.`
      : 'Gõ “thêm” để thêm dòng, “gửi” để gửi đăng ký cho Văn phòng Sở, hoặc “hủy” (không lưu gì). Sửa lại dòng vừa lưu: “sửa”.',
  ];
  return { text: lines.join('\n'), buttons: full ? [send, formButton(s, 'cancel')] : [formButton(s, 'add'), send, formButton(s, 'cancel')] };
}

/** "Sửa cột nào?" with one button per column. */
export function whichColumnText(s: FormSession): Outgoing {
  const lines = [`✏️ Sửa cột nào của dòng ${s.rows.length + 1}? Gõ “sửa N” (N từ 1 đến ${s.columns.length}) hoặc bấm nút.`];
  lines.push(...rowLines(s.columns, s.draft));
  const buttons = s.columns.map((c, i) => formButton(s, { label: `${i + 1}. ${truncate(c, 24)}`, word: `sua ${i + 1}` }));
  return { text: lines.join('\n'), buttons: [...buttons, formButton(s, 'cancel')] };
}

/** "1. Tên nội dung, hoạt động: …" for each column of a row. */
export function rowLines(columns: readonly string[], row: readonly string[]): string[] {
  return columns.map((c, i) => {
    const v = row[i] ?? '';
    return `${i + 1}. ${c}: ${v.trim() ? truncate(v, SHOWN_CHARS) : '(để trống)'}`;
  });
}
