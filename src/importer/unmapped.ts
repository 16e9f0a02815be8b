/**
 * Nothing silently guessed: a unit the plan names that the organisation does not know ("Sở Tư
 * pháp", "UBND các xã, phường", "Đoàn Thanh niên") is kept as written — as an assignee of its
 * deadlines — and listed as "cần gán đơn vị". A plan is not published while one is left: the
 * office maps it to units (chat `/gan`, the review page) or removes its deadlines.
 */
import type { Org } from '../core/org.js';
import { settleReportTo, type PlanDeadline } from '../core/plans.js';
import { fold, squash, truncate } from '../core/text.js';
import { ImportError } from './errors.js';

/** The assignee of a deadline whose text names no unit at all: listed to map like any phrase. */
export const NO_UNIT = 'chưa rõ đơn vị';

/** Words an organisation's name starts with, in plan text. */
const ORG_HEAD = String.raw`(?:UBND|HĐND|MTTQ|Ủy ban|Uỷ ban|Sở|Ban|Văn phòng|Phòng(?!\s*,)|Trung tâm|Chi cục|Cục|Tỉnh đoàn|Đoàn|Hội đồng|Hội|Công an|Công đoàn|Bộ Chỉ huy|Bộ chỉ huy|Bộ đội|Mặt trận|Liên đoàn|Liên minh|Đảng ủy|Đảng uỷ|Đảng bộ|Chi bộ|Cấp ủy|Cấp uỷ|Huyện ủy|Huyện uỷ|Thành ủy|Thành uỷ|Tỉnh ủy|Tỉnh uỷ|Cơ quan|Báo|Đài|Trường|Thanh tra|Tòa án|Toà án|Viện|Kho bạc|Ngân hàng|Bưu điện|Bệnh viện|Chi hội|Câu lạc bộ|Tổ|Đội|Hạt|Trạm|Các\s+(?:sở|ban|cơ quan|đơn vị|phòng|xã|phường|huyện|tổ chức|hội|đoàn thể|chi bộ|doanh nghiệp|trường|địa phương|ngành|cấp))`;
/** Words that make a head word something else: "Tổ chức", "Ban hành", "Báo cáo", "Hội nghị", "Phòng, chống", "Trường hợp". */
const NOT_ORG = String.raw`(?!\s+(?:chức|hành|cáo|chí|nghị|thi|thảo|diễn|ngũ|hợp|chống|ngừa|viên|tập)(?![\p{L}\p{N}]))`;
const STARTS_ORG = new RegExp(`^${ORG_HEAD}(?![\\p{L}\\p{N}])${NOT_ORG}`, 'u');
/** Where a subject's name ends: the verb, or a word that never belongs to a name. */
const VERB = new RegExp(
  String.raw`^(?:chủ trì|phối hợp|tổ chức|thực hiện|tham gia|tham dự|hưởng ứng|lồng ghép|treo|đăng|xây dựng|triển khai|có trách nhiệm|chịu trách nhiệm|tham mưu|báo cáo|gửi|hoàn thành|hướng dẫn|theo dõi|tuyên truyền|đẩy mạnh|rà soát|căn cứ|lựa chọn|phổ biến|kiểm tra|chỉ đạo|bố trí|cung cấp|đăng tải|cập nhật|tiếp tục|nghiên cứu|đôn đốc|tổng hợp|quán triệt|thường xuyên|phát động|vận động|biên soạn|đưa tin|nộp|đăng ký|lập|ban hành|trình|tăng cường|quan tâm|đảm bảo|bảo đảm|sử dụng|phát huy|tích cực|định kỳ|trước|trong|nhằm|để|theo|thông qua|cử|giới thiệu|đề xuất|hỗ trợ|chuẩn bị|giao|được|là|sẽ|cần|phải|với|về|tại|từ|khi)(?![\p{L}\p{N}])`,
  'iu',
);
/** What may stand before the subject: a list mark, a numbering, "Giao", "Đề nghị", "Trưởng các". */
const LEAD_IN = /^(?:[-+•–*]\s*|(?:\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5}|[a-zđ])[.)]\s*)?(?:(?:Giao(?:\s+cho)?|Đề nghị|Yêu cầu)\s+)?(?:(?:Lãnh đạo|Thủ trưởng|Trưởng)\s+(?:các\s+)?)?/u;

/**
 * The organisations named at the start of a text ("Sở Tư pháp, Sở Nội vụ phối hợp …" gives both),
 * as written; none when it does not start with one. `whole`: whether the names are all the text
 * says (a table's unit cell: "UBND các xã, phường (chủ trì)").
 */
export function namedOrgs(text: string): { names: string[]; whole: boolean } {
  // A name is at the start: a long paragraph is not read past its first words.
  const s = text.slice(0, 400).replace(/\s+/g, ' ').trim().replace(LEAD_IN, '');
  const names: string[] = [];
  let rest = STARTS_ORG.test(s) ? s : '';
  let current: string[] = [];
  const flush = () => {
    const name = current.join(' ').replace(/[,\s\-–]+$/u, '');
    if (name) names.push(name);
    current = [];
  };
  while (rest && current.length < 16) {
    if (current.length && VERB.test(rest)) break;
    const word = /^\S+/.exec(rest)![0];
    const end = /[:;.()]/.exec(word);
    if (end) {
      const part = word.slice(0, end.index);
      if (part) current.push(part);
      rest = rest.slice(end.index);
      break;
    }
    current.push(word);
    rest = rest.slice(word.length).trimStart();
    // A comma or "và" before another organisation's name starts the next name.
    if (word.endsWith(',') && STARTS_ORG.test(rest)) {
      current[current.length - 1] = word.slice(0, -1);
      flush();
    } else if (/^và\s/u.test(rest) && STARTS_ORG.test(rest.slice(3))) {
      flush();
      rest = rest.slice(3);
    }
  }
  flush();
  const left = rest.replace(/\((?:chủ trì|thực hiện|phối hợp)\)|chủ trì|thực hiện|[\s().,;:]/giu, '');
  return { names, whole: names.length > 0 && left === '' };
}

