/**
 * Registration templates in a plan's appendices: an appendix ("Phụ lục II", "PHỤ LỤC 02", "Mẫu
 * số 01", "Biểu mẫu …") whose table has a header row of field names and body rows that are empty,
 * or only a number or "…" in the first cell (Bắc Giang's Phụ lục II). A table with a filled body
 * row (tasks, units, slogans) is not one. Read from the cleaned lines, where every table form
 * (tab text, pipe rows, a .docx's rows, PDF layout columns, HTML rows) is one tab row per row.
 * Linear in the lines: each line is looked at a bounded number of times.
 */
import { fold } from '../core/text.js';
import { shoutless, wordsOfPlan, type WordsOfPlan } from './title-case.js';

/** A form as read, before it is tied to a deadline. */
export interface FoundForm {
  /** The appendix as the plan names it, not shouting: "Phụ lục II", "Mẫu số 01". */
  appendix: string;
  /** Every name the appendix has ("Phụ lục II" that is also "Mẫu số 01"), as keys: `pl:2`, `mau:1`. */
  keys: string[];
  title: string;
  columns: string[];
}

/** An appendix label at a line's start, with its number (Roman or Arabic) when it has one. */
const LABEL = /^(phụ lục|biểu mẫu|mẫu)(?:\s+số)?\s*(?:[:.]\s*)?([IVXL]{1,6}|\d{1,3})?(?=$|[\s:.,;)–—-])/iu;
/** A line that only says what the appendix is attached to ("(kèm theo Kế hoạch số …)"). */
const ATTACHED = /^\(?\s*(?:ban hành\s+)?(?:kèm theo|đính kèm)\b/iu;
/** A line with a blank to fill ("Đơn vị: ………", "Kính gửi: …"): the heading has ended. */
const FILL_IN = /\.{4,}|…{2,}|_{3,}|^(?:kính gửi|đơn vị|tên đơn vị|cơ quan|người lập)\s*:/iu;
/** A body cell a template leaves for the unit: empty, dots, an ellipsis. */
const BLANK_CELL = /^[\s.…_-]*$/u;
/** A body row's first cell in a template: a row number, a letter, or an ellipsis ("1", "2.", "…", "n"). */
const NUMBER_CELL = /^(?:\(?\d{1,3}[.)]?|[IVX]{1,5}[.)]?|[a-zđ][.)]|n|…|\.{2,})(?:\s+(?:…|\.{2,}))*$/u;
/** A column-index row under the header ("(1)", "(2)", … or "A", "B", …). */
const INDEX_CELL = /^(?:\(\d{1,2}\)|\d{1,2}|[A-Z])$/u;
const NUMBERING = /^(?:stt|tt|so tt|so thu tu|thu tu)\.?$/;
const MAX_TITLE_LINES = 4;
/** Forms read at most: a plan has a few appendices; a text with thousands is no plan to read them all from. */
export const MAX_FORMS = 20;

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50 };

