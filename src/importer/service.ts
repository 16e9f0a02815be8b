/**
 * Importing a plan from chat: an admin sends the file, Loa answers with the summary and
 * buttons to publish or discard. Publishing saves it under `data/plans/` and swaps the running
 * content at once, so /kehoach, /deadline, /khauhieu and the reminders use it without a restart.
 * A plan Loa already has is recognised as in `loa import` (see {@link prepareImport}), at
 * sending and again at publishing, since other plans may have been published in between.
 */
import type { Content } from '../core/content.js';
import { ImportError } from './errors.js';
import { savePlan, textFromBuffer } from './files.js';
import { prepareImport, type PreparedImport } from './prepare.js';
import { importSummary } from './summary.js';

export interface StagedImport {
  code: string;
  result: PreparedImport;
  text: string;
  summary: string;
}

export interface ImportService {
  /** Reads a sent file and prepares the plan; throws ImportError with a Vietnamese reason. */
  stage(name: string, data: Buffer): Promise<StagedImport>;
  /**
   * Saves a staged plan and makes it live; undefined when the code is unknown. Throws
   * ImportError (and forgets the code) when the plan is no longer new, e.g. the same file was
   * published under another code.
   */
  publish(code: string): Promise<PreparedImport | undefined>;
  discard(code: string): boolean;
}

const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

export function createImportService(dataDir: string, content: Content, reload: () => Promise<Content>): ImportService {
  const staged = new Map<string, StagedImport>();
  let seq = 0;
  return {
    async stage(name, data) {
      const text = await textFromBuffer(name, data);
      const waiting = [...staged.values()].find((s) => sameText(s.text, text));
      if (waiting) {
        throw new ImportError(`Tệp này đã gửi và đang chờ công bố (mã ${waiting.code}): /congbo ${waiting.code} để công bố, /huybo ${waiting.code} để bỏ.`);
      }
      const result = await prepareImport(dataDir, content, text);
      const code = `I${++seq}`;
      const item = { code, result, text, summary: importSummary(content, result) };
      staged.set(code, item);
      return item;
    },
    async publish(code) {
      const key = code.toUpperCase();
      const item = staged.get(key);
      if (!item) return undefined;
      // Taken at once, so a second press of the button does not save it twice.
      staged.delete(key);
      // Prepared again: a plan or deadline id taken since the file was sent is not taken twice.
      let result: PreparedImport;
      try {
        result = await prepareImport(dataDir, content, item.text);
        await savePlan(dataDir, result.plan, item.text);
      } catch (error) {
        // A refusal (no longer new) forgets the code; anything else leaves it to try again.
        if (!(error instanceof ImportError)) staged.set(key, item);
        throw error;
      }
      // Swap the running content in place: every holder of `content` sees the new plan.
      Object.assign(content, await reload());
      return result;
    },
    discard(code) {
      return staged.delete(code.toUpperCase());
    },
  };
}
