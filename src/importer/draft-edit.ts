/**
 * The one path of a change to a staged plan's draft, whoever makes it (the review page's forms,
 * chat /gan): made on a copy of the draft read under the content lock, in turn with the content
 * edits ({@link ContentEditor.locked}), checked by the plan rules ({@link draftProblem}), and
 * written with its audit line (`plan-draft-edit`) in that one unit of work. So two changes at
 * once, in this process or on two replicas, never both start from the same draft and lose one.
 */
import { EditRefused, type ContentEditor, type Editor, type Raw } from '../core/content-editor.js';
import type { AuditPort } from '../core/audit-ports.js';
import type { ContentPort } from '../core/ports.js';
import { draftProblem, readDraft } from './draft.js';

/** What a draft change did, as its audit line says it: the part changed, before → after. */
export interface DraftChanged {
  what: string;
  before: unknown;
  after: unknown;
}

/**
 * What a draft change came to: done (what the change returned), refused (why, in Vietnamese:
 * an {@link EditRefused} of the change, or the plan rules), or gone: no draft waits under that
 * code (the code to name: as asked, or as stored when it went between the read and the write).
 */
export type DraftEdit<T> = { done: T } | { refused: string } | { gone: string };

/** Changes the draft of staged plan `code` with `change` (made in place on a copy; it may throw {@link EditRefused}). */
export type EditDraft = <T extends DraftChanged>(code: string, by: Editor, change: (plan: Raw) => T) => Promise<DraftEdit<T>>;

/** The draft editor over the staged plans of `source`, in turn and under the lock of `editor`, audited in `audit`. */
export function draftEditor(source: Pick<ContentPort, 'stagedPlan' | 'updateStagedPlan'>, editor: Pick<ContentEditor, 'locked'>, audit: Pick<AuditPort, 'record'>): EditDraft {
  return (code, by, change) =>
    editor.locked(async () => {
      const staged = await source.stagedPlan(code);
      const draft = readDraft(staged?.draft);
      if (!staged || !draft) return { gone: code };
      const plan = structuredClone(draft.plan);
      let done;
      try {
        done = change(plan);
      } catch (error) {
        if (error instanceof EditRefused) return { refused: error.message };
        throw error;
      }
      const problem = draftProblem(plan);
      if (problem) return { refused: problem };
      if (!(await source.updateStagedPlan(staged.code, { ...draft, plan }))) return { gone: staged.code };
      await audit.record({ actor: by, action: 'plan-draft-edit', subject: staged.code, detail: { what: done.what, before: done.before, after: done.after } });
      return { done };
    });
}
