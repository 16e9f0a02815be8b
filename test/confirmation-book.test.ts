/** The confirmation book: one fetch for everything a reply looks at, then synchronous lookups. */
import { describe, expect, it } from 'vitest';
import { candidateOccurrences, openBook, openStatusBook } from '../src/core/confirmation-book.js';
import type { ConfirmationPort, OccurrenceKey, OccurrenceStatuses } from '../src/core/ports.js';
import type { Confirmation } from '../src/core/records.js';
import { sampleContent } from './helpers.js';

const stamp = { at: '2023-01-01T00:00:00Z', by: { id: '1', name: 'An' }, chat: 'telegram:-1' };

/** A port over fixed confirmations that counts its calls and the occurrences asked. */
function port(confirmations: Confirmation[]): Pick<ConfirmationPort, 'confirmationsOf' | 'statusesOf'> & { calls: OccurrenceKey[][] } {
  const calls: OccurrenceKey[][] = [];
  const of = (keys: readonly OccurrenceKey[]) => confirmations.filter((c) => keys.some((k) => k.deadline === c.deadline && k.occurrence === c.occurrence));
  return {
    calls,
    async confirmationsOf(keys) {
      calls.push([...keys]);
      return of(keys);
    },
    async statusesOf(keys) {
      calls.push([...keys]);
      const found = new Map<string, OccurrenceStatuses>();
      for (const c of of(keys)) {
        const key = `${c.deadline}@${c.occurrence}`;
        if (!found.has(key)) found.set(key, { deadline: c.deadline, occurrence: c.occurrence, completed: [], received: [] });
        (c.completed ? found.get(key)!.completed : found.get(key)!.received).push(c.unit);
      }
      return [...found.values()];
    },
  };
}

describe('confirmation book', () => {
  it('fetches the previous and next occurrences of every deadline in one call', async () => {
    const content = await sampleContent();
    const p = port([]);
    const book = await openBook(p, content.deadlines, '2023-09-20');
    expect(p.calls).toHaveLength(1);
    const h5 = content.deadline('H5')!;
    expect(candidateOccurrences(h5, '2023-09-20')).toEqual(['2022-11-05', '2023-11-05']);
    expect(p.calls[0]).toContainEqual({ deadline: 'H5', occurrence: '2023-11-05' });
    expect(book.status('H5', '2023-11-05', 'KHTC')).toBe('chua');
  });

  it('keeps an unsettled previous occurrence current within the grace days, the next one once every unit completed', async () => {
    const content = await sampleContent();
    const h1 = content.deadline('H1')!;
    const prev = '2022-06-30';
    const today = '2022-07-10';
    expect((await openBook(port([]), [h1], today)).occurrenceFor(h1)).toBe(prev);
    const all = h1.assignees.map((unit): Confirmation => ({ deadline: 'H1', occurrence: prev, unit, received: stamp, completed: stamp }));
    const book = await openBook(port(all), [h1], today);
    expect(book.settled(h1, prev)).toBe(true);
    expect(book.occurrenceFor(h1)).toBe('2022-12-31');
    expect(book.status('H1', prev, h1.assignees[0]!)).toBe('xong');
  });

  it('refuses a lookup of an occurrence it did not fetch, rather than calling it unconfirmed', async () => {
    const content = await sampleContent();
    const h8 = content.deadline('H8')!;
    const book = await openBook(port([]), [h8], '2023-09-20', [{ deadline: 'H5', occurrence: '2024-11-05' }]);
    expect(book.status('H5', '2024-11-05', 'VP')).toBe('chua');
    expect(() => book.status('H5', '2025-11-05', 'VP')).toThrow(/H5@2025-11-05 was not fetched/);
  });

  it('reads the same statuses and current occurrences from the statuses alone (no stamps), in one call', async () => {
    const content = await sampleContent();
    const today = '2023-09-20';
    const h1 = content.deadline('H1')!;
    const h8 = content.deadline('H8')!;
    const h5 = content.deadline('H5')!;
    const confirmations: Confirmation[] = [
      ...h1.assignees.map((unit): Confirmation => ({ deadline: 'H1', occurrence: '2023-06-30', unit, received: stamp, completed: stamp })),
      { deadline: 'H8', occurrence: candidateOccurrences(h8, today)[0]!, unit: h8.assignees[0]!, received: stamp },
      { deadline: 'H8', occurrence: candidateOccurrences(h8, today)[0]!, unit: h8.assignees[1]!, received: stamp, completed: stamp },
      { deadline: 'H5', occurrence: '2023-11-05', unit: h5.assignees[0]!, received: stamp },
    ];
    const full = await openBook(port(confirmations), content.deadlines, today);
    const p = port(confirmations);
    const light = await openStatusBook(p, content.deadlines, today);
    expect(p.calls).toHaveLength(1);
    for (const d of content.deadlines) {
      expect(light.occurrenceFor(d)).toBe(full.occurrenceFor(d));
      expect(light.latestConfirmable(d)).toBe(full.latestConfirmable(d));
      for (const occurrence of candidateOccurrences(d, today)) {
        expect(light.settled(d, occurrence)).toBe(full.settled(d, occurrence));
        expect(d.assignees.map((u) => light.status(d.id, occurrence, u))).toEqual(d.assignees.map((u) => full.status(d.id, occurrence, u)));
      }
    }
    expect(light.status('H8', candidateOccurrences(h8, today)[0]!, h8.assignees[0]!)).toBe('nhan');
    expect(light.status('H8', candidateOccurrences(h8, today)[0]!, h8.assignees[1]!)).toBe('xong');
    expect(() => light.status('H5', '2025-11-05', 'VP')).toThrow(/H5@2025-11-05 was not fetched/);
  });
});
