import { describe, expect, it } from 'vitest';
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
});
