/**
 * Staged plans of the lowdb deployment: plans read from a file, waiting for an admin to publish
 * or discard them, kept in the database file (with the office's corrected draft), so they
 * survive a restart. One process: taking one is a synchronous check-and-delete, so a plan is
 * taken once however many presses arrive.
 */
import type { ContentPort, StagedPlan } from '../../core/ports.js';
import type { StagedRecord } from '../schema.js';
import type { LowdbFile } from './file.js';

export type StagingPort = Pick<
  ContentPort,
  'stagePlan' | 'stagedPlanOf' | 'stagedPlan' | 'stagedPlans' | 'updateStagedPlan' | 'takeStagedPlan' | 'restoreStagedPlan' | 'discardStagedPlan'
>;

/** A copy of the record, as the port gives it. */
const planOf = (r: StagedRecord): StagedPlan => structuredClone(r);

/** The number of a code (`I12` → 12), for the order staged. */
const numberOf = (code: string) => Number(/\d+$/.exec(code)?.[0] ?? 0);

export class LowdbStaging {
  constructor(private readonly file: LowdbFile) {}

  private get staged() {
    return this.file.data.staged;
  }

  private byKey(key: string | undefined): StagedRecord | undefined {
    return key === undefined ? undefined : Object.values(this.staged).find((s) => s.key === key);
  }

  async stagePlan(plan: Omit<StagedPlan, 'code'>): Promise<{ staged: StagedPlan; created: boolean }> {
    const waiting = this.byKey(plan.key);
    if (waiting) return { staged: planOf(waiting), created: false };
    const code = `I${this.file.nextSeq('staged')}`;
    const item: StagedRecord = {
      code,
      text: plan.text,
      summary: plan.summary,
      ...(plan.key !== undefined ? { key: plan.key } : {}),
      ...(plan.draft !== undefined ? { draft: structuredClone(plan.draft) } : {}),
      at: this.file.nowIso(),
    };
    this.file.setKey('staged', code, item);
    await this.file.persist();
    return { staged: planOf(item), created: true };
  }

  stagedPlanOf(key: string): StagedPlan | undefined {
    const waiting = this.byKey(key);
    return waiting && planOf(waiting);
  }

  stagedPlan(code: string): StagedPlan | undefined {
    const item = this.staged[code.toUpperCase()];
    return item && planOf(item);
  }

  /** Oldest first. */
  stagedPlans(): StagedPlan[] {
    return Object.values(this.staged)
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : numberOf(a.code) - numberOf(b.code)))
      .map(planOf);
  }

  async updateStagedPlan(code: string, draft: unknown): Promise<boolean> {
    const item = this.staged[code.toUpperCase()];
    if (!item) return false;
    this.file.setKey('staged', item.code, { ...item, draft: structuredClone(draft) });
    await this.file.persist();
    return true;
  }

  async takeStagedPlan(code: string): Promise<StagedPlan | undefined> {
    const item = this.staged[code.toUpperCase()];
    if (!item) return undefined;
    this.file.deleteKey('staged', item.code);
    await this.file.persist();
    return planOf(item);
  }

  async restoreStagedPlan(plan: StagedPlan): Promise<void> {
    if (Object.hasOwn(this.staged, plan.code)) return;
    const { code, text, summary, key, draft, at } = plan;
    this.file.setKey('staged', code, {
      code,
      text,
      summary,
      ...(key !== undefined ? { key } : {}),
      ...(draft !== undefined ? { draft: structuredClone(draft) } : {}),
      at: at ?? this.file.nowIso(),
    });
    await this.file.persist();
  }

  async discardStagedPlan(code: string): Promise<boolean> {
    const item = this.staged[code.toUpperCase()];
    if (!item) return false;
    this.file.deleteKey('staged', item.code);
    await this.file.persist();
    return true;
  }
}

export function stagingPort(s: LowdbStaging): StagingPort {
  return {
    stagePlan: (plan) => s.stagePlan(plan),
    stagedPlanOf: async (key) => s.stagedPlanOf(key),
    stagedPlan: async (code) => s.stagedPlan(code),
    stagedPlans: async () => s.stagedPlans(),
    updateStagedPlan: (code, draft) => s.updateStagedPlan(code, draft),
    takeStagedPlan: (code) => s.takeStagedPlan(code),
    restoreStagedPlan: (plan) => s.restoreStagedPlan(plan),
    discardStagedPlan: (code) => s.discardStagedPlan(code),
  };
}
