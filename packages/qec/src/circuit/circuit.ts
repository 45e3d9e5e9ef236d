/**
 * The circuit model: Stim's circuit language as plain immutable data.
 *
 * Vocabulary follows Stim (Gidney 2021, arXiv:2103.02202): a circuit is a list of items; an
 * instruction applies one gate (its row of `gate-table.ts`) with parenthesised
 * arguments to a list of targets; `REPEAT n { ... }` repeats a body; `rec[-k]` targets look back
 * k measurements in the record. Comments are kept as items so a parsed fixture prints back to
 * the same text.
 */

import { findGate, SUPPORTED_GATE_NAMES, type GateSpec } from './gate-table.ts';

/** A qubit target, optionally inverted (`!5`, meaningful on measurements). */
export interface QubitTarget {
  readonly type: 'qubit';
  readonly qubit: number;
  readonly inverted: boolean;
}

/** A measurement-record target `rec[-lookback]` (lookback ≥ 1). */
export interface RecordTarget {
  readonly type: 'rec';
  readonly lookback: number;
}

export type Target = QubitTarget | RecordTarget;

export interface Instruction {
  readonly kind: 'instruction';
  /** The gate's canonical name, `spec.name` (aliases are resolved when the instruction is made). */
  readonly gate: string;
  /** The gate's row of the table: consumers read its kind, basis, flows or noise from here. */
  readonly spec: GateSpec;
  readonly args: readonly number[];
  readonly targets: readonly Target[];
}

export interface RepeatBlock {
  readonly kind: 'repeat';
  readonly repetitions: number;
  readonly body: Circuit;
}

/** A full-line comment; `text` is everything after the `#`, verbatim. */
export interface Comment {
  readonly kind: 'comment';
  readonly text: string;
}

export type CircuitItem = Instruction | RepeatBlock | Comment;

export interface Circuit {
  readonly items: readonly CircuitItem[];
}

export const qubit = (index: number, inverted = false): QubitTarget => ({
  type: 'qubit',
  qubit: index,
  inverted,
});

export const rec = (lookback: number): RecordTarget => ({ type: 'rec', lookback });

/** Builds an instruction in code; `gate` is a name or alias of the table. */
export function instruction(gate: string | GateSpec, targets: readonly Target[] = [], args: readonly number[] = []): Instruction {
  const spec = typeof gate === 'string' ? findGate(gate) : gate;
  if (spec === undefined) throw new Error(`unknown gate "${String(gate)}"; supported gates: ${SUPPORTED_GATE_NAMES.join(', ')}`);
  return { kind: 'instruction', gate: spec.name, spec, args, targets };
}
