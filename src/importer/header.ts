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

/** The national and Party mottos and "*": a Word cell may join them with the place and date. */
const MOTTO = /ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG H[OÒ]À XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc\s*lập\s*[-–—]\s*Tự\s*do\s*[-–—]\s*Hạnh\s*phúc|(?:^|\s)(?:\*+|[-_]{3,})(?=\s|$)/gu;

/**
 * Number ("Số: …", the Party's "Số 42-KH/ĐU"), place and issue date ("Đắk Nông, ngày tháng 02
 * năm 2022"), also from a header cell whose lines a Word table joined ("… * Số 27-KH/ĐU").
 */
export function parseHeader(lines: readonly string[]): Omit<Header, 'title'> {
  let number: string | null = null;
  let place: string | null = null;
  let issued: string | null = null;
  for (const line of lines.slice(0, 40)) {
    for (const cell of line.split('\t')) {
      const c = cell.replace(MOTTO, ' ').replace(/\s+/g, ' ').trim();
      const n = /^Số\s*(?::\s*|\s+(?=\d))(.+)$/.exec(c) ?? /\sSố\s*(?::\s*|\s+(?=\d))(\d[^\s,;]*)/.exec(c);
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

/** Lines of the header block: issuer names, the national motto, "Số: …", the place and date, "*", separators. */
const HEADER_LINE = new RegExp(
  [
    String.raw`^(?:ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG H[OÒ]À XÃ HỘI CHỦ NGHĨA VIỆT NAM)$`,
    String.raw`^Độc\s*lập\s*[-–—]\s*Tự\s*do\s*[-–—]\s*Hạnh\s*phúc$`,
    String.raw`^Số\s*(?::|\s(?=\d)).{0,40}$`,
    String.raw`^[\p{L}][\p{L} .'-]{1,40},\s*ngày\b.{0,30}\bnăm\s+\d{4}\s*$`,
    String.raw`^[-_=–—.*~\\\s]+$`,
    // An issuer line: upper case, starting with the name of a Party, state or mass organisation.
    String.raw`^(?:ĐẢNG BỘ|ĐẢNG (?:[UỦ]Y|UỶ)|CHI BỘ|BAN (?:CHẤP HÀNH|THƯỜNG VỤ|CHỈ ĐẠO|DÂN VẬN|TUYÊN GIÁO|TỔ CHỨC)|(?:TỈNH|HUYỆN|THÀNH|QUẬN|THỊ) (?:[UỦ]Y|UỶ)|(?:[UỦ]Y|UỶ) BAN|UBND|HĐND|HỘI ĐỒNG NHÂN DÂN|SỞ |VĂN PHÒNG|MẶT TRẬN|ĐOÀN THANH NIÊN|CÔNG ĐOÀN|TRUNG TÂM |CHI CỤC)[^\p{Ll}]*$`,
  ].join('|'),
  'u',
);

/** Whether a line (every cell of it) belongs to the header block, not to the title. */
function isHeaderLine(line: string): boolean {
  return line.split('\t').every((c) => !c.trim() || HEADER_LINE.test(c.trim()));
}

/**
 * The title: the subject line(s) after "KẾ HOẠCH", joined, up to the first body paragraph
 * ("Căn cứ…", "Thực hiện…", "Để…"); the first subject line is always taken. Header-block and
 * separator lines are skipped; a second "KẾ HOẠCH" (a web page's headline, then the document)
 * starts the title again, and a subject line repeated is taken once.
 */
export function parseTitle(lines: readonly string[]): string {
  const i = lines.findIndex((l) => /^KẾ\s*HOẠCH\b/.test(l));
  if (i < 0) return '';
  let parts: string[] = [];
  const start = (line: string) => {
    const rest = line.replace(/^KẾ\s*HOẠCH\b\s*/, '').trim();
    parts = rest ? [rest] : [];
  };
  start(lines[i]!);
  for (let j = i + 1; j < lines.length && parts.length < 5; j++) {
    const line = lines[j]!.trim();
    if (!line || isHeaderLine(line)) continue;
    if (/^KẾ\s*HOẠCH\b/.test(line)) {
      start(line);
      continue;
    }
    if (parts.length > 0 && (BODY_START.test(line) || line.length > 160 || /[.;:]$/.test(line))) break;
    parts.push(line);
  }
  const seen = new Set<string>();
  const once = parts.filter((p) => {
    const k = p.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return once.join(' ').replace(/\s+/g, ' ').trim();
}

export { parseSigner } from './signer.js';
