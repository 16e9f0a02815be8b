/** Staged plans in PostgreSQL: a file read on one replica can be published from a press on any other. */
import type { Clock } from '../../core/clock.js';
import type { ContentPort, StagedPlan } from '../../core/ports.js';
import type { Db } from './db.js';

type StagingPort = Pick<
  ContentPort,
  'stagePlan' | 'stagedPlanOf' | 'stagedPlan' | 'stagedPlans' | 'updateStagedPlan' | 'takeStagedPlan' | 'restoreStagedPlan' | 'discardStagedPlan'
>;

type Row = { code: string; text: string; summary: string; key: string | null; draft: unknown; at: Date | string };
const COLUMNS = 'code, text, summary, key, draft, at';

const planOf = (r: Row): StagedPlan => ({
  code: r.code,
  text: r.text,
  summary: r.summary,
  ...(r.key !== null ? { key: r.key } : {}),
  ...(r.draft !== null && r.draft !== undefined ? { draft: r.draft } : {}),
  at: new Date(r.at).toISOString(),
});

export function stagingPort(db: Db, clock: Clock): StagingPort {
  const byKey = async (key: string) => {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM staged_plans WHERE key = $1`, [key]);
    return rows[0] && planOf(rows[0]);
  };
  return {
    async stagePlan(plan) {
      const { rows } = await db.query<Row>(
        `INSERT INTO staged_plans (code, text, summary, key, at) VALUES ('I' || nextval('staged_plan_seq'), $1, $2, $3, $4)
         ON CONFLICT (key) DO NOTHING RETURNING ${COLUMNS}`,
        [plan.text, plan.summary, plan.key ?? null, clock.now().toISOString()],
      );
      if (rows[0]) return { staged: planOf(rows[0]), created: true };
      // The same text was staged meanwhile (by this replica or another).
      const waiting = plan.key === undefined ? undefined : await byKey(plan.key);
      if (!waiting) throw new Error('staged plan vanished while staging the same text');
      return { staged: waiting, created: false };
    },
    stagedPlanOf: byKey,
    async stagedPlan(code) {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM staged_plans WHERE code = $1`, [code.toUpperCase()]);
      return rows[0] && planOf(rows[0]);
    },
    async stagedPlans() {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM staged_plans ORDER BY at, code`);
      return rows.map(planOf);
    },
    async updateStagedPlan(code, draft) {
      const { rowCount } = await db.query('UPDATE staged_plans SET draft = $2::json WHERE code = $1', [code.toUpperCase(), JSON.stringify(draft)]);
      return (rowCount ?? 0) > 0;
    },
    async takeStagedPlan(code) {
      const { rows } = await db.query<Row>(`DELETE FROM staged_plans WHERE code = $1 RETURNING ${COLUMNS}`, [code.toUpperCase()]);
      return rows[0] && planOf(rows[0]);
    },
    async restoreStagedPlan(plan) {
      await db.query('INSERT INTO staged_plans (code, text, summary, key, draft, at) VALUES ($1, $2, $3, $4, $5::json, $6) ON CONFLICT DO NOTHING', [
        plan.code,
        plan.text,
        plan.summary,
        plan.key ?? null,
        plan.draft === undefined ? null : JSON.stringify(plan.draft),
        plan.at ?? clock.now().toISOString(),
      ]);
    },
    async discardStagedPlan(code) {
      const { rowCount } = await db.query('DELETE FROM staged_plans WHERE code = $1', [code.toUpperCase()]);
      return (rowCount ?? 0) > 0;
    },
  };
}
