import { randomBytes } from 'node:crypto';
import { freshSeed } from '@verilab/core';
import { resetEpisode, type EpisodeState, type PhysicalSystem, type PhysixObservation } from '@verilab/physix';
import type { StartRequest } from './physix-models.ts';

/**
 * What PhysiX clients see, shared by the OpenEnv routes and the interactive API: episodes
 * started from a request and systems described without their ground truth. Episode states,
 * history entries and observations go to and from the original's wire names through
 * @verilab/physix's episode/wire.ts, the one mapping (the browser shows the same shapes).
 */

/** What a client may know of a system before playing it (no ground truth, no parameters). */
export function describeSystem(system: PhysicalSystem): Record<string, unknown> {
  return { system_id: system.id, state_variables: system.stateVariables, tier: system.tier, title: system.title };
}

/**
 * A new episode from reset kwargs (already checked against the reset model). Unseeded episodes
 * get an unpredictable seed: the seed determines the hidden parameters, so a predictable one
 * would give them away.
 */
export function startPhysixEpisode(request: StartRequest): { state: EpisodeState; observation: PhysixObservation } {
  return resetEpisode({
    seed: request.seed ?? freshSeed(randomBytes),
    ...(request.system_id == null ? {} : { systemId: request.system_id }),
    ...(request.max_turns == null ? {} : { maxTurns: request.max_turns }),
    ...(request.reward_profile == null ? {} : { rewardProfile: request.reward_profile }),
    ...(request.fit == null ? {} : { fit: request.fit }),
  });
}
