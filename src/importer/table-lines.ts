/**
 * Task tables in every surface form made one tab-separated line per row, before the text is
 * cleaned: HTML rows (`<tr><td>…</td></tr>`, even over several lines), Word text whose row is
 * split over two lines (a cell with a line break), and PDF "layout" text, where columns are runs
 * of two or more spaces and a cell wraps onto the next line (`Trước` / `20/11/2027`). Linear in
 * the text; lines that are not in a table are left as they are.
 */
import { fold } from '../core/text.js';
import { layoutTable } from './table-layout.js';

/** A task table's header, folded: a content column and a "chủ trì", time or unit column. */
export function looksLikeHeader(cells: readonly string[]): boolean {
  if (cells.length < 3 || cells.some((c) => c.length > 60 || /\d{2}/.test(c))) return false;
  const h = fold(cells.join(' | '));
  return /noi dung|nhiem vu|cong viec|hoat dong/.test(h) && /chu tri|thoi gian|thoi han|tien do|thuc hien|don vi|co quan/.test(h);
}

/**
 * A numbered table's header that names no task ("STT | Họ và tên | Chức vụ | Số điện thoại"): an
 * appendix's template, whose PDF layout text is put together by columns like a task table's.
 */
export function looksLikeNumberedHeader(cells: readonly string[]): boolean {
  if (cells.length < 3 || cells.some((c) => c.length > 60 || /\d{2}/.test(c))) return false;
  return /^(?:stt|tt|so tt)\.?$/.test(fold(cells[0]!)) && cells.slice(1).every((c) => /^\p{L}/u.test(c));
}

/** One HTML row's cells, tab-separated, a cell's own paragraphs joined. */
function htmlRow(inner: string): string {
  const cells = inner.split(/<\/t[dh]>/i).slice(0, -1);
  const row = cells.map((c) => c.replace(/<[^>]{0,200}>/g, ' ').replace(/\s+/g, ' ').trim()).join('\t');
  return `\n${row || inner.replace(/\s+/g, ' ')}\n`;
}

/** HTML rows (`<tr>…</tr>`, even over many lines), each on one line; one pass over the text, whatever its tags. */
export function htmlRows(text: string): string {
  if (!/<tr[\s>]/i.test(text)) return text;
  let out = '';
  let done = 0;
  let open = -1;
  for (const m of text.matchAll(/<tr(?:\s[^>]{0,200})?>|<\/tr>/gi)) {
    if (m[0][1] !== '/') {
      open = m.index + m[0].length;
      out += text.slice(done, m.index);
      done = m.index;
    } else if (open >= 0) {
      out += htmlRow(text.slice(open, m.index));
      done = m.index + m[0].length;
      open = -1;
    }
  }
  return out + text.slice(done);
}

/** Where a row ends without its time: a lead waiting for the date on the next line. */
const DANGLING = /(?:trước|trước ngày|chậm nhất|hoàn thành|hoàn thành trước ngày|tháng|quý|ngày)\s*$/iu;
/** A line that starts something else: a heading, a list item, a closing block. */
const OTHER_BLOCK = /^(?:[IVX]{1,5}\.|\d{1,2}\.\d|Nơi nhận|Trên đây|KT\.|TM\.|T\/M|K\/T|PHỤ LỤC|Phụ lục|[-+•])/u;

const MAX_CARRIED = 6;

/**
 * Where a line that starts with an empty cell lines up with the open row, when it finishes that
 * row: a short row's next line carries its last columns (its cells line up with the header's last
 * ones); a complete row's next line is the second line of its cells (its cells line up with the
 * header's first ones) when each piece continues the text above: it starts in lower case, or its
 * cell above waits for its date ("Trước" / "30/6/2027"). Otherwise (a row under a merged cell,
 * "\t\tPhòng QLCN\t\tQuý III/2027") it is a row of its own.
 */
