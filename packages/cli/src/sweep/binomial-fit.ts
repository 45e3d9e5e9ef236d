/**
 * Error bars for logical error rates, as Sinter draws them (quantumlib/Stim
 * glue/sample/src/sinter/_probability_util.py): `fitBinomial` is `sinter.fit_binomial` — the
 * hypotheses p whose binomial likelihood of the observed hits is within a factor
 * `maxLikelihoodFactor` of the best one (a likelihood-ratio interval; Sinter's plots use 1000).
 * Sinter searches a grid of hits/100; we bisect in p to float precision, so our bounds are
 * Sinter's up to that grid. `shotErrorRateToPieceErrorRate` converts a per-shot rate into a
 * per-round one the way Sinter does.
 */
export interface BinomialFit {
  readonly low: number;
  readonly best: number;
  readonly high: number;
}

/** ln P(hits | n, p) up to the binomial coefficient (which cancels in likelihood ratios). */
function logLikelihood(p: number, shots: number, hits: number): number {
  const misses = shots - hits;
  if (p <= 0) return hits === 0 ? 0 : -Infinity;
  if (p >= 1) return misses === 0 ? 0 : -Infinity;
  return hits * Math.log(p) + misses * Math.log1p(-p);
}

/** Bisects a monotone predicate on [lo, hi] to the last float where `inside` holds. */
function bisect(inside: (p: number) => boolean, insideEnd: number, outsideEnd: number): number {
  let a = insideEnd;
  let b = outsideEnd;
  for (let i = 0; i < 200 && a !== b; i++) {
    const mid = (a + b) / 2;
    if (mid === a || mid === b) break;
    if (inside(mid)) a = mid;
    else b = mid;
  }
  return a;
}

export function fitBinomial(shots: number, hits: number, maxLikelihoodFactor = 1000): BinomialFit {
  if (!(maxLikelihoodFactor >= 1)) throw new RangeError(`maxLikelihoodFactor=${maxLikelihoodFactor} < 1`);
  if (!Number.isSafeInteger(shots) || !Number.isSafeInteger(hits) || hits < 0 || hits > shots) {
    throw new RangeError(`need 0 <= hits <= shots (integers), got hits=${hits}, shots=${shots}`);
  }
  if (shots === 0) return { low: 0, best: 0.5, high: 1 };
  const best = hits / shots;
  const target = logLikelihood(best, shots, hits) - Math.log(maxLikelihoodFactor);
  const inside = (p: number) => logLikelihood(p, shots, hits) >= target;
  const low = inside(0) ? 0 : bisect(inside, best, 0);
  const high = inside(1) ? 1 : bisect(inside, best, 1);
  return { low, best, high };
}

/**
 * Sinter's per-piece rate (`shot_error_rate_to_piece_error_rate` with values = 1): the rate X
 * per round such that the XOR of `pieces` independent Bernoulli(X) flips is 1 with the shot's
 * rate S, X = (1 − (1 − 2S)^(1/pieces)) / 2, mirrored above 1/2. Two logical flips cancel, which
 * the simpler 1 − (1 − S)^(1/r) ignores; the two agree to first order in S.
 */
export function shotErrorRateToPieceErrorRate(shotErrorRate: number, pieces: number): number {
  if (!(shotErrorRate >= 0 && shotErrorRate <= 1)) throw new RangeError(`need 0 <= shot error rate <= 1, got ${shotErrorRate}`);
  if (!(pieces > 0)) throw new RangeError(`need pieces > 0, got ${pieces}`);
  if (pieces === 1) return shotErrorRate;
  if (shotErrorRate > 0.5) return 1 - shotErrorRateToPieceErrorRate(1 - shotErrorRate, pieces);
  const perPiece = -Math.expm1(Math.log1p(-2 * shotErrorRate) / pieces) / 2;
  // Underflow guard, as Sinter falls back to division when the rate rounds to zero.
  return perPiece === 0 ? shotErrorRate / pieces : perPiece;
}

export function fitPerPiece(fit: BinomialFit, pieces: number): BinomialFit {
  return {
    low: shotErrorRateToPieceErrorRate(fit.low, pieces),
    best: shotErrorRateToPieceErrorRate(fit.best, pieces),
    high: shotErrorRateToPieceErrorRate(fit.high, pieces),
  };
}
