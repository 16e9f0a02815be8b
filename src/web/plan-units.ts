/**
 * A unit created from a phrase the importer could not map ("Trung tâm Chuyển đổi số"): its code,
 * name and kind from the form, the phrase kept as one of its names so the next import finds it.
 * The org change is the Đơn vị page's (core/unit-edits.ts), made through the content editor.
 */
import { EditRefused, type EditRecord, type Raw } from '../core/content-editor.js';
import type { Org } from '../core/org.js';
import { truncate } from '../core/text.js';
import { addUnit, type UnitInput } from '../core/unit-edits.js';
import { line, requiredLine, type Form } from './plan-fields.js';

/** Vietnamese names of the unit kinds of the sample org; another kind shows as it is written. */
const KIND_LABELS: Readonly<Record<string, string>> = { phong: 'Phòng', 'chi-cuc': 'Chi cục', 'su-nghiep': 'Đơn vị sự nghiệp', 'doan-the': 'Đoàn thể' };

/** The kinds a new unit may have: those of the org's units, with their labels. */
export function unitKinds(org: Org): Array<{ value: string; label: string }> {
  const kinds = [...new Set(org.units.map((u) => u.kind))];
  return kinds.map((k) => ({ value: k, label: Object.hasOwn(KIND_LABELS, k) ? KIND_LABELS[k]! : k }));
}

/** The unit a form describes for `phrase`: its code, and its name (the phrase when left empty), kind and other name. */
export function newUnit(form: Form, org: Org, phrase: string): { code: string; input: UnitInput } {
  const code = line(form, 'code', 'Mã đơn vị', 12).toUpperCase();
  const name = line(form, 'name', 'Tên đơn vị', 200) || truncate(phrase, 200);
  const kind = requiredLine(form, 'kind', 'Loại đơn vị', 60);
  if (!unitKinds(org).some((k) => k.value === kind)) throw new EditRefused('Loại đơn vị không hợp lệ: chọn một loại trong danh sách.');
  return { code, input: { name, kind, aliases: [phrase] } };
}

/** The org change adding the unit (for the content editor's `editOrg`), its audit line saying where it came from. */
export function addUnitFrom(unit: { code: string; input: UnitInput }, from: string): (org: Raw) => EditRecord {
  return (org) => {
    const record = addUnit(org, unit.code, unit.input);
    return { ...record, detail: { ...record.detail, from: truncate(from, 80) } };
  };
}