function lineUp(row: readonly string[], cells: readonly string[], width: number, carried: number): number | undefined {
  if (cells.length < 2 || cells.length > width || cells[0]!.trim() || carried >= MAX_CARRIED) return undefined;
  if (row.length < width) return width - cells.length;
  const continues = cells.every((c, k) => !c.trim() || /^\p{Ll}/u.test(c.trim()) || (/\d/.test(c) && DANGLING.test(row[k]!)));
  return continues ? 0 : undefined;
}

/**
 * Word text rows under a tab-separated header: a row with fewer cells than the header takes the
 * next line (its first cell continues the row's last one) until it has them all; a complete row
 * whose last cell waits for its date ("Trước") takes a next line that has no tab; a line that
 * starts with an empty cell finishes the row where {@link lineUp} says.
 */
function wordRows(lines: string[]): string[] {
  const out: string[] = [];
  let width = 0;
  let row: string[] | undefined;
  /** Whether the row already took the date its last cell waited for. */
  let waited = false;
  /** How many lines of empty-led cells the row took (a few at most: a cell wraps onto few lines). */
  let carried = 0;
  /** Where the header just read is in `out`, while its last cell may still take a second line. */
  let headerAt = -1;
  const flush = () => {
    if (row) out.push(row.join('\t'));
    row = undefined;
  };
  for (const line of lines) {
    const cells = line.split('\t');
    if (cells.length >= 3 && looksLikeHeader(cells.map((c) => c.trim()))) {
      flush();
      width = cells.length;
      out.push(line);
      headerAt = out.length - 1;
      continue;
    }
    if (width === 0) {
      out.push(line);
      continue;
    }
    const text = line.trim();
    // A header cell's second line ("Thời gian" / "thực hiện") belongs to the header's last cell (once).
    if (!row && cells.length === 1 && /^\p{Ll}/u.test(text) && text.length <= 30 && headerAt === out.length - 1) {
      out[out.length - 1] = `${out.at(-1)!.trimEnd()} ${text}`;
      headerAt = -1;
      continue;
    }
    // A blank line inside a split row (Word text leaves them) does not end it.
    if (!text && row && row.length < width) continue;
    // A dangling lead takes one short line with a number ("20/11/2027"), once.
    const dated = cells.length === 1 && !waited && text.length <= 40 && /\d/.test(text) && DANGLING.test(row?.at(-1) ?? '');
    const joins = row && text && !OTHER_BLOCK.test(text) && (row.length < width ? cells.length <= width - row.length + 1 : dated);
    const from = joins || !row || !text || OTHER_BLOCK.test(text) ? undefined : lineUp(row, cells, width, carried);
    if (from !== undefined) {
      row = row!.concat(Array<string>(width - row!.length).fill(''));
      for (const [k, c] of cells.entries()) row[from + k] = `${row[from + k]!.trim()} ${c.trim()}`.trim();
      carried++;
      waited = false;
    } else if (joins) {
      waited ||= row!.length >= width;
      row![row!.length - 1] = `${row!.at(-1)!.trim()} ${cells[0]!.trim()}`.trim();
      row = row!.concat(cells.slice(1));
    } else if (cells.length > 1) {
      const above = row ?? [];
      flush();
      // A row of its own that starts with empty cells sits under merged cells: it shares them with
      // the row above (and keeps its columns when the line is trimmed).
      for (let k = 0; k < cells.length && !cells[k]!.trim() && above[k]?.trim(); k++) cells[k] = above[k]!;
      row = cells;
      waited = false;
      carried = 0;
    } else {
      flush();
      // A line of text ends the table; a blank line does not (Word text leaves them between rows).
      if (text) width = 0;
      out.push(line);
    }
  }
  flush();
  return out;
}

/**
 * Lines with every table row on one tab-separated line (the other lines unchanged, so the
 * header block, title and signature keep their spacing for the parsers that read them).
 */
export function tableRows(lines: string[]): string[] {
  const laidOut = lines.some((l) => / {2,}\S/.test(l)) ? layoutTable(lines, (cells) => looksLikeHeader(cells) || looksLikeNumberedHeader(cells)) : lines;
  return laidOut.some((l) => l.includes('\t')) ? wordRows(laidOut) : laidOut;
}
