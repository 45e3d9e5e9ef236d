import {
  ANTI_HACK_WEIGHTS,
  CORRECTNESS_THRESHOLD,
  MATCH_GATE,
  SIMPLICITY_OPERATORS_PER_EQUATION,
  V1_WEIGHTS,
} from '../constants.ts';
import { clip01, type MatchScores } from '../metrics/r-squared.ts';

/**
 * The two reward profiles (spec §6):
 * - `v1`: the original README's weighted sum 0.5·match + 0.2·progress + 0.2·simplicity +
 *   0.1·format, with r_match the original's mean clipped R² — for comparing with published
 *   PhysiX-Live numbers. Its components use the original's final definitions (simplicity gated
 *   at MATCH_GATE, format only for a completed simulation), which is what the original
 *   environment reported as `obs.reward`.
 * - `anti-hack`: the original's later five TRL terms (match, match_dense, correctness,
 *   simplicity, format), equally weighted, with r_match the *minimum* clipped R² over the state
 *   variables, so one badly wrong variable cannot hide behind the others (spec §12.3).
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
  /** sqrt(match): a gradient where R² is near 0. */
  readonly match_dense: number;
  /** 1 once match ≥ CORRECTNESS_THRESHOLD. */
  readonly correctness: number;
  readonly total: number;
}

export interface RewardInput {
  /** Match scores of a completed simulation, or null if parsing or simulation failed. */
  readonly match: MatchScores | null;
  readonly operatorCount: number;
  readonly equationCount: number;
  readonly previousMatch: number;
}

/** The profile's r_match: mean (v1, the original) or minimum (anti-hack) of clipped R². */
export function rMatch(profile: RewardProfile, scores: MatchScores): number {
  return profile === 'v1' ? scores.mean : scores.min;
}

export function computeReward(profile: RewardProfile, input: RewardInput): RewardBreakdown {
  const match = input.match === null ? 0 : rMatch(profile, input.match);
  const format = input.match === null ? 0 : 1;
  const budget = SIMPLICITY_OPERATORS_PER_EQUATION * Math.max(1, input.equationCount);
  const simplicity =
    format === 1 && match >= MATCH_GATE ? clip01(1 - input.operatorCount / budget) : 0;
  const components = {
    match,
    progress: Math.max(0, match - input.previousMatch),
    simplicity,
    format,
    match_dense: Math.sqrt(match),
    correctness: match >= CORRECTNESS_THRESHOLD ? 1 : 0,
  };
  const weights: Readonly<Partial<Record<keyof typeof components, number>>> =
    profile === 'v1' ? V1_WEIGHTS : ANTI_HACK_WEIGHTS;
  let total = 0;
  for (const [key, weight] of Object.entries(weights))
    total += weight * components[key as keyof typeof components];
  return { profile, ...components, total };
}
