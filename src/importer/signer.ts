/**
 * The signer of a plan: the position lines of the signature block and the name closing it.
 * Blocks come as lines, as the right cell of a borderless table (one cell, its lines joined),
 * or in PDF text sharing lines with the "Nơi nhận" list. Positions are never names:
 * "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ", "PHÓ BÍ THƯ",
 * "TRƯỞNG BAN".
 */

/** A signing prefix: "KT.", "TM.", "Q.", "TL.", "TUQ.", and the Party's "T/M", "K/T". */
const PREFIX = String.raw`(?:KT\.|TM\.|Q\.|TL\.|TUQ\.|T\/M|K\/T)`;
/** A signing role, with "PHÓ" before it when a deputy signs. */
const ROLE = String.raw`(?:PHÓ\s+)?(?:GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG|BÍ THƯ|CHỦ TỊCH|THỦ TRƯỞNG|TRƯỞNG BAN|CHỦ NHIỆM|HIỆU TRƯỞNG|CHI CỤC TRƯỞNG|CỤC TRƯỞNG|GIÁM ĐỐC SỞ)`;
const POSITION = new RegExp(`^(?:${PREFIX}\\s*)?${ROLE}(?![\\p{L}]).*$|^${PREFIX}\\s*\\S.*$`, 'u');
/** Where one position line ends and the next begins when a cell joined them. */
const POSITION_BREAK = new RegExp(`\\s+(?=${PREFIX}\\s)|(?<!(?:${PREFIX}|PHÓ|CHI)\\s*)\\s+(?=${ROLE}(?![\\p{L}]))`, 'gu');

function isPosition(s: string): boolean {
  return POSITION.test(s) && s === s.toUpperCase() && /\p{Lu}/u.test(s);
}

export function isName(s: string): boolean {
  const words = s.split(/\s+/);
  return (
    words.length >= 2 &&
    words.length <= 6 &&
    words.every((w) => /^\p{Lu}[\p{Ll}]*$/u.test(w)) &&
    !/^(Nơi nhận|Lưu|Đã ký)/.test(s)
  );
}

/** "(Đã ký)", "[đã ký]", "(Ký, ghi rõ họ tên)", "Đã ký" and the like: neither position nor name. */
const SIGNED = /[([]?\s*(?:đã ký|ký,? ghi rõ họ tên|ký tên,? đóng dấu|ký và đóng dấu)\s*[)\]]?/giu;

/** A position ending with the signer's name ("PHÓ GIÁM ĐỐC Triệu Ngọc Trung"), split in two. */
function nameAtEnd(line: string): { position: string; name: string } | undefined {
  const words = line.replace(SIGNED, ' ').trim().split(/\s+/);
  for (let k = Math.max(1, words.length - 6); k <= words.length - 2; k++) {
    const name = words.slice(k).join(' ');
    const position = words.slice(0, k).join(' ');
    if (isName(name) && isPosition(position)) return { position, name };
  }
  return undefined;
}

/**
 * A "Nơi nhận" entry sharing its line with the block ("- Lưu: VT, VP. Nguyễn Văn An",
 * "- Như trên; PHÓ GIÁM ĐỐC"): the entry, then the position or name that follows it.
 */
function splitEntry(cell: string): string[] {
  if (!/^([-+•–]\s|Nơi nhận)/.test(cell)) return [cell];
  const words = cell.split(/\s+/);
  // A position or a name is at most a dozen words: a long line is looked at by its end only.
  for (let k = Math.max(1, words.length - 12); k < words.length; k++) {
    const head = words.slice(0, k).join(' ');
    const tail = words.slice(k).join(' ');
    const ended = /[;.,:)]$/.test(head) || /^[-+•–]?\s*Lưu\b.*\b[A-ZĐ]{2,}$/u.test(head);
    if (ended && (isPosition(tail) || isName(tail.replace(SIGNED, ' ').trim()))) return [head, tail];
  }
  return [cell];
}

/** The signer: position lines joined with " - ", and the name closing the block (null when none). */
export function parseSigner(lines: readonly string[]): { position: string | null; name: string | null } | null {
  const end = (() => {
    const k = lines.findIndex((l) => /^(Phụ lục|PHỤ LỤC)\b/.test(l));
    return k < 0 ? lines.length : k;
  })();
  const cells: string[] = [];
  for (const line of lines.slice(0, end)) for (const c of line.split('\t')) if (c.trim()) cells.push(...splitEntry(c.trim()));
  let last = -1;
  for (let i = cells.length - 1; i >= 0; i--) {
    if (POSITION.test(cells[i]!)) {
      last = i;
      break;
    }
  }
  if (last < 0) return null;
  // Position lines may be interleaved with the "Nơi nhận" list when both share lines.
  const positions = [cells[last]!];
  for (let i = last - 1; i >= 0 && last - i <= 6; i--) {
    const c = cells[i]!;
    if (POSITION.test(c)) positions.unshift(c);
    else if (!/^([-+•–]|Nơi nhận|Lưu)/.test(c)) break;
  }
  // "PHÓ GIÁM ĐỐC Triệu Ngọc Trung" on one line, or a whole block in one table cell.
  const inline = nameAtEnd(positions[positions.length - 1]!);
  const lines_ = (ps: string[]) =>
    ps
      .flatMap((p) => p.replace(SIGNED, ' ').split(POSITION_BREAK))
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join(' - ');
  if (inline) {
    positions[positions.length - 1] = inline.position;
    return { position: lines_(positions), name: inline.name };
  }
  let name: string | null = null;
  for (const c of cells.slice(last + 1, last + 8)) {
    const clean = c.replace(SIGNED, ' ').trim();
    if (!clean) continue;
    if (isName(clean)) {
      name = clean;
      break;
    }
  }
  return { position: lines_(positions), name };
}
