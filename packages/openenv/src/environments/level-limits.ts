import { LEVEL_LIMITS } from '@verilab/qubit-medic';

/**
 * The largest custom Qubit-Medic level a server builds by default, in detectors: d = 15 with
 * r = 30 ((15² − 1)·30 = 6720). Measured on this repository's 2-core CI-class machine while
 * loaded: building it takes 9–13 s in its worker thread (under the build timeout and the
 * worker's 1 GiB heap limit, peaking near 1 GiB) and keeps about 450 MB once built (the
 * level cache's budget, VERILAB_LEVEL_CACHE_BYTES, holds one); a sample takes ~20 ms and a
 * decode under 100 ms. d = 25 levels fit up to r = 10; larger ones wait for a decoder that is
 * cheaper to build. Operators change it with VERILAB_MAX_LEVEL_DETECTORS (up to
 * LEVEL_LIMITS.maxDetectors); clients read it from GET /healthz.
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
