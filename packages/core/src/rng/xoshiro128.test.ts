import { describe, expect, it } from 'vitest';
import { SEED_STREAMS_VERSION, SplitMix32, Xoshiro128 } from './xoshiro128.ts';
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

  it('keeps the state every seed below 2^32 had before SEED_STREAMS_VERSION 2', () => {
    // States of the version 1 fromSeed, which these seeds (every fixed eval, test and dataset
    // seed is below 2^32) must keep forever.
    const before: [number, [number, number, number, number]][] = [
      [0, [2462723854, 1020716019, 454327756, 1275600319]],
      [1, [2527132011, 314344336, 2535364964, 2041432039]],
      [3, [3984711379, 746935934, 1102698049, 1507035486]],
      [7, [588686121, 1937383562, 4286812467, 2372217166]],
      [42, [939911724, 3948730756, 321366731, 3317318717]],
      [123456789, [1573771921, 319883699, 2742014374, 1324369493]],
      [2 ** 31, [3172115818, 304882621, 205969554, 3182573129]],
      [2 ** 32 - 1, [920564995, 4230986166, 697614773, 1778835764]],
    ];
    for (const [seed, state] of before) expect(Xoshiro128.fromSeed(seed).state(), `seed ${seed}`).toEqual(state);
    expect(SEED_STREAMS_VERSION).toBe(2);
  });

  it('never changes its state for a seed from 2^32 up (frozen at SEED_STREAMS_VERSION 2)', () => {
    const states = [2 ** 32, 2 ** 32 + 1, 2 ** 47 - 1, Number.MAX_SAFE_INTEGER].map((seed) => Xoshiro128.fromSeed(seed).state());
    expect(states).toEqual([
      [1020716019, 2734499349, 3689978544, 1332063981],
      [4230986166, 92762541, 2638636997, 4032659644],
      [3654339729, 2443257379, 2564143997, 499356699],
      [3627736530, 4283899918, 1303563696, 4002205654],
    ]);
  });

  it('gives seeds s and s + k·2^32 different states, including the aliases version 1 gave them', () => {
    const draw = Xoshiro128.fromSeed(2024);
    const seen = new Set<string>();
    const record = (seed: number) => {
      const key = Xoshiro128.fromSeed(seed).state().join(',');
      expect(seen.has(key), `seed ${seed} repeats a state`).toBe(false);
      seen.add(key);
    };
    for (let trial = 0; trial < 2_000; trial++) {
      const low = draw.nextUint32();
      record(low);
      for (let j = 0; j < 4; j++) {
        const k = 1 + (draw.nextUint32() % (2 ** 21 - 1));
        record(k * 2 ** 32 + low);
        // Version 1 seeded SplitMix32 with low ^ k·γ, so this seed had the same state as `low`.
        record(k * 2 ** 32 + ((low ^ Math.imul(k, 0x9e3779b9)) >>> 0));
      }
    }
    expect(seen.size).toBe(2_000 * 9);
  });

  it('never reaches the all-zero state, whatever the seed', () => {
    // The first word is zero only for the SplitMix32 input u = -γ, so each high part (-2^21 to
    // 2^21 - 1 for safe integers) has one candidate seed; fromSeed throws on an all-zero state.
    const u = -0x9e3779b9 >>> 0;
    for (let high = -(2 ** 21); high < 2 ** 21; high++) {
      const seed = high * 2 ** 32 + ((u ^ Math.imul(high, 0x9e3779b9)) >>> 0);
      if (!Number.isSafeInteger(seed)) continue;
      if (Xoshiro128.fromSeed(seed).state()[0] !== 0) throw new Error(`seed ${seed} is not a candidate`);
    }
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
