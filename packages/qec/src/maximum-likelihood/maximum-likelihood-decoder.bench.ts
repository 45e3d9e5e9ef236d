/**
 * `npm run bench`: the exact maximum-likelihood decoder on L2_target's circuit (rotated memory
 * d3 r3, SI1000-like p = 0.001, frontier 11, 219 merged mechanisms):
 *
 * - contractions/s: distinct syndromes from 20,000 circuit shots, each decoded with the cache
 *   off — the cost of a syndrome never seen before;
 * - shots/s: the same shots with the cache on, as `verilab headroom` decodes them (at p = 0.001
 *   most shots repeat a syndrome seen before).
 */
import { analyzeErrors } from '../dem/analyze-errors.ts';
import { flattenDem } from '../dem/flatten-dem.ts';
import { noiseProfile } from '../generate/noise-profiles.ts';
import { generateRotatedSurfaceCode } from '../generate/rotated-surface-code.ts';
import { unwrap, Xoshiro128 } from '@verilab/core';
import { compileFrameSampler } from '../sample/frame-sampler.ts';
import { compileMaximumLikelihoodDecoder, type MaximumLikelihoodDecoder } from './maximum-likelihood-decoder.ts';

interface Workload {
  readonly shots: readonly (readonly number[])[];
  readonly distinct: readonly (readonly number[])[];
  readonly uncached: MaximumLikelihoodDecoder;
  readonly cached: MaximumLikelihoodDecoder;
}

function l2Workload(): Workload {
  const circuit = generateRotatedSurfaceCode({ basis: 'Z', distance: 3, rounds: 3, noise: noiseProfile('si1000-like', 0.001) });
  const dem = flattenDem(analyzeErrors(circuit, { decomposeErrors: true }).dem);
  const compile = (cacheEntries: number) => unwrap(compileMaximumLikelihoodDecoder(dem, { cacheEntries }));
  const count = 20_000;
  const batch = compileFrameSampler(circuit).sample(count, Xoshiro128.fromSeed(2026));
  const rowBytes = Math.ceil(dem.numDetectors / 8);
  const shots = Array.from({ length: count }, (_, shot) => {
    const events: number[] = [];
    for (let d = 0; d < dem.numDetectors; d++) if ((batch.detectors[shot * rowBytes + (d >>> 3)]! >>> (d & 7)) & 1) events.push(d);
    return events;
  });
  const distinct = [...new Map(shots.map((events) => [events.join(','), events])).values()];
  return { shots, distinct, uncached: compile(0), cached: compile(1 << 16) };
}

let work: Workload | undefined;
const workload = () => (work ??= l2Workload());

export const benchmarks = [
  {
    name: 'maximum-likelihood L2_target, distinct syndromes, no cache',
    unit: 'contractions',
    run: () => {
      const { distinct, uncached } = workload();
      for (const events of distinct) uncached.decode(events);
      return distinct.length;
    },
  },
  {
    name: 'maximum-likelihood L2_target, circuit shots, cached',
    unit: 'shots',
    run: () => {
      const { shots, cached } = workload();
      for (const events of shots) cached.decode(events);
      return shots.length;
    },
  },
];
