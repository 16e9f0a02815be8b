/**
 * Editing the organisation and the plans while Loa runs (the web console, chat commands). Every
 * edit is made on a fresh copy of the stored content, checked by the same rules as at start
 * ({@link buildContent}), written with its line in the audit trail in one unit of work, and then
 * swapped into the running content, so chat, reminders and the web see it at once (other
 * replicas reload on the new revision). A bad edit changes nothing and says why in Vietnamese.
 */
import { buildContent, ContentError, type Content } from './content.js';
import type { AuditEntry, ContentSource, Stores } from './ports.js';

/** What an edit produced: done, or refused with the reason (Vietnamese, for the page or the chat). */
export type EditOutcome = { ok: true } | { ok: false; message: string };

/** Refuses an edit from inside a change function: the message reaches the user as it is. */
export class EditRefused extends Error {
  override name = 'EditRefused';
}

/** Who makes an edit, as the audit trail records them. */
export type Editor = AuditEntry['actor'];

/** The raw JSON of the org or of one plan, as stored (validated again after every change). */
export type Raw = Record<string, unknown>;

/** The audit line of an edit: the action's name, its subject and what changed (before → after). */
export interface EditRecord {
  action: string;
  subject: string;
  detail?: Record<string, unknown> | undefined;
}

export interface ContentEditor {
  /** Changes the org's raw value in place (`change` may throw {@link EditRefused}); returns its audit line. */
  editOrg(by: Editor, change: (org: Raw) => EditRecord): Promise<EditOutcome>;
  /**
   * Changes one plan's raw value in place; refused when there is no such plan. `alongside` makes
   * more changes in the same unit of work (the confirmations of an occurrence the edit moved).
   */
  editPlan(by: Editor, id: string, change: (plan: Raw, org: Raw) => EditRecord, alongside?: () => Promise<unknown>): Promise<EditOutcome>;
  /** Adds a plan (its raw value and original text); refused when its id is taken or it is invalid. */
  addPlan(by: Editor, raw: Raw, text: string, record: EditRecord): Promise<EditOutcome>;
  /**
   * Publishes an imported plan: adds it, or replaces the plan of the same id with its new value
   * and text (a plan imported again); refused when it is invalid.
   */
  publishPlan(by: Editor, raw: Raw, text: string, record: EditRecord): Promise<EditOutcome>;
  /** Removes a plan; its confirmations stay in the store and in the audit trail. */
  deletePlan(by: Editor, id: string): Promise<EditOutcome>;
  /**
   * Runs `work` in turn with the edits, as they run: after those queued before it, in one unit of
   * work holding the content lock from its read to its write. For a change kept beside the
   * content (a staged plan's draft): two at once never both start from the same value, and its
   * writes with their audit line are kept together or not at all. The running content is not reloaded.
   */
  locked<T>(work: () => Promise<T>): Promise<T>;
}

const clone = <T>(value: T): T => structuredClone(value);
const idOf = (raw: unknown) => (raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined);

/** Says why content does not pass the start-up rules, without the file names a user never sees. */
function refusal(error: ContentError): string {
  const reason = error.message.replace(/^[^:]*?\.json: /, '');
  return `Không lưu được: ${reason}`;
}

/**
 * The editor over the store's content port; `content` is the running content (swapped in place
 * after each edit, as every holder of it expects).
 */
