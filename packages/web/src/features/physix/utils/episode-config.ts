import type { RewardProfile } from '@verilab/physix';
import { rangeProblem } from '../../../lib/server-limits.ts';
import type { EpisodeConfig, PhysixLimits } from '../api/physix-backend.ts';

/** The episode to play: system, seed, turn budget, reward profile, parameter fitting. */
export interface ConfigForm {
  readonly systemId: string;
  readonly seed: string;
  readonly maxTurns: string;
  readonly profile: RewardProfile;
  readonly fit: boolean;
}

export const DEFAULT_CONFIG: ConfigForm = { systemId: 'damped_spring', seed: '3', maxTurns: '8', profile: 'anti-hack', fit: false };

/** The config, or what is wrong with the form given the bounds of whoever runs the episode (undefined: not known yet). */
export function episodeConfig(form: ConfigForm, limits: PhysixLimits | undefined): EpisodeConfig | string {
  const problem = rangeProblem('seed', form.seed, limits?.seed, 'integer') ?? rangeProblem('max turns', form.maxTurns, limits?.maxTurns, 'integer');
  if (problem !== undefined) return problem;
  return { system_id: form.systemId, seed: Number(form.seed), max_turns: Number(form.maxTurns), reward_profile: form.profile, fit: form.fit };
}
