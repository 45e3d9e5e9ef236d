import { Xoshiro128 } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { CurriculumScheduler, MIN_SAMPLES, WINDOW_SIZE } from './curriculum.ts';

const newScheduler = (seed = 42) => new CurriculumScheduler(Xoshiro128.fromSeed(seed));

/** Records `ones` successes then `zeros` failures at a level. */
function record(scheduler: CurriculumScheduler, level: string, ones: number, zeros = 0): void {
  for (let k = 0; k < ones; k++) scheduler.update(level, 1);
  for (let k = 0; k < zeros; k++) scheduler.update(level, 0);
}

/** Level counts over `n` draws. */
function mixOf(scheduler: CurriculumScheduler, n: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let k = 0; k < n; k++) {
    const name = scheduler.sample().name;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** Expects each level's share within 4.5 binomial standard deviations of its target. */
function expectShares(counts: Record<string, number>, shares: Record<string, number>, n: number): void {
  expect(Object.keys(counts).sort()).toEqual(Object.keys(shares).sort());
  for (const [level, share] of Object.entries(shares)) {
    const sigma = Math.sqrt((share * (1 - share)) / n);
    expect(Math.abs((counts[level] ?? 0) / n - share), level).toBeLessThan(4.5 * sigma);
  }
}

const N = 20_000;

describe('CurriculumScheduler', () => {
  it('trains on L1 only until L1 has 30 episodes with a moving mean of at least 0.80 (phase A)', () => {
    const scheduler = newScheduler();
    expect(mixOf(scheduler, 1000)).toEqual({ L1_warmup: 1000 });
    record(scheduler, 'L1_warmup', MIN_SAMPLES - 1);
    expect(mixOf(scheduler, 1000)).toEqual({ L1_warmup: 1000 }); // a perfect mean, too few samples
    record(scheduler, 'L1_warmup', 1);
    expect(mixOf(scheduler, 1000)['L2_target']).toBeGreaterThan(0);
  });

  it('promotes past L1 at a mean of exactly 0.80, not below', () => {
    const below = newScheduler();
    record(below, 'L1_warmup', 79, 21);
    expect(below.stats()['L1_warmup']).toEqual({ movingMean: 0.79, samples: 100 });
    expect(mixOf(below, 1000)).toEqual({ L1_warmup: 1000 });
    const at = newScheduler();
    record(at, 'L1_warmup', 80, 20);
    expect(mixOf(at, 1000)['L2_target']).toBeGreaterThan(0);
  });

  it('mixes 30 % L1 / 70 % L2 once L1 has passed (phase B)', () => {
    const scheduler = newScheduler();
    record(scheduler, 'L1_warmup', MIN_SAMPLES);
    expectShares(mixOf(scheduler, N), { L1_warmup: 0.3, L2_target: 0.7 }, N);
  });

  it('promotes past L2 at 30 episodes with a moving mean of at least 0.70', () => {
    const scheduler = newScheduler();
    record(scheduler, 'L1_warmup', MIN_SAMPLES);
    record(scheduler, 'L2_target', 20, 9); // 29 episodes
    expect(Object.keys(mixOf(scheduler, 2000)).sort()).toEqual(['L1_warmup', 'L2_target']);
    record(scheduler, 'L2_target', 1); // 30 episodes, mean 21 / 30 = 0.70
    expect(mixOf(scheduler, 2000)['L3_stretch']).toBeGreaterThan(0);
    const low = newScheduler();
    record(low, 'L1_warmup', MIN_SAMPLES);
    record(low, 'L2_target', 69, 31);
    expect(Object.keys(mixOf(low, 2000)).sort()).toEqual(['L1_warmup', 'L2_target']);
  });

  it('mixes 20 % L1 / 50 % L2 / 30 % L3 once L2 has passed, and never samples L4 (phase C)', () => {
    const scheduler = newScheduler();
    record(scheduler, 'L1_warmup', MIN_SAMPLES);
    record(scheduler, 'L2_target', MIN_SAMPLES);
    expectShares(mixOf(scheduler, N), { L1_warmup: 0.2, L2_target: 0.5, L3_stretch: 0.3 }, N);
    record(scheduler, 'L3_stretch', WINDOW_SIZE); // L3's threshold promotes to nothing further
    expectShares(mixOf(scheduler, N), { L1_warmup: 0.2, L2_target: 0.5, L3_stretch: 0.3 }, N);
  });

  it('reads the phase from the current 100-episode windows: a failing L1 goes back to phase A', () => {
    const scheduler = newScheduler();
    record(scheduler, 'L1_warmup', WINDOW_SIZE);
    record(scheduler, 'L2_target', WINDOW_SIZE);
    record(scheduler, 'L1_warmup', 0, 21); // 79 of the last 100
    expect(scheduler.stats()['L1_warmup']).toEqual({ movingMean: 0.79, samples: WINDOW_SIZE });
    expect(mixOf(scheduler, 1000)).toEqual({ L1_warmup: 1000 });
  });

  it('keeps a window for every level, L4 included, and ignores unknown names', () => {
    const scheduler = newScheduler();
    scheduler.update('L9_unknown', 1);
    scheduler.update('L4_stress', 1);
    expect(scheduler.stats()).toEqual({
      L1_warmup: { movingMean: 0, samples: 0 },
      L2_target: { movingMean: 0, samples: 0 },
      L3_stretch: { movingMean: 0, samples: 0 },
      L4_stress: { movingMean: 1, samples: 1 },
    });
  });

  it('draws the same levels from the same seed', () => {
    const run = (seed: number) => {
      const scheduler = newScheduler(seed);
      record(scheduler, 'L1_warmup', MIN_SAMPLES);
      record(scheduler, 'L2_target', MIN_SAMPLES);
      return Array.from({ length: 200 }, () => scheduler.sample().name);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('restores windows recorded elsewhere, keeping the newest WINDOW_SIZE of each', () => {
    const scheduler = newScheduler();
    record(scheduler, 'L2_target', 5);
    scheduler.restore({ L1_warmup: [...Array<number>(WINDOW_SIZE + 10).fill(0), ...Array<number>(MIN_SAMPLES).fill(1)] });
    expect(scheduler.stats()).toMatchObject({
      L1_warmup: { samples: WINDOW_SIZE, movingMean: MIN_SAMPLES / WINDOW_SIZE },
      L2_target: { samples: 0, movingMean: 0 },
    });
  });
});
