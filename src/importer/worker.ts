/**
 * Imports run in a worker thread, never on the event loop that answers chats: reading a large
 * or crafted file takes the worker's time and memory, not the bot's. Each import gets a fresh
 * worker with a heap limit and a time limit; over either, the worker is ended and the file is
 * refused with what to do. `loa import` and the chat import both come through here.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { tooComplex } from './errors.js';
import { sourceName, type ImportJob, type ImportOutcome } from './job.js';

export interface ImportLimits {
  /** Longest an import may take, worker start included. */
  timeMs: number;
  /** The worker's JS heap (V8 old generation), in MB. */
  memoryMb: number;
}

/** A plan of a few hundred pages is read in a few seconds within a fraction of this heap. */
export const IMPORT_LIMITS: Readonly<ImportLimits> = { timeMs: 30_000, memoryMb: 256 };

/**
 * The worker's entry: beside this file once built (`dist/`). Run from the TypeScript sources
 * (vitest), a worker cannot load `.ts` files, so it runs the build of the same file, which
 * `test/global-setup.ts` makes before any test.
 */
function entry(): URL {
  for (const url of [new URL('./worker-entry.js', import.meta.url), new URL('../../dist/src/importer/worker-entry.js', import.meta.url)]) {
    if (existsSync(url)) return url;
  }
  throw new Error('worker-entry.js not found: build with `npm run build`');
}

/**
 * Runs one import in a worker thread. Resolves with its outcome (a refusal included); rejects
 * with an ImportError when a limit ends it, with the worker's error when it fails otherwise
 * (a bug), and with `signal.reason` when aborted (the bot stopping).
 */
export function runInWorker(job: ImportJob, limits: ImportLimits = IMPORT_LIMITS, signal?: AbortSignal): Promise<ImportOutcome> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(entry(), { workerData: job, resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb } });
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
      settle();
    };
    const seconds = (limits.timeMs / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 2 });
    const timer = setTimeout(() => finish(() => reject(tooComplex(sourceName(job.source), `Loa đọc quá ${seconds} giây vẫn chưa xong`))), limits.timeMs);
    const abort = () => finish(() => reject(signal!.reason));
    signal?.addEventListener('abort', abort);
    worker.on('message', (message: { outcome?: ImportOutcome; crash?: string }) =>
      finish(() => (message.outcome ? resolve(message.outcome) : reject(new Error(`import worker failed: ${message.crash}`)))),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      finish(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooComplex(sourceName(job.source), `cần quá ${limits.memoryMb} MB bộ nhớ`) : error)),
    );
    worker.on('exit', (code) => finish(() => reject(new Error(`import worker exited (code ${code}) without an answer`))));
  });
}
