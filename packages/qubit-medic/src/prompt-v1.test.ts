import { describe, expect, it } from 'vitest';
import { CURRICULUM } from './levels.ts';
import { createLevelPhysics } from './physics-adapter.ts';
import { buildPromptV1, formatSyndromeBlockV1, perRoundStabilizerCounts } from './prompt-v1.ts';
import { sha256Hex } from '@verilab/core';

describe('v1 prompt', () => {
  // docs/original-qubit-medic.md#prompt-checksums: length and the first 16 hex of sha256 for an all-zero syndrome.
  it.each([
    ['L1_warmup', 1114, '715bfe867bba91d4', { numX: 0, numZ: 4 }],
    ['L2_target', 1213, '5f79a9d7ee6bcc74', { numX: 4, numZ: 4 }],
    ['L3_stretch', 1501, '65a980ee10c4d171', { numX: 12, numZ: 12 }],
    ['L4_stress', 1501, '3ad4715317add918', { numX: 12, numZ: 12 }],
  ])('is byte-identical to the original on %s', (name, length, digest, counts) => {
    const level = CURRICULUM.find((l) => l.name === name)!;
    const { layout } = createLevelPhysics(level);
    expect(perRoundStabilizerCounts(layout)).toEqual(counts);
    const prompt = buildPromptV1({
      distance: level.distance,
      rounds: level.rounds,
      p: level.p,
      syndromeBits: new Array<number>(layout.detectors.length).fill(0),
      numXStabilizers: counts.numX,
      numZStabilizers: counts.numZ,
      numDataQubits: layout.dataQubits.length,
    });
    expect(prompt.length).toBe(length);
    expect(sha256Hex(prompt).slice(0, 16)).toBe(digest);
  });

  it('chunks the syndrome as the original did, trailing space and all (docs/original-qubit-medic.md#syndrome-block)', () => {
    expect(formatSyndromeBlockV1([0, 1, 0, 0, 1, 0, 0, 0], 1, 0, 4)).toBe(
      'Round 1 X-stabilizers: \nRound 1 Z-stabilizers: 0 1 0 0\nFinal-round detectors: 1 0 0 0',
    );
    expect(formatSyndromeBlockV1([], 3, 4, 4)).toBe('(no detectors fired)');
    expect(formatSyndromeBlockV1([1, 0, 1, 0], 2, 1, 1)).toBe(
      'Round 1 X-stabilizers: 1\nRound 1 Z-stabilizers: 0\nRound 2 X-stabilizers: 1\nRound 2 Z-stabilizers: 0',
    );
  });
});
