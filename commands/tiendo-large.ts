/**
 * `/tiendo MÃ_HẠN` for a deadline of many units (a province: hundreds or thousands of communes):
 * the counts and the units still missing, grouped by kind, in at most two messages, instead of
 * one line per unit (2,000 units were 38 Telegram messages, two minutes at 20 a minute).
 */
import type { CommandContext } from '../src/core/command.js';
import type { Confirmation } from '../src/core/records.js';
import type { Deadline } from '../src/core/content.js';
import type { Org } from '../src/core/org.js';

/** Above this many units, the detail is given as counts and grouped codes. */
export const MANY_UNITS = 40;
/** The budget of the answer: two messages of the channel's size. */
const MESSAGES = 2;
/** Room kept for the head, the counts and the closing line. */
const RESERVED = 700;
/** Longest line of codes. */
const WIDTH = 160;

/** The name of a kind of unit: the org group made of that kind alone, else the kind itself. */
function kindName(org: Org, kind: string): string {
  const group = org.groups.find((g) => g.kinds?.length === 1 && g.kinds[0] === kind && g.units === undefined);
  return group?.name ?? kind;
}

/** Unit codes by kind, kinds in org order, codes in org order. */
function byKind(org: Org, codes: readonly string[]): Array<{ kind: string; codes: string[] }> {
  const wanted = new Set(codes);
  const groups = new Map<string, string[]>();
  for (const u of org.units) {
    if (!wanted.has(u.code)) continue;
    const list = groups.get(u.kind) ?? [];
    list.push(u.code);
    groups.set(u.kind, list);
  }
  return [...groups].map(([kind, list]) => ({ kind, codes: list }));
}

/**
 * The lines listing `codes` grouped by kind, within `budget` characters; what does not fit is
 * counted ("… và 812 đơn vị nữa").
 */
export function groupedCodes(org: Org, codes: readonly string[], budget: number): string[] {
  const lines: string[] = [];
  let left = budget;
  let cut = 0;
  for (const { kind, codes: list } of byKind(org, codes)) {
    const head = `• ${kindName(org, kind)} (${list.length}): `;
    if (left < head.length + 40) {
      cut += list.length;
      continue;
    }
    // Short lines (a long one would be split mid-list by the channel), within what is left.
    let line = head;
    let shown = 0;
    for (const code of list) {
      const piece = `${code}, `;
      if (line.length + piece.length > WIDTH) {
        lines.push(line.trimEnd());
        left -= line.length + 1;
        line = '  ';
      }
      if (left - line.length - piece.length < 40) break;
      line += piece;
      shown++;
    }
    line = line.replace(/, $/, '');
    if (shown < list.length) line += ` … (còn ${list.length - shown})`;
    lines.push(line);
    left -= line.length + 1;
  }
  if (cut) lines.push(`… và ${cut} đơn vị nữa.`);
  return lines;
}

/** The compact body of the detail: counts, then the missing and the received-only units grouped. */
export function largeDetail(ctx: CommandContext, d: Deadline, confirmations: readonly Confirmation[], notice: boolean): string[] {
  const byUnit = new Map(confirmations.map((c) => [c.unit, c]));
  const done: string[] = [];
  const received: string[] = [];
  const missing: string[] = [];
  for (const code of d.assignees) {
    const c = byUnit.get(code);
    if (c?.completed && !notice) done.push(code);
    else if (c) received.push(code);
    else missing.push(code);
  }
  const budget = Math.max(1000, (ctx.replyLimit ?? 4096) * MESSAGES - RESERVED);
  // The missing units first: they are who the office must chase.
  const missingLines = groupedCodes(ctx.content.org, missing, Math.floor(budget * (received.length ? 0.7 : 1)));
  const used = missingLines.reduce((n, l) => n + l.length + 1, 0);
  const receivedLines = notice ? [] : groupedCodes(ctx.content.org, received, budget - used);
  const lines: string[] = [];
  if (missing.length) lines.push('', `${notice ? 'Chưa nhận' : 'Chưa xác nhận'} (${missing.length}), theo loại đơn vị:`, ...missingLines);
  if (received.length && !notice) lines.push('', `Đã nhận, chưa hoàn thành (${received.length}):`, ...receivedLines);
  if (notice && received.length) lines.push('', `Đã nhận: ${received.length} đơn vị.`);
  if (done.length) lines.push('', `Đã hoàn thành: ${done.length} đơn vị.`);
  lines.push('', 'Trạng thái của một đơn vị: /tiendo MÃ_ĐƠN_VỊ');
  const page = ctx.webLinks?.page?.(`/tong-quan?plan=${encodeURIComponent(d.plan.id)}&state=chua`);
  if (page) lines.push(`Bảng đầy đủ (đăng nhập bằng /web): ${page}`);
  return lines;
}

/** `lines` packed into messages of at most `limit` characters, cut only between lines. */
export function packLines(lines: readonly string[], limit: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > limit && current) {
      parts.push(current.trimEnd());
      current = line === '' ? '' : line;
    } else current = next;
  }
  if (current.trim()) parts.push(current.trimEnd());
  return parts;
}
