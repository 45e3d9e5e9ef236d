/**
 * The circuit model: Stim's circuit language as plain immutable data.
 *
 * Vocabulary follows Stim (Gidney 2021, arXiv:2103.02202): a circuit is a list of items; an
 * instruction applies one gate (by canonical name, see `gate-table.ts`) with parenthesised
 * arguments to a list of targets; `REPEAT n { ... }` repeats a body; `rec[-k]` targets look back
 * k measurements in the record. Comments are kept as items so a parsed fixture prints back to
 * the same text.
 */

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
  /** Canonical gate name from the gate table (aliases are resolved by the parser). */
  readonly gate: string;
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

export const instruction = (
  gate: string,
  targets: readonly Target[] = [],
  args: readonly number[] = [],
): Instruction => ({ kind: 'instruction', gate, args, targets });
