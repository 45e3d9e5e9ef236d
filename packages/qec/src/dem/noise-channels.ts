/**
 * How the error analysis sees each noise channel: a few basis Pauli errors whose 2^s − 1
 * products each fire independently, in Stim's basis order (quantumlib/Stim
 * src/stim/simulators/error_analyzer.cc, `undo_DEPOLARIZE1` etc.). The order matters: Stim's
 * intra-channel decomposition scans the combinations k = 1 … 2^s − 1 in index order and keeps
 * the first fit, so a different order could print a different (equally valid) `^` split.
 */
import type { NoiseGate } from '../circuit/gate-table.ts';
import {
  depolarize1ToIndependent,
  depolarize2ToIndependent,
  disjointToIndependentXyz,
} from './depolarizing-probabilities.ts';
import { ErrorAnalysisError } from './error-analysis-error.ts';

export interface IndependentChannel {
  /** Basis errors, one Pauli letter per qubit of the target group (e.g. `"ZI"`). */
  readonly basis: readonly string[];
  /** probabilities[k]: combination k (bit i set ⇔ basis[i] included); index 0 is the identity. */
  readonly probabilities: readonly number[];
  /** The probabilities are of disjoint cases (only when no independent form exists). */
  readonly disjoint: boolean;
}

const LETTER_BITS: Record<string, number> = { I: 0, X: 1, Z: 2, Y: 3 };
const BITS_LETTER = ['I', 'X', 'Z', 'Y'] as const;

/** The Pauli string of combination k (product of the selected basis errors, phases dropped). */
export function combinationPaulis(basis: readonly string[], k: number): string {
  const width = basis[0]?.length ?? 0;
  const bits = new Array<number>(width).fill(0);
  basis.forEach((pauli, i) => {
    if (((k >> i) & 1) === 0) return;
    for (let q = 0; q < width; q++) bits[q]! ^= LETTER_BITS[pauli[q]!]!;
  });
  return bits.map((b) => BITS_LETTER[b]).join('');
}

/** The independent form of one application of `gate(args)` to a target group. */
export function independentChannel(gate: NoiseGate, args: readonly number[]): IndependentChannel {
  const p = args[0] ?? 0;
  switch (gate.name) {
    case 'DEPOLARIZE1': {
      const q = depolarize1Checked(p);
      return { basis: ['Z', 'X'], probabilities: [0, q, q, q], disjoint: false };
    }
    case 'DEPOLARIZE2': {
      const q = depolarize2Checked(p);
      return { basis: ['ZI', 'XI', 'IZ', 'IX'], probabilities: [0, ...new Array<number>(15).fill(q)], disjoint: false };
    }
    case 'PAULI_CHANNEL_1':
      return pauliChannel1(args[0] ?? 0, args[1] ?? 0, args[2] ?? 0);
  }
  const components = gate.noise(args);
  if (components.length === 1) {
    // A single Pauli (X_ERROR, Y_ERROR, Z_ERROR) is already one independent mechanism.
    return { basis: [components[0]!.paulis], probabilities: [0, components[0]!.probability], disjoint: false };
  }
  throw new ErrorAnalysisError(`analyze_errors does not support the noise channel ${gate.name}`);
}

function depolarize1Checked(p: number): number {
  try {
    return depolarize1ToIndependent(p);
  } catch (error) {
    throw new ErrorAnalysisError(`cannot analyze ${(error as Error).message}`);
  }
}

function depolarize2Checked(p: number): number {
  try {
    return depolarize2ToIndependent(p);
  } catch (error) {
    throw new ErrorAnalysisError(`cannot analyze ${(error as Error).message}`);
  }
}

/** Basis X then Z; combination 3 = Y. */
function pauliChannel1(px: number, py: number, pz: number): IndependentChannel {
  const independent = disjointToIndependentXyz(px, py, pz);
  if (independent) {
    return {
      basis: ['X', 'Z'],
      probabilities: [0, independent.x, independent.z, independent.y],
      disjoint: false,
    };
  }
  // Stim only analyzes a non-independent channel exactly when at most one case is possible;
  // anything else needs its `--approximate_disjoint_errors`, which we do not offer.
  if ([px, py, pz].filter((v) => v > 0).length > 1) {
    throw new ErrorAnalysisError(
      `PAULI_CHANNEL_1(${px}, ${py}, ${pz}) has no exact independent-error form; ` +
        'analyzing it would need an approximation (Stim: --approximate_disjoint_errors), which is not supported',
    );
  }
  return { basis: ['X', 'Z'], probabilities: [0, px, pz, py], disjoint: true };
}
