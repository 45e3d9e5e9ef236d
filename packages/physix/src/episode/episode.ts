import { Xoshiro128 } from '@verilab/core';
import {
  CONVERGENCE_THRESHOLD,
  DEFAULT_MAX_TURNS,
  EPISODE_FORMAT_VERSION,
  MAX_TURNS_LIMIT,
  OBSERVATION_DECIMALS,
} from '../constants.ts';
import { LIMITS } from '../equation/grammar.ts';
import { trajectoryStats } from '../metrics/stats.ts';
import { DEFAULT_REWARD_PROFILE, REWARD_PROFILES } from '../reward/reward.ts';
import { instantiate, type SystemInstance } from '../systems/instance.ts';
import { TRAINING_TIERS, getSystem, listSystems } from '../systems/registry.ts';
import type { SystemTier } from '../systems/system.ts';
import { targetOf, verify, type VerificationReport } from '../verify.ts';
import type {
  EpisodeConfig,
  EpisodeState,
  HistoryEntry,
  PhysixAction,
  PhysixObservation,
  TrajectorySample,
} from './types.ts';

/**
 * The PhysiX episode as a pure state machine (docs/original-physix.md#lifecycle): `resetEpisode` and `stepEpisode`
 * map plain-JSON states to new states and observations, with no I/O, clock or hidden
 * randomness, so HTTP, WebSocket, MCP and CLI front-ends all call the same functions and the
 * same (seed, actions) replay identically anywhere.
 */
export function resetEpisode(config: EpisodeConfig): {
  state: EpisodeState;
  observation: PhysixObservation;
} {
  if (!Number.isSafeInteger(config.seed))
    throw new RangeError(`seed must be a safe integer, got ${config.seed}`);
  const maxTurns = config.max_turns ?? DEFAULT_MAX_TURNS;
  if (!Number.isInteger(maxTurns) || maxTurns < 1 || maxTurns > MAX_TURNS_LIMIT) {
    throw new RangeError(
      `max_turns must be an integer in [1, ${MAX_TURNS_LIMIT}], got ${maxTurns}`,
    );
  }
  const profile = config.reward_profile ?? DEFAULT_REWARD_PROFILE;
  if (!REWARD_PROFILES.includes(profile))
    throw new RangeError(`unknown reward profile ${String(profile)}`);
  const state: EpisodeState = {
    format_version: EPISODE_FORMAT_VERSION,
    system_id: config.system_id ?? chooseSystem(config.seed, config.tiers ?? TRAINING_TIERS),
    seed: config.seed,
    max_turns: maxTurns,
    reward_profile: profile,
    fit: config.fit ?? false,
    history: [],
  };
  return { state, observation: observeEpisode(state) };
}

export interface StepOutcome {
  readonly state: EpisodeState;
  readonly observation: PhysixObservation;
  /** The full verdict on this action (issues, R² per variable, fit, residuals). */
  readonly verification: VerificationReport;
  /** The hypothesis simulated at the observation times, for plotting; null if it failed. */
  readonly predicted_trajectory: readonly TrajectorySample[] | null;
}

/** Scores one action and advances the turn. Stepping a finished episode is a caller error. */
export function stepEpisode(state: EpisodeState, action: PhysixAction): StepOutcome {
  if (isDone(state)) {
    throw new Error(`episode ${state.system_id}/${state.seed} is done; reset to play again`);
  }
  const instance = instanceOf(state);
  const profile = state.reward_profile;
  const previous = state.history[state.history.length - 1];
  const equation = typeof action.equation === 'string' ? action.equation : '';
  const { report, predicted } = verify(
    targetOf(instance),
    { equation, params: action.params },
    {
      fit: state.fit,
      profile,
      previousMatch: { [profile]: previous?.r_match ?? 0 },
    },
  );
  const breakdown = report.rewards[profile];
  const entry: HistoryEntry = {
    turn: state.history.length + 1,
    // History travels in every observation and state: keep hostile inputs from bloating it.
    equation: equation.slice(0, LIMITS.maxTextLength),
    params: numericParams(action.params),
    fitted_params: report.fit?.parameters ?? null,
    rationale:
      typeof action.rationale === 'string' ? action.rationale.slice(0, MAX_RATIONALE_LENGTH) : '',
    accepted: report.accepted,
    r_match: report.r_match,
    reward_total: breakdown.total,
    reward_components: breakdown,
    mismatch_summary: report.mismatch_summary,
  };
  const next: EpisodeState = { ...state, history: [...state.history, entry] };
  return {
    state: next,
    observation: observe(next, instance),
    verification: report,
    predicted_trajectory:
      predicted === null
        ? null
        : samples(instance.system.stateVariables, instance.times, predicted),
  };
}

