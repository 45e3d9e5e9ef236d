import { LEVEL_LIMITS } from '@verilab/qubit-medic';

/**
 * The largest custom Qubit-Medic level a server builds by default, in detectors: d = 15 with
 * r = 30 ((15² − 1)·30 = 6720). Measured on this repository's 2-core CI-class machine while
 * loaded about five-fold, as CPU seconds of the whole build (circuit, error analysis, DEM text
 * and digest, flattening, decoder, sampler, optimal-decoder check): it takes 2.7 s of CPU (5–9 s
 * of wall time there) with a peak RSS of 370 MB, and keeps about 110 MB (heap and buffers) once
 * built; a sample takes ~20 ms and a decode under 100 ms. d = 25 levels fit up to r = 10. The
 * largest level LEVEL_LIMITS allows, d = 25 with r = 13 (8112 detectors), takes 3.3 s of CPU
 * and peaks at 470 MB — far from the second and 200 MB an interactive build should cost (at
 * d = 25 only r ≤ 2 builds within them) — so the default stays here. Operators change it with
 * VERILAB_MAX_LEVEL_DETECTORS (up to LEVEL_LIMITS.maxDetectors); clients read it from GET /healthz.
 */
export const DEFAULT_MAX_LEVEL_DETECTORS = 6720;

/**
 * The custom levels a server serves, as GET /healthz states them for clients that check a
 * level before asking (the web UI): each bound as JSON Schema's minimum/maximum.
 */
export function levelLimitsReply(maxDetectors: number) {
  return {
    distance: { minimum: LEVEL_LIMITS.minDistance, maximum: LEVEL_LIMITS.maxDistance },
    rounds: { minimum: LEVEL_LIMITS.minRounds, maximum: LEVEL_LIMITS.maxRounds },
    p: { minimum: LEVEL_LIMITS.minP, maximum: LEVEL_LIMITS.maxP },
    detectors: { maximum: maxDetectors },
  };
}
