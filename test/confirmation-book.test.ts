/** The confirmation book: one fetch for everything a reply looks at, then synchronous lookups. */
import { describe, expect, it } from 'vitest';
import { candidateOccurrences, openBook } from '../src/core/confirmation-book.js';
import type { ConfirmationPort, OccurrenceKey } from '../src/core/ports.js';
import type { Confirmation } from '../src/core/records.js';
import { sampleContent } from './helpers.js';

const stamp = { at: '2023-01-01T00:00:00Z', by: { id: '1', name: 'An' }, chat: 'telegram:-1' };

/** A port over fixed confirmations that counts its calls and the occurrences asked. */
function port(confirmations: Confirmation[]): Pick<ConfirmationPort, 'confirmationsOf'> & { calls: OccurrenceKey[][] } {
  const calls: OccurrenceKey[][] = [];
  return {
    calls,
    async confirmationsOf(keys) {
      calls.push([...keys]);
      return confirmations.filter((c) => keys.some((k) => k.deadline === c.deadline && k.occurrence === c.occurrence));
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
});
