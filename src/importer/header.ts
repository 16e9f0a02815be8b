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

export { parseSigner } from './signer.js';
