import { describe, expect, it } from 'vitest';
import { SplitMix32, Xoshiro128 } from './xoshiro128.ts';
import { geometricGap } from './geometric.ts';

describe('Xoshiro128', () => {
  it('matches the reference C implementation from state {1, 2, 3, 4}', () => {
    // Outputs of prng.di.unimi.it/xoshiro128starstar.c with s = {1, 2, 3, 4}.
    const rng = new Xoshiro128([1, 2, 3, 4]);
    const outputs = Array.from({ length: 10 }, () => rng.nextUint32());
    expect(outputs).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597,
      4258142804,
    ]);
  });

  it('never changes its stream for a seed (no-regression snapshot of our seeding)', () => {
    const rng = Xoshiro128.fromSeed(42);
    const outputs = Array.from({ length: 4 }, () => rng.nextUint32());
    expect(outputs).toMatchInlineSnapshot(`
      [
        2837322924,
        544945897,
        479756282,
        3500138142,
      ]
    `);
  });

  it('gives the same bits for the same seed and different bits for different seeds', () => {
    const a = Xoshiro128.fromSeed(7);
    const b = Xoshiro128.fromSeed(7);
    const c = Xoshiro128.fromSeed(8);
    const draw = (rng: Xoshiro128) => Array.from({ length: 8 }, () => rng.nextUint32());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
  });

  it('distinguishes seeds beyond 2^32', () => {
    expect(Xoshiro128.fromSeed(1).nextUint32()).not.toBe(Xoshiro128.fromSeed(2 ** 32 + 1).nextUint32());
  });

  it('jumps to a stream that does not repeat the original', () => {
    const base = Xoshiro128.fromSeed(3);
    const jumped = base.clone();
    jumped.jump();
    expect(jumped.state()).not.toEqual(base.state());
    const again = Xoshiro128.fromSeed(3);
    again.jump();
    expect(again.state()).toEqual(jumped.state());
  });

  it('continues from a state set with setState as from the generator that exported it', () => {
    const source = Xoshiro128.fromSeed(12);
    source.nextUint32();
    const target = Xoshiro128.fromSeed(99);
    target.setState(source.state());
    expect([target.nextUint32(), target.nextUint32()]).toEqual([source.nextUint32(), source.nextUint32()]);
    expect(() => target.setState([0, 0, 0, 0])).toThrow(/all zero/);
  });

  it('rejects the all-zero state and non-integer seeds', () => {
    expect(() => new Xoshiro128([0, 0, 0, 0])).toThrow(/all zero/);
    expect(() => Xoshiro128.fromSeed(1.5)).toThrow(/safe integer/);
  });

  it('draws doubles in [0, 1) with the right mean', () => {
    const rng = Xoshiro128.fromSeed(11);
    let sum = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng.nextDouble();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    // Standard error of the mean of U(0,1) is 1/sqrt(12 n) ≈ 0.0009.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
  });
});

describe('SplitMix32', () => {
  it('is deterministic', () => {
    expect(new SplitMix32(0).next()).toBe(new SplitMix32(0).next());
  });
});

describe('geometricGap', () => {
  /** Indices in [0, n) where a Bernoulli(p) trial succeeds, by skipping the gaps as the samplers do. */
  function successes(rng: Xoshiro128, n: number, p: number): number[] {
    const logOneMinusP = Math.log1p(-p);
    const hits: number[] = [];
    for (let i = geometricGap(rng, logOneMinusP); i < n; i += 1 + geometricGap(rng, logOneMinusP)) hits.push(i);
    return hits;
  }

  it('hits each index with probability p', () => {
    const n = 1_000_000;
    const p = 0.01;
    const hits = successes(Xoshiro128.fromSeed(5), n, p);
    const sigma = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(hits.length - n * p)).toBeLessThan(5 * sigma);
    expect(hits.every((index, k) => index < n && (k === 0 || index > hits[k - 1]!))).toBe(true);
  });

  it('gives an infinite gap for p = 0 and no gap for p = 1', () => {
    const rng = Xoshiro128.fromSeed(5);
    expect(geometricGap(rng, Math.log1p(-0))).toBe(Number.POSITIVE_INFINITY);
    expect(successes(rng, 10, 1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
