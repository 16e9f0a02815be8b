/**
 * Importing a plan from chat: an admin sends the file, Loa answers with the summary and
 * buttons to publish or discard. Publishing saves it under `data/plans/` and swaps the running
 * content at once, so /kehoach, /deadline, /khauhieu and the reminders use it without a restart.
 */
import type { Content } from '../core/content.js';
import type { Plan } from '../core/plans.js';
import { ImportError, importForContent, importSummary, savePlan, textFromBuffer } from './files.js';
import type { ImportResult } from './index.js';

export interface StagedImport {
  code: string;
  result: ImportResult;
  text: string;
  summary: string;
}

export interface ImportService {
  /** Reads a sent file and prepares the plan; throws ImportError with a Vietnamese reason. */
  stage(name: string, data: Buffer): Promise<StagedImport>;
  /** Saves a staged plan and makes it live; undefined when the code is unknown. */
  publish(code: string): Promise<Plan | undefined>;
  discard(code: string): boolean;
}

export function createImportService(dataDir: string, content: Content, reload: () => Promise<Content>): ImportService {
  const staged = new Map<string, StagedImport>();
  let seq = 0;
  return {
    async stage(name, data) {
      const text = await textFromBuffer(name, data);
      if (!text.trim()) throw new ImportError('Tệp trống.');
      const result = importForContent(text, content);
      const code = `I${++seq}`;
      const item = { code, result, text, summary: importSummary(content, result) };
      staged.set(code, item);
      return item;
    },
    async publish(code) {
      const item = staged.get(code.toUpperCase());
      if (!item) return undefined;
      await savePlan(dataDir, item.result.plan, item.text);
      staged.delete(code.toUpperCase());
      // Swap the running content in place: every holder of `content` sees the new plan.
      Object.assign(content, await reload());
      return item.result.plan;
    },
    discard(code) {
      return staged.delete(code.toUpperCase());
    },
  };
}
