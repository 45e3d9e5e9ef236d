import { LEVEL_LIMITS } from '@verilab/qubit-medic';

/**
 * The largest custom Qubit-Medic level a server builds by default, in detectors: d = 15 with
 * r = 30 ((15² − 1)·30 = 6720). Measured as CPU seconds of the whole build (createLevelPhysics:
 * circuit, layout, sampler, error analysis, DEM text and digest, matching decoder, the optimal
 * decoder's refusal) and the process's peak RSS, on the built packages, one level per process,
 * on this repository's 2-core machine while other work kept it at load ~8 (so the CPU figures
 * are high): 1.35–1.65 s with a peak of 160–176 MB, keeping ~42 MiB once built
 * (worker-physics.ts). The largest level LEVEL_LIMITS allows, d = 25 with r = 13 (8112
 * detectors), takes 1.65–2.1 s and peaks at 177–199 MB. Half of it is the error analysis
 * (~0.95 s at that load: the backward walk's error classes, then the model's items), then the
 * matching graph and decoder (~0.3 s), the DEM text and its digest (~0.2–0.3 s, printed in
 * chunks and hashed as bytes), the sampler (~0.18 s), the optimal decoder's refusal (~0.09 s,
 * from the model's items: no flattened model is built) and the layout (~0.07 s). That is still
 * well over the second an interactive build should cost, so the default stays here. Operators change it with
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