export function contentEditor(content: Content, stores: Pick<Stores, 'content' | 'audit' | 'atomically'>): ContentEditor {
  /** Checks the changed source, then writes it (with `save`) and its audit line together, then reloads. */
  async function commit(by: Editor, source: ContentSource, record: EditRecord, save: () => Promise<unknown>): Promise<EditOutcome> {
    try {
      buildContent(source.org.file, source.org.raw, source.plans);
    } catch (error) {
      if (error instanceof ContentError) return { ok: false, message: refusal(error) };
      throw error;
    }
    await save();
    await stores.audit.record({ actor: by, action: record.action, subject: record.subject, detail: record.detail });
    return { ok: true };
  }

  /** Runs a change function, turning its refusal into an outcome. */
  function attempt<T>(change: () => T): { value: T } | { refused: string } {
    try {
      return { value: change() };
    } catch (error) {
      if (error instanceof EditRefused) return { refused: error.message };
      throw error;
    }
  }

  /**
   * Edits run one at a time: in this process (a queue), and across replicas (each runs in one unit
   * of work holding the content lock from its read to its write), so two at once never both start
   * from the same copy. Once written, the running content is swapped for the stored one.
   */
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  const underLock = <T>(work: () => Promise<T>): Promise<T> =>
    stores.atomically(async () => {
      await stores.content.lockContent();
      return work();
    });
  const serial = (work: () => Promise<EditOutcome>): Promise<EditOutcome> =>
    inTurn(async () => {
      const outcome = await underLock(work);
      if (outcome.ok) {
        const fresh = await stores.content.load();
        Object.assign(content, buildContent(fresh.org.file, fresh.org.raw, fresh.plans));
      }
      return outcome;
    });

  const editor: Omit<ContentEditor, 'locked'> = {
    async editOrg(by, change) {
      const source = await stores.content.load();
      const org = clone(source.org.raw) as Raw;
      const done = attempt(() => change(org));
      if ('refused' in done) return { ok: false, message: done.refused };
      const changed = { ...source, org: { ...source.org, raw: org } };
      return commit(by, changed, done.value, () => stores.content.saveOrg(org));
    },

    async editPlan(by, id, change, alongside) {
      const source = await stores.content.load();
      const at = source.plans.findIndex((p) => idOf(p.raw) === id);
      if (at < 0) return { ok: false, message: `Không có kế hoạch mã ${id}.` };
      const plan = clone(source.plans[at]!.raw) as Raw;
      const done = attempt(() => change(plan, clone(source.org.raw) as Raw));
      if ('refused' in done) return { ok: false, message: done.refused };
      if (idOf(plan) !== id) return { ok: false, message: 'Không đổi được mã của kế hoạch.' };
      const plans = source.plans.map((p, i) => (i === at ? { ...p, raw: plan } : p));
      return commit(by, { ...source, plans }, done.value, async () => {
        await stores.content.updatePlan(id, plan);
        await alongside?.();
      });
    },

    async addPlan(by, raw, text, record) {
      const source = await stores.content.load();
      const id = idOf(raw);
      if (typeof id !== 'string') return { ok: false, message: 'Kế hoạch chưa có mã.' };
      if (source.plans.some((p) => idOf(p.raw) === id)) return { ok: false, message: `Đã có kế hoạch mã ${id}.` };
      const plans = [...source.plans, { file: `plans/${id}.json`, raw }];
      return commit(by, { ...source, plans }, record, () => stores.content.publishPlan({ id }, raw, text));
    },

    async publishPlan(by, raw, text, record) {
      const source = await stores.content.load();
      const id = idOf(raw);
      if (typeof id !== 'string') return { ok: false, message: 'Kế hoạch chưa có mã.' };
      const at = source.plans.findIndex((p) => idOf(p.raw) === id);
      const plans = at < 0 ? [...source.plans, { file: `plans/${id}.json`, raw }] : source.plans.map((p, i) => (i === at ? { ...p, raw } : p));
      return commit(by, { ...source, plans }, record, () => stores.content.publishPlan({ id }, raw, text));
    },

    async deletePlan(by, id) {
      const source = await stores.content.load();
      const plan = source.plans.find((p) => idOf(p.raw) === id);
      if (!plan) return { ok: false, message: `Không có kế hoạch mã ${id}.` };
      const title = (plan.raw as { title?: unknown }).title;
      const plans = source.plans.filter((p) => p !== plan);
      const record = { action: 'plan-delete', subject: id, detail: { title } };
      return commit(by, { ...source, plans }, record, () => stores.content.deletePlan(id));
    },
  };
  return {
    editOrg: (by, change) => serial(() => editor.editOrg(by, change)),
    editPlan: (by, id, change, alongside) => serial(() => editor.editPlan(by, id, change, alongside)),
    addPlan: (by, raw, text, record) => serial(() => editor.addPlan(by, raw, text, record)),
    publishPlan: (by, raw, text, record) => serial(() => editor.publishPlan(by, raw, text, record)),
    deletePlan: (by, id) => serial(() => editor.deletePlan(by, id)),
    locked: (work) => inTurn(() => underLock(work)),
  };
}
