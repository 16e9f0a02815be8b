/**
 * Adding and changing units of the organisation (the web's Đơn vị page), as changes of the org's
 * raw JSON for the content editor. They refuse, in Vietnamese, what would make a unit hard to
 * find or ambiguous: a bad or taken code, an empty name or kind, a name or alias another unit or a
 * group already answers to. The editor then checks the whole org by the start-up rules.
 */
import { EditRefused, type EditRecord, type Raw } from './content-editor.js';
import { UNIT_CODE, type Contact } from './org.js';
import { fold, squash } from './text.js';

/** What the office types about a unit (the code apart: it never changes). */
export interface UnitInput {
  name: string;
  kind: string;
  aliases: string[];
  contact?: Contact | undefined;
}

export const MAX_UNIT_NAME = 200;
export const MAX_KIND = 60;
export const MAX_ALIAS = 100;
export const MAX_ALIASES = 30;

type RawUnit = Raw & { code?: unknown; name?: unknown; aliases?: unknown };
type RawGroup = { name?: unknown; aliases?: unknown };

const key = (text: string) => fold(squash(text));
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function unitsOf(org: Raw): RawUnit[] {
  if (!Array.isArray(org.units)) throw new EditRefused('Dữ liệu tổ chức không có danh sách đơn vị.');
  return org.units as RawUnit[];
}

/** Checks the fields on their own; the aliases come back without repeats or the unit's own name. */
function checked(input: UnitInput): UnitInput {
  const name = squash(input.name);
  const kind = squash(input.kind);
  if (!name) throw new EditRefused('Tên đơn vị không được để trống.');
  if (Array.from(name).length > MAX_UNIT_NAME) throw new EditRefused(`Tên đơn vị dài quá ${MAX_UNIT_NAME} ký tự.`);
  if (!kind) throw new EditRefused('Loại đơn vị không được để trống (ví dụ: phòng, trung tâm, chi cục).');
  if (Array.from(kind).length > MAX_KIND) throw new EditRefused(`Loại đơn vị dài quá ${MAX_KIND} ký tự.`);
  const seen = new Set([key(name)]);
  const aliases: string[] = [];
  for (const raw of input.aliases) {
    const alias = squash(raw);
    if (!alias || seen.has(key(alias))) continue;
    if (Array.from(alias).length > MAX_ALIAS) throw new EditRefused(`Tên gọi khác “${alias.slice(0, 40)}…” dài quá ${MAX_ALIAS} ký tự.`);
    seen.add(key(alias));
    aliases.push(alias);
  }
  if (aliases.length > MAX_ALIASES) throw new EditRefused(`Nhiều nhất ${MAX_ALIASES} tên gọi khác cho một đơn vị.`);
  return { name, kind, aliases, ...(input.contact ? { contact: input.contact } : {}) };
}

/** Refuses a name or alias of `code` that another unit (by its code, name or alias) or a group answers to. */
function refuseClashes(org: Raw, code: string, input: UnitInput): void {
  const owners = new Map<string, string>();
  for (const u of unitsOf(org)) {
    if (u.code === code || typeof u.code !== 'string') continue;
    const label = `${typeof u.name === 'string' ? u.name : u.code} (${u.code})`;
    for (const n of [u.code, ...(typeof u.name === 'string' ? [u.name] : []), ...strings(u.aliases)]) owners.set(key(n), `đơn vị ${label}`);
  }
  const groups = Array.isArray(org.groups) ? (org.groups as RawGroup[]) : [];
  for (const g of groups) {
    for (const n of [...(typeof g.name === 'string' ? [g.name] : []), ...strings(g.aliases)]) owners.set(key(n), `nhóm đơn vị “${String(g.name)}”`);
  }
  for (const n of [input.name, ...input.aliases]) {
    const owner = owners.get(key(n));
    if (owner) throw new EditRefused(`Tên gọi “${n}” trùng với ${owner}: mỗi tên chỉ chỉ một đơn vị.`);
  }
}

/** The unit as it is stored (no empty contact, no empty alias list). */
function rawUnit(code: string, input: UnitInput): Raw {
  return { code, name: input.name, kind: input.kind, aliases: input.aliases, ...(input.contact ? { contact: input.contact } : {}) };
}

/** Adds unit `code` to the org; refused when the code is malformed or taken, or a field is wrong. */
export function addUnit(org: Raw, code: string, input: UnitInput): EditRecord {
  if (!UNIT_CODE.test(code)) {
    throw new EditRefused(`Mã đơn vị “${code.slice(0, 20)}” không hợp lệ: 1–12 chữ in hoa hoặc số, không dấu, bắt đầu bằng chữ (ví dụ TTKHCN).`);
  }
  const units = unitsOf(org);
  const taken = units.find((u) => u.code === code);
  if (taken) throw new EditRefused(`Đã có đơn vị mã ${code} (${String(taken.name)}). Mã đơn vị không được trùng.`);
  const unit = checked(input);
  refuseClashes(org, code, unit);
  const after = rawUnit(code, unit);
  units.push(after);
  return { action: 'unit-add', subject: code, detail: { after } };
}

/** Changes unit `code`'s name, kind, aliases and contact (never its code). */
export function editUnit(org: Raw, code: string, input: UnitInput): EditRecord {
  const units = unitsOf(org);
  const at = units.findIndex((u) => u.code === code);
  if (at < 0) throw new EditRefused(`Không có đơn vị mã ${code.slice(0, 20)}.`);
  const unit = checked(input);
  refuseClashes(org, code, unit);
  const before = units[at]!;
  // Fields the page does not edit (any a deployment added) are kept.
  const { contact: _dropped, ...kept } = before;
  const after = { ...kept, ...rawUnit(code, unit) };
  units[at] = after;
  return { action: 'unit-edit', subject: code, detail: { before, after } };
}
