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
import { paidReward } from '../reward/paid-reward.ts';
import { DEFAULT_REWARD_PROFILE } from '../reward/reward.ts';
import { instantiate, type SystemInstance } from '../systems/instance.ts';
import { TRAINING_TIERS, getSystem, listSystems } from '../systems/registry.ts';
import type { SystemTier } from '../systems/system.ts';
import { targetOf, verify } from '../verify.ts';
import type {
  EpisodeOptions,
  EpisodeState,
  HistoryEntry,
  PhysixAction,
  PhysixObservation,
  StepOutcome,
  TrajectorySample,
} from './types.ts';

/**
 * The PhysiX episode as a pure state machine (docs/original-physix.md#lifecycle): `resetEpisode` and `stepEpisode`
 * map plain-JSON states to new states and observations, with no I/O, clock or hidden
 * randomness, so HTTP, WebSocket, MCP and CLI front-ends all call the same functions and the
 * same (seed, actions) replay identically anywhere.
 */
export function resetEpisode(options: EpisodeOptions): {
  state: EpisodeState;
  observation: PhysixObservation;
} {
  // The range checks guard the episode's own bounds (a state travels in tokens): callers
  // that validated their input already never trip them.
  if (!Number.isSafeInteger(options.seed))
    throw new RangeError(`seed must be a safe integer, got ${options.seed}`);
  const maxTurns = options.maxTurns ?? DEFAULT_MAX_TURNS;
  if (!Number.isInteger(maxTurns) || maxTurns < 1 || maxTurns > MAX_TURNS_LIMIT) {
    throw new RangeError(
      `maxTurns must be an integer in [1, ${MAX_TURNS_LIMIT}], got ${maxTurns}`,
    );
  }
  const state: EpisodeState = {
    formatVersion: EPISODE_FORMAT_VERSION,
    systemId: options.systemId ?? chooseSystem(options.seed, options.tiers ?? TRAINING_TIERS),
    seed: options.seed,
    maxTurns,
    rewardProfile: options.rewardProfile ?? DEFAULT_REWARD_PROFILE,
    fit: options.fit ?? false,
    history: [],
  };
  return { state, observation: observeEpisode(state) };
}

/** Scores one action and advances the turn. Stepping a finished episode is a caller error. */
export function stepEpisode(state: EpisodeState, action: PhysixAction): StepOutcome {
  if (isDone(state)) {
    throw new Error(`episode ${state.systemId}/${state.seed} is done; reset to play again`);
  }
  const instance = instanceOf(state);
  const profile = state.rewardProfile;
  const previous = state.history[state.history.length - 1];
  const equation = typeof action.equation === 'string' ? action.equation : '';
  const { report, predicted } = verify(
    targetOf(instance),
    { equation, params: action.params },
    {
      fit: state.fit,
      profile,
      previousMatch: { [profile]: previous?.score.match ?? 0 },
    },
  );
  const score = report.rewards[profile];
  const entry: HistoryEntry = {
    turn: state.history.length + 1,
    // History travels in every observation and state: keep hostile inputs from bloating it.
    equation: equation.slice(0, LIMITS.maxTextLength),
    params: numericParams(action.params),
    fittedParams: report.fit?.parameters ?? null,
    rationale:
      typeof action.rationale === 'string' ? action.rationale.slice(0, MAX_RATIONALE_LENGTH) : '',
    accepted: report.accepted,
    score,
    paid: paidReward(profile, score.total, bestScore(state.history)),
    mismatchSummary: report.mismatchSummary,
  };
  const next: EpisodeState = { ...state, history: [...state.history, entry] };
  return {
    state: next,
    observation: observe(next, instance),
    verification: report,
    predictedTrajectory:
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
  return isConverged(state) || state.history.length >= state.maxTurns;
}

function isConverged(state: EpisodeState): boolean {
  const last = state.history[state.history.length - 1];
  return last !== undefined && last.score.match >= CONVERGENCE_THRESHOLD;
}

/** The best score (total) of the turns played, 0 before any. */
export function bestScore(history: readonly HistoryEntry[]): number {
  return Math.max(0, ...history.map((entry) => entry.score.total));
}

function observe(state: EpisodeState, instance: SystemInstance): PhysixObservation {
  const { system } = instance;
  const last = state.history[state.history.length - 1];
  return {
    systemId: system.id,
    tier: system.tier,
    seed: state.seed,
    stateVariables: system.stateVariables,
    hint: system.hint(instance.parameters, instance.initialConditions),
    trajectory: samples(system.stateVariables, instance.times, instance.observed),
    stats: trajectoryStats(system.stateVariables, instance.times, instance.observed),
    noise: instance.noise,
    history: state.history,
    mismatchSummary: last?.mismatchSummary ?? '',
    turn: state.history.length,
    turnsRemaining: Math.max(0, state.maxTurns - state.history.length),
    maxTurns: state.maxTurns,
    rewardProfile: state.rewardProfile,
    fit: state.fit,
    score: last?.score ?? null,
    reward: last?.paid ?? null,
    converged: isConverged(state),
    done: isDone(state),
  };
}

function instanceOf(state: EpisodeState): SystemInstance {
  if (state.formatVersion !== EPISODE_FORMAT_VERSION) {
    throw new Error(
      `episode format ${state.formatVersion} is not ${EPISODE_FORMAT_VERSION}; seeded episodes changed`,
    );
  }
  const system = getSystem(state.systemId);
  if (system === undefined)
    throw new RangeError(`unknown system ${JSON.stringify(state.systemId)}`);
  return instantiate(system, state.seed);
}

/**
 * [decided] The system for a seed without `systemId`: uniform over the tiers, drawn from the
 * seed's stream jumped by 2^64 (xoshiro's jump), so the choice is independent of the
 * instance's own draws and `resetEpisode({seed})` equals `resetEpisode({seed, systemId: <the choice>})`.
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