/** "II" → 2, "02" → 2, "iv" → 4; NaN for anything else. */
export function appendixNumber(written: string): number {
  if (/^\d+$/.test(written)) return Number(written);
  const letters = written.toLowerCase();
  if (!/^[ivxl]+$/.test(letters)) return NaN;
  let total = 0;
  for (let k = 0; k < letters.length; k++) {
    const value = ROMAN[letters[k]!]!;
    const next = ROMAN[letters[k + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/** The key of an appendix name: its kind ("pl" for Phụ lục, "mau" for any Mẫu/Biểu mẫu) and number. */
export function appendixKey(kind: string, number: string | undefined): string {
  const k = /phu luc/.test(fold(kind)) ? 'pl' : 'mau';
  return `${k}:${number ? appendixNumber(number) : ''}`;
}

interface Label {
  key: string;
  /** Whether the label has a number ("Phụ lục II"), not only a kind ("BIỂU MẪU …"). */
  numbered: boolean;
  name: string;
  /** The text after the label on its line ("Phụ lục II: ĐĂNG KÝ …"). */
  rest: string;
}

function label(line: string): Label | undefined {
  if (line.includes('\t') || line.length > 200) return undefined;
  const m = LABEL.exec(line);
  if (!m) return undefined;
  const kind = fold(m[1]!);
  // A bare "Mẫu" or "Biểu mẫu" must be a heading of its own, not a sentence ("Mẫu đăng ký gửi kèm…").
  if (!m[2] && (kind !== 'phu luc' ? line.length > 80 || !/^\P{Ll}*$/u.test(line) : /[.;]$/.test(line))) return undefined;
  const numbered = m[2] !== undefined && /\ssố/iu.test(m[0]);
  const name = kind === 'phu luc' ? 'Phụ lục' : `${kind === 'bieu mau' ? 'Biểu mẫu' : 'Mẫu'}${numbered ? ' số' : ''}`;
  return { key: appendixKey(kind, m[2]), numbered: m[2] !== undefined, name: m[2] ? `${name} ${m[2]}` : name, rest: line.slice(m[0].length).replace(/^[\s:.–—-]+/u, '').trim() };
}

const cellsOf = (line: string) => line.split('\t').map((c) => c.trim());

/** A header row's field names (the numbering column left out), or undefined when the row is no template header. */
function headerFields(line: string): string[] | undefined {
  const cells = cellsOf(line).filter(Boolean);
  if (cells.length < 2 || cells.length > 21) return undefined;
  const fields = cells.filter((c) => !NUMBERING.test(fold(c)));
  const fieldLike = (c: string) => c.length <= 150 && c.split(/\s+/).length <= 20 && !/^\(?\d/.test(c) && !/\d{1,2}\/\d{1,2}/.test(c) && !/[.!?]$/.test(c) && /\p{L}/u.test(c);
  return fields.length >= 2 && fields.length <= 20 && fields.every(fieldLike) ? fields : undefined;
}

/** Whether a body line is a template's row: empty cells, with at most a number or "…" in the first, or a column-index row. */
function blankRow(line: string): boolean {
  const cells = cellsOf(line);
  if (cells.every((c) => INDEX_CELL.test(c) || !c) && cells.filter(Boolean).length >= 2) return true;
  return (BLANK_CELL.test(cells[0]!) || NUMBER_CELL.test(cells[0]!)) && cells.slice(1).every((c) => BLANK_CELL.test(c));
}

/**
 * A row of the block under the table: the signature ("Người lập biểu | THỦ TRƯỞNG ĐƠN VỊ"), the
 * place and date, "(Ký, ghi rõ họ tên)" — never a row of the table's own.
 */
function closing(line: string): boolean {
  const cells = cellsOf(line).filter(Boolean);
  if (cells.length === 0 || NUMBER_CELL.test(cells[0]!)) return false;
  return cells.every((c) => /^\(.*\)$/u.test(c) || /^(?:người lập|người tổng hợp|thủ trưởng|lãnh đạo|xác nhận)/iu.test(c) || /ngày.*tháng.*năm/iu.test(c) || (/\p{L}/u.test(c) && /^[^\p{Ll}\d]+$/u.test(c)));
}

/** A second header line whose every piece starts in lower case ("hoạt động", "chức, triển khai"), cell for cell. */
function wrappedHeader(fields: string[], raw: string[], line: string): string[] | undefined {
  const cells = cellsOf(line);
  if (!cells.some(Boolean) || !cells.every((c) => !c || /^\p{Ll}/u.test(c))) return undefined;
  const numbered = raw.length - fields.length;
  if (cells.length === 1 && cells[0]!.length <= 30) return [...fields.slice(0, -1), `${fields.at(-1)} ${cells[0]}`];
  const offset = cells.length === raw.length ? numbered : cells.length === fields.length ? 0 : -1;
  if (offset < 0 || cells.slice(0, offset).some(Boolean)) return undefined;
  return fields.map((f, k) => `${f} ${cells[k + offset] ?? ''}`.trim());
}

/** The table starting at `start` (its header line): its columns when it is a template, and where it ends. */
function tableAt(lines: readonly string[], start: number): { columns?: string[]; end: number } {
  const raw = cellsOf(lines[start]!).filter(Boolean);
  let fields = headerFields(lines[start]!);
  let j = start + 1;
  if (fields && j < lines.length) {
    const joined = wrappedHeader(fields, raw, lines[j]!);
    if (joined) [fields, j] = [joined, j + 1];
  }
  let filled = false;
  for (; j < lines.length; j++) {
    const line = lines[j]!;
    if (!line) continue;
    if (blankRow(line)) continue;
    if (!line.includes('\t') || closing(line)) break;
    filled = true;
  }
  return { ...(fields && !filled ? { columns: fields } : {}), end: j };
}

function titleOf(parts: readonly string[], plan: () => WordsOfPlan): string {
  return shoutless(parts.join(' ').replace(/\s+/g, ' ').trim(), plan);
}

/** The registration templates of the plan's appendices (see the file's comment), one per appendix at most. */
export function appendixForms(lines: readonly string[]): FoundForm[] {
  const out: FoundForm[] = [];
  const words = wordsOfPlan(lines);
  let current: { keys: string[]; name: string; title: string[]; titling: boolean; done: boolean } | undefined;
  for (let i = 0; i < lines.length && out.length < MAX_FORMS; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const named = label(line);
    // A bare "MẪU ĐĂNG KÝ …" right under "PHỤ LỤC 02" is the appendix's heading, not another appendix.
    const heading = named && !named.numbered && current && !current.done && current.title.length === 0;
    if (named && !heading) {
      // A second label before any table names the same appendix ("PHỤ LỤC II" / "Mẫu số 01").
      if (current && !current.done && current.title.length === 0) current.keys.push(named.key);
      else current = { keys: [named.key], name: named.name, title: [], titling: true, done: false };
      if (named.rest && !ATTACHED.test(named.rest)) current.title.push(named.rest);
      continue;
    }
    if (!current || current.done) continue;
    if (!line.includes('\t')) {
      if (ATTACHED.test(line) || /^\(.*\)$/.test(line)) continue;
      if (FILL_IN.test(line) || line.length > 200 || current.title.length >= MAX_TITLE_LINES) current.titling = false;
      else if (current.titling) current.title.push(line);
      continue;
    }
    const table = tableAt(lines, i);
    i = table.end - 1;
    if (!table.columns) {
      // A table that is not the template (a header block, a list): the heading may follow it.
      if (current.title.length === 0) current.titling = true;
      continue;
    }
    current.done = true;
    out.push({ appendix: current.name, keys: current.keys, title: titleOf(current.title, words) || current.name, columns: table.columns.map((c) => c.slice(0, 200)) });
  }
  return out;
}
