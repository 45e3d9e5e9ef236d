import { describe, expect, it } from 'vitest';
import { sha256HexOfChunks } from '@verilab/core';
import { createLevelPhysics, levelNamed } from '@verilab/qubit-medic';
import { buildServerLevelPhysics, nativeSha256HexOfChunks } from './server-level-physics.ts';

describe('the server-built level physics', () => {
  it('hashes chunks as the pure SHA-256 does (empty chunks and blocks split across chunks included)', () => {
    const bytes = Uint8Array.from({ length: 700 }, (_, k) => (k * 37 + 11) & 0xff);
    for (const cuts of [[], [0], [1, 64], [63, 64, 65, 128, 500], [700]]) {
      const chunks = [0, ...cuts].map((from, k) => bytes.subarray(from, [...cuts, 700][k]));
      expect(nativeSha256HexOfChunks(chunks)).toBe(sha256HexOfChunks(chunks));
    }
  });

  it('has the DEM digest createLevelPhysics gives by default', () => {
    const level = levelNamed('L2_target');
    expect(buildServerLevelPhysics(level).demDigest).toBe(createLevelPhysics(level).demDigest);
  });
});
