import { Xoshiro128 } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { PendingDeadlines } from './pending-deadlines.ts';

const LEVELS = ['L1', 'L2', 'L3'];

type Entry = readonly [level: string, id: string, answerBy: number];

/** The order the heap keeps, written the slow way: deadline, then level order, then id. */
function sorted(entries: Iterable<Entry>): Entry[] {
  return [...entries].sort((a, b) => a[2] - b[2] || LEVELS.indexOf(a[0]) - LEVELS.indexOf(b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

describe('PendingDeadlines', () => {
  it('settles in the order of a full sort through random adds, deletes, moves, due pops and store answers, with ties on deadline', () => {
    const random = Xoshiro128.fromSeed(7);
    const below = (n: number) => Math.floor(random.nextDouble() * n);
    const deadlines = new PendingDeadlines(LEVELS);
    const reference = new Map<string, Entry>();
    const popDue = (now: number) => {
      const due = sorted(reference.values()).filter((entry) => entry[2] <= now);
      const popped: Entry[] = [];
      for (let next = deadlines.popDue(now); next !== undefined; next = deadlines.popDue(now)) popped.push([next.level, next.id, reference.get(`${next.level}/${next.id}`)?.[2] ?? NaN]);
      for (const [level, id] of due) reference.delete(`${level}/${id}`);
      expect(popped).toEqual(due);
    };
    let read: { readonly mark: number; readonly answer: Entry[] } | undefined;
    for (let round = 0; round < 2_000; round++) {
      const level = LEVELS[below(LEVELS.length)] as string;
      const id = `e${below(300)}`;
      const action = below(10);
      if (action < 6) {
        // Deadlines from a small range, so ties are common; a known id moves.
        const answerBy = 1_000 + below(50);
        deadlines.add(level, id, answerBy);
        reference.set(`${level}/${id}`, [level, id, answerBy]);
      } else if (action < 9) expect(deadlines.delete(level, id)).toBe(reference.delete(`${level}/${id}`));
      else popDue(1_000 + below(20));
      expect(deadlines.size).toBe(reference.size);
      expect(deadlines.has(level, id)).toBe(reference.has(`${level}/${id}`));
      // A read of the store begins at round 900 and answers at 1,000 with what it had then: the
      // changes made here since are applied again, so the answer changes nothing.
      if (round === 900) read = { mark: deadlines.readBegins(), answer: [...reference.values(), ['unknown level', 'x', 0]] };
      if (round === 1_000) deadlines.replace(read?.answer ?? [], read?.mark ?? NaN);
      // An answer with no change since it was read: it is taken as it is (another replica settled half).
      if (round === 1_500) {
        const kept = [...reference.values()].filter(() => below(2) === 0);
        deadlines.replace(kept, deadlines.readBegins());
        reference.clear();
        for (const entry of kept) reference.set(`${entry[0]}/${entry[1]}`, entry);
      }
    }
    popDue(Infinity);
    expect(deadlines.size).toBe(0);
  });

  it('keeps only the changes a read on its way needs, though reads overlap without a break', () => {
    const deadlines = new PendingDeadlines(LEVELS);
    const kept = () => (deadlines as unknown as { readonly changes: readonly unknown[] }).changes.length;
    // A busy run: a new read begins before the one before it answers, so one is always on its way.
    let earlier = deadlines.readBegins();
    for (let round = 0; round < 1_000; round++) {
      deadlines.add('L1', `e${round}`, 1_000 + round);
      if (round % 2 === 1) deadlines.delete('L1', `e${round - 1}`);
      const later = deadlines.readBegins();
      deadlines.replace(round % 3 === 0 ? [] : [['L2', `s${round}`, 5_000]], earlier);
      earlier = later;
      expect(kept()).toBeLessThanOrEqual(2);
    }
    // Each answer came back with the changes since its read applied on top: the episodes pended here stay.
    expect(deadlines.has('L1', 'e999')).toBe(true);
    expect(deadlines.has('L1', 'e998')).toBe(false);
    deadlines.readFailed(earlier);
    expect(kept()).toBe(0);
  });
});
