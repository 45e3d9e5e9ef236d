import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  analyzeErrors,
  compileFrameSampler,
  flattenDem,
  generateRotatedSurfaceCode,
  MatchingDecoder,
  noiseProfile,
} from '@verilab/qec';
import { Xoshiro128 } from '@verilab/core';
import { CURRICULUM, type Level } from '@verilab/qubit-medic';
import { readFixtureStats, STIM_FIXTURES } from '@verilab/qec/testing';
import { runInProcess } from '../testing/run-in-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'verilab-baselines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EPISODES = 2000;

/** A failure rate measured elsewhere, with the variance of that measurement. */
interface Reference {
  readonly rate: number;
  readonly variance: number;
  readonly source: string;
}

const binomial = (failures: number, trials: number, source: string): Reference => {
  const rate = failures / trials;
  return { rate, variance: (rate * (1 - rate)) / trials, source };
};

/**
 * The references each level's baselines must land on. L1–L3 are the fixture configurations:
 * the decoder's logical error rate is PyMatching's on 10M–50M shots and the raw observable flip
 * rate is Stim's on 1M shots, both independent of our sampler and seeds. L4 has no fixture, so
 * both rates are measured here on 100k shots of our frame sampler and decoder, with a seed
 * stream no episode uses.
 */
function references(level: Level): { decoder: Reference; flip: Reference } {
  const fixture = STIM_FIXTURES.find(
    (f) =>
      f.task === 'rotated_memory_z' &&
      f.distance === level.distance &&
      f.rounds === level.rounds &&
      f.noise.afterCliffordDepolarization === level.p &&
      f.noise.beforeMeasureFlipProbability === 5 * level.p,
  );
  if (fixture !== undefined) {
    const stats = readFixtureStats(fixture);
    const flips = Math.round((stats.observable_rates[0] ?? 0) * stats.shots);
    return {
      decoder: binomial(fixture.logicalErrors.mistakes, fixture.logicalErrors.shots, `PyMatching on ${fixture.name}`),
      flip: binomial(flips, stats.shots, `Stim on ${fixture.name}`),
    };
  }
  const circuit = generateRotatedSurfaceCode({ basis: level.basis, distance: level.distance, rounds: level.rounds, noise: noiseProfile(level.noise, level.p) });
  const decoder = MatchingDecoder.fromDem(flattenDem(analyzeErrors(circuit, { decomposeErrors: true }).dem));
  const shots = 100_000;
  const batch = compileFrameSampler(circuit).sample(shots, Xoshiro128.fromSeed(0x5eed_1234));
  const predictions = decoder.decodeBatch(batch.detectors, shots);
  let mistakes = 0;
  let flips = 0;
  for (let s = 0; s < shots; s++) {
    const flip = (batch.observables[s] ?? 0) & 1;
    flips += flip;
    if (((predictions[s] ?? 0) & 1) !== flip) mistakes++;
  }
  return { decoder: binomial(mistakes, shots, 'our decoder, 100k shots'), flip: binomial(flips, shots, 'our sampler, 100k shots') };
}

/** |measured − expected| in standard errors of the difference (the episodes' binomial error plus the reference's). */
function standardErrorsOff(measuredFailureRate: number, reference: Reference): number {
  const p = reference.rate;
  const se = Math.sqrt((p * (1 - p)) / EPISODES + reference.variance);
  return Math.abs(measuredFailureRate - p) / se;
}

describe('verilab baselines', () => {
  it(`lands where physics says over ${EPISODES} episodes on every curriculum level`, async () => {
    const out = path.join(dir, 'baselines.json');
    const levels = CURRICULUM.map((l) => l.name).join(',');
    const result = await runInProcess(['baselines', '--episodes', String(EPISODES), '--levels', levels, '--policies', 'zeros,matching', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Record<string, Record<string, { episodes: number; logical_correction_rate: number }>>;
    const rows = CURRICULUM.map((level) => {
      const refs = references(level);
      const cell = report[level.name] ?? {};
      return {
        level: level.name,
        matching: standardErrorsOff(1 - (cell['matching']?.logical_correction_rate ?? 0), refs.decoder),
        zeros: standardErrorsOff(1 - (cell['zeros']?.logical_correction_rate ?? 0), refs.flip),
        episodes: [cell['matching']?.episodes, cell['zeros']?.episodes],
      };
    });
    for (const row of rows) {
      expect(row.episodes, row.level).toEqual([EPISODES, EPISODES]);
      expect(row.matching, `${row.level} matching`).toBeLessThan(3);
      expect(row.zeros, `${row.level} zeros`).toBeLessThan(3);
    }
  });

  it('writes every policy\'s cell with Wilson intervals', async () => {
    const result = await runInProcess(['baselines', '--episodes', '200', '--levels', 'L2_target', '--seed-start', '500']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['L2_target']);
    expect(Object.keys(report.L2_target)).toEqual(['zeros', 'random', 'matching']);
    const random = report.L2_target.random;
    expect(random).toMatchObject({ episodes: 200, seed_start: 500 });
    const [lo, hi] = random.logical_correction_ci95;
    expect(lo).toBeLessThan(random.logical_correction_rate);
    expect(hi).toBeGreaterThan(random.logical_correction_rate);
    // An answer that ignores the syndrome flips the observable about half the time.
    expect(random.logical_correction_rate).toBeGreaterThan(0.4);
    expect(random.logical_correction_rate).toBeLessThan(0.75);
    // Hamming overlap is scored against the true frame: matching recovers it on most episodes, not all.
    expect(report.L2_target.matching.mean_hamming_overlap).toBeGreaterThan(0.9);
    expect(report.L2_target.matching.mean_hamming_overlap).toBeLessThan(1);
    expect(report.L2_target.matching.format_compliance_rate).toBe(1);
  });

  it('plays the optimal policy with its Wilson interval, and says why a level is too large for it', async () => {
    const result = await runInProcess(['baselines', '--episodes', '60', '--levels', 'L2_target,L3_stretch', '--policies', 'matching,optimal']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    const optimal = report.L2_target.optimal;
    expect(optimal).toMatchObject({ episodes: 60, seed_start: 0 });
    const [lo, hi] = optimal.logical_correction_ci95;
    expect(lo).toBeLessThanOrEqual(optimal.logical_correction_rate);
    expect(hi).toBeGreaterThanOrEqual(optimal.logical_correction_rate);
    expect(optimal.logical_correction_rate).toBeGreaterThan(0.95);
    expect(report.L3_stretch.matching.episodes).toBe(60);
    expect(report.L3_stretch.optimal).toEqual({ unavailable: expect.stringMatching(/too large/) });
  });

  it.each([
    [['--episodes', '10', '--levels', 'L9_nope'], /unknown level "L9_nope"/],
    [['--episodes', '10', '--levels', 'custom:d=3,r=0,p=0.001'], /r must be an integer/],
    [['--episodes', '0', '--levels', 'L1_warmup'], /positive integer/],
    [['--episodes', '10', '--levels', 'L1_warmup', '--policies', 'zeros,oracle'], /"oracle" is not one of/],
    [['--episodes', '10', '--levels', 'L1_warmup', '--seed-start', '-4'], /--seed-start/],
    [['--episodes', '10', '--levels', 'L1_warmup', '--seed-start', String(Number.MAX_SAFE_INTEGER - 3)], /runs past the largest seed/],
  ])('rejects bad input %j with exit 2 and no stack trace', async (args, message) => {
    const result = await runInProcess(['baselines', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
