import { LEVEL_LIMITS } from '@verilab/qubit-medic';

/**
 * The largest custom Qubit-Medic level a server builds by default, in detectors: every level
 * @verilab/qubit-medic supports (LEVEL_LIMITS.maxDetectors, 8192), whose largest is d = 25 with
 * r = 13 ((25² − 1)·13 = 8112). Its build as the server does it (buildServerLevelPhysics:
 * circuit, layout, sampler, error analysis, DEM text and its native digest, matching decoder,
 * the optimal decoder's refusal), on the built packages, one level per process, on this
 * repository's 2-core machine with nothing else running (at the commit that set this):
 * 0.61–0.87 s wall in process and 0.72–0.92 s from the request to a ready level through the
 * server's worker thread, at a peak of 153–175 MB for the whole process. The CPU of all threads
 * is 0.93–1.28 s: V8 compiles and collects garbage on the second core meanwhile. d = 15 with
 * r = 30 (6720 detectors) takes 0.53 s wall. Operators lower it with VERILAB_MAX_LEVEL_DETECTORS;
 * clients read it from GET /healthz.
 */
export const DEFAULT_MAX_LEVEL_DETECTORS = LEVEL_LIMITS.maxDetectors;

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
