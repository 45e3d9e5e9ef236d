import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from './min-heap.ts';

/** An item that knows where the heap put it, as a caller removing from the middle keeps it. */
interface Item {
  readonly value: number;
  index: number;
}

type Operation = { readonly push: number } | { readonly pop: true } | { readonly remove: number } | { readonly replace: readonly number[] };

// Mostly pushes, so heaps grow deep enough that an item moved into a removed one's place must
// sometimes go up, not down; a small range of values, so ties are common.
const value = fc.integer({ min: 0, max: 50 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ push: value }), weight: 6 },
  { arbitrary: fc.record({ pop: fc.constant(true as const) }), weight: 1 },
  { arbitrary: fc.record({ remove: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ replace: fc.array(value, { maxLength: 60 }) }), weight: 1 },
);

describe('MinHeap', () => {
  it('gives back the least item, and removes any item, as a sorted list would (duplicates included)', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 100, maxLength: 400, size: 'max' }), (operations) => {
        const heap = new MinHeap<Item>(
          (a, b) => a.value < b.value,
          (item, index) => (item.index = index),
        );
        let held: Item[] = [];
        for (const each of operations) {
          if ('push' in each) {
            const item = { value: each.push, index: -1 };
            heap.push(item);
            held.push(item);
          } else if ('pop' in each) {
            const least = Math.min(...held.map((item) => item.value));
            const popped = heap.pop();
            expect(popped?.value).toBe(held.length === 0 ? undefined : least);
            held = held.filter((item) => item !== popped);
          } else if ('remove' in each) {
            const item = held[each.remove % Math.max(1, held.length)];
            if (item === undefined) continue;
            expect(heap.removeAt(item.index)).toBe(item);
            held = held.filter((other) => other !== item);
          } else {
            held = each.replace.map((value) => ({ value, index: -1 }));
            heap.replace(held);
          }
          expect(heap.size).toBe(held.length);
          expect(heap.peek()?.value).toBe(held.length === 0 ? undefined : Math.min(...held.map((item) => item.value)));
        }
        const drained: number[] = [];
        for (let item = heap.pop(); item !== undefined; item = heap.pop()) drained.push(item.value);
        expect(drained).toEqual(held.map((item) => item.value).sort((a, b) => a - b));
      }),
      { seed: 17, numRuns: 100 },
    );
  });
});
