import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '@verilab/core';
import { geometricGapOf } from './geometric-gap.ts';
import { nextDown, nextUp } from '../testing/adjacent-doubles.ts';

const exactGap = (x: number, logOneMinusP: number): number => Math.floor(Math.log(x) / logOneMinusP);

describe('geometricGapOf', () => {
  const probabilities = [1e-9, 1e-6, 1e-4, 0.001, 0.005, 1 / 15, 0.3, 0.5, 0.9, 0.999999];

  it('equals floor(log(x) / log(1 - p)) on the sampler draws 1 - U', () => {
    const rng = Xoshiro128.fromSeed(15);
    const mismatches: string[] = [];
    for (const p of probabilities) {
      const logOneMinusP = Math.log1p(-p);
      for (let n = 0; n < 100_000; n++) {
        const x = 1 - rng.nextDouble();
        if (geometricGapOf(x, logOneMinusP, 1 / logOneMinusP) !== exactGap(x, logOneMinusP)) mismatches.push(`p=${p} x=${x}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('equals it where the quotient crosses an integer, where the estimate alone cannot decide', () => {
    for (const p of probabilities) {
      const logOneMinusP = Math.log1p(-p);
      for (const k of [0, 1, 2, 3, 7, 100, 1234, 1e5, 3e7]) {
        const boundary = Math.exp(k * logOneMinusP);
        if (!(boundary > 2 ** -53 && boundary <= 1)) continue;
        let below = boundary;
        let above = boundary;
        for (let step = 0; step < 40; step++) {
          for (const x of [below, above]) {
            if (x > 0 && x <= 1) expect(geometricGapOf(x, logOneMinusP, 1 / logOneMinusP)).toBe(exactGap(x, logOneMinusP));
          }
          below = nextDown(below);
          above = nextUp(above);
        }
      }
    }
  });

  it('covers the ends of the range: x = 1 (gap 0) and the smallest 1 - U, 2^-53', () => {
    const logOneMinusP = Math.log1p(-0.001);
    expect(geometricGapOf(1, logOneMinusP, 1 / logOneMinusP) === 0).toBe(true);
    for (const x of [2 ** -53, 2 ** -52, 3 * 2 ** -53, 0.5, nextDown(0.5), nextDown(1)]) {
      expect(geometricGapOf(x, logOneMinusP, 1 / logOneMinusP)).toBe(exactGap(x, logOneMinusP));
    }
  });
});