/** A phrase of the plan that names no unit yet, and the deadlines it is an assignee of. */
export interface Unmapped {
  phrase: string;
  deadlines: string[];
}

/** Whether a code is one of the organisation's units. */
export const unitOf = (org: Pick<Org, 'units'>): ((code: string) => boolean) => {
  const codes = new Set(org.units.map((u) => u.code));
  return (code) => codes.has(code);
};

/** The assignees of the deadlines that are not unit codes (phrases to map), in the order met. */
export function unmappedAssignees(deadlines: ReadonlyArray<Pick<PlanDeadline, 'id' | 'assignees'>>, isUnit: (code: string) => boolean): Unmapped[] {
  const found = new Map<string, string[]>();
  for (const d of deadlines) {
    for (const a of d.assignees) {
      if (isUnit(a)) continue;
      const ids = found.get(a) ?? [];
      if (!ids.includes(d.id)) ids.push(d.id);
      found.set(a, ids);
    }
  }
  return [...found].map(([phrase, ids]) => ({ phrase, deadlines: ids }));
}

/** "“Sở Tư pháp” (hạn H3, H5)"; at most `max` phrases, then how many more. */
export function phraseList(list: readonly Unmapped[], max = 5): string {
  const shown = list.slice(0, max).map((u) => `“${truncate(u.phrase, 80)}” (hạn ${u.deadlines.join(', ')})`);
  return shown.join('; ') + (list.length > max ? ` và ${list.length - max} cụm từ khác` : '');
}

/** Why a plan cannot be published yet (phrases left to map), or undefined. `code`: the staged plan's code, for the chat command. */
export function unmappedRefusal(deadlines: ReadonlyArray<Pick<PlanDeadline, 'id' | 'assignees'>>, org: Pick<Org, 'units'>, code: string): string | undefined {
  const list = unmappedAssignees(deadlines, unitOf(org));
  if (!list.length) return undefined;
  return (
    `còn ${list.length} cụm từ chưa gán đơn vị: ${phraseList(list)}. Hãy gán từng cụm từ cho đơn vị của Sở ` +
    `(chat: /gan ${code} "cụm từ" MÃ_ĐƠN_VỊ; trang duyệt: mục “Cần xem lại”) hoặc bỏ các hạn đó (/gan ${code} "cụm từ" bo), rồi công bố lại.`
  );
}

type RawDeadline = Record<string, unknown>;

/**
 * Puts `codes` wherever the deadlines name `phrase` as an assignee or report-to; with no codes,
 * drops the phrase: a deadline left with no unit is removed. The ids changed and removed.
 */
export function mapInDeadlines(deadlines: RawDeadline[], phrase: string, codes: readonly string[]): { changed: string[]; removed: string[] } {
  const changed: string[] = [];
  const removed: string[] = [];
  for (let i = deadlines.length - 1; i >= 0; i--) {
    const d = deadlines[i]!;
    const assignees = Array.isArray(d.assignees) ? (d.assignees as string[]) : [];
    if (d.reportTo !== phrase && !assignees.includes(phrase)) continue;
    if (d.reportTo === phrase) d.reportTo = codes.length === 1 ? codes[0] : null;
    d.assignees = [...new Set(assignees.flatMap((a) => (a === phrase ? codes : [a])))];
    if ((d.assignees as string[]).length === 0) {
      deadlines.splice(i, 1);
      removed.unshift(String(d.id));
      continue;
    }
    Object.assign(d, settleReportTo(d as Pick<PlanDeadline, 'assignees' | 'reportTo'>));
    changed.unshift(String(d.id));
  }
  return { changed, removed };
}

/** The organisations a table row names: its unit cell's (a cell that only names them), else the first that starts with some. */
export function rowNames(cells: readonly string[]): string[] {
  const named = cells.map(namedOrgs);
  return (named.find((n) => n.whole) ?? named.find((n) => n.names.length))?.names ?? [];
}

/**
 * Maps `phrase` (as typed: case, diacritics and spacing aside) in a draft plan's JSON, in place;
 * removed deadlines' ids are retired (never given again). Throws ImportError naming the phrases
 * there are when the plan has no such phrase.
 */
export function mapDraftPhrase(plan: Record<string, unknown>, phrase: string, codes: readonly string[]): { phrase: string; changed: string[]; removed: string[] } {
  const deadlines = Array.isArray(plan.deadlines) ? (plan.deadlines as RawDeadline[]) : [];
  const named = new Set<string>();
  for (const d of deadlines) for (const p of [...(Array.isArray(d.assignees) ? (d.assignees as string[]) : []), ...(typeof d.reportTo === 'string' ? [d.reportTo] : [])]) named.add(p);
  const key = fold(squash(phrase.replace(/^["“”']+|["“”']+$/g, '')));
  const actual = [...named].find((p) => fold(squash(p)) === key);
  if (actual === undefined) throw new ImportError(`Kế hoạch không có cụm từ “${truncate(phrase, 60)}”: chép đúng cụm từ trong mục “Cần gán đơn vị” của bản tóm tắt.`);
  const done = mapInDeadlines(deadlines, actual, codes);
  if (done.removed.length) plan.retiredDeadlines = [...new Set([...(Array.isArray(plan.retiredDeadlines) ? (plan.retiredDeadlines as string[]) : []), ...done.removed])];
  return { phrase: actual, ...done };
}
