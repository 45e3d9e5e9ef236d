import { LEVEL_LIMITS } from '@verilab/qubit-medic';

/**
 * The largest custom Qubit-Medic level a server builds by default, in detectors: d = 15 with
 * r = 30 ((15² − 1)·30 = 6720). Measured on this repository's 2-core CI-class machine while
 * loaded five- to eleven-fold, as CPU seconds of the whole build (createLevelPhysics: circuit,
 * error analysis, DEM text and digest, flattening, matching decoder, sampler, the optimal
 * decoder's frontier check) on the built packages: 2.2–2.4 s of CPU with a peak RSS of 370–390
 * MB, keeping about 105–120 MB (heap and buffers) once built; a first sample and decode take
 * ~60 ms. The largest level LEVEL_LIMITS allows, d = 25 with r = 13 (8112 detectors), takes
 * 2.7–2.9 s of CPU and peaks at ~415 MB (d = 25, r = 25, past that limit: 4.6–5.3 s, ~740 MB).
 * About half is the error analysis (1.3 s at d = 25, r = 13, over a quarter of it garbage
 * collection of the hundreds of thousands of small symptom arrays it keeps), then flattening
 * (~0.25 s), the matching decoder's graph (~0.25 s), the DEM text (~0.2 s), its digest
 * (~0.15 s) and the sampler (~0.13 s); the optimal decoder's check is ~0.05 s since a lower
 * bound on the frontier refuses large levels. That is far from the second and 200 MB an
 * interactive build should cost, so the default stays here. Operators change it with
 * VERILAB_MAX_LEVEL_DETECTORS (up to LEVEL_LIMITS.maxDetectors); clients read it from
 * GET /healthz.
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
