/**
 * Seeds a lowdb database file with `total` confirmations in bulk (written as one compact JSON
 * file before the store opens it), for the benchmarks: unique (deadline, occurrence, unit) for
 * each i, on deadline ids no plan uses, so they only weigh on the store.
 */
import { writeFileSync } from 'node:fs';
import { emptyData } from '../src/store/schema.js';

export function seedLowdbFile(file: string, total: number, at = new Date().toISOString()): void {
  const data = emptyData();
  for (let i = 0; i < total; i++) {
    data.confirmations.push({
      deadline: `D${i % 200}`,
      occurrence: `2024-${String((Math.floor(i / 200) % 12) + 1).padStart(2, '0')}-01`,
      unit: `U${Math.floor(i / 2400)}`,
      received: { at, by: { id: 'u', name: 'Bench' }, chat: `telegram:${i}` },
    });
  }
  writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
}
