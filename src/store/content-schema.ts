/**
 * The content records of the lowdb file (schema 8): the organisation and the plans as JSON values
 * (validated by the core's rules when content is built, not here), and the staged plans.
 */
import { z } from 'zod';

/** The organisation's JSON value (as org.json holds it), validated by the core when content is built. */
export const orgRecordSchema = z.object({ file: z.string(), raw: z.unknown() });

/** A plan: its JSON value (validated by the core), the original text it was imported from, when it last changed. */
export const planRecordSchema = z.object({ file: z.string(), raw: z.unknown(), text: z.string(), updatedAt: z.string() });

/** A plan read from a file and waiting to be published or discarded (`code`: I1, I2, …). */
export const stagedRecordSchema = z.object({
  code: z.string(),
  text: z.string(),
  summary: z.string(),
  key: z.string().optional(),
  /** The office's corrected plan (its JSON value), published instead of a fresh reading. */
  draft: z.unknown().optional(),
  at: z.string(),
});

export type OrgRecord = z.infer<typeof orgRecordSchema>;
export type PlanRecord = z.infer<typeof planRecordSchema>;
export type StagedRecord = z.infer<typeof stagedRecordSchema>;
