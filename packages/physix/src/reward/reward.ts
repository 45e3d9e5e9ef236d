import {
  ANTI_HACK_WEIGHTS,
  CORRECTNESS_THRESHOLD,
  MATCH_GATE,
  NOISE_BAND,
  SIMPLICITY_OPERATORS_PER_EQUATION,
  V1_WEIGHTS,
} from '../constants.ts';
import { clip01, type MatchScores } from '../metrics/r-squared.ts';

/**
 * The two reward profiles (packages/physix/README.md states their properties):
 * - `anti-hack` (default): the truth is the argmax. r_match is a noise-scaled score: the worst
 *   error, in σ², over the state variables of the shown data and of held-out experiments the
 *   agent never sees; 1 inside the noise band, falling as 1/(1 + excess) outside it. Simplicity
 *   counts the system's canonical operators and is paid only inside the band.
 * - `v1`: the original README's weighted sum 0.5·match + 0.2·progress + 0.2·simplicity +
 *   0.1·format, with r_match the original's mean clipped R² on the shown data and simplicity
 *   per equation written — for comparing with published PhysiX-Live numbers. It lets simpler
 *   wrong laws, rewritten forms and wrong constants score at or above the truth.
 * Both profiles' totals lie in [0, 1]; every component is computed for both so logs can watch
 * for hacking (simplicity rising while match falls).
 */
export type RewardProfile = 'v1' | 'anti-hack';
export const REWARD_PROFILES: readonly RewardProfile[] = ['v1', 'anti-hack'];
export const DEFAULT_REWARD_PROFILE: RewardProfile = 'anti-hack';

export interface RewardBreakdown {
  readonly profile: RewardProfile;
  /** r_match of this profile; 0 if parsing or simulation failed. */
  readonly match: number;
  /** max(0, match − previous turn's match). */
  readonly progress: number;
  readonly simplicity: number;
  readonly format: number;
  /** sqrt(match): a gradient where match is near 0. */
  readonly match_dense: number;
  /** 1 once match ≥ CORRECTNESS_THRESHOLD. */
  readonly correctness: number;
  readonly total: number;
}

/** How a simulated hypothesis compares with the truth; null if parsing or simulation failed. */
export interface RewardEvidence {
  /** R² on the shown data (the `v1` match). */
  readonly scores: MatchScores;
  /**
   * The worst noise-scaled error in σ² (see `noiseScaledScore`); Infinity if a held-out
   * experiment could not be simulated.
   */
  readonly noiseError: number;
  /**
   * The same error of a law with no physics in it (reward/content-free.ts): the default
   * profile's format credit is the share of it a law removes. Absent: format is paid in full
   * for any law that simulates.
   */
  readonly contentFreeError?: number | undefined;
}

export interface RewardInput {
  readonly evidence: RewardEvidence | null;
  /** Operators as written, and the equations written (`v1`). */
  readonly operatorCount: number;
  readonly equationCount: number;
  /** Operators of the canonical first-order system and the system's budget (default). */
  readonly complexity: number;
  readonly complexityBudget: number;
  readonly previousMatch: number;
}

/**
 * The default r_match of a worst-case error e (σ²): 1 inside the noise band, 1/(1 + e − band)
 * outside. Strictly decreasing outside the band, so a law that is visibly further from the
 * data and the held-out truth always scores lower; heavy-tailed, so a far-off law still feels
 * its improvements.
 */
export function noiseScaledScore(error: number): number {
  return 1 / (1 + Math.max(0, error - NOISE_BAND));
}

/**
 * The default profile's format credit outside the noise band: the share of a content-free
 * law's error (`contentFree`, σ²) that a law with error e removes, 1 − e/contentFree, in
 * [0, 1]. A well-formed law that explains nothing (`d2y/dt2 = 0`, or one barely different)
 * earns about 0; one that explains part of the data earns that part, a learning signal that
 * grows as the law improves. Inside the band format is 1 (the truth's credit never depends on
 * how bad the content-free law happens to be), and as e only falls across the band's edge the
 * credit never rises with the error.
 */
export function contentCredit(error: number, contentFree: number): number {
  return contentFree === Infinity ? 1 : clip01(1 - error / contentFree);
}

export function computeReward(profile: RewardProfile, input: RewardInput): RewardBreakdown {
  const { evidence } = input;
  let format = evidence === null ? 0 : 1;
  let match = 0;
  let simplicity = 0;
  if (evidence !== null && profile === 'v1') {
    match = evidence.scores.mean;
    const budget = SIMPLICITY_OPERATORS_PER_EQUATION * Math.max(1, input.equationCount);
    if (match >= MATCH_GATE) simplicity = clip01(1 - input.operatorCount / budget);
  } else if (evidence !== null) {
    match = noiseScaledScore(evidence.noiseError);
    if (evidence.noiseError <= NOISE_BAND)
      simplicity = clip01(1 - input.complexity / input.complexityBudget);
    else format = contentCredit(evidence.noiseError, evidence.contentFreeError ?? Infinity);
  }
  // One literal with every field (total filled in last), not a spread of the components: this
  // runs twice per verification.
  const breakdown = {
    profile,
    match,
    progress: Math.max(0, match - input.previousMatch),
    simplicity,
    format,
    match_dense: Math.sqrt(match),
    correctness: match >= CORRECTNESS_THRESHOLD ? 1 : 0,
    total: 0,
  };
  let total = 0;
  for (const [key, weight] of WEIGHTS[profile]) total += weight * breakdown[key];
  breakdown.total = total;
  return breakdown;
}

type Components = Omit<RewardBreakdown, 'profile' | 'total'>;

/** Each profile's weights in their written order (the order of the sum), listed once. */
const WEIGHTS: Readonly<Record<RewardProfile, readonly (readonly [keyof Components, number])[]>> = {
  v1: Object.entries(V1_WEIGHTS) as [keyof Components, number][],
  'anti-hack': Object.entries(ANTI_HACK_WEIGHTS) as [keyof Components, number][],
};
