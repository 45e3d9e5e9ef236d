/**
 * Gate semantics as one data table, read by the parser and printer (names, aliases, argument
 * and target shapes), the Pauli-frame sampler (frame action, measurement basis, noise
 * components) and the detector-error-model analysis (the same, run backwards).
 *
 * Conventions follow Stim's gate reference (quantumlib/Stim doc/gates.md). A Pauli frame on a
 * qubit is the pair of bits (x, z): an X component flips Z-basis measurements, a Z component
 * flips X-basis measurements, Y = both.
 */

/** What a gate does, which decides how every consumer treats it. */
export type GateKind =
  /** A Clifford unitary: conjugates the frame by `frameAction`. */
  | 'unitary'
  /** Resets each target into `basis`; the frame is cleared. */
  | 'reset'
  /** Measures each target in `basis`; the frame component anticommuting with it flips the result. */
  | 'measure'
  /** Measures in `basis`, then resets into it. */
  | 'measure-reset'
  /** A Pauli channel applied independently to each target group. */
  | 'noise'
  /** Declares something about the circuit (coords, detectors, observables, ticks). */
  | 'annotation';

export type Basis = 'X' | 'Y' | 'Z';

/**
 * How a Clifford acts on a Pauli frame, row by row. For a gate on `arity` qubits the frame
 * bits are indexed x0 = bit 0, z0 = bit 1, x1 = bit 2, z1 = bit 3; row i is the bit mask of
 * old bits whose XOR gives new bit i. Signs are irrelevant to frames and are dropped.
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

export interface GateSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly kind: GateKind;
  readonly args: ArgumentShape;
  readonly targets: TargetShape;
  /** Qubits consumed per application: 2 for two-qubit gates, 1 otherwise (0 for annotations). */
  readonly arity: 0 | 1 | 2;
  readonly basis?: Basis;
  readonly frameAction?: FrameAction;
  /** Disjoint components of the channel for the given arguments (noise gates only). */
  readonly noise?: (args: readonly number[]) => readonly NoiseComponent[];
}

const IDENTITY_1: FrameAction = [0b01, 0b10];

const PAULIS = ['I', 'X', 'Y', 'Z'] as const;

/** The 15 non-identity two-qubit Paulis in Stim's order (IX, IY, IZ, XI, XX, ..., ZZ). */
const TWO_QUBIT_PAULIS: readonly string[] = PAULIS.flatMap((a) => PAULIS.map((b) => a + b)).filter(
  (pair) => pair !== 'II',
);

const unitary1 = (name: string, aliases: readonly string[], frameAction: FrameAction): GateSpec => ({
  name,
  aliases,
  kind: 'unitary',
  args: { kind: 'none' },
  targets: 'qubits',
  arity: 1,
  frameAction,
});

const unitary2 = (name: string, aliases: readonly string[], frameAction: FrameAction): GateSpec => ({
  name,
  aliases,
  kind: 'unitary',
  args: { kind: 'none' },
  targets: 'qubit-pairs',
  arity: 2,
  frameAction,
});

const collapsing = (
  name: string,
  aliases: readonly string[],
  kind: 'reset' | 'measure' | 'measure-reset',
  basis: Basis,
): GateSpec => ({
  name,
  aliases,
  kind,
  args: kind === 'reset' ? { kind: 'none' } : { kind: 'optional-probability' },
  targets: 'qubits',
  arity: 1,
  basis,
});

const pauliError = (name: string, pauli: 'X' | 'Y' | 'Z'): GateSpec => ({
  name,
  aliases: [],
  kind: 'noise',
  args: { kind: 'probabilities', count: 1 },
  targets: 'qubits',
  arity: 1,
  noise: (args) => [{ paulis: pauli, probability: args[0] ?? 0 }],
});

const annotation = (name: string, args: ArgumentShape, targets: TargetShape): GateSpec => ({
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

  // Single-qubit Cliffords. Rows: new x, new z as masks of (x = 1, z = 2).
  unitary1('I', [], IDENTITY_1),
  unitary1('X', [], IDENTITY_1),
  unitary1('Y', [], IDENTITY_1),
  unitary1('Z', [], IDENTITY_1),
  unitary1('H', ['H_XZ'], [0b10, 0b01]),
  unitary1('S', ['SQRT_Z'], [0b01, 0b11]),
  unitary1('S_DAG', ['SQRT_Z_DAG'], [0b01, 0b11]),
  unitary1('SQRT_X', [], [0b11, 0b10]),
  unitary1('SQRT_X_DAG', [], [0b11, 0b10]),

  // Two-qubit Cliffords. Rows: new x0, z0, x1, z1 as masks of (x0 = 1, z0 = 2, x1 = 4, z1 = 8).
  unitary2('CX', ['CNOT', 'ZCX'], [0b0001, 0b1010, 0b0101, 0b1000]),
  unitary2('CY', ['ZCY'], [0b0001, 0b1110, 0b0101, 0b1001]),
  unitary2('CZ', ['ZCZ'], [0b0001, 0b0110, 0b0100, 0b1001]),
  unitary2('SWAP', [], [0b0100, 0b1000, 0b0001, 0b0010]),

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
