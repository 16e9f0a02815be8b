/** The parts of a plan around its body: number, place and date, title, signer. */

export interface Header {
  number: string | null;
  place: string | null;
  issued: string | null;
  title: string;
}

const BODY_START = /^(Căn cứ|Thực hiện|Để|Nhằm|Theo|Trên cơ sở|Sở\s|Ủy ban|UBND|I\.|1\.|Phần)/;

function pad(n: string): string {
  return n.padStart(2, '0');
}

/** Number ("Số: …"), place and issue date ("Đắk Nông, ngày tháng 02 năm 2022"). */
export function parseHeader(lines: readonly string[]): Omit<Header, 'title'> {
  let number: string | null = null;
  let place: string | null = null;
  let issued: string | null = null;
  for (const line of lines.slice(0, 40)) {
    for (const cell of line.split('\t')) {
      const c = cell.trim();
      const n = /^Số\s*:\s*(.+)$/.exec(c);
      if (n && number === null) number = n[1]!.trim();
      const d = /^([\p{L}][\p{L} .'-]{1,40}?),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})/u.exec(c);
      // Party documents: "Sơn La, ngày 05-01-2027".
      const dashed = d ? null : /^([\p{L}][\p{L} .'-]{1,40}?),\s*ngày\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})/u.exec(c);
      if (dashed && issued === null) {
        place = dashed[1]!.trim();
        issued = `${dashed[4]}-${pad(dashed[3]!)}-${pad(dashed[2]!)}`;
      }
      if (d && issued === null) {
        place = d[1]!.trim();
        const [day, month, year] = [d[2], d[3], d[4]!];
        issued = month ? (day ? `${year}-${pad(month)}-${pad(day)}` : `${year}-${pad(month)}`) : year;
      }
    }
  }
  return { number, place, issued };
}

/**
 * The title: the subject line(s) after "KẾ HOẠCH", joined, up to the first body paragraph
 * ("Căn cứ…", "Thực hiện…", "Để…"); the first subject line is always taken.
 */
export function parseTitle(lines: readonly string[]): string {
  const i = lines.findIndex((l) => /^KẾ\s*HOẠCH\b/.test(l));
  if (i < 0) return '';
  const parts: string[] = [];
  const rest = lines[i]!.replace(/^KẾ\s*HOẠCH\b\s*/, '').trim();
  if (rest) parts.push(rest);
  for (let j = i + 1; j < lines.length && parts.length < 5; j++) {
    const line = lines[j]!.trim();
    if (!line) continue;
    if (parts.length > 0 && (BODY_START.test(line) || line.length > 160 || /[.;:]$/.test(line))) break;
    parts.push(line);
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

const POSITION = /^(KT\.|TM\.|Q\.|TL\.|TUQ\.)?\s*(PHÓ\s+)?(GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG PHÒNG|BÍ THƯ|CHỦ TỊCH|THỦ TRƯỞNG)\b.*$|^(KT\.|TM\.|Q\.|TL\.)\s*\S.*$/;

function isName(s: string): boolean {
  const words = s.split(/\s+/);
  return (
    words.length >= 2 &&
    words.length <= 6 &&
    words.every((w) => /^\p{Lu}[\p{Ll}]*$/u.test(w)) &&
    !/^(Nơi nhận|Lưu|Đã ký)/.test(s)
  );
}

/** A position line that ends with the signer's name ("PHÓ GIÁM ĐỐC Triệu Ngọc Trung"), split in two. */
function nameAtEnd(line: string): { position: string; name: string } | undefined {
  const words = line.split(/\s+/);
  for (let k = Math.max(1, words.length - 6); k <= words.length - 2; k++) {
    const name = words.slice(k).join(' ');
    const position = words.slice(0, k).join(' ');
    if (isName(name) && POSITION.test(position) && position === position.toUpperCase()) return { position, name };
  }
  return undefined;
}

/** The signer: position lines joined with " - ", and the name closing the block (null when none). */
export function parseSigner(lines: readonly string[]): { position: string | null; name: string | null } | null {
  const end = (() => {
    const k = lines.findIndex((l) => /^(Phụ lục|PHỤ LỤC)\b/.test(l));
    return k < 0 ? lines.length : k;
  })();
  const cells: string[] = [];
  for (const line of lines.slice(0, end)) for (const c of line.split('\t')) if (c.trim()) cells.push(c.trim());
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
  // "PHÓ GIÁM ĐỐC Triệu Ngọc Trung" on one line: the name is not part of the position.
  const inline = nameAtEnd(positions[positions.length - 1]!);
  if (inline) {
    positions[positions.length - 1] = inline.position;
    return { position: positions.join(' - '), name: inline.name };
  }
  const position = positions.join(' - ');
  let name: string | null = null;
  for (const c of cells.slice(last + 1, last + 8)) {
    const clean = c.replace(/^\(?(Đã ký|đã ký)\)?$/, '').trim();
    if (!clean) continue;
    if (isName(clean)) {
      name = clean;
      break;
    }
  }
  return { position, name };
}
