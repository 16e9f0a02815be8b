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

/** Entries of a slogan list (table rows, bullets or lines) after a heading with "khẩu hiệu". */
export function sloganList(lines: readonly string[]): string[] | undefined {
  const start = lines.findIndex((l) => {
    const t = l.replace(/^[-*#\s]+/, '');
    // A heading that names the list ("Phụ lục I: KHẨU HIỆU…", "III. Khẩu hiệu tuyên truyền", "Các khẩu hiệu tuyên truyền:").
    return /khẩu hiệu/i.test(t) && t.length < 120 && (/^(Phụ lục|PHỤ LỤC|[IVX]+\.|\d+\.|KHẨU HIỆU|Khẩu hiệu|Danh mục|DANH MỤC)/u.test(t) || /:\s*$/.test(t));
  });
  if (start < 0) return undefined;
  const out: string[] = [];
  let numbered: boolean | undefined;
  for (const raw of lines.slice(start + 1)) {
    const line = raw.trim();
    if (!line) continue;
    if (/^(Phụ lục|PHỤ LỤC|Nơi nhận|Trên đây|KT\.|TM\.|Q\.|GIÁM ĐỐC|PHÓ GIÁM ĐỐC)(?=[\s:]|$)/u.test(line)) break;
    // A numbered line ends the list, unless the list itself is numbered ("1. …", "2. …").
    const isNumbered = /^\d{1,2}[.)]\s/.test(line);
    if (out.length && (/^[IVX]+\.\s/.test(line) || (isNumbered && numbered === false))) break;
    numbered ??= isNumbered;
    if (/^\(?kèm theo/i.test(line) || /^\(.*\)$/.test(line)) continue;
    const cells = line.split('\t').map((c) => c.trim()).filter(Boolean);
    if (cells.length === 0) continue;
    // The slogan cell is the last one: not the numbering, not a repeated label.
    let cell = cells[cells.length - 1]!.replace(/^[-+•–]\s*/, '').replace(/^\d{1,3}[.)]\s+/, '');
    if (cells.length === 1 && /^(STT|Stt|TT)\b/.test(cell)) continue;
    cell = unquote(clean(cell));
    if (words(cell) >= 3) out.push(cell);
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
      const accepted =
        words(text) >= 5 && !/\d{2,}/.test(text) && !/^[.,;:!?]/.test(text) && (continuing || (TRIGGER.test(before) && !NOT_BEFORE.test(near.replace(/["“”]/g, '').trim())));
      if (accepted) {
        out.push(text.replace(/[.,;:]+$/, ''));
        lastAcceptedEnd = start + m[0].length;
      }
    }
  }
  return [...new Set(out)];
}
