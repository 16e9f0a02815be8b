/**
 * The timer: node-cron decides only WHEN to run a job; the job decides what is due at `now`
 * (from the injected clock). Every task runs in the organisation's zone with a generous
 * missed-execution tolerance, so an event-loop stall does not silently skip a run.
 */
import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/dispatcher.js';
import type { Job, JobDeps } from './jobs.js';

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

/** Checks every cron expression; the message names the bad entry. */
export function validateJobs(jobs: readonly Job[], file = 'org.json'): void {
  for (const job of jobs) {
    if (!cron.validate(job.cron)) {
      throw new ScheduleError(`${file}: ${job.source} = "${job.cron}" không phải biểu thức cron hợp lệ (ví dụ "30 7 * * 1-5")`);
    }
  }
}

export interface TaskOptionsUsed {
  timezone: string;
  name: string;
  noOverlap: boolean;
  missedExecutionTolerance: number;
}

/** The options each job is scheduled with (exported for tests). */
export function taskOptions(job: Job, zone: string, toleranceSec: number): TaskOptionsUsed {
  return { timezone: zone, name: job.name, noOverlap: true, missedExecutionTolerance: toleranceSec * 1000 };
}

/** Runs one job at the clock's `now`, logging instead of throwing. */
export async function fire(job: Job, deps: JobDeps, clock: Clock): Promise<void> {
  try {
    await job.run(deps, clock.now());
  } catch (error) {
    deps.logger.error(`job ${job.name} failed`, error);
  }
}

/**
 * Schedules every job. With a `coordinator` (several replicas on one database) each fire runs
 * on ONE replica: node-cron 4.6's own `distributed` mode asks the coordinator before each fire
 * (the planner's idempotency keys stay a second guard).
 */
export function startTimer(
  jobs: readonly Job[],
  deps: JobDeps,
  clock: Clock,
  zone: string,
  toleranceSec: number,
  logger: Logger,
  coordinator?: RunCoordinator,
): { stop(): Promise<void> } {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.cron,
      (context) => {
        logger.info(`job ${job.name} runs here for ${context.date.toISOString()}`);
        return fire(job, deps, clock);
      },
      {
        ...taskOptions(job, zone, toleranceSec),
        logger: quiet(logger),
        ...(coordinator ? { distributed: true, runCoordinator: coordinator } : {}),
      },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}

function quiet(logger: Logger) {
  const text = (m: string | Error) => (m instanceof Error ? m.message : m);
  return {
    info: () => undefined,
    debug: () => undefined,
    warn: (m: string) => logger.warn(`node-cron: ${m}`),
    error: (m: string | Error) => logger.error(`node-cron: ${text(m)}`),
  };
}
