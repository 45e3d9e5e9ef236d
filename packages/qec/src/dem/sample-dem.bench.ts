/**
 * `npm run bench`: DEM sampling (shots/s, single thread), as `verilab sample_dem` runs it, on the
 * fixture DEMs. Target (issue 2): >= 4M shots/s on si1000_d5_r5_p0.001's dem.dem.
 */
import { unwrap, Xoshiro128 } from '@verilab/core';
import { readFixture } from '../testing/stim-fixtures.ts';
import { flattenDem } from './flatten-dem.ts';
import { parseDem } from './parse-dem.ts';
import { compileDemSampler, DEM_SAMPLE_BLOCK_SHOTS } from './sample-dem.ts';

const SHOTS = 4 * DEM_SAMPLE_BLOCK_SHOTS;

function sampleCase(fixture: string, errors: boolean) {
  const parsed = unwrap(parseDem(readFixture(fixture, 'dem.dem')));
  const sampler = compileDemSampler(flattenDem(parsed));
  const rng = Xoshiro128.fromSeed(1);
  return {
    name: `sample_dem ${fixture}${errors ? ' --err_out' : ''}`,
    unit: 'shots',
    run: () => sampler.sample(SHOTS, rng, { errors }).shots,
  };
}

export const benchmarks = [
  sampleCase('si1000_d5_r5_p0.001', false),
  sampleCase('si1000_d3_r3_p0.001', false),
  sampleCase('uniform_d5_r5_p0.001', false),
  sampleCase('si1000_d5_r5_p0.001', true),
];
