import { describe, expect, it } from 'vitest';
import { analyzeErrors } from '../dem/analyze-errors.ts';
import { flattenDem, type FlatDem } from '../dem/flatten-dem.ts';
import { parseDem } from '../dem/parse-dem.ts';
import { generateRotatedSurfaceCode } from '../generate/rotated-surface-code.ts';
import { noiseProfile } from '../generate/noise-profiles.ts';
import { unwrap, Xoshiro128, type Rng } from '@verilab/core';
import {
  compileMaximumLikelihoodDecoder,
  compileMaximumLikelihoodDecoderOfModel,
  ImpossibleSyndromeError,
  type MaximumLikelihoodDecoder,
} from './maximum-likelihood-decoder.ts';

/**
 * P(syndrome, observable) for every syndrome, by enumerating every configuration of the DEM's
 * mechanisms as written (no merging): each half of the mechanisms is enumerated outright, and
 * the two halves' tables are combined by XOR-convolution, which adds up exactly the 2^m
 * products grouped by their symptoms. Index = syndrome · 2 + observable parity.
 */
function bruteForce(dem: FlatDem, observable: number): Float64Array {
  const symptomsOf = (k: number) => {
    const e = dem.errors[k]!;
    let mask = e.observables.includes(observable) ? 1 : 0;
    for (const d of e.detectors) mask ^= 2 ** (d + 1);
    return mask;
  };
  const size = 2 ** (dem.numDetectors + 1);
  const enumerate = (from: number, to: number) => {
    const table = new Float64Array(size);
    const masks = [0];
    const probs = [1];
    for (let k = from; k < to; k++) {
      const p = dem.errors[k]!.probability;
      const mask = symptomsOf(k);
      const n = masks.length;
      for (let i = 0; i < n; i++) {
        masks.push(masks[i]! ^ mask);
        probs.push(probs[i]! * p);
        probs[i]! *= 1 - p;
      }
    }
    masks.forEach((mask, i) => (table[mask]! += probs[i]!));
    return table;
  };
  const half = dem.errors.length >> 1;
  const lo = enumerate(0, half);
  const hi = enumerate(half, dem.errors.length);
  const joint = new Float64Array(size);
  for (let a = 0; a < size; a++) {
    if (lo[a] === 0) continue;
    for (let b = 0; b < size; b++) joint[a ^ b]! += lo[a]! * hi[b]!;
  }
  return joint;
}

/** Checks the decoder on every syndrome of the DEM against the enumeration; returns how many were possible. */
function expectAgreement(dem: FlatDem, decoder: MaximumLikelihoodDecoder, observable = 0): number {
  const truth = bruteForce(dem, observable);
  let possible = 0;
  for (let s = 0; s < 2 ** dem.numDetectors; s++) {
    const events: number[] = [];
    for (let d = 0; d < dem.numDetectors; d++) if ((s >>> d) & 1) events.push(d);
    const noFlip = truth[2 * s]!;
    const flip = truth[2 * s + 1]!;
    if (noFlip + flip === 0) {
      expect(() => decoder.decode(events)).toThrow(ImpossibleSyndromeError);
      continue;
    }
    possible++;
    const result = decoder.decode(events);
    const expected = flip / (noFlip + flip);
    expect(Math.abs(result.posteriorFlipProbability - expected)).toBeLessThanOrEqual(1e-12 * expected);
    expect(Math.abs(result.logSyndromeProbability - Math.log(noFlip + flip))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(Math.log(noFlip + flip))));
    // The MAP bit is only defined where the two sums differ by more than their rounding.
    if (Math.abs(flip - noFlip) > 1e-12 * (flip + noFlip)) expect(result.observableFlip).toBe(flip > noFlip ? 1 : 0);
  }
  return possible;
}

/** A probability from one of the regimes the decoder must survive: ordinary, near 1/2, tiny, exact edge cases. */
function randomProbability(rng: Rng): number {
  const regime = rng.nextDouble();
  if (regime < 0.4) return rng.nextDouble() * 0.5;
  if (regime < 0.6) return 0.5 + (rng.nextDouble() - 0.5) * 1e-3;
  if (regime < 0.85) return 10 ** -(6 + rng.nextDouble() * 9);
  if (regime < 0.9) return 0.5;
  if (regime < 0.95) return rng.nextDouble();
  return [0, 1][rng.nextUint32() & 1]!;
}

