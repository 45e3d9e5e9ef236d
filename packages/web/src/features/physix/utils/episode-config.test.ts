import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, episodeConfig } from './episode-config.ts';

describe('episodeConfig', () => {
  it('reads the form or says what is wrong', () => {
    expect(episodeConfig(DEFAULT_CONFIG)).toEqual({ system_id: 'damped_spring', seed: 3, max_turns: 8, reward_profile: 'anti-hack', fit: false });
    expect(episodeConfig({ ...DEFAULT_CONFIG, seed: '' })).toMatch(/seed/);
    expect(episodeConfig({ ...DEFAULT_CONFIG, seed: '-1' })).toMatch(/seed/);
    expect(episodeConfig({ ...DEFAULT_CONFIG, maxTurns: '65' })).toMatch(/max turns/);
  });
});
