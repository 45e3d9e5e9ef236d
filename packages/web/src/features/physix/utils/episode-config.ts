import { MAX_TURNS_LIMIT, type RewardProfile } from '@verilab/physix';
import type { EpisodeConfig } from '../api/physix-backend.ts';

/** The episode to play: system, seed, turn budget, reward profile, parameter fitting. */
export interface ConfigForm {
  readonly systemId: string;
  readonly seed: string;
  readonly maxTurns: string;
  readonly profile: RewardProfile;
  readonly fit: boolean;
}

export const DEFAULT_CONFIG: ConfigForm = { systemId: 'damped_spring', seed: '3', maxTurns: '8', profile: 'anti-hack', fit: false };

/** The config, or what is wrong with the form. */
export function episodeConfig(form: ConfigForm): EpisodeConfig | string {
  const seed = Number(form.seed);
  const maxTurns = Number(form.maxTurns);
  if (form.seed.trim() === '' || !Number.isSafeInteger(seed) || seed < 0) return 'seed must be a whole number ≥ 0';
  // The server validates against the same constant from @verilab/physix.
  if (!Number.isInteger(maxTurns) || maxTurns < 1 || maxTurns > MAX_TURNS_LIMIT) return `max turns must be a whole number from 1 to ${MAX_TURNS_LIMIT}`;
  return { system_id: form.systemId, seed, max_turns: maxTurns, reward_profile: form.profile, fit: form.fit };
}
