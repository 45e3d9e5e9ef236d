import { describe, expect, it } from 'vitest';
import { depolarize1ToIndependent, depolarize2ToIndependent, disjointToIndependentXyz } from './depolarizing-probabilities.ts';

/** Distribution over the 4^n Paulis (as x|z bit masks) of independent channels firing. */
function compose(n: number, channels: readonly { mask: number; p: number }[]): number[] {
  let dist = new Array<number>(4 ** n).fill(0);
  dist[0] = 1;
  for (const { mask, p } of channels) {
    dist = dist.map((v, k) => v * (1 - p) + dist[k ^ mask]! * p);
  }
  return dist;
}

describe('independent forms of disjoint channels', () => {
  it.each([0.001, 0.1, 0.5, 0.75])('DEPOLARIZE1(%s) = X, Y, Z cases each firing independently', (p) => {
    const q = depolarize1ToIndependent(p);
    const dist = compose(1, [1, 2, 3].map((mask) => ({ mask, p: q })));
    for (let k = 1; k < 4; k++) expect(dist[k]).toBeCloseTo(p / 3, 14);
  });

  it.each([0.001, 0.1, 0.5, 15 / 16])('DEPOLARIZE2(%s) = 15 two-qubit cases each firing independently', (p) => {
    const q = depolarize2ToIndependent(p);
    const dist = compose(2, Array.from({ length: 15 }, (_, k) => ({ mask: k + 1, p: q })));
    for (let k = 1; k < 16; k++) expect(dist[k]).toBeCloseTo(p / 15, 14);
  });

  it('rejects over-mixing channels', () => {
    expect(() => depolarize1ToIndependent(0.76)).toThrow(RangeError);
    expect(() => depolarize2ToIndependent(0.95)).toThrow(RangeError);
  });

  it.each([
    [0.1, 0.02, 0.03],
    [0.001, 0.002, 0.003],
    [0, 0, 0.2],
    [0.6, 0.05, 0.05], // X likelier than identity
    [0.05, 0.6, 0.05],
    [0.05, 0.05, 0.6],
  ])('PAULI_CHANNEL_1(%s, %s, %s) has an exact independent form', (x, y, z) => {
    const s = disjointToIndependentXyz(x, y, z)!;
    expect(s).toBeDefined();
    // Masks: X = 1, Z = 2, Y = 3.
    const dist = compose(1, [
      { mask: 1, p: s.x },
      { mask: 3, p: s.y },
      { mask: 2, p: s.z },
    ]);
    expect(dist[1]).toBeCloseTo(x, 12);
    expect(dist[3]).toBeCloseTo(y, 12);
    expect(dist[2]).toBeCloseTo(z, 12);
  });

  it('reports channels without an exact independent form', () => {
    expect(disjointToIndependentXyz(0.5, 0.3, 0.2)).toBeUndefined();
    expect(disjointToIndependentXyz(0.3, 0.3, 0)).toBeUndefined();
  });
});
