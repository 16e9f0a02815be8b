/**
 * A row of a task table (cells separated by tabs: from .docx tables, markdown pipe rows or text
 * copied from Word). The task is the content cell: never the numbering, the responsible-unit
 * cell, or a cell that is only a time ("Hằng quý", "Trước 20/11/2027", "Tháng 9/2027").
 */
import { isTimeCell, taskText, type FoundTime } from './deadlines.js';
import { leadingUnits, type UnitPhrases } from './units.js';

export interface TaskRow {
  /** The content cell as a task, without its dated phrase; '' when the row has no content cell. */
  task: string;
  /** The units of the unit column, else those the content starts with. */
  units: string[];
  /** The times stated anywhere in the row, each once. */
  times: FoundTime[];
}

const NUMBER_CELL = /^(?:\d{1,3}|[IVX]{1,5}|[a-zđ])[.)]?$/u;
/** Words that may follow the units in a unit cell ("Văn phòng Sở (chủ trì)", "các đơn vị liên quan"). */
const UNIT_FILLER = /\b(chu tri|phoi hop|thuc hien|cac|don vi|lien quan|truc thuoc|thuoc so)\b/g;

type Kind = 'number' | 'time' | 'unit' | 'content';

export function taskRow(cells: readonly string[], known: UnitPhrases, timesOf: (text: string) => FoundTime[]): TaskRow {
  const leading = cells.map((c) => leadingUnits(c, known));
  const kinds: Kind[] = cells.map((c, i) => {
    if (NUMBER_CELL.test(c)) return 'number';
    if (isTimeCell(c)) return 'time';
    const { codes, rest } = leading[i]!;
    if (codes.length > 0 && rest.replace(UNIT_FILLER, '').replace(/[^a-z0-9]+/g, '') === '') return 'unit';
    return 'content';
  });
  const content = kinds.indexOf('content');
  const unitCell = kinds.indexOf('unit');
  const units = unitCell >= 0 ? leading[unitCell]!.codes : content >= 0 ? leading[content]!.codes : [];

  const seen = new Set<string>();
  const times: FoundTime[] = [];
  const cellTimes = cells.map(timesOf);
  for (const t of cellTimes.flat()) {
    const key = `${t.due}|${JSON.stringify(t.recurrence)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    times.push(t);
  }
  if (content < 0) return { task: '', units, times };
  // A date in the content is shown as the due date; a period ("báo cáo hằng quý") stays part of the task.
  const dated = cellTimes[content]!.filter((t) => t.due !== null || (t.recurrence !== null && 'month' in t.recurrence));
  return { task: taskText(cells[content]!, dated.map((t) => t.phrase)), units, times };
}
