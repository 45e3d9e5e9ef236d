/**
 * `npm run bench`: decoding throughput (shots/s, single thread) of the exact MWPM decoder on
 * pre-sampled shots, as `pymatching predict` would decode them.
 *
 * - On each reference fixture: its `dem.dem` and its `dets.01` (10,000 shots by Stim, tiled).
 *   Targets: ≥ 4M shots/s on si1000_d3_r3_p0.001, ≥ 1M on si1000_d5_r5_p0.001 (PyMatching ~4M
 *   and ~0.9M on this machine kind, PROVENANCE.md).
 * - On generated configurations from d3 to d17 (our generator, error analysis and frame sampler,
 *   fixed seed, rounds = distance), built on first use, up to near-threshold noise (p = 0.005).
 *
 * `references` decodes the generated configurations with PyMatching in the same run
 * (scripts/pymatching_reference.py: Stim's circuit, DEM and shots for the same code and noise),
 * for the speed ratio per CPU-second.
 */
import type { BenchReference } from '../../../../scripts/bench.ts';
import { analyzeErrors } from '../dem/analyze-errors.ts';
import { flattenDem } from '../dem/flatten-dem.ts';
import { parseDem } from '../dem/parse-dem.ts';
import { noiseProfile } from '../generate/noise-profiles.ts';
import { generateRotatedSurfaceCode } from '../generate/rotated-surface-code.ts';
import { Xoshiro128 } from '@verilab/core';
import { compileFrameSampler } from '../sample/frame-sampler.ts';
import { bytesPerShot } from '../shots/row-bits.ts';
import { readFixture, STIM_FIXTURES } from '../testing/stim-fixtures.ts';
import { MatchingDecoder } from './decoder.ts';

/** Decoding work for one bench case: a decoder, packed detector rows, and an output buffer. */
interface Workload {
  readonly decoder: MatchingDecoder;
  readonly rows: Uint8Array;
  readonly shots: number;
  readonly out: Uint8Array;
}

function workload(decoder: MatchingDecoder, rows: Uint8Array, shots: number): Workload {
  return { decoder, rows, shots, out: new Uint8Array(shots * bytesPerShot(decoder.numObservables)) };
}

/** A fixture's DEM decoder and its dets.01 tiled `copies` times. */
function fixtureWorkload(name: string, copies: number): Workload {
  const dem = parseDem(readFixture(name, 'dem.dem'));
  if (!dem.ok) throw new Error(`fixture ${name}: DEM does not parse`);
  const decoder = MatchingDecoder.fromDem(flattenDem(dem.value));
  const lines = readFixture(name, 'dets.01').split('\n').filter((line) => line.length > 0);
  const rowBytes = bytesPerShot(decoder.numDetectors);
  const rows = new Uint8Array(lines.length * copies * rowBytes);
  lines.forEach((line, shot) => {
    for (let k = 0; k < line.length; k++) if (line[k] === '1') rows[shot * rowBytes + (k >> 3)]! |= 1 << (k & 7);
  });
  for (let c = 1; c < copies; c++) rows.copyWithin(c * lines.length * rowBytes, 0, lines.length * rowBytes);
  return workload(decoder, rows, lines.length * copies);
}

/** A generated memory-Z experiment: DEM from our error analysis, shots from our frame sampler. */
function generatedWorkload(distance: number, rounds: number, p: number, shots: number): Workload {
  const circuit = generateRotatedSurfaceCode({ basis: 'Z', distance, rounds, noise: noiseProfile('si1000-like', p) });
  const decoder = MatchingDecoder.fromDem(flattenDem(analyzeErrors(circuit, { decomposeErrors: true }).dem));
  const batch = compileFrameSampler(circuit).sample(shots, Xoshiro128.fromSeed(7));
  return workload(decoder, batch.detectors, shots);
}

/** A bench case whose workload is built on first use (the bench runner imports every file). */
function decodeCase(name: string, build: () => Workload) {
  let work: Workload | undefined;
  return {
    name,
    unit: 'shots',
    run: () => {
      work ??= build();
      work.decoder.decodeBatch(work.rows, work.shots, undefined, work.out);
      return work.shots;
    },
  };
}

/** Generated configurations: distance, noise strength, shots per batch (rounds = distance). */
const GENERATED = [
  { distance: 3, p: 0.001, shots: 100_000 },
  { distance: 3, p: 0.005, shots: 50_000 },
  { distance: 5, p: 0.001, shots: 50_000 },
  { distance: 5, p: 0.005, shots: 10_000 },
  { distance: 7, p: 0.001, shots: 20_000 },
  { distance: 7, p: 0.005, shots: 5_000 },
  { distance: 9, p: 0.003, shots: 2_000 },
  { distance: 11, p: 0.005, shots: 500 },
  { distance: 13, p: 0.005, shots: 300 },
  { distance: 17, p: 0.005, shots: 100 },
] as const;

const generatedName = ({ distance, p }: (typeof GENERATED)[number]) => `decode si1000-like d${distance} r${distance} p=${p}`;

export const benchmarks = [
  ...STIM_FIXTURES.map((fixture) =>
    decodeCase(`decode ${fixture.name} (dets.01)`, () => fixtureWorkload(fixture.name, fixture.distance <= 3 ? 20 : 5)),
  ),
  ...GENERATED.map((config) =>
    decodeCase(generatedName(config), () => generatedWorkload(config.distance, config.distance, config.p, config.shots)),
  ),
];

export const references: BenchReference[] = [
  {
    title: 'decoding: verilab vs PyMatching (scripts/pymatching_reference.py, Stim shots of the same code and noise)',
    unit: 'shots',
    script: 'scripts/pymatching_reference.py',
    modules: ['stim', 'pymatching'],
    input: {
      cases: Object.fromEntries(
        GENERATED.map((config) => [generatedName(config), { distance: config.distance, rounds: config.distance, p: config.p, shots: config.shots }]),
      ),
    },
    cases: Object.fromEntries(GENERATED.map((config) => [generatedName(config), generatedName(config)])),
  },
];