/** A random DEM in text form with up to `maxMechanisms` errors: repeated symptoms, `^` parts, observable-only errors. */
function randomDemText(rng: Rng, maxMechanisms: number): string {
  const numDetectors = 1 + (rng.nextUint32() % 9);
  const mechanisms = 1 + (rng.nextUint32() % maxMechanisms);
  const lines: string[] = [];
  for (let k = 0; k < mechanisms; k++) {
    if (k > 0 && rng.nextDouble() < 0.2) {
      // The same symptoms again as an independent mechanism.
      const earlier = lines[rng.nextUint32() % lines.length]!;
      lines.push(earlier.replace(/^error\([^)]*\)/, `error(${randomProbability(rng)})`));
      continue;
    }
    const targets: string[] = [];
    const count = rng.nextUint32() % 4;
    for (let t = 0; t < count; t++) targets.push(`D${rng.nextUint32() % numDetectors}`);
    if (rng.nextDouble() < 0.4) targets.push(`L${rng.nextUint32() % 2}`);
    if (targets.length > 1 && rng.nextDouble() < 0.3) targets.splice(1 + (rng.nextUint32() % (targets.length - 1)), 0, '^');
    if (targets.length === 0) targets.push('L0');
    lines.push(`error(${randomProbability(rng)}) ${targets.join(' ')}`);
  }
  lines.push(`detector D${numDetectors - 1}`);
  return lines.join('\n');
}

const parseFlat = (text: string): FlatDem => {
  return flattenDem(unwrap(parseDem(text), `test DEM does not parse:\n${text}`));
};

const compile = (dem: FlatDem, options = {}) => unwrap(compileMaximumLikelihoodDecoder(dem, options));

