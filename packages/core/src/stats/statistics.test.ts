import { describe, expect, it } from 'vitest';
import {
  histogram,
  meanOf,
  newcombePaired,
  pairedMeanDifference,
  pairedRateDifference,
  quantile,
  rateOf,
  spreadOf,
  wilsonInterval,
} from './statistics.ts';

describe('wilsonInterval', () => {
  it('matches published values', () => {
    // Newcombe 1998 (Stat. Med. 17:857), Table II: 81/263 → 0.2553 to 0.3662.
    const [lo, hi] = wilsonInterval(81, 263);
    expect(lo).toBeCloseTo(0.2553, 4);
    expect(hi).toBeCloseTo(0.3662, 4);
    // 0/10 → 0 to 0.2775 (the Wald interval would be the single point 0).
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(0, 10)[1]).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10)).toEqual([expect.closeTo(0.7225, 4), 1]);
    const [l5, h5] = wilsonInterval(5, 10);
    expect(l5).toBeCloseTo(0.2366, 4);
    expect(h5).toBeCloseTo(0.7634, 4);
  });

  it('is uninformative without trials and rejects impossible counts', () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });

  it('covers the true rate about 95 % of the time', () => {
    // Deterministic check over the exact binomial distribution (n = 200, p = 0.03).
    const n = 200;
    const p = 0.03;
    let coverage = 0;
    let pmf = (1 - p) ** n;
    for (let k = 0; k <= n; k++) {
      const [lo, hi] = wilsonInterval(k, n);
      if (lo <= p && p <= hi) coverage += pmf;
      pmf *= ((n - k) / (k + 1)) * (p / (1 - p));
    }
    expect(coverage).toBeGreaterThan(0.93);
    expect(coverage).toBeLessThan(0.98);
  });
});

describe('rateOf and meanOf', () => {
  it('reports the share and mean with their intervals', () => {
    const rate = rateOf([true, false, true, true]);
    expect(rate.rate).toBe(0.75);
    expect(rate.ci95).toEqual(wilsonInterval(3, 4));
    expect(rateOf([])).toEqual({ rate: 0, ci95: [0, 1] });
    const mean = meanOf([1, 2, 3, 4]);
    expect(mean.mean).toBe(2.5);
    // sd = 1.2910, se = 0.6455, half-width 1.96 · se = 1.2652.
    expect(mean.ci95[0]).toBeCloseTo(2.5 - 1.2652, 3);
    expect(meanOf([7])).toEqual({ mean: 7, ci95: [7, 7] });
  });
});

describe('paired differences', () => {
  it('matches Newcombe\'s square-and-add interval on a published table', () => {
    // Cavo et al. 2012 in Fagerland, Lydersen & Laake 2017 (§8): 59 / 6 / 16 / 80 gives
    // −0.0621 (95 % CI −0.1186 to −0.0046).
    const { difference, ci95 } = newcombePaired(59, 6, 16, 80);
    expect(difference).toBeCloseTo(-0.0621, 4);
    expect(ci95[0]).toBeCloseTo(-0.1186, 4);
    expect(ci95[1]).toBeCloseTo(-0.0046, 4);
  });

  it('builds the table from per-episode outcomes', () => {
    const a = [true, true, false, false, true];
    const b = [true, false, true, false, false];
    expect(pairedRateDifference(a, b)).toEqual(newcombePaired(1, 2, 1, 1));
    expect(pairedRateDifference([true, true], [true, true])).toEqual({
      difference: 0,
      ci95: [expect.any(Number), expect.any(Number)],
    });
    expect(() => pairedRateDifference([true], [])).toThrow(RangeError);
  });

  it('gives the mean of paired differences', () => {
    const d = pairedMeanDifference([1, 2, 3], [0, 0, 1]);
    expect(d.difference).toBeCloseTo(5 / 3, 12);
    expect(d.ci95[0]).toBeLessThan(d.difference);
  });
});

describe('quantiles and histograms', () => {
  it('interpolates like numpy.percentile', () => {
    // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) == [1.75, 2.5, 3.25]
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(spreadOf([4, 1, 3, 2])).toEqual({ min: 1, p25: 1.75, median: 2.5, p75: 3.25, max: 4 });
    expect(spreadOf([])).toEqual({ min: 0, p25: 0, median: 0, p75: 0, max: 0 });
  });

  it('counts values in ascending order', () => {
    expect(Object.entries(histogram([2, 0, 2, 10]))).toEqual([
      ['0', 1],
      ['2', 2],
      ['10', 1],
    ]);
  });
});
