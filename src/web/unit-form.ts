/**
 * The unit form of the Đơn vị pages (add, edit): what was typed, cleaned, kept to show again after
 * a refusal, and read into a {@link UnitInput}. Aliases are comma-separated; a contact is optional
 * (all three fields empty) but needs a name once a phone or an e-mail is given.
 */
import { contactSchema, type Contact, type Unit } from '../core/org.js';
import type { UnitInput } from '../core/unit-edits.js';
import { cleanInput, squash } from '../core/text.js';

/** The form's fields as typed (cleaned), to fill the form again. */
export interface UnitFormValues {
  code: string;
  name: string;
  kind: string;
  aliases: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
}

export const EMPTY_UNIT_FORM: UnitFormValues = { code: '', name: '', kind: '', aliases: '', contactName: '', contactPhone: '', contactEmail: '' };

const field = (form: Record<string, unknown>, name: string): string => {
  const v = form[name];
  return typeof v === 'string' ? squash(cleanInput(v)) : '';
};

export function unitFormValues(form: Record<string, unknown>): UnitFormValues {
  return {
    // Codes are ASCII capitals: "ttkhcn" is taken as TTKHCN.
    code: field(form, 'code').toUpperCase(),
    name: field(form, 'name'),
    kind: field(form, 'kind'),
    aliases: field(form, 'aliases'),
    contactName: field(form, 'contact_name'),
    contactPhone: field(form, 'contact_phone'),
    contactEmail: field(form, 'contact_email'),
  };
}

/** A unit's current values, to fill its edit form. */
export function formOfUnit(u: Unit): UnitFormValues {
  return {
    code: u.code,
    name: u.name,
    kind: u.kind,
    aliases: u.aliases.join(', '),
    contactName: u.contact?.name ?? '',
    contactPhone: u.contact?.phone ?? '',
    contactEmail: u.contact?.email ?? '',
  };
}

/** The contact typed, undefined when none; a Vietnamese refusal when it is not a valid one. */
function contactOf(v: UnitFormValues): Contact | undefined | { refused: string } {
  if (!v.contactName && !v.contactPhone && !v.contactEmail) return undefined;
  if (!v.contactName) return { refused: 'Cần tên người liên hệ khi có số điện thoại hoặc e-mail.' };
  const parsed = contactSchema.safeParse({
    name: v.contactName,
    ...(v.contactPhone ? { phone: v.contactPhone } : {}),
    ...(v.contactEmail ? { email: v.contactEmail } : {}),
  });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const what = issue?.path[0] === 'phone' ? 'Số điện thoại' : issue?.path[0] === 'email' ? 'Địa chỉ e-mail' : 'Tên người liên hệ';
  return { refused: `${what} của người liên hệ không hợp lệ.` };
}

/** The unit the form describes, or why not. */
export function unitInputOf(v: UnitFormValues): { input: UnitInput } | { refused: string } {
  const contact = contactOf(v);
  if (contact && 'refused' in contact) return contact;
  return { input: { name: v.name, kind: v.kind, aliases: v.aliases.split(','), ...(contact ? { contact } : {}) } };
}
