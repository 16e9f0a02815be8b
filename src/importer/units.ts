/** Units of the organisation named in plan text ("Văn phòng Sở …", "Chi cục TĐC, Trung tâm KH&CN tổ chức …"). */
import type { Org } from '../core/org.js';
import { resolveAssignees } from '../core/org.js';
import { fold } from '../core/text.js';

/** A unit phrase (name, alias or code, folded) and the unit codes it stands for. */
export type UnitPhrases = Array<{ key: string; codes: string[] }>;

/** Numbered headings ("II. NỘI DUNG", "1.2. Văn phòng Sở …"). */
export const HEADING = /^(?:(?<roman>[IVX]{1,5})|(?<num>\d{1,2}(?:\.\d{1,2}){0,3}))[.)]\s*(?<rest>\S.*)$/u;

/** Unit phrases known to the organisation, longest first, folded for matching. */
export function unitPhrases(org: Org): UnitPhrases {
  const all: UnitPhrases = [];
  for (const u of org.units) for (const a of [u.name, ...u.aliases, u.code]) all.push({ key: fold(a), codes: [u.code] });
  for (const g of org.groups) for (const a of [g.name, ...g.aliases]) all.push({ key: fold(a), codes: resolveAssignees(org, a) ?? [] });
  return all.filter((p) => p.key.length >= 2).sort((a, b) => b.key.length - a.key.length);
}

/**
 * Units named at the start of a text, and the folded text after them: "Giao Văn phòng Sở tổng
 * hợp" gives VP and "tong hop"; a cell that only names units leaves nothing.
 */
export function leadingUnits(text: string, known: UnitPhrases): { codes: string[]; rest: string } {
  // "Giao Văn phòng Sở…", "Đề nghị các phòng, đơn vị…": the units follow the verb.
  // A fronted time ("Định kỳ hằng tháng, trước ngày 25, Trung tâm … cập nhật") comes before the subject.
  const plain = fold(text.replace(/^[-+•–]\s*/, '').replace(HEADING, '$<rest>'))
    .replace(/^(?:(?:dinh ky|hang|moi|truoc|cham nhat|trong|vao)\b[^,;.]{0,40},\s*)+/, '')
    .replace(/^(giao( cho)?|de nghi|yeu cau)\s+/, '');
  // "Trưởng đơn vị thuộc Sở" may be an alias itself; else drop the head-of-unit words.
  let rest = known.some((p) => plain.startsWith(p.key)) ? plain : plain.replace(/^(lanh dao|thu truong|truong)\s+(cac\s+)?/, '');
  const codes: string[] = [];
  for (let guard = 0; guard < 6; guard++) {
    const hit = known.find((p) => rest.startsWith(p.key) && !/^[a-z0-9]/.test(rest.slice(p.key.length, p.key.length + 1)));
    if (!hit) break;
    for (const c of hit.codes) if (!codes.includes(c)) codes.push(c);
    rest = rest.slice(hit.key.length).replace(/^\s*(,|va|và)\s*/, '');
  }
  return { codes, rest: rest.trim() };
}

/** Units named at the start of a text. */
export function subjectUnits(text: string, known: UnitPhrases, sentence = ''): string[] {
  const lead = leadingUnits(text, known).codes;
  if (lead.length) return lead;
  // "… đưa vào vận hành trong Quý I/2027 (Văn phòng Sở chủ trì).": the lead unit named in brackets.
  const bracket = /\(([^()]{2,80}?)\s+(?:chủ trì|thực hiện)(?!\p{L})[^()]{0,40}\)/u.exec(`${text} ${sentence}`);
  return bracket ? leadingUnits(bracket[1]!, known).codes : [];
}
