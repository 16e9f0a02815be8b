/**
 * The guided registration's state machine alone (issue 14, item 3): a session and an action in,
 * the next session and the replies out.
 */
import { describe, expect, it } from 'vitest';
import {
  advance,
  isStale,
  MAX_ANSWER_CHARS,
  MAX_FORM_ROWS,
  newFormSession,
  parseFormAction,
  phaseOf,
  promptOf,
  type FormAction,
  type FormStep,
} from '../src/core/form-session.js';
import type { CommandContext } from '../src/core/command.js';
import { expiredText, openSession } from '../src/core/form-chat.js';
import type { FormSession } from '../src/core/submission-ports.js';

const COLUMNS = ['Tên nội dung, hoạt động', 'Thời gian', 'Quy mô', 'Đối tượng', 'Mục tiêu', 'Ghi chú'];
const NOW = new Date('2023-09-20T02:00:00Z');
const LABELS = { inGroup: false };

function fresh(columns = COLUMNS): FormSession {
  return newFormSession({ deadline: 'H8', occurrence: '2023-09-25', chat: 'telegram:-200', user: '2002', unit: 'TTKHCN', columns, updatedAt: NOW.toISOString() });
}

/** Runs typed inputs one after another, as a person would type them. */
function run(s: FormSession, ...inputs: string[]): FormStep & { session: FormSession | undefined } {
  let step: FormStep = { session: s, replies: [] };
  for (const input of inputs) {
    if (!step.session) throw new Error(`session ended before “${input}”`);
    step = advance(step.session, parseFormAction(input), LABELS, NOW);
  }
  return step;
}
const text = (step: FormStep) => step.replies.map((r) => r.text).join('\n');
const data = (step: FormStep) => step.replies.flatMap((r) => r.buttons ?? []).map((b) => b.data);

describe('parseFormAction', () => {
  it('reads the control words with or without diacritics, and "-" as a skip', () => {
    const cases: Array<[string, FormAction]> = [
      ['bỏ qua', { kind: 'skip' }],
      ['Bo qua', { kind: 'skip' }],
      ['-', { kind: 'skip' }],
      ['boqua', { kind: 'skip' }],
      ['hủy', { kind: 'cancel' }],
      ['HUY', { kind: 'cancel' }],
      ['lưu', { kind: 'save' }],
      ['luu.', { kind: 'save' }],
      ['thêm', { kind: 'add' }],
      ['them dong', { kind: 'add' }],
      ['gửi', { kind: 'send' }],
      ['gui', { kind: 'send' }],
      ['sửa', { kind: 'edit' }],
      ['sửa 3', { kind: 'edit', column: 3 }],
      ['sua cot 2', { kind: 'edit', column: 2 }],
      ['sua2', { kind: 'edit', column: 2 }],
      ['bỏ dòng', { kind: 'drop' }],
    ];
    for (const [input, action] of cases) expect(parseFormAction(input), input).toEqual(action);
  });
  it('takes anything else as an answer, kept as typed', () => {
    for (const input of ['Sửa chữa nhà văn hóa thôn', 'Hội nghị tuyên truyền “Tháng Dân vận”', '25/9/2023', 'đúng', 'ok', '- 3 buổi']) {
      expect(parseFormAction(input)).toEqual({ kind: 'answer', text: input });
    }
  });
});

