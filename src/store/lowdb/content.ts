/**
 * The lowdb deployment's content: the organisation, the plans (each with its original text) and
 * the ids of the plans deleted, kept in the database file like every other record, so an edit
 * and its audit line are written in one unit of work, and the data folder is never written.
 * The data folder only seeds it (see content-seed.ts). Every change raises the revision.
 * Values are copied in and out: nothing a caller holds can change the store behind its journal.
 */
import { ContentError } from '../../core/content.js';
import type { ContentPort, ContentSource } from '../../core/ports.js';
import type { ContentSeed, StoredContent, StoredContentWithTexts } from '../content-seed.js';
import type { PlanRecord, StoreData } from '../schema.js';
import type { LowdbFile } from './file.js';
import { stagingPort, type LowdbStaging } from './staging.js';

const clone = <T>(value: T): T => structuredClone(value);

/**
 * What the seed needs to know of a lowdb file's content (`data`: its state, journal replayed),
 * with the plans' texts: the store's open and `loa import` (read-content.ts) read it alike.
 */
export function storedContentOf(data: Pick<StoreData, 'org' | 'plans' | 'deletedPlans'>): StoredContentWithTexts {
  const { org, plans, deletedPlans } = data;
  const entries = Object.entries(plans);
  return {
    org: org ?? undefined,
    plans: entries.map(([, p]) => ({ file: p.file, raw: p.raw })),
    known: (id) => Object.hasOwn(plans, id) || Object.hasOwn(deletedPlans, id),
    texts: Object.fromEntries(entries.map(([id, p]) => [id, p.text])),
  };
}

export class LowdbContent {
  constructor(private readonly file: LowdbFile) {}

  private get data() {
    return this.file.data;
  }

  /** The org and the plans (by file name), copied; a ContentError when the store has no org yet. */
  source(): ContentSource {
    const org = this.data.org;
    if (!org) {
      throw new ContentError(`Tệp dữ liệu ${this.file.path} chưa có dữ liệu tổ chức: mở lại với thư mục dữ liệu có org.json để nạp vào.`);
    }
    const plans = Object.values(this.data.plans)
      .map((p) => ({ file: p.file, raw: clone(p.raw) }))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { org: { file: org.file, raw: clone(org.raw) }, plans, revision: this.revision() };
  }

  revision(): string {
    return String(this.data.contentRevision);
  }

  /** What the seed needs to know of the store. */
  stored(): StoredContent {
    return storedContentOf(this.data);
  }

  /** Adds what the data folder seeds; written at once when `write`, else with the next write. */
  async seed(seed: ContentSeed, write: boolean): Promise<void> {
    if (!seed.org && seed.plans.length === 0) return;
    if (seed.org) this.file.setRoot('org', { file: seed.org.file, raw: clone(seed.org.raw) });
    for (const p of seed.plans) this.setPlan(p.id, { file: p.file, raw: clone(p.raw), text: p.text, updatedAt: this.file.nowIso() });
    this.bump();
    if (write) await this.file.persist();
  }

  /** Saves a plan (new, or replacing the one of that id); a deleted id is no longer remembered as deleted. */
  async publishPlan(id: string, raw: unknown, text: string): Promise<void> {
    const file = this.data.plans[id]?.file ?? `plans/${id}.json`;
    this.setPlan(id, { file, raw: clone(raw), text, updatedAt: this.file.nowIso() });
    this.file.deleteKey('deletedPlans', id);
    this.bump();
    await this.file.persist();
  }

  async updatePlan(id: string, raw: unknown): Promise<boolean> {
    const plan = this.data.plans[id];
    if (!plan) return false;
    this.setPlan(id, { ...plan, raw: clone(raw), updatedAt: this.file.nowIso() });
    this.bump();
    await this.file.persist();
    return true;
  }

  /** Removes a plan and remembers its id, so its file in the data folder is not added again. */
  async deletePlan(id: string): Promise<boolean> {
    if (!Object.hasOwn(this.data.plans, id)) return false;
    this.file.deleteKey('plans', id);
    this.file.setKey('deletedPlans', id, this.file.nowIso());
    this.bump();
    await this.file.persist();
    return true;
  }

  planText(id: string): string | undefined {
    return this.data.plans[id]?.text || undefined;
  }

  async saveOrg(raw: unknown): Promise<void> {
    this.file.setRoot('org', { file: this.data.org?.file ?? 'org.json', raw: clone(raw) });
    this.bump();
    await this.file.persist();
  }

  private setPlan(id: string, record: PlanRecord): void {
    this.file.setKey('plans', id, record);
  }

  private bump(): void {
    this.file.setRoot('contentRevision', this.data.contentRevision + 1);
  }
}

/** The content port over the file: content and staged plans. */
export function contentPort(c: LowdbContent, staging: LowdbStaging): ContentPort {
  return {
    ...stagingPort(staging),
    load: async () => c.source(),
    publishPlan: (plan, raw, text) => c.publishPlan(plan.id, raw, text),
    updatePlan: (id, raw) => c.updatePlan(id, raw),
    deletePlan: (id) => c.deletePlan(id),
    planText: async (id) => c.planText(id),
    saveOrg: (raw) => c.saveOrg(raw),
    // One process: the editor's queue already runs edits one at a time.
    lockContent: async () => {},
    revision: async () => c.revision(),
  };
}
