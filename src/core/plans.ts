/** Plans ("Kế hoạch") as curated JSON in `data/plans/`, each beside its original text. */
import { z } from 'zod';

const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày dạng YYYY-MM-DD');

export const recurrenceSchema = z.union([
  z.object({ freq: z.literal('yearly'), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }).strict(),
  z.object({ freq: z.enum(['yearly', 'semiannual', 'quarterly', 'monthly']) }).strict(),
]);

export const deadlineSchema = z
  .object({
    id: z.string().regex(/^[A-Z][A-Z0-9]{0,11}$/, 'mã hạn: chữ in hoa + số, ví dụ H12'),
    task: z.string().min(1),
    due: daySchema.nullable(),
    recurrence: recurrenceSchema.nullable(),
    assignees: z.array(z.string()).min(1),
    reportTo: z.string().nullable().default(null),
    section: z.string().nullable().default(null),
    quote: z.string().optional(),
  })
  .refine((d) => (d.due === null) !== (d.recurrence === null), {
    message: 'một hạn có đúng một trong "due" (ngày) hoặc "recurrence" (định kỳ)',
  });

export const planSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'mã kế hoạch: chữ thường, số, gạch nối'),
  number: z.string().nullable(),
  title: z.string().min(1),
  issuer: z.string().min(1),
  place: z.string().nullable(),
  issued: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'ngày ban hành dạng YYYY, YYYY-MM hoặc YYYY-MM-DD')
    .nullable(),
  source: z.string().nullable().default(null),
  purposes: z.array(z.string()).default([]),
  sections: z.array(z.object({ numbering: z.string(), heading: z.string(), text: z.string() })).default([]),
  implementation: z
    .array(z.object({ actor: z.string(), units: z.array(z.string()), tasks: z.array(z.string()) }))
    .default([]),
  deadlines: z.array(deadlineSchema).default([]),
  slogans: z.array(z.string().min(1)).default([]),
  signer: z.object({ position: z.string().nullable(), name: z.string().nullable() }).nullable().default(null),
});

export type Recurrence = z.infer<typeof recurrenceSchema>;
export type PlanDeadline = z.infer<typeof deadlineSchema>;
export type Plan = z.infer<typeof planSchema>;
