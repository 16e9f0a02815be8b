/**
 * Every store the engine, command and scheduler tests run against (`describe.each`). Each factory
 * opens a fresh, empty store for `dir` (a temp folder of the test) over the sample data; opening
 * the same `dir` again reopens the same store (a restart). The PostgreSQL store adds its own.
 */
import { join } from 'node:path';
import type { Clock } from '../src/core/clock.js';
import type { Stores } from '../src/core/ports.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';

export interface StoreFactory {
  name: string;
  /** The store of `dir` (fresh the first time), its content read from `dataDir`, its clock `clock`. */
  open(dir: string, options: { clock: Clock; dataDir: string }): Promise<Stores & { flush?(): Promise<void> }>;
}

export const storeFactories: StoreFactory[] = [
  {
    name: 'lowdb',
    open: (dir, { clock, dataDir }) => openLowdbStores({ file: join(dir, 'db.json'), clock, dataDir }),
  },
];
