/**
 * Staged plans of the lowdb deployment: in memory, as one process serves every chat (a staged
 * plan is a summary waiting for a press; after a restart the admin sends the file again).
 */
import type { ContentPort, StagedPlan } from '../../core/ports.js';

type StagingPort = Pick<
  ContentPort,
  'stagePlan' | 'stagedPlanOf' | 'stagedPlan' | 'stagedPlans' | 'updateStagedPlan' | 'takeStagedPlan' | 'restoreStagedPlan' | 'discardStagedPlan'
>;

export function memoryStaging(now: () => Date = () => new Date()): StagingPort {
  const staged = new Map<string, StagedPlan>();
  let seq = 0;
  const byKey = (key: string | undefined) => (key === undefined ? undefined : [...staged.values()].find((s) => s.key === key));
  return {
    async stagePlan(plan) {
      const waiting = byKey(plan.key);
      if (waiting) return { staged: { ...waiting }, created: false };
      const item: StagedPlan = { code: `I${++seq}`, ...plan, at: now().toISOString() };
      staged.set(item.code, item);
      return { staged: { ...item }, created: true };
    },
    async stagedPlanOf(key) {
      const waiting = byKey(key);
      return waiting && { ...waiting };
    },
    async stagedPlan(code) {
      const item = staged.get(code.toUpperCase());
      return item && structuredClone(item);
    },
    async stagedPlans() {
      return [...staged.values()].map((item) => structuredClone(item));
    },
    async updateStagedPlan(code, draft) {
      const item = staged.get(code.toUpperCase());
      if (!item) return false;
      item.draft = structuredClone(draft);
      return true;
    },
    async takeStagedPlan(code) {
      const key = code.toUpperCase();
      const item = staged.get(key);
      staged.delete(key);
      return item;
    },
    async restoreStagedPlan(plan) {
      if (!staged.has(plan.code)) staged.set(plan.code, { ...plan });
    },
    async discardStagedPlan(code) {
      return staged.delete(code.toUpperCase());
    },
  };
}
