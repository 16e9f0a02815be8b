/**
 * Reading the plan forms' fields (hostile input): one text, a day typed as dd/mm/yyyy, a time
 * (a day or a recurrence), the units (checkboxes and/or codes, names or group names typed), the
 * unit a report goes to. A bad value throws {@link EditRefused} with a Vietnamese message that
 * says what to type instead; nothing is cut silently.
 */
import { EditRefused } from '../core/content-editor.js';
import { parseDay, type Day } from '../core/dates.js';
import { findUnit, resolveAssignees, type Org } from '../core/org.js';
import type { Recurrence } from '../core/plans.js';
import { cleanInput, fold, squash, truncate } from '../core/text.js';

/** A parsed form (`parseBody({ all: true })`): a field may repeat (checkboxes) or be a file. */
export type Form = Record<string, string | File | Array<string | File>>;

/** Every string value of a field, in order (a file is not text). */
export function values(form: Form, name: string): string[] {
  const v = form[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

/** A one-line text field, cleaned (NFC, no control characters, spaces collapsed); refused when longer than `max` characters. */
export function line(form: Form, name: string, label: string, max: number): string {
  const raw = values(form, name)[0] ?? '';
  const text = squash(cleanInput(raw));
  if (raw.length > max * 4 || Array.from(text).length > max) throw new EditRefused(`${label} quá dài (tối đa ${max} ký tự).`);
  return text;
}

/** A required one-line text field. */
export function requiredLine(form: Form, name: string, label: string, max: number): string {
  const text = line(form, name, label, max);
  if (!text) throw new EditRefused(`${label} không được để trống.`);
  return text;
}

const shown = (s: string) => `“${truncate(s, 40)}”`;

/** A day typed as dd/mm/yyyy (or picked in a date input); undefined when empty. */
export function dayField(form: Form, name: string, label: string): Day | undefined {
  const text = line(form, name, label, 40);
  if (!text) return undefined;
  const day = parseDay(text);
  if (!day) throw new EditRefused(`${label} ${shown(text)} không hợp lệ: nhập ngày dạng dd/mm/yyyy, ví dụ 30/11/2027.`);
  const year = Number(day.slice(0, 4));
  if (year < 2000 || year > 2100) throw new EditRefused(`${label} ${shown(text)} không hợp lệ: năm phải từ 2000 đến 2100.`);
  return day;
}

/** The recurrences a form offers, by their field value, with their Vietnamese label. */
export const REPEATS: ReadonlyArray<{ value: string; label: string; recurrence?: Recurrence }> = [
  { value: '', label: 'Một lần, theo ngày' },
  { value: 'nam-ngay', label: 'Hằng năm, vào ngày…' },
  { value: 'nam', label: 'Hằng năm (cuối năm)', recurrence: { freq: 'yearly' } },
  { value: 'sau-thang', label: 'Định kỳ 6 tháng', recurrence: { freq: 'semiannual' } },
  { value: 'quy', label: 'Hằng quý', recurrence: { freq: 'quarterly' } },
  { value: 'thang', label: 'Hằng tháng', recurrence: { freq: 'monthly' } },
];

/** The form value of a deadline's time (for the select). */
export function repeatValue(recurrence: Recurrence | null): string {
  if (!recurrence) return '';
  if (recurrence.freq === 'yearly' && 'month' in recurrence) return 'nam-ngay';
  return REPEATS.find((r) => r.recurrence?.freq === recurrence.freq)?.value ?? '';
}

const two = (n: number) => String(n).padStart(2, '0');

/** The form's day field of a recurrence: "05/11" (yearly), "25" (monthly), "15/3" (day/month of the quarter or half-year); '' without a day. */
export function dayValue(recurrence: Recurrence | null): string {
  if (!recurrence || !('day' in recurrence)) return '';
  if (recurrence.freq === 'yearly') return `${two(recurrence.day)}/${two(recurrence.month)}`;
  return 'month' in recurrence ? `${recurrence.day}/${recurrence.month}` : String(recurrence.day);
}

/**
 * A monthly, quarterly or semiannual recurrence with the day typed for it (empty: the period's
 * end): "25" each month; "15/3" the 15th of the 3rd month of each quarter ("15" alone: of its last month).
 */
function periodWithDay(rec: Recurrence, text: string): Recurrence {
  if (!text || rec.freq === 'yearly') return rec;
  const months = rec.freq === 'monthly' ? 1 : rec.freq === 'quarterly' ? 3 : 6;
  const m = /^(\d{1,2})(?:\s*[/.-]\s*(\d{1,2}))?$/.exec(text);
  const day = Number(m?.[1]);
  const month = m?.[2] === undefined ? months : Number(m[2]);
  if (!m || day < 1 || day > 31 || month < 1 || month > months || (months === 1 && m[2] !== undefined)) {
    const hint = months === 1 ? 'hằng tháng nhập ngày trong tháng, ví dụ 25' : `nhập ngày/tháng thứ mấy của kỳ (1–${months}), ví dụ 15/${months} là ngày 15 tháng cuối kỳ`;
    throw new EditRefused(`Ngày trong kỳ ${shown(text)} không hợp lệ: ${hint}; để trống là cuối kỳ.`);
  }
  if (rec.freq === 'monthly') return { freq: 'monthly', day };
  return { freq: rec.freq, month, day };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A deadline's time: a day (`due`), or a recurrence (`repeat`, with `day` as dd/mm for "hằng năm vào ngày", or the day in a monthly, quarterly or semiannual period). */
export function timeFields(form: Form): { due: Day | null; recurrence: Recurrence | null } {
  const repeat = line(form, 'repeat', 'Kiểu thời hạn', 20);
  const due = dayField(form, 'due', 'Ngày hạn');
  const kind = REPEATS.find((r) => r.value === repeat);
  if (!kind) throw new EditRefused('Kiểu thời hạn không hợp lệ: chọn “Một lần” hoặc một kiểu định kỳ.');
  if (!repeat) {
    if (!due) throw new EditRefused('Nhập ngày hạn (dd/mm/yyyy), hoặc chọn một kiểu định kỳ.');
    return { due, recurrence: null };
  }
  if (due) throw new EditRefused('Một hạn có ngày cụ thể hoặc định kỳ, không cả hai: xóa ngày hạn, hoặc chọn “Một lần, theo ngày”.');
  if (kind.recurrence) return { due: null, recurrence: periodWithDay(kind.recurrence, line(form, 'day', 'Ngày trong kỳ', 20)) };
  const text = line(form, 'day', 'Ngày trong năm', 20);
  const m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})$/.exec(text);
  const [day, month] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) {
    throw new EditRefused(`Ngày trong năm ${text ? shown(text) : '(trống)'} không hợp lệ: nhập dạng dd/mm, ví dụ 05/11.`);
  }
  return { due: null, recurrence: { freq: 'yearly', month, day } };
}

