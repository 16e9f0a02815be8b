/**
 * The database schema (lowdb, one JSON file). Bump {@link SCHEMA_VERSION} and add a step to
 * {@link migrate} for every change, so an older file is upgraded at start, never misread. The
 * records are the core's (`src/core/records.ts`): each schema is checked against its type.
 */
import { z } from 'zod';
import type { AuditEntry } from '../core/ports.js';
import type { DownloadGrant, FormSession, Submission } from '../core/submission-ports.js';
import { orgRecordSchema, planRecordSchema, stagedRecordSchema } from './content-schema.js';
import type {
  Announcement,
  Binding,
  Confirmation,
  OutboxRow,
  ParkedMessage,
  RegistrationRequest,
  ReminderRecord,
  Stamp,
  ZaloTokens,
} from '../core/records.js';

export type { Announcement, AuditEntry, Binding, Confirmation, OutboxRow, ParkedMessage, RegistrationRequest, ReminderRecord, Stamp, ZaloTokens };

export const SCHEMA_VERSION = 9;

const userSchema = z.object({ id: z.string(), name: z.string() });

/** Who did something, when, from which chat (`channel:chatId`). */
const stampSchema: z.ZodType<Stamp> = z.object({ at: z.string(), by: userSchema, chat: z.string() });

/** `title` and `lastActive` are optional: a file written before they existed reads as it is (no new version). */
const bindingSchema: z.ZodType<Binding> = z.object({ unit: z.string(), at: z.string(), by: userSchema, title: z.string().optional(), lastActive: z.string().optional() });

const requestSchema: z.ZodType<RegistrationRequest> = z.object({
  id: z.string(),
  chat: z.string(),
  chatType: z.enum(['private', 'group']),
  /** The group's title when the channel gave one, to name the chat to admins. */
  chatTitle: z.string().optional(),
  unit: z.string(),
  user: userSchema,
  at: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decided: stampSchema.optional(),
});

const confirmationSchema: z.ZodType<Confirmation> = z.object({
  deadline: z.string(),
  occurrence: z.string(),
  unit: z.string(),
  received: stampSchema,
  completed: stampSchema.optional(),
});

const messageRefSchema = z.object({
  chat: z.string(),
  messageId: z.string(),
  deadline: z.string(),
  occurrence: z.string(),
  /** How the message shows the deadline (see DeadlineRef); absent in files written before it existed. */
  view: z.string().optional(),
  at: z.string(),
});

/** What a queued or parked message is about (so a reply to it confirms it). */
const refSchema = z.object({ deadline: z.string(), occurrence: z.string(), view: z.string().optional() });

const buttonSchema = z.object({ label: z.string(), data: z.string() });

/** A chat the platform refused (bot removed, blocked): sends to it are skipped until it writes again. */
const chatStateSchema = z.object({ inactive: z.object({ at: z.string(), reason: z.string() }).optional() });

/** A message a channel could not send for now (long rate limit, repeated errors): sent again later. */
const parkedSchema: z.ZodType<ParkedMessage> = z.object({
  id: z.string(),
  chat: z.string(),
  text: z.string(),
  buttons: z.array(buttonSchema).optional(),
  ref: refSchema.optional(),
  reason: z.string(),
  at: z.string(),
  /** Not before this instant (ISO). */
  notBefore: z.string(),
  /** The outbox row it was sent for: marked sent once the parked message is delivered. */
  outboxId: z.string().optional(),
});

/** What happened to one planned reminder step (key: deadline@occurrence#unit#step). */
const reminderSchema: z.ZodType<ReminderRecord> = z.object({
  status: z.enum(['queued', 'skipped', 'no-chat']),
  at: z.string(),
});

/** A message waiting to be sent by the outbox dispatcher (reminders, announcements, digests). */
const outboxSchema: z.ZodType<OutboxRow> = z.object({
  id: z.string(),
  /** The reminder key it belongs to, if any. */
  key: z.string().optional(),
  chat: z.string(),
  text: z.string(),
  buttons: z.array(buttonSchema).optional(),
  ref: refSchema.optional(),
  /** `parked`: the channel keeps it to send later; it becomes `sent` once delivered. */
  status: z.enum(['pending', 'sent', 'parked', 'undelivered']),
  createdAt: z.string(),
  doneAt: z.string().optional(),
  messageId: z.string().optional(),
});

/** An announcement (/thongbao), tracked like a deadline. */
const announcementSchema: z.ZodType<Announcement> = z.object({
  id: z.string(),
  text: z.string(),
  units: z.array(z.string()),
  /** The day it was made (its occurrence when it has no due date). */
  day: z.string(),
  due: z.string().nullable(),
  at: z.string(),
  by: userSchema,
});

