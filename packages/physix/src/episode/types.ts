import type { RewardBreakdown, RewardProfile } from '../reward/reward.ts';
import type { NoiseModel } from '../systems/instance.ts';
import type { SystemTier } from '../systems/system.ts';
import type { VerificationReport } from '../verify.ts';

/**
 * The episode's domain types: plain JSON (no classes, Maps or typed arrays), so a state can be
 * kept, replayed and sealed into a token. The original PhysiX-Live's snake_case field names
 * (docs/original-physix.md#models) are the wire's; `episode/wire.ts` maps between the two.
 */

/** What the agent sends. Untrusted: `params` is validated by the verifier. */
export interface PhysixAction {
  readonly equation: string;
  /** Name → number; anything else is rejected with a message naming the entry. */
  readonly params?: unknown;
  readonly rationale?: string;
}

/** One sample: `t` plus one key per state variable. */
export type TrajectorySample = Readonly<Record<string, number>>;

export interface HistoryEntry {
  /** 1-based: the first step is turn 1. */
  readonly turn: number;
  readonly equation: string;
  /** The numeric parameters sent (empty if they were invalid). */
  readonly params: Readonly<Record<string, number>>;
  /** Parameter values after fitting, when the episode fits. */
  readonly fittedParams: Readonly<Record<string, number>> | null;
  readonly rationale: string;
  readonly accepted: boolean;
  /** The turn's score under the episode's profile: its `match` is the turn's r_match, `total` the law's score. */
  readonly score: RewardBreakdown;
  /**
   * The reward paid for the turn (OpenEnv's `reward`): under `anti-hack` the improvement of its
   * score's total on the best of the earlier turns, so an episode's rewards sum to its best
   * score; under `v1` the total itself (reward/paid-reward.ts).
   */
  readonly paid: number;
  readonly mismatchSummary: string;
}

/** How to start an episode. */
export interface EpisodeOptions {
  /** Pins the system choice (if not given), parameters, initial conditions and noise. */
  readonly seed: number;
  readonly systemId?: string;
  /** Default DEFAULT_MAX_TURNS (8), at most MAX_TURNS_LIMIT. */
  readonly maxTurns?: number;
  /** Default `anti-hack`. */
  readonly rewardProfile?: RewardProfile;
  /** Fit declared parameters before scoring (default false, as the original). */
  readonly fit?: boolean;
  /** Tiers to draw a system from when `systemId` is absent (default tiers 1 and 2). */
  readonly tiers?: readonly SystemTier[];
}

/**
 * Everything needed to continue an episode, and nothing derived: the trajectory is rebuilt
 * from (systemId, seed) on demand, so a state is a few hundred bytes plus the history and can
 * travel in a token.
 */
export interface EpisodeState {
  readonly formatVersion: number;
  readonly systemId: string;
  readonly seed: number;
  readonly maxTurns: number;
  readonly rewardProfile: RewardProfile;
  readonly fit: boolean;
  readonly history: readonly HistoryEntry[];
}

export interface PhysixObservation {
  readonly systemId: string;
  readonly tier: SystemTier;
  readonly seed: number;
  readonly stateVariables: readonly string[];
  readonly hint: string;
  /** The noisy observed data: 100 samples. */
  readonly trajectory: readonly TrajectorySample[];
  readonly stats: Readonly<Record<string, number>>;
  readonly noise: NoiseModel;
  readonly history: readonly HistoryEntry[];
  /** Feedback on the latest turn ("" at reset). */
  readonly mismatchSummary: string;
  /** Turns taken so far (0 at reset). */
  readonly turn: number;
  readonly turnsRemaining: number;
  readonly maxTurns: number;
  readonly rewardProfile: RewardProfile;
  readonly fit: boolean;
  /** The latest turn's score, null at reset. */
  readonly score: RewardBreakdown | null;
  /** The reward paid for the latest turn (its `paid`), null at reset. */
  readonly reward: number | null;
  readonly converged: boolean;
  readonly done: boolean;
}

export interface StepOutcome {
  readonly state: EpisodeState;
  readonly observation: PhysixObservation;
  /** The full verdict on this action (issues, R² per variable, fit, residuals). */
  readonly verification: VerificationReport;
  /** The hypothesis simulated at the observation times, for plotting; null if it failed. */
  readonly predictedTrajectory: readonly TrajectorySample[] | null;
}
