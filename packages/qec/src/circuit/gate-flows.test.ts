/**
 * The gate table checked two ways against Stim, as Stim and Crumble check theirs:
 *
 *   1. every Clifford's frame action (the rows the sampler and the error analysis run) sends
 *      each generator to the image Stim's gate reference lists, and the table's signed flows are
 *      Stim's;
 *   2. every Clifford composed with its inverse (Stim's inverse table) is the identity, signs
 *      included, computed here with a small Pauli algebra of the test's own.
 *
 * Then each row is mutated to show the checks catch it.
 */
import { describe, expect, it } from 'vitest';
import { GATES, type GateSpec } from './gate-table.ts';
import { flowGenerators, frameActionOf, pauliBits, type PauliFlows } from './pauli-flows.ts';

/**
 * "Stabilizer Generators" of each gate, copied from Stim's gate reference (quantumlib/Stim
 * doc/gates.md; the same tables `stim.Tableau.from_named_gate(name)` prints).
 */
const STIM_FLOWS: Readonly<Record<string, PauliFlows>> = {
  I: ['X -> +X', 'Z -> +Z'],
  X: ['X -> +X', 'Z -> -Z'],
  Y: ['X -> -X', 'Z -> -Z'],
  Z: ['X -> -X', 'Z -> +Z'],
  H: ['X -> +Z', 'Z -> +X'],
  S: ['X -> +Y', 'Z -> +Z'],
  S_DAG: ['X -> -Y', 'Z -> +Z'],
  SQRT_X: ['X -> +X', 'Z -> -Y'],
  SQRT_X_DAG: ['X -> +X', 'Z -> +Y'],
  CX: ['X_ -> +XX', 'Z_ -> +Z_', '_X -> +_X', '_Z -> +ZZ'],
  CY: ['X_ -> +XY', 'Z_ -> +Z_', '_X -> +ZX', '_Z -> +ZZ'],
  CZ: ['X_ -> +XZ', 'Z_ -> +Z_', '_X -> +ZX', '_Z -> +_Z'],
  SWAP: ['X_ -> +_X', 'Z_ -> +_Z', '_X -> +X_', '_Z -> +Z_'],
};

/** Stim's inverse of each gate (`stim.gate_data(name).inverse`); the rest are their own inverse. */
const STIM_INVERSE: Readonly<Record<string, string>> = {
  S: 'S_DAG',
  S_DAG: 'S',
  SQRT_X: 'SQRT_X_DAG',
  SQRT_X_DAG: 'SQRT_X',
};

/** The frame rows the sampler compiled before the table was written as flows: same rows, same bits. */
const ROWS_BEFORE_FLOWS: Readonly<Record<string, readonly number[]>> = {
  I: [0b01, 0b10],
  X: [0b01, 0b10],
  Y: [0b01, 0b10],
  Z: [0b01, 0b10],
  H: [0b10, 0b01],
  S: [0b01, 0b11],
  S_DAG: [0b01, 0b11],
  SQRT_X: [0b11, 0b10],
  SQRT_X_DAG: [0b11, 0b10],
  CX: [0b0001, 0b1010, 0b0101, 0b1000],
  CY: [0b0001, 0b1110, 0b0101, 0b1001],
  CZ: [0b0001, 0b0110, 0b0100, 0b1001],
  SWAP: [0b0100, 0b1000, 0b0001, 0b0010],
};

// A signed Pauli string: i^phase · ⊗ paulis. Written from the Pauli multiplication table, not
// from pauli-flows.ts, so that the two checks share nothing with the code under test but notation.
interface Pauli {
  readonly phase: number;
  readonly paulis: string;
}

/** a·b for single-qubit Paulis: [power of i, result]; XY = iZ, YZ = iX, ZX = iY and reversed -i. */
function letterProduct(a: string, b: string): [number, string] {
  if (a === 'I') return [0, b];
  if (b === 'I' || a === b) return [0, b === 'I' ? a : 'I'];
  const cyclic = 'XYZ'.indexOf(b) === ('XYZ'.indexOf(a) + 1) % 3;
  return [cyclic ? 1 : 3, 'XYZ'.replace(a, '').replace(b, '')];
}

function multiply(a: Pauli, b: Pauli): Pauli {
  let phase = a.phase + b.phase;
  let paulis = '';
  for (let k = 0; k < a.paulis.length; k++) {
    const [power, letter] = letterProduct(a.paulis[k]!, b.paulis[k]!);
    phase += power;
    paulis += letter;
  }
  return { phase: phase % 4, paulis };
}

/** Stim's notation `±P` (`_` = I) as a signed Pauli. */
function signed(text: string): Pauli {
  return { phase: text.startsWith('-') ? 2 : 0, paulis: text.slice(1).replaceAll('_', 'I') };
}

const imagesOf = (flows: PauliFlows): Pauli[] => flows.map((flow) => signed(flow.split(' -> ')[1]!));

/** U·P·U† from U's generator images: P = i^phase · i^#Y · ∏_k X_k^x Z_k^z (Y = i·X·Z). */
function conjugate(flows: PauliFlows, p: Pauli): Pauli {
  const images = imagesOf(flows);
  let out: Pauli = { phase: p.phase, paulis: 'I'.repeat(p.paulis.length) };
  [...p.paulis].forEach((letter, k) => {
    if (letter === 'Y') out = { ...out, phase: (out.phase + 1) % 4 };
    if (letter === 'X' || letter === 'Y') out = multiply(out, images[2 * k]!);
    if (letter === 'Z' || letter === 'Y') out = multiply(out, images[2 * k + 1]!);
  });
  return out;
}