/** Who changed what, when (the audit port); the newest {@link MAX_AUDIT} are kept in the file, older ones in its archive. */
const auditSchema: z.ZodType<AuditEntry> = z.object({
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string(), chat: z.string().optional() }),
  action: z.string(),
  subject: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

const zaloTokensSchema: z.ZodType<ZaloTokens> = z.object({ access: z.string(), refresh: z.string(), expiresAt: z.string(), updatedAt: z.string() });

/** A web console sign-in link or session, keyed by the SHA-256 of its secret (the secret is never stored). */
const webGrantSchema = z.object({ role: z.enum(['admin', 'viewer']), user: userSchema, expiresAt: z.string() });

/** A handed-in file as recorded (its bytes are in the files folder, by SHA-256). */
const storedFileSchema = z.object({ sha256: z.string(), name: z.string(), size: z.number().int().nonnegative(), type: z.string() });

/** One hand-in (a report file, a filled form, or both); never replaced, so the history keeps every one. */
const submissionSchema: z.ZodType<Submission> = z.object({
  id: z.string(),
  deadline: z.string(),
  occurrence: z.string(),
  unit: z.string(),
  by: userSchema,
  chat: z.string(),
  at: z.string(),
  file: storedFileSchema.optional(),
  report: z.object({ number: z.string().optional(), date: z.string().optional() }).optional(),
  form: z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) }).optional(),
});

/** A guided registration in progress (`/dangkyhd`), one per person per chat. */
const formSessionSchema: z.ZodType<FormSession> = z.object({
  deadline: z.string(),
  occurrence: z.string(),
  chat: z.string(),
  user: z.string(),
  unit: z.string(),
  rows: z.array(z.array(z.string())),
  draft: z.array(z.string()),
  step: z.number().int(),
  editing: z.boolean().optional(),
  columns: z.array(z.string()),
  updatedAt: z.string(),
});

/** A one-time download link's grant, keyed by the SHA-256 of its secret (the secret is never stored). */
const downloadLinkSchema = z.object({ sha256: z.string(), name: z.string(), type: z.string(), for: userSchema, expiresAt: z.string() });

export const storeDataSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  bindings: z.record(z.string(), bindingSchema),
  requests: z.array(requestSchema),
  confirmations: z.array(confirmationSchema),
  messages: z.array(messageRefSchema),
  chats: z.record(z.string(), chatStateSchema),
  parked: z.array(parkedSchema),
  reminders: z.record(z.string(), reminderSchema),
  outbox: z.array(outboxSchema),
  sloganChats: z.record(z.string(), z.object({ at: z.string(), by: userSchema })),
  announcements: z.array(announcementSchema),
  /**
   * Incoming updates already processed (`<channel>:<update id>` → when), so a redelivered update
   * (Telegram `update_id`, Zalo `msg_id` or event key) is never acted on twice. Bounded: see the store.
   */
  updates: z.record(z.string(), z.string()),
  /** The Zalo OA token pair in use: a refresh token works once, so the newest pair lives here. */
  zaloTokens: zaloTokensSchema.nullable(),
  /** The audit log, oldest first, bounded (older entries in `<file>.audit-archive.jsonl`). */
  audit: z.array(auditSchema),
  /** One-time sign-in links of the web console (hash → grant), removed when used or expired. */
  webLinks: z.record(z.string(), webGrantSchema),
  /** Web console sessions (hash → grant), removed at sign-out or once expired. */
  webSessions: z.record(z.string(), webGrantSchema),
  /**
   * The organisation (units, groups, schedule): null until the store is seeded from the data
   * folder's org.json at its first open; from then on the store's copy is the one in use.
   */
  org: orgRecordSchema.nullable(),
  /** The plans in use, by id (seeded from `plans/*.json`, then published, edited, deleted here). */
  plans: z.record(z.string(), planRecordSchema),
  /** Ids of plans deleted here (id → when): their file in the data folder is never added again. */
  deletedPlans: z.record(z.string(), z.string()),
  /** Raised by every change of the org or a plan. */
  contentRevision: z.number().int().nonnegative(),
  /** Plans read from files, waiting to be published or discarded, by code. */
  staged: z.record(z.string(), stagedRecordSchema),
  /** What units handed in, oldest first (ids `N1`, `N2`, …); the files' bytes live in the files folder. */
  submissions: z.array(submissionSchema),
  /** Guided registrations in progress, by {@link formSessionKey}; forgotten a day after their last change. */
  formSessions: z.record(z.string(), formSessionSchema),
  /** One-time download links (hash of the secret → grant), removed when taken or once expired. */
  downloadLinks: z.record(z.string(), downloadLinkSchema),
  seq: z.object({
    request: z.number().int().nonnegative(),
    parked: z.number().int().nonnegative(),
    outbox: z.number().int().nonnegative(),
    announcement: z.number().int().nonnegative(),
    staged: z.number().int().nonnegative(),
    submission: z.number().int().nonnegative(),
  }),
});

