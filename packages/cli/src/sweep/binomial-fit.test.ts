import { describe, expect, it } from 'vitest';
import { fitBinomial, fitPerPiece, shotErrorRateToPieceErrorRate } from './binomial-fit.ts';

describe('fitBinomial', () => {
  it("matches sinter.fit_binomial's documented examples (to Sinter's hits/100 grid)", () => {
    // sinter.fit_binomial(num_shots=10, num_hits=5, max_likelihood_factor=9) → low=0.202, best=0.5, high=0.798
    const a = fitBinomial(10, 5, 9);
    expect(a.best).toBe(0.5);
    expect(Math.abs(a.low - 0.202)).toBeLessThan(1e-3);
    expect(Math.abs(a.high - 0.798)).toBeLessThan(1e-3);
    expect(a.low + a.high).toBeCloseTo(1, 12);
    // sinter.fit_binomial(num_shots=100_000_000, num_hits=2, max_likelihood_factor=1000) → 2e-10, 2e-08, 1.259e-07
    const b = fitBinomial(100_000_000, 2, 1000);
    expect(b.best).toBe(2e-8);
    expect(Math.abs(b.low - 2e-10)).toBeLessThan(1e-10);
    expect(Math.abs(b.high - 1.259e-7)).toBeLessThan(1e-10);
  });

  it('puts the likelihood ratio at the bounds at exactly the factor', () => {
    const logL = (p: number, n: number, k: number) => k * Math.log(p) + (n - k) * Math.log1p(-p);
    for (const [n, k] of [[1000, 37], [50_000, 3], [200, 199]] as const) {
      const fit = fitBinomial(n, k, 1000);
      for (const bound of [fit.low, fit.high]) expect(logL(fit.best, n, k) - logL(bound, n, k)).toBeCloseTo(Math.log(1000), 6);
    }
  });

  it('handles zero hits, all hits and no shots', () => {
    const zero = fitBinomial(1000, 0, 1000);
    expect([zero.low, zero.best]).toEqual([0, 0]);
    expect(zero.high).toBeCloseTo(1 - 1000 ** (-1 / 1000), 12);
    expect(fitBinomial(10, 10, 1000).high).toBe(1);
    expect(fitBinomial(0, 0)).toEqual({ low: 0, best: 0.5, high: 1 });
    expect(() => fitBinomial(5, 6)).toThrow(RangeError);
  });
});

describe('shotErrorRateToPieceErrorRate', () => {
  it("matches sinter.shot_error_rate_to_piece_error_rate's documented examples", () => {
    expect(shotErrorRateToPieceErrorRate(0.1, 2)).toBeCloseTo(0.05278640450004207, 15);
    expect(shotErrorRateToPieceErrorRate(0.05278640450004207, 0.5)).toBeCloseTo(0.1, 15);
    // Sinter prints 1.000000082740371e-11 here: 1 - (1 - 2e-9) ** 0.01 loses digits to
    // cancellation. expm1/log1p keep them: the series S/r + S²(r − 1)/r² gives 1.00000000099e-11.
    expect(shotErrorRateToPieceErrorRate(1e-9, 100) / 1.000000082740371e-11).toBeCloseTo(1, 6);
    expect(shotErrorRateToPieceErrorRate(1e-9, 100) / 1.00000000099e-11).toBeCloseTo(1, 12);
    expect(shotErrorRateToPieceErrorRate(0.3, 1)).toBe(0.3);
  });

  it('inverts: r independent rounds of the per-round rate XOR to the shot rate', () => {
    for (const [shot, r] of [[0.2, 5], [0.7, 3], [0.5, 7]] as const) {
      const x = shotErrorRateToPieceErrorRate(shot, r);
      expect((1 - (1 - 2 * x) ** r) / 2).toBeCloseTo(shot, 12);
    }
    const fit = fitPerPiece({ low: 0.01, best: 0.02, high: 0.04 }, 3);
    expect(fit.low).toBeLessThan(fit.best);
    expect(fit.best).toBeLessThan(fit.high);
  });
});
