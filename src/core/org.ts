/** The organisation: units with short codes and aliases, unit groups, time zone. Loaded from `data/org.json`. */
import { z } from 'zod';
import { fold, squash } from './text.js';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A unit's code: what confirmations, plans and bindings refer to (never renamed). */
export const UNIT_CODE = /^[A-Z][A-Z0-9]{0,11}$/;

/**
 * Who the office calls about a unit (optional; units written before it existed have none). A
 * phone keeps digits, spaces and `+ . - ( )`; an e-mail address is only checked for its shape.
 */
export const contactSchema = z
  .object({
    name: z.string().trim().min(1, 'tên người liên hệ không được để trống').max(100),
    phone: z.string().regex(/^\+?[0-9][0-9 .()-]{5,19}$/, 'số điện thoại không hợp lệ').optional(),
    email: z.string().max(120).regex(/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/, 'địa chỉ e-mail không hợp lệ').optional(),
  })
  .strict();

export const unitSchema = z.object({
  code: z.string().regex(UNIT_CODE, 'mã đơn vị: 1-12 chữ in hoa/số ASCII, bắt đầu bằng chữ'),
  name: z.string().min(1),
  kind: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  contact: contactSchema.optional(),
});

const groupSchema = z
  .object({
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).min(1),
    units: z.union([z.literal('*'), z.array(z.string())]).optional(),
    kinds: z.array(z.string()).optional(),
  })
  .refine((g) => g.units !== undefined || g.kinds !== undefined, { message: 'nhóm cần "units" hoặc "kinds"' });

/** When reminders, slogans and digests go out. Cron strings are checked with node-cron at start. */
export const scheduleSchema = z
  .object({
    /** Time of day (HH:mm, organisation zone) of deadline reminders and escalations. */
    reminderTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'giờ dạng HH:mm').default('08:00'),
    /** Days before the due day on which a unit is reminded (0 = the due day). */
    leadDays: z.array(z.number().int().min(0).max(90)).default([7, 3, 1, 0]),
    /** Daily reminders after the due day, for this many days. */
    overdueDays: z.number().int().min(0).max(30).default(3),
    /** Days after the due day when the office and admins get the list of units still missing. */
    escalateAfterDays: z.number().int().min(0).max(30).default(1),
    /** Slogan of the day to the chats that opted in (default 07:30 Monday-Friday). */
    sloganCron: z.string().default('30 7 * * 1-5'),
    /** Weekly digest of open deadlines to the office (default Monday 08:00). */
    digestCron: z.string().default('0 8 * * 1'),
    /** How late (seconds) a cron run may still start after an event-loop stall. */
    missedToleranceSec: z.number().int().min(60).max(86_400).default(300),
  })
  .strict();

export const orgSchema = z
  .object({
    name: z.string().min(1),
    shortName: z.string().min(1),
    timezone: z.string().refine(isTimeZone, 'múi giờ không hợp lệ'),
    officeUnit: z.string(),
    units: z.array(unitSchema).min(1),
    groups: z.array(groupSchema).default([]),
    schedule: scheduleSchema.prefault({}),
  })
  .passthrough()
  .superRefine((org, ctx) => {
    const codes = new Set<string>();
    const names = new Map<string, string>();
    org.units.forEach((u, i) => {
      if (codes.has(u.code)) ctx.addIssue({ code: 'custom', path: ['units', i, 'code'], message: `mã ${u.code} bị trùng` });
      codes.add(u.code);
      for (const alias of [u.name, ...u.aliases]) {
        const key = fold(squash(alias));
        const owner = names.get(key);
        if (owner && owner !== u.code) {
          ctx.addIssue({ code: 'custom', path: ['units', i, 'aliases'], message: `tên gọi "${alias}" trùng với đơn vị ${owner}` });
        }
        names.set(key, u.code);
      }
    });
    if (!codes.has(org.officeUnit)) {
      ctx.addIssue({ code: 'custom', path: ['officeUnit'], message: `đơn vị văn phòng ${org.officeUnit} không có trong "units"` });
    }
    org.groups.forEach((g, i) => {
      if (Array.isArray(g.units)) {
        for (const c of g.units) {
          if (!codes.has(c)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'units'], message: `mã ${c} không có trong "units"` });
        }
      }
    });
  });

export type Unit = z.infer<typeof unitSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type Org = z.infer<typeof orgSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;

/** Finds one unit by its code or by its name or an alias, ignoring case and diacritics. */
export function findUnit(org: Org, text: string): Unit | undefined {
  const key = fold(squash(text));
  if (!key) return undefined;
  return (
    org.units.find((u) => u.code.toLowerCase() === key) ??
    org.units.find((u) => [u.name, ...u.aliases].some((a) => fold(squash(a)) === key))
  );
}

/**
 * Maps an assignee phrase from a plan ("Văn phòng Sở", "Các phòng, đơn vị trực thuộc Sở") to
 * unit codes, in org order; undefined when nothing matches.
 */
export function resolveAssignees(org: Org, phrase: string): string[] | undefined {
  const unit = findUnit(org, phrase);
  if (unit) return [unit.code];
  const key = fold(squash(phrase));
  const group = org.groups.find((g) => [g.name, ...g.aliases].some((a) => fold(squash(a)) === key));
  if (!group) return undefined;
  return groupUnits(org, group);
}

export type UnitGroup = Org['groups'][number];

/** The unit codes a group stands for (all units, listed codes, or units of its kinds), in org order. */
export function groupUnits(org: Pick<Org, 'units'>, group: UnitGroup): string[] {
  return org.units.filter((u) => group.units === '*' || group.units?.includes(u.code) || group.kinds?.includes(u.kind)).map((u) => u.code);
}
