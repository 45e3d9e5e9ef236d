/**
 * A Clifford gate written as its Pauli flows, in the notation of Stim's gate reference
 * (quantumlib/Stim doc/gates.md, "Stabilizer Generators"): the image of each single-qubit
 * generator under conjugation, `U·P·U†`, with its sign. One qubit: `['X -> +Y', 'Z -> +Z']`
 * (S). Two qubits: `['X_ -> +XX', 'Z_ -> +Z_', '_X -> +_X', '_Z -> +ZZ']` (CX), `_` meaning
 * identity on that qubit.
 *
 * The sampler and the error analysis only need the unsigned part, the frame action
 * (gate-table.ts), which `frameActionOf` derives from the flows when the table loads; the signs
 * are kept so that the flows can be checked as a tableau (gate-flows.test.ts composes each gate
 * with its inverse).
 */

/** The flows of a 1- or 2-qubit Clifford, one line per generator in the order X, Z (per qubit). */
export type PauliFlows = readonly string[];

/** The generators a flow list must start from, in order, for `arity` qubits. */
export function flowGenerators(arity: 1 | 2): readonly string[] {
  return arity === 1 ? ['X', 'Z'] : ['X_', 'Z_', '_X', '_Z'];
}

const FLOW = /^([XZ_]+) -> ([+-])([IXYZ_]+)$/;

/**
 * Each generator's image as Pauli letters (`I` for identity), checking the flows are written in
 * generator order; the sign is checked for syntax and dropped, as frames drop it.
 */
function unsignedImages(flows: PauliFlows, arity: 1 | 2): string[] {
  const generators = flowGenerators(arity);
  if (flows.length !== generators.length) throw new Error(`expected ${generators.length} flows, got ${flows.length}`);
  return flows.map((flow, i) => {
    const match = FLOW.exec(flow);
    if (match === null || match[1] !== generators[i] || match[3]!.length !== arity) {
      throw new Error(`flow ${i} "${flow}" is not "${generators[i]} -> ±P" with P on ${arity} qubit(s)`);
    }
    return match[3]!.replaceAll('_', 'I');
  });
}

/** Frame bits of a Pauli string: qubit k's X part is bit 2k, its Z part bit 2k + 1. */
export function pauliBits(paulis: string): number {
  let bits = 0;
  [...paulis].forEach((pauli, k) => {
    if (pauli === 'X' || pauli === 'Y') bits |= 1 << (2 * k);
    if (pauli === 'Z' || pauli === 'Y') bits |= 1 << (2 * k + 1);
  });
  return bits;
}

/**
 * The frame action (row i = mask of old frame bits XORed into new bit i) of a gate with these
 * flows. Generator j is frame bit j, so new bit i collects every generator whose image has bit i.
 */
export function frameActionOf(flows: PauliFlows, arity: 1 | 2): number[] {
  const images = unsignedImages(flows, arity).map(pauliBits);
  return images.map((_, i) => images.reduce((row, image, j) => row | (((image >>> i) & 1) << j), 0));
}
