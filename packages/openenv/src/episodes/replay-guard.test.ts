import { describe, expect, it } from 'vitest';
import { mapEntriesVisited } from '../testing/map-visits.ts';
import { ReplayGuard } from './replay-guard.ts';

describe('ReplayGuard', () => {
  it('accepts a token once', () => {
    const guard = new ReplayGuard({ capacity: 10, bucketSeconds: 10, now: () => 0 });
    expect(guard.consume('a', 100)).toBe('fresh');
    expect(guard.consume('a', 100)).toBe('replayed');
    expect(guard.consume('b', 100)).toBe('fresh');
  });

  it('forgets ids once their tokens have expired', () => {
    let now = 0;
    const guard = new ReplayGuard({ capacity: 10, bucketSeconds: 10, now: () => now });
    guard.consume('a', 15);
    guard.consume('b', 35);
    expect(guard.heldIds).toBe(2);
    now = 20;
    guard.consume('c', 50);
    expect(guard.heldIds).toBe(2);
  });

  it('stays within capacity by expiring the earliest bucket early, failing closed', () => {
    const guard = new ReplayGuard({ capacity: 3, bucketSeconds: 10, now: () => 0 });
    expect(guard.consume('a', 15)).toBe('fresh');
    expect(guard.consume('b', 17)).toBe('fresh');
    expect(guard.consume('c', 25)).toBe('fresh');
    expect(guard.consume('d', 26)).toBe('fresh'); // drops the bucket [10, 20): a and b
    expect(guard.heldIds).toBe(2);
    // a's id is forgotten, but its token now counts as expired: no replay gets through.
    expect(guard.consume('a', 15)).toBe('expired');
    expect(guard.consume('e', 19)).toBe('expired');
    expect(guard.consume('c', 25)).toBe('replayed');
    for (let i = 0; i < 1000; i++) guard.consume(`x${i}`, 30 + i);
    expect(guard.heldIds).toBeLessThanOrEqual(3);
  });

  it('does per step work that does not grow with the distinct expiries it holds: it touches only the buckets it drops', () => {
    let now = 0;
    const held = (expiries: number, capacity = 1_000_000) => {
      const guard = new ReplayGuard({ capacity, bucketSeconds: 1, now: () => now });
      for (let i = 0; i < expiries; i++) guard.consume(`held${i}`, 1 + i);
      return guard;
    };
    const steps = (guard: ReplayGuard, prefix: string) =>
      mapEntriesVisited(() => {
        for (let i = 0; i < 200; i++) expect(guard.consume(`${prefix}${i}`, 10_000 + i)).toBe('fresh');
      });
    const [one, many] = [held(1), held(5_000)];
    expect(steps(many, 'a')).toBe(steps(one, 'a'));
    now = 2_500.5;
    expect(steps(many, 'b')).toBe(steps(one, 'b'));
    expect(many.heldIds).toBe(2_501 + 400); // held0..held2498 expired with their buckets

    // At capacity every step drops the earliest bucket first: that one, not a search of all.
    now = 0;
    const full = held(5_000, 5_000);
    expect(steps(full, 'c')).toBe(steps(held(1, 1), 'c'));
    expect(full.heldIds).toBe(5_000);
    expect(full.consume('held0', 1)).toBe('expired');
  });
});
