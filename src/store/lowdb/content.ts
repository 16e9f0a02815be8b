/**
 * The lowdb deployment's content: the files in the data folder (`org.json`, `plans/`). One
 * process serves them, so its revision is a counter of the changes it made since it started.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readContentSource, readJson, writePlanFiles } from '../../content-files.js';
import type { ContentPort } from '../../core/ports.js';
import { memoryStaging } from './staging.js';

/** The content port over the files of `dataDir`; `now` stamps staged plans (the injected clock). */
export function fileContent(dataDir: string, now?: () => Date): ContentPort {
  let changes = 0;
  const planFile = (id: string) => join(dataDir, 'plans', `${id}.json`);
  const exists = (id: string) => readJson(planFile(id)).then(() => true, () => false);
  return {
    ...memoryStaging(now),
    load: () => readContentSource(dataDir, String(changes)),
    async publishPlan(plan, raw, text) {
      await writePlanFiles(dataDir, plan.id, raw, text);
      changes += 1;
    },
    async updatePlan(id, raw) {
      if (!(await exists(id))) return false;
      await writeFile(planFile(id), JSON.stringify(raw, null, 2) + '\n');
      changes += 1;
      return true;
    },
    async deletePlan(id) {
      if (!(await exists(id))) return false;
      await rm(planFile(id));
      await rm(join(dataDir, 'plans', `${id}.txt`), { force: true });
      changes += 1;
      return true;
    },
    planText: (id) => readFile(join(dataDir, 'plans', `${id}.txt`), 'utf8').catch(() => undefined),
    async saveOrg(raw) {
      await writeFile(join(dataDir, 'org.json'), JSON.stringify(raw, null, 2) + '\n');
      changes += 1;
    },
    revision: async () => String(changes),
  };
}
