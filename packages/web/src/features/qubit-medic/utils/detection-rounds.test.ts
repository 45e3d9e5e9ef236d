import { unwrap } from '@verilab/core';
import { stabilizerNames } from '@verilab/qubit-medic';
import { describe, expect, it } from 'vitest';
import { detectionRounds } from './detection-rounds.ts';
import { levelLayout } from './level-layout.ts';

describe('detectionRounds', () => {
  it('puts each fired detector in its round under its stabiliser, as the prompt lists them', () => {
    const { layout } = unwrap(levelLayout('L2_target'));
    const bits = layout.detectors.map((_, k) => (k === 13 || k === 21 ? 1 : 0));
    const rounds = detectionRounds(layout, bits);
    expect(rounds.map((r) => r.label)).toEqual(['Round 1', 'Round 2', 'Round 3', 'Final check']);
    // Z memory: round 1 and the final check watch the Z stabilisers only.
    expect(rounds.map((r) => r.watched.length)).toEqual([4, 8, 8, 4]);
    const names = stabilizerNames(layout);
    expect(rounds.map((r) => r.fired.map((s) => names[s]))).toEqual([[], [], ['Z0'], ['Z0']]);
  });
});
