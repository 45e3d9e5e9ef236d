/**
 * Gate semantics as one data table, read by the parser and printer (names, aliases, argument
 * and target shapes), the Pauli-frame sampler (frame action, measurement basis, noise
 * components) and the detector-error-model analysis (the same, run backwards). Each Clifford is
 * written as its Pauli flows and its frame action derived from them (pauli-flows.ts);
 * gate-flows.test.ts checks every row against Stim's flows and inverses.
 *
 * Conventions follow Stim's gate reference (quantumlib/Stim doc/gates.md). A Pauli frame on a
 * qubit is the pair of bits (x, z): an X component flips Z-basis measurements, a Z component
 * flips X-basis measurements, Y = both.
 */

import { frameActionOf, type PauliFlows } from './pauli-flows.ts';

export type Basis = 'X' | 'Y' | 'Z';

/**
 * How a Clifford acts on a Pauli frame, row by row. For a gate on `arity` qubits the frame
 * bits are indexed x0 = bit 0, z0 = bit 1, x1 = bit 2, z1 = bit 3; row i is the bit mask of
 * old bits whose XOR gives new bit i. Signs are irrelevant to frames and are dropped.
 * Derived from the gate's flows by `frameActionOf`.
 */
export type FrameAction = readonly number[];

/** One disjoint outcome of a Pauli channel: the Pauli applied to each qubit of the group. */
export interface NoiseComponent {
  /** One letter per target in the group, from `IXYZ`, e.g. `"X"` or `"ZY"`. */
  readonly paulis: string;
  readonly probability: number;
}

export type ArgumentShape =
  | { readonly kind: 'none' }
  /** Exactly `count` probabilities in [0, 1]. */
  | { readonly kind: 'probabilities'; readonly count: number }
  /** Any number of real coordinates (`QUBIT_COORDS`, `DETECTOR`, `SHIFT_COORDS`). */
  | { readonly kind: 'coordinates' }
  /** Exactly one non-negative integer (`OBSERVABLE_INCLUDE(k)`). */
  | { readonly kind: 'index' }
  /** Zero or one probability in [0, 1]: a measurement's result-flip probability. */
  | { readonly kind: 'optional-probability' };

export type TargetShape = 'qubits' | 'qubit-pairs' | 'records' | 'none';

/** What every gate has: how it is written. */
interface GateSyntax {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly args: ArgumentShape;
  readonly targets: TargetShape;
}

/** A Clifford unitary: conjugates the frame by `frameAction`. */
export interface UnitaryGate extends GateSyntax {
  readonly kind: 'unitary';
  /** Qubits per application. */
  readonly arity: 1 | 2;
  /** The gate's definition, as Stim's doc/gates.md writes it (pauli-flows.ts). */
  readonly flows: PauliFlows;
  /** Derived from `flows` when the table loads. */
  readonly frameAction: FrameAction;
}

/**
 * A gate that collapses each target in `basis`: `reset` prepares it (the frame is cleared),
 * `measure` reads it (the frame component anticommuting with the basis flips the result),
 * `measure-reset` does both.
 */
export interface CollapsingGate extends GateSyntax {
  readonly kind: 'reset' | 'measure' | 'measure-reset';
  readonly arity: 1;
  readonly basis: Basis;
}

/** A Pauli channel applied independently to each target group. */
export interface NoiseGate extends GateSyntax {
  readonly kind: 'noise';
  readonly arity: 1 | 2;
  /** Disjoint components of the channel for the given arguments. */
  readonly noise: (args: readonly number[]) => readonly NoiseComponent[];
}

/** Declares something about the circuit (coords, detectors, observables, ticks). */
export interface AnnotationGate extends GateSyntax {
  readonly kind: 'annotation';
  readonly arity: 0;
}

/** One row of the table; `kind` decides how every consumer treats the gate. */
export type GateSpec = UnitaryGate | CollapsingGate | NoiseGate | AnnotationGate;

const PAULIS = ['I', 'X', 'Y', 'Z'] as const;

/** The 15 non-identity two-qubit Paulis in Stim's order (IX, IY, IZ, XI, XX, ..., ZZ). */
const TWO_QUBIT_PAULIS: readonly string[] = PAULIS.flatMap((a) => PAULIS.map((b) => a + b)).filter(
  (pair) => pair !== 'II',
);

/** A Clifford gate from its Pauli flows as Stim's doc/gates.md lists them; the frame action is derived. */
const unitary = (name: string, aliases: readonly string[], flows: PauliFlows): UnitaryGate => {
  const arity = flows.length === 2 ? 1 : 2;
  return {
    name,
    aliases,
    kind: 'unitary',
    args: { kind: 'none' },
    targets: arity === 1 ? 'qubits' : 'qubit-pairs',
    arity,
    flows,
    frameAction: frameActionOf(flows, arity),
  };
};

const collapsing = (
  name: string,
  aliases: readonly string[],
  kind: 'reset' | 'measure' | 'measure-reset',
  basis: Basis,
): CollapsingGate => ({
  name,
  aliases,
  kind,
  args: kind === 'reset' ? { kind: 'none' } : { kind: 'optional-probability' },
  targets: 'qubits',
  arity: 1,
  basis,
});