/** Most audit entries kept in the file (older ones go to its archive first: lowdb/audit-archive.ts). */
export const MAX_AUDIT = 10_000;

export type MessageRef = z.infer<typeof messageRefSchema>;
export type StoreData = z.infer<typeof storeDataSchema>;
export type ChatState = z.infer<typeof chatStateSchema>;
export type WebGrantRecord = z.infer<typeof webGrantSchema>;
export type DownloadLinkRecord = DownloadGrant & { expiresAt: string };

/** The key of a form session in the file: its chat and its person (a chat key holds no newline). */
export const formSessionKey = (chat: string, user: string): string => `${chat}\n${user}`;
export type { OrgRecord, PlanRecord, StagedRecord } from './content-schema.js';

export function emptyData(): StoreData {
  return {
    schemaVersion: SCHEMA_VERSION,
    bindings: {},
    requests: [],
    confirmations: [],
    messages: [],
    chats: {},
    parked: [],
    reminders: {},
    outbox: [],
    sloganChats: {},
    announcements: [],
    updates: {},
    zaloTokens: null,
    audit: [],
    webLinks: {},
    webSessions: {},
    org: null,
    plans: {},
    deletedPlans: {},
    contentRevision: 0,
    staged: {},
    submissions: [],
    formSessions: {},
    downloadLinks: {},
    seq: { request: 0, parked: 0, outbox: 0, announcement: 0, staged: 0, submission: 0 },
  };
}

/**
 * Brings parsed file content to the current schema. Throws with a Vietnamese reason when the
 * content is not a Loa database or comes from a newer version.
 */
export function migrate(raw: unknown): StoreData {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('nội dung không phải một đối tượng JSON');
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'number') throw new Error('thiếu "schemaVersion"');
  if (version > SCHEMA_VERSION) {
    throw new Error(`tệp thuộc phiên bản dữ liệu ${version}, mới hơn phiên bản Loa này hiểu (${SCHEMA_VERSION})`);
  }
  let data = raw as Record<string, unknown>;
  // Each step upgrades one version; never edit a step once released.
  if (data.schemaVersion === 1) {
    const seq = (data.seq ?? {}) as Record<string, unknown>;
    data = { ...data, schemaVersion: 2, chats: {}, parked: [], seq: { ...seq, parked: 0 } };
  }
  if (data.schemaVersion === 2) {
    const seq = (data.seq ?? {}) as Record<string, unknown>;
    data = { ...data, schemaVersion: 3, reminders: {}, outbox: [], sloganChats: {}, announcements: [], seq: { ...seq, outbox: 0, announcement: 0 } };
  }
  if (data.schemaVersion === 3) data = { ...data, schemaVersion: 4, zaloTokens: null };
  if (data.schemaVersion === 4) data = { ...data, schemaVersion: 5, updates: {} };
  if (data.schemaVersion === 5) data = { ...data, schemaVersion: 6, audit: [] };
  if (data.schemaVersion === 6) data = { ...data, schemaVersion: 7, webLinks: {}, webSessions: {} };
  if (data.schemaVersion === 7) {
    // The content moves into the store: seeded from the data folder at the next open (see content-seed.ts).
    const seq = (data.seq ?? {}) as Record<string, unknown>;
    data = { ...data, schemaVersion: 8, org: null, plans: {}, deletedPlans: {}, contentRevision: 0, staged: {}, seq: { ...seq, staged: 0 } };
  }
  if (data.schemaVersion === 8) {
    // Hand-ins (issue 14): submissions, guided form sessions, one-time download links.
    const seq = (data.seq ?? {}) as Record<string, unknown>;
    data = { ...data, schemaVersion: 9, submissions: [], formSessions: {}, downloadLinks: {}, seq: { ...seq, submission: 0 } };
  }
  const parsed = storeDataSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`sai cấu trúc ở "${issue?.path.join('.') ?? ''}": ${issue?.message ?? ''}`);
  }
  return parsed.data;
}
