/**
 * The database schema (lowdb, one JSON file). Bump {@link SCHEMA_VERSION} and add a step to
 * {@link migrate} for every change, so an older file is upgraded at start, never misread.
 */
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

const userSchema = z.object({ id: z.string(), name: z.string() });

/** Who did something, when, from which chat (`channel:chatId`). */
const stampSchema = z.object({ at: z.string(), by: userSchema, chat: z.string() });

const bindingSchema = z.object({ unit: z.string(), at: z.string(), by: userSchema });

const requestSchema = z.object({
  id: z.string(),
  chat: z.string(),
  chatType: z.enum(['private', 'group']),
  unit: z.string(),
  user: userSchema,
  at: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decided: stampSchema.optional(),
});

const confirmationSchema = z.object({
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
  at: z.string(),
});

export const storeDataSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  bindings: z.record(z.string(), bindingSchema),
  requests: z.array(requestSchema),
  confirmations: z.array(confirmationSchema),
  messages: z.array(messageRefSchema),
  seq: z.object({ request: z.number().int().nonnegative() }),
});

export type Stamp = z.infer<typeof stampSchema>;
export type Binding = z.infer<typeof bindingSchema>;
export type RegistrationRequest = z.infer<typeof requestSchema>;
export type Confirmation = z.infer<typeof confirmationSchema>;
export type MessageRef = z.infer<typeof messageRefSchema>;
export type StoreData = z.infer<typeof storeDataSchema>;

export function emptyData(): StoreData {
  return { schemaVersion: SCHEMA_VERSION, bindings: {}, requests: [], confirmations: [], messages: [], seq: { request: 0 } };
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
  // Version 1 is the first schema: nothing to upgrade yet.
  const parsed = storeDataSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`sai cấu trúc ở "${issue?.path.join('.') ?? ''}": ${issue?.message ?? ''}`);
  }
  return parsed.data;
}
