import { describe, expect, it } from 'vitest';
import { unwrap, type Rng } from '@verilab/core';
import { parseCircuit } from '../circuit/parse-circuit.ts';
import { getRowBit } from '../shots/row-bits.ts';
import { nextDown, nextUp } from '../testing/adjacent-doubles.ts';
import { compileFrameSampler, MAX_BATCH_SHOTS } from './frame-sampler.ts';

/** An Rng whose doubles are `1 - xs[k]` in turn (each x a multiple of 2^-53 in (0, 1]), as two words each. */
function scriptedRng(xs: readonly number[]): Rng {
  const words: number[] = [];
  for (const x of xs) {
    const u = (1 - x) * 2 ** 53;
    words.push((Math.floor(u / 2 ** 32) << 11) >>> 0, u % 2 ** 32);
  }
  let next = 0;
  return {
    nextUint32: () => {
      if (next >= words.length) throw new Error('script exhausted');
      return words[next++]!;
    },
    nextDouble: () => {
      throw new Error('the kernel draws words');
    },
  };
}

describe('the noise kernel', () => {
  // One X_ERROR(p) trial per shot, read by a detector: the hits land where geometric skipping
  // with the exact gap floor(log x / log(1 − p)) puts them, batch by batch.
  it.each([1e-4, 0.001, 0.005, 1 / 15, 0.3, 0.9])('skips by the exact geometric gap at p = %f, also where the quotient crosses an integer', (p) => {
    const logOneMinusP = Math.log1p(-p);
    const xs: number[] = [];
    for (const k of [0, 1, 2, 3, 7, 100, 1000]) {
      let below = Math.exp(k * logOneMinusP);
      let above = below;
      for (let step = 0; step < 12; step++) {
        for (const x of [below, above]) {
          // Representable as 1 − U (a multiple of 2^-53), and alternated with short gaps so
          // batches hold many hits.
          const onGrid = Math.round(x * 2 ** 53) / 2 ** 53;
          if (onGrid > 0 && onGrid <= 1) xs.push(onGrid, 0.999);
        }
        below = nextDown(below);
        above = nextUp(above);
      }
    }
    // x = 1 (gap 0), and enough of the smallest x (the largest gaps) to end the last batch.
    xs.push(1, 0.5, ...new Array<number>(100).fill(2 ** -53));
    // The positions the exact gaps give, over the batches the script completes (a batch ends
    // with the draw whose gap overshoots it).
    const expected: number[] = [];
    let drawn = 0;
    let batches = 0;
    for (let complete = true; complete; ) {
      const batch: number[] = [];
      complete = false;
      for (let trial = -1; drawn < xs.length; ) {
        trial += 1 + Math.floor(Math.log(xs[drawn++]!) / logOneMinusP);
        if (trial >= MAX_BATCH_SHOTS) {
          complete = true;
          break;
        }
        batch.push(batches * MAX_BATCH_SHOTS + trial);
      }
      if (complete) {
        expected.push(...batch);
        batches++;
      }
    }
    const shots = batches * MAX_BATCH_SHOTS;
    const sampler = compileFrameSampler(unwrap(parseCircuit(`X_ERROR(${p}) 0\nM 0\nDETECTOR rec[-1]\n`)));
    const rows = sampler.sample(shots, scriptedRng(xs)).detectors;
    const got = Array.from({ length: shots }, (_, s) => s).filter((s) => getRowBit(rows, 1, s, 0));
    expect(got).toEqual(expected);
  });
});
