import { LEVEL_LIMITS } from '@verilab/qubit-medic';

/**
 * The largest custom Qubit-Medic level a server builds by default, in detectors: d = 15 with
 * r = 30 ((15² − 1)·30 = 6720). Measured as CPU seconds of the whole build (createLevelPhysics:
 * circuit, layout, sampler, error analysis, DEM text and digest, matching decoder, the optimal
 * decoder's refusal) and the process's peak RSS, on the built packages, one level per process,
 * on this repository's 2-core machine with nothing else running (load ~1, at commit 3920417):
 * 0.98–1.12 s with a peak of 153–157 MB. The largest level LEVEL_LIMITS allows, d = 25 with
 * r = 13 (8112 detectors), takes 1.26–1.41 s and peaks at 153–179 MB (five runs; 1.49–1.54 s
 * and 206 MB at cb9da16 on the same quiet machine). Half of it is the error analysis (~0.6 s:
 * the backward walk's 65k channel applications and their half a million faults into the class
 * table, whose lookups are mostly cache misses, then the model's typed arrays in Stim's
 * order), then the sampler (~0.15 s), the matching graph and decoder (~0.13–0.2 s, read from
 * the analysis's arrays), the DEM text and its digest (~0.12 + 0.08 s), the circuit and its
 * text (~0.04 s), the layout and the optimal decoder's refusal (~0.03 s each). That is still
 * over the second an interactive build should cost, so the default stays here. Operators
 * change it with VERILAB_MAX_LEVEL_DETECTORS (up to LEVEL_LIMITS.maxDetectors); clients read
 * it from GET /healthz.
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
