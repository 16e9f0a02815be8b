/** The registration form a deadline asks for (see `formSchema` in plans.ts). */
import type { Deadline } from './content.js';
import type { PlanForm } from './plans.js';

/** The form tied to this deadline in its plan, if any. */
export function formOf(d: Pick<Deadline, 'id' | 'plan'>): PlanForm | undefined {
  return d.plan.forms?.find((f) => f.deadline === d.id);
}
