/**
 * Importing a plan from chat: an admin sends the file, Loa says it is reading it and, once the
 * file is read (in a worker thread, see {@link runInWorker}), sends the summary with buttons to
 * publish or discard — as a message of its own, so no chat waits for a file being read.
 * Publishing saves it through the content port (into the store; the data folder is never written)
 * and swaps the running content at once, so /kehoach, /deadline, /khauhieu and the reminders use
 * it without a restart. A plan Loa already has is
 * recognised as in `loa import` (see {@link prepareImport}), at sending and again at
 * publishing, since other plans may have been published in between.
 */
import { contentOf } from '../content-files.js';
import type { Content } from '../core/content.js';
import type { PlanImports, SentFile } from '../core/imports.js';
import type { ContentEditor, Editor, Raw } from '../core/content-editor.js';
import type { AuditPort } from '../core/audit-ports.js';
import type { ContentPort, StagedPlan } from '../core/ports.js';
import type { ChatRef, Outgoing } from '../core/types.js';

/** What the service logs (the bot's logger). */
interface Logger {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}
import { draftOf, readDraft, settleDraft, type PlanDraft } from './draft.js';
import { draftEditor, type EditDraft } from './draft-edit.js';
import { mapDraftPhrase, unitOf, unmappedAssignees, unmappedRefusal } from './unmapped.js';
import type { Org } from '../core/org.js';
import type { Plan } from '../core/plans.js';
import { ImportError } from './errors.js';
import { MAX_IMPORT_BYTES, tooLarge } from './files.js';
import type { ImportSource } from './job.js';
import type { PreparedImport } from './prepare.js';
import { IMPORT_LIMITS, runInWorker, type ImportLimits } from './worker.js';

export interface StagedImport {
  code: string;
  result: PreparedImport;
  text: string;
  summary: string;
}

export type { SentFile };

/** The core's {@link PlanImports} port, and what the bot and tests need besides. */
export interface ImportService extends PlanImports {
  /** Reads a file and stages its plan (what {@link stage} does before delivering); throws ImportError with a Vietnamese reason. */
  prepare(name: string, data: Buffer): Promise<StagedImport>;
  /**
   * Saves a staged plan and makes it live; undefined when the code is unknown. A staged plan
   * with a draft (corrected on the review page) publishes the draft. With an editor and `by`,
   * it is saved through the editor: checked by the start-up rules and audited (`publish-plan`).
   * Throws ImportError (and forgets the code) when the plan is no longer new, e.g. the same file
   * was published under another code; a refused draft stays staged to be corrected.
   */
  publish(code: string, by?: Editor): Promise<PreparedImport | undefined>;
  /**
   * A staged plan with its draft for the review page; a plan sent in chat (no draft yet) is read
   * again once and its reading kept as the draft. Undefined when the code does not wait; throws
   * ImportError when its text is refused now (e.g. the same plan was published since).
   */
  review(code: string): Promise<{ staged: StagedPlan; draft: PlanDraft } | undefined>;
  /**
   * Changes a staged plan's draft and writes it with its audit line, in turn and under the
   * content lock (see draft-edit.ts): the one path of every draft change (the review page, /gan).
   * Needs the service's editor and audit.
   */
  editDraft: EditDraft;
  /** Resolves when every file being read has been answered. */
  idle(): Promise<void>;
  /** Stops the files being read (their workers end, nothing more is delivered). */
  close(): Promise<void>;
}

export interface ImportServiceOptions {
  /** Sends a chat the answer to its file, once read (the bot queues it in the outbox). */
  deliver(chat: ChatRef, outs: Outgoing[]): Promise<void>;
  logger?: Logger | undefined;
  limits?: ImportLimits | undefined;
  /** Publishes through the content editor (checked, audited); without it, straight to `source`. */
  editor?: ContentEditor | undefined;
  /** Where a draft change's audit line goes (with the editor's lock, see {@link ImportService.editDraft}). */
  audit?: Pick<AuditPort, 'record'> | undefined;
}