describe('a registration, step by step', () => {
  it('asks each column in turn, shows the row back, edits one column, saves, and sends two rows aligned to the columns', () => {
    const s0 = fresh();
    expect(phaseOf(s0)).toBe('asking');
    expect(promptOf(s0, LABELS).text).toMatch(/^Dòng 1 · cột 1\/6: Tên nội dung, hoạt động\?/);
    const asked = run(s0, 'Hội nghị tuyên truyền');
    expect(text(asked)).toMatch(/^Dòng 1 · cột 2\/6: Thời gian\?/);
    expect(asked.session!.draft).toEqual(['Hội nghị tuyên truyền']);
    // A question offers "Bỏ qua" only: cancelling everything takes the typed word or the row's own button.
    expect(data(asked)).toEqual(['/dangkyhd H8 boqua']);

    const review = run(s0, 'Hội nghị tuyên truyền', 'Tháng 9/2023', 'bỏ qua', 'Cán bộ', 'Nâng cao nhận thức', '-');
    expect(phaseOf(review.session!)).toBe('review');
    expect(text(review)).toMatch(/Dòng 1 — kiểm tra trước khi lưu:\n1\. Tên nội dung, hoạt động: Hội nghị tuyên truyền\n2\. Thời gian: Tháng 9\/2023\n3\. Quy mô: \(để trống\)/);
    expect(data(review)).toEqual(['/dangkyhd H8 luu', '/dangkyhd H8 sua', '/dangkyhd H8 huy']);

    // "sửa" asks which column; "sửa 3" asks column 3 again, then shows the row back again.
    const which = run(review.session!, 'sửa');
    expect(which.session).toBe(review.session);
    expect(data(which)).toContain('/dangkyhd H8 sua 3');
    const editing = run(review.session!, 'sửa 3');
    expect(text(editing)).toMatch(/Sửa dòng 1 · cột 3\/6: Quy mô\?\nHiện đang để trống\./);
    const edited = run(editing.session!, 'Toàn Sở');
    expect(phaseOf(edited.session!)).toBe('review');
    expect(edited.session!.draft).toEqual(['Hội nghị tuyên truyền', 'Tháng 9/2023', 'Toàn Sở', 'Cán bộ', 'Nâng cao nhận thức', '']);

    const saved = run(edited.session!, 'lưu');
    expect(text(saved)).toMatch(/^✅ Đã lưu dòng 1\./);
    expect(saved.replies[0]!.buttons!.map((b) => b.label)).toEqual(['➕ Thêm dòng', '📤 Gửi đăng ký (1 dòng)', '❌ Hủy']);
    expect(phaseOf(saved.session!)).toBe('between');

    const second = run(saved.session!, 'thêm');
    expect(text(second)).toMatch(/^Dòng 2 · cột 1\/6/);
    const two = run(second.session!, 'Ra quân vệ sinh', 'bỏ qua', 'bỏ qua', 'bỏ qua', 'bỏ qua', 'bỏ qua', 'lưu');
    expect(two.replies[0]!.buttons!.map((b) => b.label)).toContain('📤 Gửi đăng ký (2 dòng)');
    const sent = run(two.session!, 'gửi');
    expect(sent.session).toBeUndefined();
    expect(sent.send).toEqual({
      columns: COLUMNS,
      rows: [
        ['Hội nghị tuyên truyền', 'Tháng 9/2023', 'Toàn Sở', 'Cán bộ', 'Nâng cao nhận thức', ''],
        ['Ra quân vệ sinh', '', '', '', '', ''],
      ],
    });
  });

  it('cancels at any point, handing in nothing', () => {
    for (const inputs of [['hủy'], ['a', 'b', 'huy'], ['a', 'b', 'c', 'd', 'e', 'f', 'lưu', 'hủy']]) {
      const end = run(fresh(), ...inputs);
      expect(end.session).toBeUndefined();
      expect(end.send).toBeUndefined();
      expect(text(end)).toMatch(/Đã hủy đăng ký hạn H8; không có gì được lưu/);
    }
  });

  it('refuses an answer over the limit and asks the same column again', () => {
    const s = run(fresh(), 'a').session!;
    const long = 'x'.repeat(MAX_ANSWER_CHARS + 1);
    const step = advance(s, parseFormAction(long), LABELS, NOW);
    expect(step.session).toBe(s);
    expect(text(step)).toMatch(/quá 1000 ký tự[\s\S]*Dòng 1 · cột 2\/6/);
    // An empty message (a sticker, only spaces) fills nothing.
    expect(advance(s, { kind: 'answer', text: '  ' }, LABELS, NOW).session).toBe(s);
    // Exactly the limit is fine (emoji count as one character each).
    expect(advance(s, { kind: 'answer', text: '🙂'.repeat(MAX_ANSWER_CHARS) }, LABELS, NOW).session!.draft[1]).toHaveLength(MAX_ANSWER_CHARS * 2);
  });

  it('does not save a row with every column skipped', () => {
    const empty = run(fresh(), 'bỏ qua', '-', 'bo qua', 'boqua', '-', '-');
    const step = run(empty.session!, 'lưu');
    expect(step.session).toBe(empty.session);
    expect(text(step)).toMatch(/Dòng 1 trống \(mọi cột đều bỏ qua\) nên không lưu được/);
  });

  it('takes no more than the row limit', () => {
    const rows = Array.from({ length: MAX_FORM_ROWS }, (_, i) => [`Hoạt động ${i + 1}`, '', '', '', '', '']);
    const full: FormSession = { ...fresh(), rows, step: -1 };
    const prompt = promptOf(full, LABELS);
    expect(prompt.buttons!.map((b) => b.data)).not.toContain('/dangkyhd H8 them');
    expect(prompt.buttons!.map((b) => b.data)).toContain('/dangkyhd H8 gui');
    const step = run(full, 'thêm');
    expect(step.session).toBe(full);
    expect(text(step)).toMatch(/tối đa 50 dòng/);
    expect(run({ ...full, rows: rows.slice(1) }, 'thêm').session!.step).toBe(0);
  });

  it('keeps the session and explains when a word does not fit the moment', () => {
    const asking = run(fresh(), 'a').session!;
    for (const word of ['lưu', 'thêm', 'sửa 1']) {
      const step = run(asking, word);
      expect(step.session, word).toBe(asking);
      expect(text(step)).toMatch(/Dòng 1 · cột 2\/6/);
    }
    const review = run(fresh(), 'a', 'b', 'c', 'd', 'e', 'f').session!;
    expect(text(run(review, 'gửi'))).toMatch(/Dòng 1 chưa được lưu/);
    expect(run(review, 'sửa 9').session).toBe(review);
    expect(text(run(review, 'sửa 9'))).toMatch(/Không có cột 9: mẫu có 6 cột/);
    // A bare number while the row is shown back picks the column to correct.
    expect(run(review, '2').session!.step).toBe(1);
  });

  it('reopens the last saved row with "sửa", and drops a half-filled row with "bỏ dòng"', () => {
    const saved = run(fresh(), 'a', 'b', 'c', 'd', 'e', 'f', 'lưu').session!;
    const reopened = run(saved, 'sửa 2');
    expect(reopened.session!.rows).toEqual([]);
    expect(text(reopened)).toMatch(/Sửa dòng 1 · cột 2\/6: Thời gian\?\nHiện là: “b”/);
    expect(run(reopened.session!, 'B', 'lưu').session!.rows).toEqual([['a', 'B', 'c', 'd', 'e', 'f']]);

    const half = run(saved, 'thêm', 'x').session!;
    expect(text(run(half, 'gửi'))).toMatch(/Dòng 2 đang điền dở/);
    const dropped = run(half, 'bỏ dòng');
    expect(dropped.session!.rows).toHaveLength(1);
    expect(phaseOf(dropped.session!)).toBe('between');
    expect(run(dropped.session!, 'gửi').send!.rows).toEqual([['a', 'b', 'c', 'd', 'e', 'f']]);
  });

  it('stamps each change and forgets a session after a day', () => {
    const later = new Date(NOW.getTime() + 60_000);
    expect(advance(fresh(), { kind: 'answer', text: 'a' }, LABELS, later).session!.updatedAt).toBe(later.toISOString());
    const s = fresh();
    expect(isStale(s, new Date(NOW.getTime() + 23 * 3600_000))).toBe(false);
    expect(isStale(s, new Date(NOW.getTime() + 25 * 3600_000))).toBe(true);
    expect(isStale({ updatedAt: 'garbage' }, NOW)).toBe(true);
  });

  it('asks for a reply in a group, and only there', () => {
    expect(promptOf(fresh(), { inGroup: true }).text).toMatch(/trong nhóm, hãy trả lời ngay vào tin nhắn này/);
    expect(promptOf(fresh(), { inGroup: false }).text).not.toMatch(/trong nhóm/);
  });

  it('keeps every button short ASCII', () => {
    const review = run(fresh(), 'a', 'b', 'c', 'd', 'e', 'f');
    const all = [...data(review), ...data(run(review.session!, 'sửa')), ...data(run(review.session!, 'lưu')), ...data(run(fresh(), 'a'))];
    for (const d of all) expect(d).toMatch(/^\/dangkyhd H8 [\x20-\x7e]{1,40}$/);
  });
});

describe('a stale session a store still returns', () => {
  it('is ended and the person told, so the message is read as usual', async () => {
    const s = fresh();
    const ended: string[] = [];
    const formSessions = {
      formSession: async () => s,
      saveFormSession: async () => {
        throw new Error('a stale session must not be saved');
      },
      endFormSession: async (_chat: unknown, user: string) => void ended.push(user),
    };
    const ctx = {
      incoming: { chat: { channel: 'telegram', chatId: '-200' }, chatType: 'group', user: { id: '2002', name: 'Hoa' }, text: 'a' },
      now: new Date(NOW.getTime() + 25 * 3600_000),
      formSessions,
    } as unknown as CommandContext;
    const { session, expired } = await openSession(ctx);
    const turn = expired ? { expired: expiredText(expired) } : { session };
    expect(turn).toEqual({ expired: expect.stringMatching(/Phiên đăng ký hạn H8 của bạn đã quá 24 giờ không dùng nên đã đóng[\s\S]*\/dangkyhd H8/) });
    expect(ended).toEqual(['2002']);
  });
});
