/** Staged plans in PostgreSQL: a file read on one replica can be published from a press on any other. */
import type { Clock } from '../../core/clock.js';
import type { ContentPort, StagedPlan } from '../../core/ports.js';
import type { Db } from './db.js';

type StagingPort = Pick<ContentPort, 'stagePlan' | 'stagedPlanOf' | 'takeStagedPlan' | 'restoreStagedPlan' | 'discardStagedPlan'>;

const planOf = (r: { code: string; text: string; summary: string; key: string | null }): StagedPlan => ({
  code: r.code,
  text: r.text,
  summary: r.summary,
  ...(r.key !== null ? { key: r.key } : {}),
});

export function stagingPort(db: Db, clock: Clock): StagingPort {
  const byKey = async (key: string) => {
    const { rows } = await db.query<Parameters<typeof planOf>[0]>('SELECT code, text, summary, key FROM staged_plans WHERE key = $1', [key]);
    return rows[0] && planOf(rows[0]);
  };
  return {
    async stagePlan(plan) {
      const { rows } = await db.query<Parameters<typeof planOf>[0]>(
        `INSERT INTO staged_plans (code, text, summary, key, at) VALUES ('I' || nextval('staged_plan_seq'), $1, $2, $3, $4)
         ON CONFLICT (key) DO NOTHING RETURNING code, text, summary, key`,
        [plan.text, plan.summary, plan.key ?? null, clock.now().toISOString()],
      );
      if (rows[0]) return { staged: planOf(rows[0]), created: true };
      // The same text was staged meanwhile (by this replica or another).
      const waiting = plan.key === undefined ? undefined : await byKey(plan.key);
      if (!waiting) throw new Error('staged plan vanished while staging the same text');
      return { staged: waiting, created: false };
    },
    stagedPlanOf: byKey,
    async takeStagedPlan(code) {
      const { rows } = await db.query<Parameters<typeof planOf>[0]>('DELETE FROM staged_plans WHERE code = $1 RETURNING code, text, summary, key', [code.toUpperCase()]);
      return rows[0] && planOf(rows[0]);
    },
    async restoreStagedPlan(plan) {
      await db.query('INSERT INTO staged_plans (code, text, summary, key, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
        plan.code,
        plan.text,
        plan.summary,
        plan.key ?? null,
        clock.now().toISOString(),
      ]);
    },
    async discardStagedPlan(code) {
      const { rowCount } = await db.query('DELETE FROM staged_plans WHERE code = $1', [code.toUpperCase()]);
      return (rowCount ?? 0) > 0;
    },
  };
}
