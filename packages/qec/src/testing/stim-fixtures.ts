/**
 * Test-only access to the reference fixtures made by the real Stim and PyMatching
 * (`packages/qec/fixtures/stim/`; its PROVENANCE.md says how each file was made). Other
 * packages' tests import it from `@verilab/qec/testing`; the main entry never exports it: the
 * pure core never reads files.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Folder holding one subfolder per fixture; `VERILAB_STIM_FIXTURES` overrides it. */
export const STIM_FIXTURES_DIR =
  process.env['VERILAB_STIM_FIXTURES'] ?? path.resolve(PACKAGE_ROOT, 'fixtures/stim');

export type FixtureTask = 'rotated_memory_z' | 'rotated_memory_x';

export interface StimFixture {
  readonly name: string;
  readonly task: FixtureTask;
  readonly distance: number;
  readonly rounds: number;
  /** Stim's four noise knobs as passed to `stim gen` (zero knobs were omitted there). */
  readonly noise: {
    readonly afterCliffordDepolarization: number;
    readonly beforeRoundDataDepolarization: number;
    readonly beforeMeasureFlipProbability: number;
    readonly afterResetFlipProbability: number;
  };
  /** PyMatching's high-statistics logical error rate from PROVENANCE.md. */
  readonly logicalErrors: { readonly mistakes: number; readonly shots: number };
}

const si1000Like = (p: number): StimFixture['noise'] => ({
  afterCliffordDepolarization: p,
  beforeRoundDataDepolarization: p / 10,
  beforeMeasureFlipProbability: 5 * p,
  afterResetFlipProbability: 2 * p,
});

const uniform = (p: number): StimFixture['noise'] => ({
  afterCliffordDepolarization: p,
  beforeRoundDataDepolarization: p,
  beforeMeasureFlipProbability: p,
  afterResetFlipProbability: p,
});

/** The table of PROVENANCE.md, as data. */
export const STIM_FIXTURES: readonly StimFixture[] = [
  {
    name: 'si1000_d3_r1_p0.0005',
    task: 'rotated_memory_z',
    distance: 3,
    rounds: 1,
    noise: si1000Like(0.0005),
    logicalErrors: { mistakes: 15740, shots: 50_000_000 },
  },
  {
    name: 'si1000_d3_r3_p0.001',
    task: 'rotated_memory_z',
    distance: 3,
    rounds: 3,
    noise: si1000Like(0.001),
    logicalErrors: { mistakes: 14415, shots: 10_000_000 },
  },
  {
    name: 'si1000_d5_r5_p0.001',
    task: 'rotated_memory_z',
    distance: 5,
    rounds: 5,
    noise: si1000Like(0.001),
    logicalErrors: { mistakes: 2258, shots: 10_000_000 },
  },
  {
    name: 'uniform_d5_r5_p0.001',
    task: 'rotated_memory_z',
    distance: 5,
    rounds: 5,
    noise: uniform(0.001),
    logicalErrors: { mistakes: 1306, shots: 10_000_000 },
  },
  {
    name: 'si1000x_d3_r3_p0.001',
    task: 'rotated_memory_x',
    distance: 3,
    rounds: 3,
    noise: si1000Like(0.001),
    logicalErrors: { mistakes: 2814, shots: 2_000_000 },
  },
];

export type FixtureFile =
  | 'circuit.stim'
  | 'dem.dem'
  | 'dem_nodecomp.dem'
  | 'dets.01'
  | 'obs.01'
  | 'predictions.01'
  | 'stats_1M.json';

export function fixturePath(fixture: StimFixture | string, file: FixtureFile): string {
  const name = typeof fixture === 'string' ? fixture : fixture.name;
  return path.join(STIM_FIXTURES_DIR, name, file);
}

export function readFixture(fixture: StimFixture | string, file: FixtureFile): string {
  return readFileSync(fixturePath(fixture, file), 'utf8');
}

export interface FixtureStats {
  readonly shots: number;
  readonly detector_rates: readonly number[];
  readonly observable_rates: readonly number[];
  readonly pair_rates: readonly (readonly [number, number, number])[];
  readonly mean_defects_per_shot: number;
}

export function readFixtureStats(fixture: StimFixture | string): FixtureStats {
  return JSON.parse(readFixture(fixture, 'stats_1M.json')) as FixtureStats;
}

/** The Stim-written shot files of every format (`formats/`; its README says how they were made). */
export const STIM_FORMAT_FIXTURES_DIR = path.join(STIM_FIXTURES_DIR, 'formats');

export function readFormatFixture(file: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(STIM_FORMAT_FIXTURES_DIR, file)));
}
