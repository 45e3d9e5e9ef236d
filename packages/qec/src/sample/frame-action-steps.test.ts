import { describe, expect, it } from 'vitest';
import { GATES } from '../circuit/gate-table.ts';
import { Xoshiro128 } from '@verilab/core';
import { frameActionSteps } from './frame-action-steps.ts';

/** new bit i = parity(action[i] & v): the table's definition of a frame action. */
function applyMatrix(action: readonly number[], v: number): number {
  let out = 0;
  action.forEach((row, i) => {
    let parity = 0;
    for (let m = row & v; m !== 0; m &= m - 1) parity ^= 1;
    out |= parity << i;
  });
  return out;
}

/** Applies the steps the way the sampler does: rename, then in-place XORs. */
function applySteps(action: readonly number[], v: number): number {
  const { permutation, xors } = frameActionSteps(action);
  const bits = permutation.map((from) => (v >>> from) & 1);
  for (const [dst, src] of xors) bits[dst]! ^= bits[src]!;
  return bits.reduce((acc, bit, i) => acc | (bit << i), 0);
}

describe('frameActionSteps', () => {
  const unitaries = GATES.filter((gate) => gate.kind === 'unitary');

  it.each(unitaries.map((gate) => [gate.name, gate.frameAction] as const))(
    '%s: renaming + XOR steps reproduce the table matrix on every frame',
    (_, action) => {
      for (let v = 0; v < 1 << action.length; v++) expect(applySteps(action, v)).toBe(applyMatrix(action, v));
    },
  );

  it('needs no XOR for permutations and few for the usual gates', () => {
    const count = (name: string) => frameActionSteps(unitaries.find((g) => g.name === name)!.frameAction).xors.length;
    expect(count('H')).toBe(0);
    expect(count('SWAP')).toBe(0);
    expect(count('CX')).toBe(2);
    expect(count('CZ')).toBe(2);
    expect(count('S')).toBe(1);
  });

  it('decomposes random invertible 4x4 GF(2) matrices', () => {
    const rng = Xoshiro128.fromSeed(11);
    let tested = 0;
    while (tested < 200) {
      const action = Array.from({ length: 4 }, () => rng.nextUint32() & 15);
      const image = new Set(Array.from({ length: 16 }, (_, v) => applyMatrix(action, v)));
      if (image.size !== 16) {
        expect(() => frameActionSteps(action)).toThrow(/not invertible/);
        continue;
      }
      for (let v = 0; v < 16; v++) expect(applySteps(action, v)).toBe(applyMatrix(action, v));
      tested++;
    }
  });
});