/** new frame bit i = parity(row i & old bits): how the sampler reads a frame action. */
function applyRows(rows: readonly number[], bits: number): number {
  return rows.reduce((out, row, i) => {
    let parity = 0;
    for (let m = row & bits; m !== 0; m &= m - 1) parity ^= 1;
    return out | (parity << i);
  }, 0);
}

const generatorsOf = (arity: 1 | 2): Pauli[] =>
  flowGenerators(arity).map((generator) => ({ phase: 0, paulis: generator.replaceAll('_', 'I') }));

/** Generators a frame action sends somewhere other than Stim's image (signs dropped, as frames do). */
function rowMismatches(rows: readonly number[], stimFlows: PauliFlows, arity: 1 | 2): string[] {
  const images = imagesOf(stimFlows);
  return generatorsOf(arity).flatMap((generator, j) =>
    applyRows(rows, pauliBits(generator.paulis)) === pauliBits(images[j]!.paulis) ? [] : [generator.paulis],
  );
}

/** Generators that gate-then-inverse does not return to themselves with a + sign. */
function inverseFailures(flows: PauliFlows, inverseFlows: PauliFlows, arity: 1 | 2): string[] {
  return generatorsOf(arity).flatMap((generator) => {
    const back = conjugate(inverseFlows, conjugate(flows, generator));
    return back.phase === 0 && back.paulis === generator.paulis ? [] : [generator.paulis];
  });
}

type Unitary = GateSpec & { readonly flows: PauliFlows; readonly frameAction: readonly number[]; readonly arity: 1 | 2 };
const unitaries = GATES.filter((gate): gate is Unitary => gate.kind === 'unitary');
const gateNamed = (name: string): Unitary => unitaries.find((gate) => gate.name === name)!;
const inverseOf = (gate: Unitary): Unitary => gateNamed(STIM_INVERSE[gate.name] ?? gate.name);

/** Everything the two checks find wrong with one gate whose rows or flows may be altered. */
function failures(gate: Unitary, rows: readonly number[], flows: PauliFlows): string[] {
  const stim = STIM_FLOWS[gate.name]!;
  const inverse = inverseOf(gate);
  return [
    ...rowMismatches(rows, stim, gate.arity).map((g) => `frame action moves ${g} off Stim's image`),
    ...flows.flatMap((flow, i) => (flow === stim[i] ? [] : [`flow "${flow}" is not Stim's "${stim[i]}"`])),
    ...inverseFailures(flows, inverse === gate ? flows : inverse.flows, gate.arity).map((g) => `${g} not restored by ${inverse.name}`),
  ];
}

describe('gate table against Stim', () => {
  it('covers every Clifford in the table', () => {
    expect(unitaries.map((gate) => gate.name).sort()).toEqual(Object.keys(STIM_FLOWS).sort());
  });

  it.each(unitaries.map((gate) => [gate.name, gate] as const))('%s: frame action and flows are Stim\'s, and its inverse undoes it', (_, gate) => {
    expect(failures(gate, gate.frameAction, gate.flows)).toEqual([]);
  });

  it('composes by the Pauli algebra it is checked with (S·S = Z, H·S·H = SQRT_X)', () => {
    const s = gateNamed('S').flows;
    const h = gateNamed('H').flows;
    for (const [j, generator] of generatorsOf(1).entries()) {
      expect(conjugate(s, conjugate(s, generator))).toEqual(imagesOf(STIM_FLOWS['Z']!)[j]);
      expect(conjugate(h, conjugate(s, conjugate(h, generator)))).toEqual(imagesOf(STIM_FLOWS['SQRT_X']!)[j]);
    }
  });

  it('catches any single changed bit of any row', () => {
    for (const gate of unitaries) {
      gate.frameAction.forEach((row, i) => {
        for (let bit = 0; bit < 2 * gate.arity; bit++) {
          const mutated = gate.frameAction.map((r, k) => (k === i ? row ^ (1 << bit) : r));
          expect(failures(gate, mutated, gate.flows), `${gate.name} row ${i} bit ${bit}`).not.toEqual([]);
        }
      });
    }
  });

  it('catches any changed sign or letter in any flow', () => {
    for (const gate of unitaries) {
      gate.flows.forEach((flow, i) => {
        const [generator, image] = flow.split(' -> ') as [string, string];
        const variants = [
          `${generator} -> ${image[0] === '+' ? '-' : '+'}${image.slice(1)}`,
          ...['X', 'Y', 'Z'].filter((l) => l !== image[1]).map((l) => `${generator} -> ${image[0]}${l}${image.slice(2)}`),
        ];
        for (const variant of variants) {
          const mutated = gate.flows.map((f, k) => (k === i ? variant : f));
          expect(failures(gate, gate.frameAction, mutated), `${gate.name}: ${variant}`).not.toEqual([]);
        }
      });
    }
  });

  it('refuses, when the table loads, flows out of generator order or on the wrong number of qubits', () => {
    expect(() => frameActionOf(['Z -> +X', 'X -> +Z'], 1)).toThrow(/flow 0 "Z -> \+X" is not "X -> ±P"/);
    expect(() => frameActionOf(['X_ -> +XX', 'Z_ -> +Z', '_X -> +_X', '_Z -> +ZZ'], 2)).toThrow(/flow 1/);
    expect(() => frameActionOf(['X -> +Z'], 1)).toThrow(/expected 2 flows, got 1/);
  });

  it('derives exactly the rows the sampler ran before (so sampled bits are unchanged)', () => {
    expect(Object.fromEntries(unitaries.map((gate) => [gate.name, gate.frameAction]))).toEqual(ROWS_BEFORE_FLOWS);
  });
});
