// TEMPORARY stand-in until the plan-period branch lands (replaced by it on merge).
import type { Plan } from './plans.js';
import type { Day } from './dates.js';
export function planEnded(_plan: Plan, _today: Day): boolean {
  return false;
}
