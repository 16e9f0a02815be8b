/**
 * The worker thread's entry (started by {@link runInWorker}): runs the one import it was given
 * in `workerData` and posts its outcome, or the stack of an unexpected error, then ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type ImportJob } from './job.js';

try {
  parentPort!.postMessage({ outcome: await runJob(workerData as ImportJob) });
} catch (error) {
  parentPort!.postMessage({ crash: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
