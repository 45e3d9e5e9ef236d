import { generateRotatedSurfaceCode } from '@verilab/qec';
import { describe, expect, it } from 'vitest';
import { extractLayout } from './code-layout.ts';

const layoutOf = (basis: 'Z' | 'X', distance: number, rounds: number) =>
  extractLayout(generateRotatedSurfaceCode({ basis, distance, rounds }));

describe('extractLayout', () => {
  it('reads the d = 3 layout the original documents (docs/original-qubit-medic.md#layout)', () => {
    const layout = layoutOf('Z', 3, 3);
    expect(layout.dataQubits).toEqual([1, 3, 5, 8, 10, 12, 15, 17, 19]);
    expect(layout.dataCoords).toEqual([
      [1, 1], [3, 1], [5, 1], [1, 3], [3, 3], [5, 3], [1, 5], [3, 5], [5, 5],
    ]);
    expect(layout.stabilizers.map((s) => s.ancilla)).toEqual([2, 9, 11, 13, 14, 16, 18, 25]);
    expect(layout.observableSupport).toEqual([0, 1, 2]);
    expect(layout.basis).toBe('Z');
    expect(layout.rounds).toBe(3);
    expect(layout.distance).toBe(3);
    expect(layout.detectors).toHaveLength(24);
    // t = 0 and the final round hold the four Z stabilisers only; middle rounds interleave.
    const typeOf = (d: number) => layout.stabilizers[layout.detectors[d]!.stabilizer]!.type;
    expect([0, 1, 2, 3].map(typeOf)).toEqual(['Z', 'Z', 'Z', 'Z']);
    expect([4, 5, 6, 7, 8, 9, 10, 11].map(typeOf).join(' ')).toBe('X Z X Z Z X Z X');
    expect([20, 21, 22, 23].map((d) => layout.detectors[d]!.round)).toEqual([3, 3, 3, 3]);
    // Final-detector supports in LLM ids (docs/original-qubit-medic.md#r2): 20→{3,6}, 21→{0,1,3,4}, 22→{4,5,7,8}, 23→{2,5}.
    const supportOf = (d: number) => layout.stabilizers[layout.detectors[d]!.stabilizer]!.support;
    expect([20, 21, 22, 23].map(supportOf)).toEqual([[3, 6], [0, 1, 3, 4], [4, 5, 7, 8], [2, 5]]);
  });

  it('reads d = 5 (25 data qubits, 24 ancillas, 120 detectors over r = 5)', () => {
    const layout = layoutOf('Z', 5, 5);
    expect(layout.dataQubits).toHaveLength(25);
    expect(layout.stabilizers).toHaveLength(24);
    expect(layout.detectors).toHaveLength(120);
    expect(layout.observableSupport).toEqual([0, 1, 2, 3, 4]);
  });

  it('reads an X-basis memory: X-type observable along a column', () => {
    const layout = layoutOf('X', 3, 2);
    expect(layout.basis).toBe('X');
    expect(layout.observableSupport).toEqual([0, 3, 6]);
    const firstRound = layout.detectors.filter((d) => d.round === 0);
    expect(firstRound.every((d) => layout.stabilizers[d.stabilizer]!.type === 'X')).toBe(true);
  });

  it('gives every stabiliser weight 2 or 4 and covers every data qubit', () => {
    for (const distance of [2, 3, 5, 7]) {
      const layout = layoutOf('Z', distance, 1);
      expect(layout.stabilizers).toHaveLength(distance * distance - 1);
      for (const s of layout.stabilizers) expect([2, 4]).toContain(s.support.length);
      const covered = new Set(layout.stabilizers.flatMap((s) => s.support));
      expect(covered.size).toBe(distance * distance);
    }
  });
});
