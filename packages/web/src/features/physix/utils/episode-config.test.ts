import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, episodeConfig } from './episode-config.ts';

const limits = { seed: { min: 0, max: Infinity }, maxTurns: { min: 1, max: 12 } };

describe('episodeConfig', () => {
  it('reads the form or says what is wrong, against the bounds it is given', () => {
    expect(episodeConfig(DEFAULT_CONFIG, limits)).toEqual({ system_id: 'damped_spring', seed: 3, max_turns: 8, reward_profile: 'anti-hack', fit: false });
    expect(episodeConfig({ ...DEFAULT_CONFIG, seed: '' }, limits)).toBe('seed must be a whole number ≥ 0');
    expect(episodeConfig({ ...DEFAULT_CONFIG, seed: '-1' }, limits)).toBe('seed must be a whole number ≥ 0');
    expect(episodeConfig({ ...DEFAULT_CONFIG, maxTurns: '13' }, limits)).toBe('max turns must be a whole number from 1 to 12');
    // Before the bounds are known, only the form is checked.
    expect(episodeConfig({ ...DEFAULT_CONFIG, maxTurns: '13' }, undefined)).toMatchObject({ max_turns: 13 });
    expect(episodeConfig({ ...DEFAULT_CONFIG, maxTurns: '1.5' }, undefined)).toBe('max turns must be a whole number');
  });
});
