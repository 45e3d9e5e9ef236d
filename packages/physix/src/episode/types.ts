import type { RewardBreakdown, RewardProfile } from '../reward/reward.ts';
import type { NoiseModel } from '../systems/instance.ts';
import type { SystemTier } from '../systems/system.ts';

/**
 * The episode's wire types: plain JSON (no classes, Maps or typed arrays), snake_case as the
 * original PhysiX-Live models (docs/original-physix.md#models), so a server can send them as they are and an
 * OpenEnv client written for the original reads them unchanged.
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
  readonly fitted_params: Readonly<Record<string, number>> | null;
  readonly rationale: string;
  readonly accepted: boolean;
  readonly r_match: number;
  readonly reward_total: number;
  readonly reward_components: RewardBreakdown;
  readonly mismatch_summary: string;
}

export interface EpisodeConfig {
  /** Pins the system choice (if not given), parameters, initial conditions and noise. */
  readonly seed: number;
  readonly system_id?: string;
  /** Default DEFAULT_MAX_TURNS (8), at most MAX_TURNS_LIMIT. */
  readonly max_turns?: number;
  /** Default `anti-hack`. */
  readonly reward_profile?: RewardProfile;
  /** Fit declared parameters before scoring (default false, as the original). */
  readonly fit?: boolean;
  /** Tiers to draw a system from when `system_id` is absent (default tiers 1 and 2). */
  readonly tiers?: readonly SystemTier[];
}

/**
 * Everything needed to continue an episode, and nothing derived: the trajectory is rebuilt
 * from (system_id, seed) on demand, so a state is a few hundred bytes plus the history and can
 * travel in a token.
 */
export interface EpisodeState {
  readonly format_version: number;
  readonly system_id: string;
  readonly seed: number;
  readonly max_turns: number;
  readonly reward_profile: RewardProfile;
  readonly fit: boolean;
  readonly history: readonly HistoryEntry[];
}

export interface PhysixObservation {
  readonly system_id: string;
  readonly tier: SystemTier;
  readonly seed: number;
  readonly state_variables: readonly string[];
  readonly hint: string;
  /** The noisy observed data: 100 samples. */
  readonly trajectory: readonly TrajectorySample[];
  readonly stats: Readonly<Record<string, number>>;
  readonly noise: NoiseModel;
  readonly history: readonly HistoryEntry[];
  /** Feedback on the latest turn ("" at reset). */
  readonly mismatch_summary: string;
  /** Turns taken so far (0 at reset). */
  readonly turn: number;
  readonly turn_remaining: number;
  readonly max_turns: number;
  readonly reward_profile: RewardProfile;
  readonly fit: boolean;
  /** The latest turn's breakdown, null at reset. */
  readonly reward_breakdown: RewardBreakdown | null;
  readonly reward: number | null;
  readonly converged: boolean;
  readonly done: boolean;
}
