import { Xoshiro128 } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { TimeQueue } from './time-queue.ts';

describe('TimeQueue (radix heap)', () => {
  it('pops entries in time order while pushes stay at or after the latest popped time, across 32-bit and wider times', () => {
    const rng = Xoshiro128.fromSeed(7);
    const queue = new TimeQueue();
    const pending: number[] = [];
    const timeOf = new Map<number, number>();
    const popped: number[] = [];
    let now = 0;
    for (let step = 0; step < 20000; step++) {
      if (pending.length === 0 || rng.nextDouble() < 0.55) {
        const scale = rng.nextDouble() < 0.1 ? 2 ** 40 : rng.nextDouble() < 0.5 ? 1000 : 8;
        const time = now + Math.floor(rng.nextDouble() * scale);
        pending.push(time);
        timeOf.set(step, time);
        queue.push(time, step);
      } else {
        const time = queue.topTime();
        expect(timeOf.get(queue.pop())).toBe(time);
        popped.push(time);
        pending.splice(pending.indexOf(time), 1);
        expect(time).toBe(Math.min(time, ...pending));
        now = time;
      }
      expect(queue.size).toBe(pending.length);
    }
    for (let i = 1; i < popped.length; i++) expect(popped[i]).toBeGreaterThanOrEqual(popped[i - 1]!);
  });

  it('returns the ids pushed, and starts afresh after clear()', () => {
    const queue = new TimeQueue();
    queue.push(5, 50);
    queue.push(3, 30);
    queue.push(2 ** 33 + 1, 99);
    expect([queue.topTime(), queue.pop()]).toEqual([3, 30]);
    expect([queue.topTime(), queue.pop()]).toEqual([5, 50]);
    expect([queue.topTime(), queue.pop()]).toEqual([2 ** 33 + 1, 99]);
    queue.push(2 ** 33 + 4, 1);
    queue.clear();
    expect(queue.size).toBe(0);
    queue.push(1, 7);
    expect([queue.topTime(), queue.pop()]).toEqual([1, 7]);
  });

  it('refuses a time before the latest popped one or a fractional time', () => {
    const queue = new TimeQueue();
    queue.push(10, 0);
    queue.pop();
    expect(() => queue.push(9, 1)).toThrow(RangeError);
    expect(() => queue.push(10.5, 1)).toThrow(RangeError);
  });
});