/** Most unit names typed in one field (an org of 2,000 units may list them all). */
const MAX_TYPED_UNITS = 5000;

const ALL_UNITS = new Set(['tat ca', 'tat ca don vi', 'tatca']);

/**
 * The units named in one line of comma-separated names: each item's codes, or the item as typed
 * when it names nothing. A name with a comma in it ("Các phòng, đơn vị thuộc Sở") is tried whole
 * first: the longest run of items that names a unit or a group wins.
 */
function typedUnits(text: string, org: Org): Array<string[] | string> {
  const parts = text.split(',');
  const out: Array<string[] | string> = [];
  for (let i = 0; i < parts.length; ) {
    let j = Math.min(parts.length, i + 6);
    let found: string[] | undefined;
    for (; j > i; j--) {
      const name = squash(parts.slice(i, j).join(','));
      found = ALL_UNITS.has(fold(name)) ? org.units.map((u) => u.code) : resolveAssignees(org, name);
      if (found?.length || !name) break;
    }
    if (j === i) {
      const name = squash(parts[i]!);
      if (name) out.push(name);
      i += 1;
    } else {
      if (found?.length) out.push(found);
      i = j;
    }
  }
  return out;
}

/**
 * The units of a deadline: the ticked codes (`units`) and those typed (`unitsText`: codes, names,
 * other names or group names such as "các phòng", separated by commas), in the org's order.
 */
export function unitFields(form: Form, org: Org): string[] {
  const codes = new Set<string>();
  const unknown: string[] = [];
  for (const code of values(form, 'units')) {
    if (org.units.some((u) => u.code === code)) codes.add(code);
    else unknown.push(code);
  }
  const typed = values(form, 'unitsText')[0] ?? '';
  if (typed.length > 100_000) throw new EditRefused('Danh sách đơn vị quá dài.');
  const lines = cleanInput(typed.slice(0, 100_000)).split(/[;\n]+/);
  if (lines.reduce((n, l) => n + l.split(',').length, 0) > MAX_TYPED_UNITS) throw new EditRefused(`Danh sách đơn vị quá dài (tối đa ${MAX_TYPED_UNITS}).`);
  for (const l of lines) {
    for (const item of typedUnits(l, org)) {
      if (Array.isArray(item)) for (const c of item) codes.add(c);
      else unknown.push(item);
    }
  }
  if (unknown.length) {
    const list = unknown.slice(0, 5).map(shown).join(', ');
    throw new EditRefused(`Không có đơn vị ${list}${unknown.length > 5 ? ` và ${unknown.length - 5} tên khác` : ''}: nhập mã (ví dụ ${org.officeUnit}), tên hoặc tên gọi khác của đơn vị, cách nhau bằng dấu phẩy.`);
  }
  return org.units.filter((u) => codes.has(u.code)).map((u) => u.code);
}

/**
 * Where a deadline's report goes: a unit (code, name or other name typed), or — for a body
 * outside the organisation ("Ban Dân vận Tỉnh ủy") — the words as typed; null when empty.
 */
export function reportToField(form: Form, org: Org): string | null {
  const text = line(form, 'reportTo', 'Nơi nhận báo cáo', 150);
  if (!text) return null;
  return findUnit(org, text)?.code ?? text;
}
