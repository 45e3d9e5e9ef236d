import type { Circuit, Instruction } from '../circuit/circuit.ts';
import { countQubits } from '../circuit/circuit-shape.ts';
import type { Basis } from '../circuit/gate-table.ts';
import { forEachInstruction } from '../sample/for-each-instruction.ts';
import { bytesPerShot } from '../shots/row-bits.ts';
import { StabilizerTableau } from './stabilizer-tableau.ts';

/**
 * The noiseless reference sample of a circuit, as Stim's `reference_sample()` computes it: the
 * measurement record of one noiseless run (noise channels and result-flip probabilities
 * ignored), with every random measurement taking result 0. Measurement sampling reports each
 * shot as this record XOR the frame sampler's flips, and `m2d` XORs it out of measured data.
 *
 * Returns one packed row (shots/row-bits.ts) of the circuit's measurement count.
 */
export function referenceSample(circuit: Circuit): Uint8Array {
  const tableau = new StabilizerTableau(countQubits(circuit));
  const record: number[] = [];
  forEachInstruction(circuit, (instruction) => apply(tableau, instruction, record));
  const row = new Uint8Array(bytesPerShot(record.length));
  record.forEach((bit, k) => {
    row[k >>> 3]! |= bit << (k & 7);
  });
  return row;
}

function qubits(instruction: Instruction): number[] {
  return instruction.targets.map((t) => {
    if (t.type !== 'qubit') throw new Error(`${instruction.gate} takes qubit targets, got rec[-${t.lookback}]`);
    return t.qubit;
  });
}

/** Rotates `basis` onto Z (so a Z measurement measures `basis`), or back when `inverse`. */
function rotateToZ(t: StabilizerTableau, q: number, basis: Basis, inverse: boolean): void {
  if (basis === 'X') t.h(q);
  else if (basis === 'Y') {
    // S_DAG then H maps Y to Z; H then S maps it back.
    if (inverse) {
      t.h(q);
      t.s(q);
    } else {
      sDag(t, q);
      t.h(q);
    }
  }
}

function sDag(t: StabilizerTableau, q: number): void {
  t.s(q);
  t.pauli(q, 'Z');
}

function apply(t: StabilizerTableau, instruction: Instruction, record: number[]): void {
  const { spec } = instruction;
  if (spec.kind === 'noise' || spec.kind === 'annotation') return;
  if (spec.kind !== 'unitary') {
    const { basis } = spec;
    const qs = qubits(instruction);
    instruction.targets.forEach((target, k) => {
      const q = qs[k]!;
      rotateToZ(t, q, basis, false);
      const result = t.measureZ(q);
      if (spec.kind !== 'reset') record.push(result ^ (target.type === 'qubit' && target.inverted ? 1 : 0));
      if (spec.kind !== 'measure' && result === 1) t.pauli(q, 'X');
      rotateToZ(t, q, basis, true);
    });
    return;
  }
  const qs = qubits(instruction);
  if (spec.arity === 2) {
    for (let i = 0; i + 1 < qs.length; i += 2) twoQubit(t, spec.name, qs[i]!, qs[i + 1]!);
  } else {
    for (const q of qs) oneQubit(t, spec.name, q);
  }
}

function oneQubit(t: StabilizerTableau, gate: string, q: number): void {
  switch (gate) {
    case 'I':
      return;
    case 'X':
    case 'Y':
    case 'Z':
      return t.pauli(q, gate);
    case 'H':
      return t.h(q);
    case 'S':
      return t.s(q);
    case 'S_DAG':
      return sDag(t, q);
    case 'SQRT_X': // H S H
    case 'SQRT_X_DAG': // H S_DAG H
      t.h(q);
      if (gate === 'SQRT_X') t.s(q);
      else sDag(t, q);
      return t.h(q);
    default:
      throw new Error(`the reference-sample simulator has no rule for ${gate}`);
  }
}

function twoQubit(t: StabilizerTableau, gate: string, a: number, b: number): void {
  switch (gate) {
    case 'CX':
      return t.cx(a, b);
    case 'CY': // S_b · CX · S_DAG_b: conjugating the target's X by S gives Y.
      sDag(t, b);
      t.cx(a, b);
      return t.s(b);
    case 'CZ': // H_b · CX · H_b
      t.h(b);
      t.cx(a, b);
      return t.h(b);
    case 'SWAP':
      return t.swap(a, b);
    default:
      throw new Error(`the reference-sample simulator has no rule for ${gate}`);
  }
}