describe('maximum-likelihood decoder', () => {
  it('agrees with enumeration of all 2^m configurations on 400 random DEMs with ≤ 20 mechanisms', () => {
    const rng = Xoshiro128.fromSeed(20260610);
    let syndromes = 0;
    for (let trial = 0; trial < 400; trial++) {
      const dem = parseFlat(randomDemText(rng, 20));
      const observable = rng.nextUint32() & 1;
      syndromes += expectAgreement(dem, compile(dem, { observable, cacheEntries: 0 }), observable);
    }
    expect(syndromes).toBeGreaterThan(10_000);
  });

  it('agrees with enumeration on real circuit DEMs (L1_warmup: d3 r1 SI1000; d3 r1 uniform X; d2 r2 SI1000)', () => {
    const cases = [
      { distance: 3, rounds: 1, noise: noiseProfile('si1000-like', 0.0005), basis: 'Z' as const },
      { distance: 3, rounds: 1, noise: noiseProfile('uniform', 0.01), basis: 'X' as const },
      { distance: 2, rounds: 2, noise: noiseProfile('si1000-like', 0.01), basis: 'Z' as const },
    ];
    for (const options of cases) {
      const dem = flattenDem(analyzeErrors(generateRotatedSurfaceCode(options), { decomposeErrors: true }).dem);
      expect(dem.errors.length).toBeLessThanOrEqual(32);
      expect(expectAgreement(dem, compile(dem))).toBeGreaterThan(0);
    }
  });

  it('decodes the whole symptom set of a decomposed error, not its parts', () => {
    // D0 D1 ^ D1 L0 is one mechanism flipping D0 and L0 (D1 cancels).
    const decoder = compile(parseFlat('error(0.1) D0 D1 ^ D1 L0\nerror(0.2) D0'));
    const expected = 0.1 * 0.8 / (0.1 * 0.8 + 0.9 * 0.2);
    expect(decoder.decode([0]).posteriorFlipProbability).toBeCloseTo(expected, 15);
    expect(() => decoder.decode([1])).toThrow(ImpossibleSyndromeError);
  });

  it('stays finite when the syndrome is astronomically unlikely', () => {
    const lines = Array.from({ length: 200 }, (_, d) => `error(1e-30) D${d}\nerror(1e-31) D${d} L0`);
    const decoder = compile(parseFlat(lines.join('\n')));
    const result = decoder.decode(Array.from({ length: 200 }, (_, d) => d));
    expect(result.logSyndromeProbability).toBeCloseTo(200 * Math.log(1.1e-30), 6);
    // Each detector's flip is the L0 mechanism with probability 1/11, independently: the parity is odd with (1 − (1 − 2/11)^200) / 2.
    expect(result.posteriorFlipProbability).toBeCloseTo((1 - (9 / 11) ** 200) / 2, 12);
    expect(result.observableFlip).toBe(0);
  });

  it('breaks an exact tie toward no flip', () => {
    const decoder = compile(parseFlat('error(0.25) D0\nerror(0.25) D0 L0'));
    expect(decoder.decode([0])).toMatchObject({ posteriorFlipProbability: 0.5, observableFlip: 0 });
  });

  it('refuses a DEM whose frontier exceeds the bound, as data', () => {
    // Every detector shares a mechanism with every later one: all must be open at once.
    const lines: string[] = [];
    for (let a = 0; a < 12; a++) for (let b = a + 1; b < 12; b++) lines.push(`error(0.01) D${a} D${b}`);
    const dem = parseFlat(lines.join('\n'));
    const refused = compileMaximumLikelihoodDecoder(dem, { maxFrontier: 8 });
    expect(refused).toMatchObject({ ok: false, issues: [{ code: 'frontier-too-wide', maxFrontier: 8, message: expect.stringMatching(/more than 8 detectors open at once/) }] });
    expect(refused.ok ? 0 : refused.issues[0]?.frontierWidth).toBeGreaterThan(8);
    expect(compileMaximumLikelihoodDecoder(dem, { maxFrontier: 12 }).ok).toBe(true);
    expect(() => compileMaximumLikelihoodDecoder(dem, { maxFrontier: 40 })).toThrow(RangeError);
  });

  it('refuses a distance-5 five-round DEM under the default bound without building a table', () => {
    const circuit = generateRotatedSurfaceCode({ distance: 5, rounds: 5, noise: noiseProfile('si1000-like', 0.001), basis: 'Z' });
    const result = compileMaximumLikelihoodDecoder(flattenDem(analyzeErrors(circuit, { decomposeErrors: true }).dem));
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'frontier-too-wide', maxFrontier: 20 }] });
  });

  it('gives the same verdict from a model as items or compact as from the flattened model', () => {
    // d = 7, r = 7 (6092 lines) is refused at maxFrontier 4 by its first 1/256, at 16 by its first 1/16.
    for (const [distance, rounds, maxFrontier] of [[3, 2, 16], [5, 5, 20], [5, 1, 8], [7, 7, 4], [7, 7, 16]] as const) {
      const circuit = generateRotatedSurfaceCode({ distance, rounds, noise: noiseProfile('si1000-like', 0.001), basis: 'Z' });
      const { dem, compact } = analyzeErrors(circuit, { decomposeErrors: true });
      const ofFlat = compileMaximumLikelihoodDecoder(flattenDem(dem), { maxFrontier });
      for (const ofModel of [compileMaximumLikelihoodDecoderOfModel(dem, { maxFrontier }), compileMaximumLikelihoodDecoderOfModel(compact, { maxFrontier })]) {
        expect(ofModel.ok ? ofModel.value.plan : ofModel.issues).toEqual(ofFlat.ok ? ofFlat.value.plan : ofFlat.issues);
      }
    }
    expect(() => compileMaximumLikelihoodDecoderOfModel({ items: [] }, { maxFrontier: 40 })).toThrow(RangeError);
  });

  it('remembers syndromes in a bounded least-recently-used cache', () => {
    const dem = parseFlat('error(0.1) D0\nerror(0.2) D0 D1 L0\nerror(0.3) D1 D2\nerror(0.05) D2');
    const decoder = compile(dem, { cacheEntries: 2 });
    const fresh = compile(dem, { cacheEntries: 0 });
    const first = decoder.decode([0]);
    expect(decoder.decode([0, 1, 1])).toBe(first); // the same syndrome: D1 twice cancels
    decoder.decode([1]);
    decoder.decode([0]); // refreshes [0], so [1] is now the oldest
    decoder.decode([2]); // evicts [1]
    expect(decoder.cache.stats).toEqual({ hits: 2, misses: 3, size: 2 });
    decoder.decode([1]);
    expect(decoder.cache.stats).toMatchObject({ misses: 4, size: 2 });
    for (const events of [[0], [1], [2], [0, 2]]) expect(decoder.decode(events)).toEqual(fresh.decode(events));
    expect(fresh.cache.size).toBe(0);
  });

  it('names a detection event outside the DEM', () => {
    const decoder = compile(parseFlat('error(0.1) D0 D1'));
    expect(() => decoder.decode([2])).toThrow(/detection event 2 is not a detector of this DEM/);
    expect(() => decoder.decodeBits([1])).toThrow(/expected 2 syndrome bits, got 1/);
  });
});