/** The summary of a staged plan, with the buttons that publish or discard it. */
export function stagedMessage(staged: StagedImport, org: Org): Outgoing {
  const phrases = staged.result.plan.reference ? [] : unmappedAssignees(staged.result.plan.deadlines, unitOf(org));
  const map = phrases.length ? `\n\nTrước khi công bố, gán từng cụm từ cho đơn vị: /gan ${staged.code} "${phrases[0]!.phrase}" MÃ_ĐƠN_VỊ (hoặc bỏ các hạn của nó: /gan ${staged.code} "${phrases[0]!.phrase}" bo).` : '';
  return {
    text: `${staged.summary}${map}\n\nCông bố kế hoạch này? /congbo ${staged.code} · Bỏ: /huybo ${staged.code}`,
    buttons: [
      { label: '📥 Công bố', data: `/congbo ${staged.code}` },
      { label: '🗑️ Bỏ', data: `/huybo ${staged.code}` },
    ],
  };
}

const fileLabel = (name: string) => `“${name.slice(0, 80)}”`;

/**
 * Imports against `content` (the running content, swapped in place on publish) and the plan
 * texts `source` keeps (`dataDir` only for the file names taken there); a plan is published
 * through `source`, which the content is reloaded from.
 */
export function createImportService(dataDir: string, content: Content, source: ContentPort, options: ImportServiceOptions): ImportService {
  const reading = new Set<Promise<void>>();
  const stop = new AbortController();
  const limits = options.limits ?? IMPORT_LIMITS;

  /** The source read against the plans Loa has now (and their texts, as the store keeps them); a refusal becomes an ImportError. */
  async function run(input: ImportSource) {
    // Asked together, not one round trip after another.
    const found = await Promise.all(content.plans.map(async (plan) => [plan.id, await source.planText(plan.id)] as const));
    const texts: Record<string, string> = {};
    for (const [id, text] of found) if (text !== undefined) texts[id] = text;
    return runInWorker({ source: input, dataDir, org: content.org, plans: content.plans, texts }, limits, stop.signal);
  }

  async function prepare(name: string, data: Buffer): Promise<StagedImport> {
    const outcome = await run({ name, data });
    // The same text waiting already is named first, whatever else the text would be refused for.
    const waiting = outcome.textKey === undefined ? undefined : await source.stagedPlanOf(outcome.textKey);
    if (waiting) {
      throw new ImportError(`Tệp này đã gửi và đang chờ công bố (mã ${waiting.code}): /congbo ${waiting.code} để công bố, /huybo ${waiting.code} để bỏ.`);
    }
    if (!outcome.ok) throw new ImportError(outcome.refusal);
    const { staged } = await source.stagePlan({ text: outcome.text, summary: outcome.summary, ...(outcome.textKey !== undefined ? { key: outcome.textKey } : {}) });
    return { code: staged.code, result: outcome.result, text: staged.text, summary: staged.summary };
  }

  const { editor, audit } = options;
  const editDraft: EditDraft = editor && audit ? draftEditor(source, editor, audit) : () => Promise.reject(new Error('the import service edits drafts only with an editor and an audit port'));

  const restore = (item: StagedPlan) => source.restoreStagedPlan(item).catch(() => undefined);

  /** Saves a plan through the editor (checked, audited) when the service has one and knows who publishes. */
  async function save(result: PreparedImport, item: StagedPlan, by: Editor | undefined, fromDraft: boolean): Promise<void> {
    const { plan, replaces } = result;
    if (options.editor && by) {
      const detail = { replaces: replaces?.id ?? null, title: plan.title, staged: item.code, draft: fromDraft };
      const outcome = await options.editor.publishPlan(by, plan as unknown as Raw, item.text, { action: 'publish-plan', subject: plan.id, detail });
      if (!outcome.ok) throw new ImportError(outcome.message);
      return;
    }
    await source.publishPlan(plan, plan, item.text);
    // Swap the running content in place: every holder of `content` sees the new plan.
    Object.assign(content, contentOf(await source.load()));
  }

  /** Reads a sent file and tells the chat; never throws. */
  async function answer(chat: ChatRef, file: SentFile): Promise<void> {
    let outs: Outgoing[];
    try {
      if (file.size > MAX_IMPORT_BYTES) throw tooLarge(file.name, file.size);
      // Read bounded: a file whose declared size lied is stopped at the limit too.
      outs = [stagedMessage(await prepare(file.name, await file.read(MAX_IMPORT_BYTES)), content.org)];
    } catch (error) {
      if (stop.signal.aborted) return;
      // Adapters name their download failures ImportError too (a file over the platform's limit).
      if ((error as Error).name === 'ImportError') {
        outs = [{ text: `Không nhập được tệp ${fileLabel(file.name)}: ${(error as Error).message}` }];
      } else {
        options.logger?.error(`reading the file ${file.name} failed`, error);
        outs = [{ text: `Không nhập được tệp ${fileLabel(file.name)}: Loa gặp lỗi khi tải hoặc đọc tệp. Vui lòng gửi lại sau ít phút.` }];
      }
    }
    if (stop.signal.aborted) return;
    try {
      await options.deliver(chat, outs);
    } catch (error) {
      options.logger?.error(`the answer to the file ${file.name} was not delivered`, error);
    }
  }

  async function review(code: string): Promise<{ staged: StagedPlan; draft: PlanDraft } | undefined> {
    const staged = await source.stagedPlan(code);
    if (!staged) return undefined;
    const kept = readDraft(staged.draft);
    if (kept) return { staged, draft: kept };
    // Sent in chat (no draft yet): read once more, and keep the reading as the draft.
    const outcome = await run({ text: staged.text });
    if (!outcome.ok) throw new ImportError(outcome.refusal);
    const draft = draftOf(outcome.result);
    if (!(await source.updateStagedPlan(staged.code, draft))) return undefined;
    return { staged: { ...staged, draft }, draft };
  }

  return {
    stage(chat, file) {
      const task = answer(chat, file).finally(() => reading.delete(task));
      reading.add(task);
    },
    prepare,
    async publish(code, by) {
      // Taken at once (on every replica), so a second press of the button does not save it twice.
      const item = await source.takeStagedPlan(code);
      if (!item) return undefined;
      // Read again: a plan or deadline id taken since the file was sent is not taken twice.
      let result: PreparedImport;
      try {
        const outcome = await run({ text: item.text });
        if (!outcome.ok) throw new ImportError(outcome.refusal);
        result = outcome.result;
      } catch (error) {
        // A refusal (no longer new) forgets the code; anything else leaves it to try again.
        if (!(error instanceof ImportError)) await restore(item);
        throw error;
      }
      try {
        // The office's corrected draft is what is published, under the id the reading gives now.
        const draft = readDraft(item.draft);
        if (draft) {
          const settled = settleDraft(draft, result.plan, content.plans);
          if ('refused' in settled) throw new ImportError(settled.refused);
          result = { ...result, plan: settled.plan };
        }
        // Nothing silently guessed: a unit phrase left unmapped keeps the plan from being published.
        const unmapped = result.plan.reference ? undefined : unmappedRefusal(result.plan.deadlines, content.org, item.code);
        if (unmapped) throw new ImportError(unmapped.charAt(0).toUpperCase() + unmapped.slice(1));
        await save(result, item, by, draft !== undefined);
      } catch (error) {
        // A draft refused stays to be corrected, like a failure worth trying again.
        await restore(item);
        throw error;
      }
      return result;
    },
    review,
    editDraft,
    async mapPhrase(code, phrase, units, by) {
      // A plan sent in chat gets its draft first (read in the worker, not under the lock).
      if (!(await review(code))) return undefined;
      const edit = await editDraft(code, by, (plan) => {
        const mapped = mapDraftPhrase(plan, phrase, units);
        const left = unmappedAssignees(Array.isArray(plan.deadlines) ? (plan.deadlines as Plan['deadlines']) : [], unitOf(content.org));
        const after = { unit: units.join(',') || null, deadlines: mapped.changed, removed: mapped.removed };
        return { what: 'map-unit', before: mapped.phrase, after, mapped: { ...mapped, left } };
      });
      if ('gone' in edit) return undefined;
      if ('refused' in edit) throw new ImportError(edit.refused);
      return edit.done.mapped;
    },
    discard(code) {
      return source.discardStagedPlan(code);
    },
    async idle() {
      while (reading.size) await Promise.allSettled([...reading]);
    },
    async close() {
      stop.abort(new Error('import service closed'));
      await Promise.allSettled([...reading]);
    },
  };
}
