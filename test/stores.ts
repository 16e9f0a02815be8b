/**
 * Every store the engine and command tests run against. Each factory opens a fresh, empty store
 * in `dir` (a temp folder of the test) over the sample data; the PostgreSQL store adds its own.
 */
import { join } from 'node:path';
import type { Clock } from '../src/core/clock.js';
import type { Stores } from '../src/core/ports.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';

export interface StoreFactory {
  name: string;
  /** A fresh store in `dir`, its content read from `dataDir`, its clock `clock`. */
  open(dir: string, options: { clock: Clock; dataDir: string }): Promise<Stores & { flush?(): Promise<void> }>;
}

export const storeFactories: StoreFactory[] = [
  {
    name: 'lowdb',
    open: (dir, { clock, dataDir }) => openLowdbStores({ file: join(dir, 'db.json'), clock, dataDir }),
  },
];
