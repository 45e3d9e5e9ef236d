import { describe, expect, it } from 'vitest';
import { GATES } from '../circuit/gate-table.ts';
import { combinationPaulis, independentChannel } from './noise-channels.ts';

const channel = (name: string) => GATES.filter((gate) => gate.kind === 'noise').find((gate) => gate.name === name)!;

describe('independentChannel', () => {
  it("uses Stim's basis order for each channel", () => {
    expect(independentChannel(channel('X_ERROR'), [0.25])).toEqual({ basis: ['X'], probabilities: [0, 0.25], disjoint: false });
    expect(independentChannel(channel('Y_ERROR'), [0.25]).basis).toEqual(['Y']);
    expect(independentChannel(channel('DEPOLARIZE1'), [0.1]).basis).toEqual(['Z', 'X']);
    expect(independentChannel(channel('DEPOLARIZE2'), [0.1]).basis).toEqual(['ZI', 'XI', 'IZ', 'IX']);
    expect(independentChannel(channel('PAULI_CHANNEL_1'), [0.1, 0.02, 0.03]).basis).toEqual(['X', 'Z']);
  });

  it('treats a one-case PAULI_CHANNEL_1 without an independent form as disjoint', () => {
    expect(independentChannel(channel('PAULI_CHANNEL_1'), [0.5, 0, 0])).toEqual({
      basis: ['X', 'Z'],
      probabilities: [0, 0.5, 0, 0],
      disjoint: true,
    });
  });

  it('names every combination of the basis', () => {
    expect([1, 2, 3].map((k) => combinationPaulis(['Z', 'X'], k))).toEqual(['Z', 'X', 'Y']);
    const basis = ['ZI', 'XI', 'IZ', 'IX'];
    expect([3, 12, 15, 6].map((k) => combinationPaulis(basis, k))).toEqual(['YI', 'IY', 'YY', 'XZ']);
  });
});
