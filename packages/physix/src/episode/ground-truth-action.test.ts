import { describe, expect, it } from 'vitest';
import { getSystem, SYSTEMS } from '../systems/registry.ts';
import { instantiate } from '../systems/instance.ts';
import { resetEpisode, stepEpisode } from './episode.ts';
import { groundTruthAction } from './ground-truth-action.ts';

describe('groundTruthAction', () => {
  it('gives the truth with the parameters it uses, and it converges on every system', () => {
    expect(groundTruthAction(instantiate(getSystem('free_fall_drag')!, 3)).params).toEqual({
      g: 9.81,
      k: instantiate(getSystem('free_fall_drag')!, 3).parameters['k'],
    });
    for (const system of SYSTEMS) {
      const { state } = resetEpisode({ seed: 17, systemId: system.id });
      const action = groundTruthAction(instantiate(system, 17));
      expect(Object.keys(action.params).every((name) => system.groundTruth.includes(name))).toBe(true);
      const { observation } = stepEpisode(state, action);
      expect(observation.converged, system.id).toBe(true);
    }
  });
});
