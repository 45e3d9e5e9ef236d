/**
 * `npm run bench`: detector-error-model extraction (circuits/s, single thread) with provenance,
 * as `verilab analyze_errors --decompose_errors` runs it, on the d=5 fixture and on the largest
 * configuration we are judged on (d=9, 10 rounds, SI1000-like p=0.001), memory Z and memory X;
 * and the two DEM stages of building the largest Qubit-Medic level a server may allow (d=25,
 * 13 rounds, 8112 detectors): the analysis and flattenDem of its model.
 */
import { unwrap } from '@verilab/core';
import { parseCircuit } from '../circuit/parse-circuit.ts';
import { noiseProfile } from '../generate/noise-profiles.ts';
import { generateRotatedSurfaceCode } from '../generate/rotated-surface-code.ts';
import { readFixture } from '../testing/stim-fixtures.ts';
import { analyzeErrors } from './analyze-errors.ts';
import type { DetectorErrorModel } from './dem.ts';
import { flattenDem } from './flatten-dem.ts';

const fixture = unwrap(parseCircuit(readFixture('si1000_d5_r5_p0.001', 'circuit.stim')), 'fixture si1000_d5_r5_p0.001');
const d9Circuit = (basis: 'Z' | 'X') => generateRotatedSurfaceCode({ basis, distance: 9, rounds: 10, noise: noiseProfile('si1000-like', 0.001) });
const d9z = d9Circuit('Z');
const d9x = d9Circuit('X');
const d25Circuit = generateRotatedSurfaceCode({ basis: 'Z', distance: 25, rounds: 13, noise: noiseProfile('si1000-like', 0.001) });
let d25Dem: DetectorErrorModel | undefined;

export const benchmarks = [
  { name: 'analyze_errors --decompose_errors si1000_d5_r5_p0.001', unit: 'circuits', run: () => (analyzeErrors(fixture, { decomposeErrors: true }), 1) },
  { name: 'analyze_errors si1000_d5_r5_p0.001', unit: 'circuits', run: () => (analyzeErrors(fixture), 1) },
  { name: 'analyze_errors --decompose_errors d9 r10 si1000-like p=0.001', unit: 'circuits', run: () => (analyzeErrors(d9z, { decomposeErrors: true }), 1) },
  { name: 'analyze_errors --decompose_errors d9 r10 si1000-like p=0.001 memory X', unit: 'circuits', run: () => (analyzeErrors(d9x, { decomposeErrors: true }), 1) },
  { name: 'analyze_errors --decompose_errors d25 r13 si1000-like p=0.001', unit: 'circuits', run: () => (analyzeErrors(d25Circuit, { decomposeErrors: true }), 1) },
  {
    name: 'flattenDem d25 r13 si1000-like p=0.001 (decomposed)',
    unit: 'models',
    run: () => (flattenDem((d25Dem ??= analyzeErrors(d25Circuit, { decomposeErrors: true }).dem)), 1),
  },
];
