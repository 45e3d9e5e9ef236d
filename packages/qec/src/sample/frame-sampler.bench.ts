/**
 * `npm run bench`: detection-event sampling throughput (shots/s, single thread) of the frame
 * sampler, serialised to b8 as `verilab detect` does, on each reference fixture circuit — the target is ≥ 1M shots/s on
 * si1000_d5_r5_p0.001 (Stim's `detect` does about 4M there). Final frames are benchmarked too,
 * as the environment asks for them.
 */
import { parseCircuit } from '../circuit/parse-circuit.ts';
import { Xoshiro128 } from '@verilab/core';
import { encodeShots } from '../shots/shot-encoder.ts';
import { readFixture, STIM_FIXTURES } from '../testing/stim-fixtures.ts';
import { compileFrameSampler } from './frame-sampler.ts';

const SHOTS_PER_RUN = 65_536;

function samplerFor(name: string) {
  const parsed = parseCircuit(readFixture(name, 'circuit.stim'));
  if (!parsed.ok) throw new Error(`fixture ${name} does not parse`);
  return compileFrameSampler(parsed.value);
}

export const benchmarks = [
  ...STIM_FIXTURES.map((fixture) => {
    const sampler = samplerFor(fixture.name);
    const rng = Xoshiro128.fromSeed(1);
    return {
      name: `detect ${fixture.name}`,
      unit: 'shots',
      // As `verilab detect --out_format b8` does: sample, then serialise the rows.
      run: () => encodeShots('b8', sampler.sample(SHOTS_PER_RUN, rng).detectors, sampler.numDetectors, SHOTS_PER_RUN).length && SHOTS_PER_RUN,
    };
  }),
  (() => {
    const sampler = samplerFor('si1000_d5_r5_p0.001');
    const rng = Xoshiro128.fromSeed(2);
    return {
      name: 'detect+final frames si1000_d5_r5_p0.001',
      unit: 'shots',
      run: () => sampler.sample(SHOTS_PER_RUN, rng, { finalFrames: true }).shots,
    };
  })(),
];
