import { LEVEL_LIMITS } from '@verilab/qubit-medic';

/**
 * The largest custom Qubit-Medic level a server builds by default, in detectors: d = 15 with
 * r = 30 ((15² − 1)·30 = 6720). Measured on this repository's 2-core CI-class machine with
 * little else running (load ~2), as CPU seconds of the whole build (createLevelPhysics: circuit,
 * error analysis, DEM text and digest, flattening, matching decoder, sampler, the optimal
 * decoder's frontier check) on the built packages, one level per process: 1.7 s of CPU with a
 * peak RSS of 285–290 MB, keeping ~75 MiB once built (worker-physics.ts); a first sample and
 * decode take ~60 ms. The largest level LEVEL_LIMITS allows, d = 25 with r = 13 (8112
 * detectors), takes 2.0–2.3 s of CPU and peaks at 305–335 MB. The error analysis is about a
 * third (0.6–0.85 s at d = 25, r = 13, typed-array error classes), then the DEM text and its
 * digest (~0.3 s), flattening (~0.2–0.25 s), the matching decoder's graph (~0.25 s) and the
 * sampler (~0.13 s); the optimal decoder's check is ~0.05 s since a lower bound on the
 * frontier refuses large levels. That is far from the second and 200 MB an
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
