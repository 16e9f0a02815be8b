/** The content ports: the organisation and its plans in the store, and plans waiting to be published. */
/**
 * The organisation and its plans, as raw JSON values validated by the core. The store holds
 * them; the data folder only seeds it (see src/store/content-seed.ts).
 */
export interface ContentSource {
  org: { file: string; raw: unknown };
  plans: Array<{ file: string; raw: unknown }>;
  /** Changes whenever the org or a plan changes (on any replica). */
  revision: string;
}

/** A plan read from a file, waiting for an admin to publish (`/congbo I1`) or discard it; kept in the store (a restart keeps it). */
export interface StagedPlan {
  /** `I1`, `I2`, …: unique across replicas. */
  code: string;
  /** The text read from the file (prepared again when published). */
  text: string;
  /** The summary shown to the admin. */
  summary: string;
  /** Identifies the text: the same text sent twice is staged once. */
  key?: string;
  /**
   * The office's draft from the review page: the plan's JSON as corrected and the importer's notes
   * (`PlanDraft`, src/importer/draft.ts); published instead of a fresh reading.
   */
  draft?: unknown;
  /** When it was staged (ISO). */
  at?: string;
}

export interface ContentPort {
  load(): Promise<ContentSource>;
  /** Stages a read plan under a new code; the same text (`key`) staged already gives that one, `created` false. */
  stagePlan(plan: Omit<StagedPlan, 'code'>): Promise<{ staged: StagedPlan; created: boolean }>;
  /** The staged plan of the same text, if one waits. */
  stagedPlanOf(key: string): Promise<StagedPlan | undefined>;
  /** A staged plan by its code (not taken), if it waits. */
  stagedPlan(code: string): Promise<StagedPlan | undefined>;
  /** Every staged plan waiting, oldest first. */
  stagedPlans(): Promise<StagedPlan[]>;
  /** Saves the office's corrected draft of a staged plan; false when the code no longer waits. */
  updateStagedPlan(code: string, draft: unknown): Promise<boolean>;
  /** Takes a staged plan to publish it, once: a second taker (another press, another replica) gets nothing. */
  takeStagedPlan(code: string): Promise<StagedPlan | undefined>;
  /** Puts back a plan taken but not published (a failure worth trying again). */
  restoreStagedPlan(plan: StagedPlan): Promise<void>;
  /** Forgets a staged plan; whether it was there. */
  discardStagedPlan(code: string): Promise<boolean>;
  /** Saves a plan (its JSON value and original text) and makes it everyone's at once; an id deleted before is no longer remembered as deleted. */
  publishPlan(plan: { id: string }, raw: unknown, text: string): Promise<void>;
  /** Replaces a plan's JSON value (an edit), keeping its original text; false when there is no such plan. */
  updatePlan(id: string, raw: unknown): Promise<boolean>;
  /** Removes a plan and its text, remembering its id so its file in the data folder is never added again; false when there was none. */
  deletePlan(id: string): Promise<boolean>;
  /** A plan's original text (what was imported), if kept. */
  planText(id: string): Promise<string | undefined>;
  /** Replaces the organisation's JSON value (units, groups, schedule). */
  saveOrg(raw: unknown): Promise<void>;
  /**
   * Holds the content lock until the current unit of work ends, so an edit's read and write are
   * not interleaved with another replica's edit (PostgreSQL: the revision row, FOR UPDATE; one
   * lowdb process has nothing to wait for).
   */
  lockContent(): Promise<void>;
  /** The current revision, cheap to ask (replicas poll it to reload a plan another published). */
  revision(): Promise<string>;
}
