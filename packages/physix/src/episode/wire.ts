import type { RewardBreakdown, RewardProfile } from '../reward/reward.ts';
import type { NoiseModel } from '../systems/instance.ts';
import type { SystemTier } from '../systems/system.ts';
import type { EpisodeState, HistoryEntry, PhysixObservation, TrajectorySample } from './types.ts';

/**
 * The one mapping between the episode's domain types and the original PhysiX-Live's wire
 * models (docs/original-physix.md#models): snake_case names, keys in the original's order, and
 * the turn's reward spelled three ways (`r_match`, `reward_total`, `reward_components` in a
 * history entry; `reward_breakdown` and `reward` in an observation) where the domain keeps one
 * RewardBreakdown. The server sends and seals these shapes; the browser, which runs the same
 * episode machine when no server hosts PhysiX, shows them; so the mapping lives here, beside
 * the domain, rather than in either.
 */

export interface WireHistoryEntry {
  readonly turn: number;
  readonly equation: string;
  readonly params: Readonly<Record<string, number>>;
  readonly fitted_params: Readonly<Record<string, number>> | null;
  readonly rationale: string;
  readonly accepted: boolean;
  readonly r_match: number;
  readonly reward_total: number;
  readonly reward_components: RewardBreakdown;
  readonly mismatch_summary: string;
}

/** The episode state as an HTTP token seals it (tokens minted before this mapping still open). */
export interface WireEpisodeState {
  readonly format_version: number;
  readonly system_id: string;
  readonly seed: number;
  readonly max_turns: number;
  readonly reward_profile: RewardProfile;
  readonly fit: boolean;
  readonly history: readonly WireHistoryEntry[];
}

/** PhysiXObservation's own fields, in its order: no seed (it would give the parameters away), done or reward. */
export interface WireObservationFields {
  readonly system_id: string;
  readonly tier: SystemTier;
  readonly state_variables: readonly string[];
  readonly hint: string;
  readonly trajectory: readonly TrajectorySample[];
  readonly stats: Readonly<Record<string, number>>;
  readonly noise: NoiseModel;
  readonly history: readonly WireHistoryEntry[];
  readonly mismatch_summary: string;
  readonly turn: number;
  readonly turn_remaining: number;
  readonly max_turns: number;
  readonly reward_profile: RewardProfile;
  readonly fit: boolean;
  readonly reward_breakdown: RewardBreakdown | null;
  readonly converged: boolean;
}

/** The observation as the interactive API sends it: OpenEnv's base fields, then its own. */
export interface PhysixWireObservation extends WireObservationFields {
  readonly done: boolean;
  readonly reward: number | null;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export function wireHistoryEntry(entry: HistoryEntry): WireHistoryEntry {
  return {
    turn: entry.turn,
    equation: entry.equation,
    params: entry.params,
    fitted_params: entry.fittedParams,
    rationale: entry.rationale,
    accepted: entry.accepted,
    r_match: entry.reward.match,
    reward_total: entry.reward.total,
    reward_components: entry.reward,
    mismatch_summary: entry.mismatchSummary,
  };
}

/** A wire entry's one reward is its breakdown (`r_match` and `reward_total` are copies of its match and total). */
export function historyEntryFromWire(entry: WireHistoryEntry): HistoryEntry {
  return {
    turn: entry.turn,
    equation: entry.equation,
    params: entry.params,
    fittedParams: entry.fitted_params,
    rationale: entry.rationale,
    accepted: entry.accepted,
    reward: entry.reward_components,
    mismatchSummary: entry.mismatch_summary,
  };
}

export function wireEpisodeState(state: EpisodeState): WireEpisodeState {
  return {
    format_version: state.formatVersion,
    system_id: state.systemId,
    seed: state.seed,
    max_turns: state.maxTurns,
    reward_profile: state.rewardProfile,
    fit: state.fit,
    history: state.history.map(wireHistoryEntry),
  };
}

export function episodeStateFromWire(state: WireEpisodeState): EpisodeState {
  return {
    formatVersion: state.format_version,
    systemId: state.system_id,
    seed: state.seed,
    maxTurns: state.max_turns,
    rewardProfile: state.reward_profile,
    fit: state.fit,
    history: state.history.map(historyEntryFromWire),
  };
}

export function wireObservationFields(observation: PhysixObservation): WireObservationFields {
  return {
    system_id: observation.systemId,
    tier: observation.tier,
    state_variables: observation.stateVariables,
    hint: observation.hint,
    trajectory: observation.trajectory,
    stats: observation.stats,
    noise: observation.noise,
    history: observation.history.map(wireHistoryEntry),
    mismatch_summary: observation.mismatchSummary,
    turn: observation.turn,
    turn_remaining: observation.turnsRemaining,
    max_turns: observation.maxTurns,
    reward_profile: observation.rewardProfile,
    fit: observation.fit,
    reward_breakdown: observation.reward,
    converged: observation.converged,
  };
}

/** The original's `PhysiXObservation` as pydantic dumps it: base fields first, then its own. */
export function wireObservation(observation: PhysixObservation): PhysixWireObservation {
  return { done: observation.done, reward: observation.reward?.total ?? null, metadata: {}, ...wireObservationFields(observation) };
}

/** A received observation in domain terms, for the prompt a model would see (the wire has no seed). */
export function observationFromWire(observation: PhysixWireObservation, seed: number): PhysixObservation {
  return {
    systemId: observation.system_id,
    tier: observation.tier,
    seed,
    stateVariables: observation.state_variables,
    hint: observation.hint,
    trajectory: observation.trajectory,
    stats: observation.stats,
    noise: observation.noise,
    history: observation.history.map(historyEntryFromWire),
    mismatchSummary: observation.mismatch_summary,
    turn: observation.turn,
    turnsRemaining: observation.turn_remaining,
    maxTurns: observation.max_turns,
    rewardProfile: observation.reward_profile,
    fit: observation.fit,
    reward: observation.reward_breakdown,
    converged: observation.converged,
    done: observation.done,
  };
}
