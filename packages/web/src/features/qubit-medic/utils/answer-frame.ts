import type { DataFrame } from '@verilab/qubit-medic';

/**
 * The answer being built by clicking data qubits: a Pauli frame in LLM ids, kept sorted so
 * that equal answers compare equal and read the same in the answer string.
 */
export type Pauli = 'X' | 'Z';
export type PauliAt = 'I' | 'X' | 'Y' | 'Z';

export const EMPTY_FRAME: DataFrame = { x: [], z: [] };

export function toggleError(frame: DataFrame, pauli: Pauli, id: number): DataFrame {
  const flip = (ids: readonly number[]) => (ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id].sort((a, b) => a - b));
  return pauli === 'X' ? { x: flip(frame.x), z: frame.z } : { x: frame.x, z: flip(frame.z) };
}

export function pauliAt(frame: DataFrame, id: number): PauliAt {
  const x = frame.x.includes(id);
  const z = frame.z.includes(id);
  return x && z ? 'Y' : x ? 'X' : z ? 'Z' : 'I';
}

export function sameFrame(a: DataFrame, b: DataFrame): boolean {
  const same = (p: readonly number[], q: readonly number[]) => {
    const set = new Set(p);
    return set.size === new Set(q).size && q.every((id) => set.has(id));
  };
  return same(a.x, b.x) && same(a.z, b.z);
}