const pauliError = (name: string, pauli: 'X' | 'Y' | 'Z'): NoiseGate => ({
  name,
  aliases: [],
  kind: 'noise',
  args: { kind: 'probabilities', count: 1 },
  targets: 'qubits',
  arity: 1,
  noise: (args) => [{ paulis: pauli, probability: args[0] ?? 0 }],
});

const annotation = (name: string, args: ArgumentShape, targets: TargetShape): AnnotationGate => ({
  name,
  aliases: [],
  kind: 'annotation',
  args,
  targets,
  arity: 0,
});

export const GATES: readonly GateSpec[] = [
  // Annotations.
  annotation('QUBIT_COORDS', { kind: 'coordinates' }, 'qubits'),
  annotation('SHIFT_COORDS', { kind: 'coordinates' }, 'none'),
  annotation('TICK', { kind: 'none' }, 'none'),
  annotation('DETECTOR', { kind: 'coordinates' }, 'records'),
  annotation('OBSERVABLE_INCLUDE', { kind: 'index' }, 'records'),

  // Single-qubit Cliffords: the image of X, then of Z.
  unitary('I', [], ['X -> +X', 'Z -> +Z']),
  unitary('X', [], ['X -> +X', 'Z -> -Z']),
  unitary('Y', [], ['X -> -X', 'Z -> -Z']),
  unitary('Z', [], ['X -> -X', 'Z -> +Z']),
  unitary('H', ['H_XZ'], ['X -> +Z', 'Z -> +X']),
  unitary('S', ['SQRT_Z'], ['X -> +Y', 'Z -> +Z']),
  unitary('S_DAG', ['SQRT_Z_DAG'], ['X -> -Y', 'Z -> +Z']),
  unitary('SQRT_X', [], ['X -> +X', 'Z -> -Y']),
  unitary('SQRT_X_DAG', [], ['X -> +X', 'Z -> +Y']),

  // Two-qubit Cliffords: the images of X_, Z_, _X, _Z (first qubit on the left).
  unitary('CX', ['CNOT', 'ZCX'], ['X_ -> +XX', 'Z_ -> +Z_', '_X -> +_X', '_Z -> +ZZ']),
  unitary('CY', ['ZCY'], ['X_ -> +XY', 'Z_ -> +Z_', '_X -> +ZX', '_Z -> +ZZ']),
  unitary('CZ', ['ZCZ'], ['X_ -> +XZ', 'Z_ -> +Z_', '_X -> +ZX', '_Z -> +_Z']),
  unitary('SWAP', [], ['X_ -> +_X', 'Z_ -> +_Z', '_X -> +X_', '_Z -> +Z_']),

  // Collapsing gates.
  collapsing('R', ['RZ'], 'reset', 'Z'),
  collapsing('RX', [], 'reset', 'X'),
  collapsing('RY', [], 'reset', 'Y'),
  collapsing('M', ['MZ'], 'measure', 'Z'),
  collapsing('MX', [], 'measure', 'X'),
  collapsing('MY', [], 'measure', 'Y'),
  collapsing('MR', ['MRZ'], 'measure-reset', 'Z'),
  collapsing('MRX', [], 'measure-reset', 'X'),
  collapsing('MRY', [], 'measure-reset', 'Y'),

  // Noise channels.
  pauliError('X_ERROR', 'X'),
  pauliError('Y_ERROR', 'Y'),
  pauliError('Z_ERROR', 'Z'),
  {
    name: 'DEPOLARIZE1',
    aliases: [],
    kind: 'noise',
    args: { kind: 'probabilities', count: 1 },
    targets: 'qubits',
    arity: 1,
    noise: (args) => ['X', 'Y', 'Z'].map((paulis) => ({ paulis, probability: (args[0] ?? 0) / 3 })),
  },
  {
    name: 'DEPOLARIZE2',
    aliases: [],
    kind: 'noise',
    args: { kind: 'probabilities', count: 1 },
    targets: 'qubit-pairs',
    arity: 2,
    noise: (args) =>
      TWO_QUBIT_PAULIS.map((paulis) => ({ paulis, probability: (args[0] ?? 0) / 15 })),
  },
  {
    name: 'PAULI_CHANNEL_1',
    aliases: [],
    kind: 'noise',
    args: { kind: 'probabilities', count: 3 },
    targets: 'qubits',
    arity: 1,
    noise: (args) =>
      ['X', 'Y', 'Z'].map((paulis, k) => ({ paulis, probability: args[k] ?? 0 })),
  },
];

const BY_NAME: ReadonlyMap<string, GateSpec> = new Map(
  GATES.flatMap((gate) => [gate.name, ...gate.aliases].map((name) => [name, gate] as const)),
);

/** Looks a gate up by its canonical name or an alias, case-insensitively as Stim does. */
export function findGate(name: string): GateSpec | undefined {
  return BY_NAME.get(name.toUpperCase());
}

/** The canonical names of every supported gate, for error messages. */
export const SUPPORTED_GATE_NAMES: readonly string[] = GATES.map((gate) => gate.name);

/** Which frame bit a measurement in `basis` reads: X-basis results flip on Z, Z on X, Y on both. */
export function flippingComponents(basis: Basis): { readonly x: boolean; readonly z: boolean } {
  return { x: basis !== 'X', z: basis !== 'Z' };
}
