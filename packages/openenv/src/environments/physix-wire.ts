import { randomInt } from 'node:crypto';
import { resetEpisode, type EpisodeState, type PhysicalSystem, type PhysixObservation } from '@verilab/physix';
import type { StartRequest } from './physix-models.ts';

/**
 * What PhysiX clients see, shared by the OpenEnv routes and the interactive API: episodes
 * started from a request, observations in the original's field order without the seed, and
 * systems described without their ground truth.
 */

/** What a client may know of a system before playing it (no ground truth, no parameters). */
export function describeSystem(system: PhysicalSystem): Record<string, unknown> {
  return { system_id: system.id, state_variables: system.stateVariables, tier: system.tier, title: system.title };
}

/**
 * A new episode from reset kwargs. Unseeded episodes get an unpredictable seed: the seed
 * determines the hidden parameters, so a predictable one would give them away.
 */
export function startPhysixEpisode(request: StartRequest): { state: EpisodeState; observation: PhysixObservation } {
  return resetEpisode({
    seed: request.seed ?? randomInt(0, 2 ** 47),
    ...(request.system_id == null ? {} : { system_id: request.system_id }),
    ...(request.max_turns == null ? {} : { max_turns: request.max_turns }),
    ...(request.reward_profile == null ? {} : { reward_profile: request.reward_profile }),
    ...(request.fit == null ? {} : { fit: request.fit }),
  });
}

/** The observation's fields in PhysiXObservation order, without the seed (nor done/reward). */
export function observationFields(observation: PhysixObservation): Record<string, unknown> {
  return {
    system_id: observation.system_id,
    tier: observation.tier,
    state_variables: observation.state_variables,
    hint: observation.hint,
    trajectory: observation.trajectory,
    stats: observation.stats,
    noise: observation.noise,
    history: observation.history,
    mismatch_summary: observation.mismatch_summary,
    turn: observation.turn,
    turn_remaining: observation.turn_remaining,
    max_turns: observation.max_turns,
    reward_profile: observation.reward_profile,
    fit: observation.fit,
    reward_breakdown: observation.reward_breakdown,
    converged: observation.converged,
  };
}

/** The original's `PhysiXObservation` as pydantic dumps it: base fields first, then its own. */
export function interactiveObservation(observation: PhysixObservation): Record<string, unknown> {
  return { done: observation.done, reward: observation.reward, metadata: {}, ...observationFields(observation) };
}
