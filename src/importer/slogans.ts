/**
 * Slogans. A document with a slogan list (a section or appendix whose heading contains
 * "khẩu hiệu") has exactly the entries of that list. Otherwise the slogans are the quoted
 * mottos of the body: five words or more, and a call or principle — introduced by "phương
 * châm", "phong cách", "tinh thần", "khẩu hiệu", "theo hướng", or continuing such a quote —
 * never names of movements, campaigns or documents.
 */
import { fold } from '../core/text.js';

const TRIGGER = /(phuong cham|phong cach|tinh than|khau hieu|theo huong|loi day|tu tuong)/;
const NOT_BEFORE = /(?:^|\s)(phong trao|cuoc van dong|thi dua|mo hinh|chuong trinh|de an|ve|(?<!lam )viec|ban hanh)\s*$/;
/** A quote naming a scheme, contest, event, fund, app or theme ("Cuộc thi trực tuyến “…”", "với chủ đề “…”"): a name, not a motto. */
const NAMED = /(?:^|[\s(,])(?:đề án|cuộc thi|hội thi|hội thảo|chương trình|quỹ|ứng dụng|chủ đề|giải thưởng|hội nghị|diễn đàn|chuyên mục|chuyên đề|cuộc vận động|phong trào|mô hình|tọa đàm|toạ đàm|hội diễn|liên hoan|trang)(?:\s+[^\s"“”«»]+){0,4}\s*:?\s*$/u;

function clean(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/\s+”/g, '”')
    .replace(/“\s+/g, '“')
    .replace(/\s+"(?=$|[\s;,.!?)])/g, '"')
    .trim();
}

/** Removes quotes that enclose the whole text. */
function unquote(s: string): string {
  const t = s.trim();
  const m = /^["“](.*)["”]$/su.exec(t);
  if (m && !/["“”]/.test(m[1]!)) return m[1]!.trim();
  return t;
}

function words(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

/** A table's header cell ("Nội dung khẩu hiệu", "Khẩu hiệu", "STT"): a label, never a slogan. */
const LABEL = /^(?:stt|tt|so tt|noi dung|khau hieu|ghi chu|ten khau hieu|cum khau hieu)(?:\s+(?:khau hieu|tuyen truyen|cu the))*$/;
/** The first words of a section heading that lost its numbering ("KINH PHÍ THỰC HIỆN", "Tổ chức thực hiện"). */
const SECTION = /^(?:kinh phi|to chuc thuc hien|trach nhiem|phan cong|che do bao cao|thoi gian|hinh thuc|dia diem|muc dich|yeu cau|tien do|nhiem vu|giai phap|cac hoat dong|noi dung)\b/;

/** Whether an unnumbered line is the next heading: a short section name, or an upper-case line in a list that is not. */
function isHeading(line: string, entries: readonly string[]): boolean {
  if (line.includes('\t') || /[.!?;,]["”]?$/.test(line) || words(line) > 10) return false;
  if (words(line) <= 6 && SECTION.test(fold(line))) return true;
  const upper = /\p{Lu}.*\p{Lu}/u.test(line) && line === line.toUpperCase();
  return upper && entries.some((e) => e !== e.toUpperCase());
}

/**
 * Entries of a slogan list (table rows, bullets or lines) after a heading with "khẩu hiệu" —
 * an appendix or a body section. The list ends at the next heading (numbered, Roman, or a
 * section name whose numbering was lost) or at a number out of sequence. A numbered or bulleted
 * entry wrapped over several lines (PDF text) is joined; so is a line starting in lower case.
 */
export function sloganList(lines: readonly string[]): string[] | undefined {
  const start = lines.findIndex((l) => {
    const t = l.replace(/^[-*#\s]+/, '');
    // A heading that names the list ("Phụ lục I: KHẨU HIỆU…", "III. Khẩu hiệu tuyên truyền", "Các khẩu hiệu tuyên truyền:").
    return /khẩu hiệu/i.test(t) && t.length < 120 && (/^(Phụ lục|PHỤ LỤC|[IVX]+\.|\d+\.|KHẨU HIỆU|Khẩu hiệu|Danh mục|DANH MỤC)/u.test(t) || /:\s*$/.test(t));
  });
  if (start < 0) return undefined;
  const out: string[] = [];
  let numbered: boolean | undefined;
  let marked = false;
  let last = 0;
  /** Whether the last entry may take a wrapped line. */
  let open = false;
  for (const raw of lines.slice(start + 1)) {
    const line = raw.trim();
    if (!line) continue;
    if (/^(Phụ lục|PHỤ LỤC|Nơi nhận|Trên đây|KT\.|TM\.|T\/M|K\/T|Q\.|GIÁM ĐỐC|PHÓ GIÁM ĐỐC)(?=[\s:]|$)/u.test(line)) break;
    // A numbered line ends the list, unless the list itself is numbered ("1. …", "2. …") in sequence.
    const num = /^(\d{1,2})[.)]\s/.exec(line);
    if (out.length && (/^[IVX]+\.\s/.test(line) || (num && (numbered === false || Number(num[1]) !== last + 1)))) break;
    if (out.length && !num && isHeading(line, out)) break;
    numbered ??= Boolean(num);
    if (num) last = Number(num[1]);
    if (/^\(?kèm theo/i.test(line) || /^\(.*\)$/.test(line)) continue;
    const cells = line.split('\t').map((c) => c.trim()).filter(Boolean);
    if (cells.length === 0) continue;
    const bullet = /^[-+•–]\s/.test(cells[0]!);
    marked ||= out.length === 0 && (bullet || Boolean(num));
    // The slogan cell is the last one: not the numbering, not a repeated label.
    let cell = cells[cells.length - 1]!.replace(/^[-+•–]\s*/, '').replace(/^\d{1,3}[.)]\s+/, '');
    if (LABEL.test(fold(cell).replace(/[^a-z ]/g, '').trim())) continue;
    cell = clean(cell);
    const wrapped = cells.length === 1 && !num && !bullet && out.length > 0 && open && out[out.length - 1]!.length < 300 && (marked || /^\p{Ll}/u.test(cell));
    if (wrapped) {
      out[out.length - 1] = unquote(clean(`${out[out.length - 1]} ${cell}`));
      continue;
    }
    cell = unquote(cell);
    open = words(cell) >= 1;
    if (words(cell) >= 3) out.push(cell);
    else open = false;
  }
  return out.length ? [...new Set(out)] : undefined;
}

/** Quoted mottos in body paragraphs. */
export function quotedSlogans(paragraphs: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs) {
    // A curly quote may be closed by a straight one (documents mix them) or by the paragraph end.
    const re = /[“«]([^“”"«»]{3,300})([”»"]|$)|"([^"“”]{3,300})"/gu;
    let lastAcceptedEnd = -100;
    for (const m of p.matchAll(re)) {
      const text = clean(m[1] ?? m[3] ?? '');
      const start = m.index;
      const before = fold(p.slice(Math.max(0, start - 60), start));
      const near = fold(p.slice(Math.max(0, start - 16), start));
      const continuing = start - lastAcceptedEnd <= 6;
      const named = NAMED.test(p.slice(Math.max(0, start - 50), start).toLowerCase());
      const accepted =
        words(text) >= 5 && !named && !/\d{2,}/.test(text) && !/^[.,;:!?]/.test(text) && (continuing || (TRIGGER.test(before) && !NOT_BEFORE.test(near.replace(/["“”]/g, '').trim())));
      if (accepted) {
        out.push(text.replace(/[.,;:]+$/, ''));
        lastAcceptedEnd = start + m[0].length;
      }
    }
  }
  return [...new Set(out)];
}
