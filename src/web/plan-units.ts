/**
 * A unit created from a phrase the importer could not map ("Trung tâm Chuyển đổi số"): its code,
 * name and kind from the form, the phrase kept as one of its names so the next import finds it.
 * The org change goes through the content editor (checked by the org rules: a code or a name
 * another unit has is refused there).
 */
import { EditRefused, type EditRecord, type Raw } from '../core/content-editor.js';
import { unitSchema, type Org, type Unit } from '../core/org.js';
import { fold, squash, truncate } from '../core/text.js';
import { line, requiredLine, type Form } from './plan-fields.js';

/** Vietnamese names of the unit kinds of the sample org; another kind shows as it is written. */
const KIND_LABELS: Readonly<Record<string, string>> = { phong: 'Phòng', 'chi-cuc': 'Chi cục', 'su-nghiep': 'Đơn vị sự nghiệp' };

/** The kinds a new unit may have: those of the org's units, with their labels. */
export function unitKinds(org: Org): Array<{ value: string; label: string }> {
  const kinds = [...new Set(org.units.map((u) => u.kind))];
  return kinds.map((k) => ({ value: k, label: Object.hasOwn(KIND_LABELS, k) ? KIND_LABELS[k]! : k }));
}

/** The unit a form describes for `phrase` (the name defaults to the phrase). */
export function newUnit(form: Form, org: Org, phrase: string): Unit {
  const code = line(form, 'code', 'Mã đơn vị', 12).toUpperCase();
  if (!/^[A-Z][A-Z0-9]{0,11}$/.test(code)) throw new EditRefused('Mã đơn vị cần 1–12 chữ in hoa hoặc số (không dấu), bắt đầu bằng chữ, ví dụ TTCDS.');
  if (org.units.some((u) => u.code === code)) throw new EditRefused(`Đã có đơn vị mã ${code}: chọn đơn vị đó ở ô “Là đơn vị”, hoặc đặt mã khác.`);
  const name = line(form, 'name', 'Tên đơn vị', 200) || squash(phrase).slice(0, 200);
  const kind = requiredLine(form, 'kind', 'Loại đơn vị', 40);
  if (!unitKinds(org).some((k) => k.value === kind)) throw new EditRefused('Loại đơn vị không hợp lệ: chọn một loại trong danh sách.');
  const aliases = fold(squash(phrase)) === fold(name) ? [] : [squash(phrase)];
  const parsed = unitSchema.safeParse({ code, name, kind, aliases });
  if (!parsed.success) throw new EditRefused(`Đơn vị chưa hợp lệ: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** The org change adding `unit` (for {@link ContentEditor.editOrg}), with its audit line. */
export function addUnit(unit: Unit, from: string): (org: Raw) => EditRecord {
  return (org) => {
    const units = Array.isArray(org.units) ? (org.units as unknown[]) : [];
    units.push({ ...unit });
    org.units = units;
    return { action: 'unit-add', subject: unit.code, detail: { before: null, after: unit, from: truncate(from, 80) } };
  };
}
