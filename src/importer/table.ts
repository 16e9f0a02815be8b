/**
 * A row of a task table (cells separated by tabs: from .docx tables, markdown pipe rows, text
 * copied from Word, PDF layout text or HTML rows, all made tab rows by `table-lines.ts`). With a
 * header row (`STT | Nội dung | Cơ quan chủ trì | Phối hợp | Thời gian`) the columns have roles:
 * the task is the content cell, the units the "chủ trì" cell (never "Phối hợp" or the time), the
 * due time the time cell read by {@link periodTimes}. Without one, each cell's kind is guessed:
 * never the numbering, the responsible-unit cell, or a cell that is only a time.
 */
import { fold } from '../core/text.js';
import { taskText, type FoundTime } from './deadlines.js';
import { isTimeCell, periodTimes } from './time-cell.js';
import { leadingUnits, type UnitPhrases } from './units.js';
import { rowNames } from './unmapped.js';

export interface TaskRow {
  /** The content cell as a task, without its dated phrase; '' when the row has no content cell. */
  task: string;
  /** The units of the unit column, else those the content starts with. */
  units: string[];
  /** The "chủ trì" cell as written, when the table has one (its phrase, mapped or not). */
  lead?: string;
  /** The times stated in the row, each once. */
  times: FoundTime[];
}

export type Role = 'number' | 'content' | 'lead' | 'support' | 'time' | 'other';

const NUMBER_CELL = /^(?:\d{1,3}|[IVX]{1,5}|[a-zđ])[.)]?$/u;
/** Words that may follow the units in a unit cell ("Văn phòng Sở (chủ trì)", "các đơn vị liên quan"). */
const UNIT_FILLER = /\b(chu tri|phoi hop|thuc hien|cac|don vi|lien quan|truc thuoc|thuoc so)\b/g;

function roleOf(header: string): Role {
  const h = fold(header).replace(/\s+/g, ' ').trim();
  if (/^(stt|tt|so tt|so thu tu)\.?$/.test(h)) return 'number';
  if (/phoi hop/.test(h)) return 'support';
  if (/thoi gian|thoi han|tien do|^han\b|moc/.test(h)) return 'time';
  if (/chu tri|thuc hien|trach nhiem|don vi|co quan/.test(h)) return 'lead';
  if (/noi dung|nhiem vu|cong viec|hoat dong|^ten\b/.test(h)) return 'content';
  return 'other';
}

/**
 * The roles of a header row's columns, or undefined when the row is not a task table's header
 * (it needs a content column and a "chủ trì" or time column, and only short cells).
 */
export function headerRoles(cells: readonly string[]): Role[] | undefined {
  if (cells.length < 2 || cells.some((c) => c.length > 60 || /\d{2}/.test(c))) return undefined;
  const roles = cells.map(roleOf);
  if (!roles.includes('content') || !(roles.includes('lead') || roles.includes('time'))) return undefined;
  return roles;
}

/** Each time once (a row states its due time in the content and again in the time cell). */
function unique(times: readonly FoundTime[]): FoundTime[] {
  const seen = new Set<string>();
  return times.filter((t) => {
    const key = `${t.due}|${JSON.stringify(t.recurrence)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The times of a time cell: its dated leads, else the period it names ("Quý I/2027"). */
function timeCellTimes(cell: string, timesOf: (text: string) => FoundTime[], report: boolean): FoundTime[] {
  // A period ("Hằng quý", "Định kỳ 6 tháng") is a deadline when the row is a report: the cell is read as the report's.
  const dated = report && !/báo cáo/iu.test(cell) ? timesOf(`Báo cáo ${cell}`) : timesOf(cell);
  return dated.some((t) => t.due !== null) ? dated : [...periodTimes(cell), ...dated];
}

/** The task of a content cell: a date in it is shown as the due date; a period ("báo cáo hằng quý") stays part of the task. */
function contentTask(cell: string, times: readonly FoundTime[]): string {
  return taskText(cell, times.filter((t) => t.due !== null || (t.recurrence?.freq === 'yearly' && 'month' in t.recurrence)).map((t) => t.phrase));
}

type Kind = 'number' | 'time' | 'unit' | 'content';

export function taskRow(cells: readonly string[], known: UnitPhrases, timesOf: (text: string) => FoundTime[], roles?: readonly Role[]): TaskRow {
  // A row whose last cells are empty may have lost their tabs.
  if (roles && cells.length <= roles.length && cells.length > roles.indexOf('content')) {
    const all = [...cells, ...Array<string>(roles.length - cells.length).fill('')];
    const content = roles.indexOf('content');
    const lead = roles.indexOf('lead');
    const time = roles.indexOf('time');
    const cellTimes = all.map((c, i) => (i === time ? timeCellTimes(c, timesOf, /báo cáo/iu.test(all[content]!)) : roles[i] === 'content' || roles[i] === 'other' ? timesOf(c) : []));
    const leadCell = lead >= 0 ? all[lead]!.trim() : '';
    const units = leadingUnits(leadCell || all[content]!, known).codes;
    return { task: contentTask(all[content]!, cellTimes[content]!), units, ...(leadCell ? { lead: leadCell } : {}), times: unique(cellTimes.flat()) };
  }
  const filled = cells.map((c) => c.trim()).filter(Boolean);
  const leading = filled.map((c) => leadingUnits(c, known));
  const kinds: Kind[] = filled.map((c, i) => {
    if (NUMBER_CELL.test(c)) return 'number';
    if (isTimeCell(c)) return 'time';
    const { codes, rest } = leading[i]!;
    if (codes.length > 0 && rest.replace(UNIT_FILLER, '').replace(/[^a-z0-9]+/g, '') === '') return 'unit';
    return 'content';
  });
  const content = kinds.indexOf('content');
  const unitCell = kinds.indexOf('unit');
  const units = unitCell >= 0 ? leading[unitCell]!.codes : content >= 0 ? leading[content]!.codes : [];
  const cellTimes = filled.map((c, i) => (kinds[i] === 'time' ? timeCellTimes(c, timesOf, /báo cáo/iu.test(cells.join(' '))) : timesOf(c)));
  const times = unique(cellTimes.flat());
  if (content < 0) return { task: '', units, times };
  return { task: contentTask(filled[content]!, cellTimes[content]!), units, times };
}

/** The unit phrases of a table row: its "chủ trì" cell's (the cell as written when it names none we can tell), else any cell's. */
export function leadNames(lead: string | undefined, cells: readonly string[]): string[] {
  if (!lead) return rowNames(cells);
  const names = rowNames([lead]);
  return names.length ? names : [lead.slice(0, 80)];
}