/** The observation for a state (reset or mid-episode), rebuilt from the seed. */
export function observeEpisode(state: EpisodeState): PhysixObservation {
  return observe(state, instanceOf(state));
}

export function isDone(state: EpisodeState): boolean {
  return isConverged(state) || state.history.length >= state.max_turns;
}

function isConverged(state: EpisodeState): boolean {
  const last = state.history[state.history.length - 1];
  return last !== undefined && last.r_match >= CONVERGENCE_THRESHOLD;
}

function observe(state: EpisodeState, instance: SystemInstance): PhysixObservation {
  const { system } = instance;
  const last = state.history[state.history.length - 1];
  return {
    system_id: system.id,
    tier: system.tier,
    seed: state.seed,
    state_variables: system.stateVariables,
    hint: system.hint(instance.parameters, instance.initialConditions),
    trajectory: samples(system.stateVariables, instance.times, instance.observed),
    stats: trajectoryStats(system.stateVariables, instance.times, instance.observed),
    noise: instance.noise,
    history: state.history,
    mismatch_summary: last?.mismatch_summary ?? '',
    turn: state.history.length,
    turn_remaining: Math.max(0, state.max_turns - state.history.length),
    max_turns: state.max_turns,
    reward_profile: state.reward_profile,
    fit: state.fit,
    reward_breakdown: last?.reward_components ?? null,
    reward: last?.reward_total ?? null,
    converged: isConverged(state),
    done: isDone(state),
  };
}

function instanceOf(state: EpisodeState): SystemInstance {
  if (state.format_version !== EPISODE_FORMAT_VERSION) {
    throw new Error(
      `episode format ${state.format_version} is not ${EPISODE_FORMAT_VERSION}; seeded episodes changed`,
    );
  }
  const system = getSystem(state.system_id);
  if (system === undefined)
    throw new RangeError(`unknown system ${JSON.stringify(state.system_id)}`);
  return instantiate(system, state.seed);
}

/**
 * [decided] The system for a seed without `system_id`: uniform over the tiers, drawn from the
 * seed's stream jumped by 2^64 (xoshiro's jump), so the choice is independent of the
 * instance's own draws and `reset({seed})` equals `reset({seed, system_id: <the choice>})`.
 */
function chooseSystem(seed: number, tiers: readonly SystemTier[]): string {
  const candidates = listSystems(tiers);
  if (candidates.length === 0) throw new RangeError('no system in the requested tiers');
  const rng = Xoshiro128.fromSeed(seed);
  rng.jump();
  return candidates[Math.floor(rng.nextDouble() * candidates.length)]!.id;
}

const TIME_SCALE = 10 ** OBSERVATION_DECIMALS;
/** [decided] Characters of rationale kept in the history (it is shown back in the prompt). */
export const MAX_RATIONALE_LENGTH = 500;

function samples(
  variables: readonly string[],
  times: ArrayLike<number>,
  columns: readonly ArrayLike<number>[],
): TrajectorySample[] {
  return Array.from({ length: times.length }, (_, i) => {
    // Times are rounded like the observed values (docs/original-physix.md#system-interface).
    const sample: Record<string, number> = { t: Math.round(times[i]! * TIME_SCALE) / TIME_SCALE };
    variables.forEach((name, j) => (sample[name] = columns[j]![i]!));
    return sample;
  });
}

/**
 * The parameters as the history keeps them: only a set the verifier could accept (within the
 * grammar's count and name-length limits, finite numbers), so no input grows the history.
 */
function numericParams(params: unknown): Record<string, number> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return {};
  const entries = Object.entries(params);
  return entries.length <= LIMITS.maxParameters &&
    entries.every(
      ([name, value]) =>
        name.length <= LIMITS.maxNameLength && typeof value === 'number' && Number.isFinite(value),
    )
    ? Object.fromEntries(entries)
    : {};
}
