import { describe, expect, it } from 'vitest';
import { measureDecoderHeadroom } from './decoder-headroom.ts';
import { customLevelName, levelNamed } from './levels.ts';

const levelOf = (name: string) => {
  const resolved = levelNamed(name);
  return resolved;
};

describe('measureDecoderHeadroom', () => {
  // Noisy enough that the decoders disagree on a few percent of 4,000 shots.
  const noisy = levelOf(customLevelName({ distance: 3, rounds: 3, p: 0.006 }));

  it('pairs the two decoders on the same shots, and the optimal one makes fewer errors', () => {
    const progress: number[] = [];
    const report = measureDecoderHeadroom(noisy, 4000, 7, { onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([1024, 2048, 3072, 4000]);
    const { matching, optimal, onlyMatchingWrong: onlyMatching, onlyOptimalWrong: onlyOptimal } = report;
    expect(optimal.errors - matching.errors).toBe(onlyOptimal - onlyMatching);
    expect(report.optimalMinusMatching.difference).toBeCloseTo((onlyOptimal - onlyMatching) / 4000, 15);
    expect(report.disagreementFraction).toBe((onlyMatching + onlyOptimal) / 4000);
    expect(report.matchingWrongFraction).toBe(matching.errors / 4000);
    expect(onlyMatching).toBeGreaterThan(onlyOptimal);
    const { difference, sigma, ci95 } = report.optimalMinusMatching;
    expect(sigma).toBeGreaterThan(0);
    expect(ci95[0]).toBeLessThan(difference);
    expect(ci95[1]).toBeGreaterThan(difference);
    expect(report.optimalContractions).toBeLessThanOrEqual(4000);
    // Same seed, same shots.
    expect(measureDecoderHeadroom(noisy, 1000, 7).matching).toEqual(measureDecoderHeadroom(noisy, 1000, 7).matching);
  });

  it('refuses a level too large for exact decoding', () => {
    expect(() => measureDecoderHeadroom(levelOf('L3_stretch'), 10, 0)).toThrow(/level L3_stretch: .*too large/);
  });
});
