/**
 * The lowdb deployment's content: the files in the data folder (`org.json`, `plans/`). One
 * process serves them, so its revision is a counter of the plans it published since it started.
 */
import { readContentSource, writePlanFiles } from '../../content-files.js';
import type { ContentPort } from '../../core/ports.js';
import { memoryStaging } from './staging.js';

/** The content port over the files of `dataDir`. */
export function fileContent(dataDir: string): ContentPort {
  let published = 0;
  return {
    ...memoryStaging(),
    load: () => readContentSource(dataDir, String(published)),
    async publishPlan(plan, raw, text) {
      await writePlanFiles(dataDir, plan.id, raw, text);
      published += 1;
    },
    revision: async () => String(published),
  };
}
