/**
 * Provenance of detector-error-model mechanisms: which physical faults produce each `error(...)`
 * line, and the Pauli frame they leave on the qubits.
 *
 * A frame is read just before each qubit's last measurement: the fault propagated forward
 * through the Cliffords (resets clear it, measurements let it pass). A fault after a qubit's
 * last measurement leaves nothing on it. A measurement-result flip is not a Pauli, so it leaves
 * nothing either — except a flip of a qubit's last result, which counts as the Pauli that
 * would flip that result (X for Z- and Y-basis, Z for X-basis), as the sampler's final frames
 * do: then a frame's parity over an observable's measured qubits always equals whether the
 * mechanism flips that observable.
 *
 * When several faults share one mechanism (identical symptoms, merged with
 * p = p1(1 − p2) + p2(1 − p1)), their frames can only differ by a Pauli that flips no detector
 * and no observable — otherwise their symptoms would differ. Any of them is then an equally
 * valid correction as far as every detector and observable is concerned; we report the most
 * probable one (ties: the first in circuit order), the likeliest physical explanation.
 */
import type { ErrorClass, ErrorClassTable, FaultRecord } from './error-class-table.ts';
import { FRAME_BASE } from './symptom-codes.ts';

/** One physical fault: one outcome of one noise channel applied to one target group. */
export interface FaultLocation {
  /**
   * Position in the circuit's instruction stream with REPEAT blocks unrolled and comments
   * skipped (the order `forEachInstruction` visits).
   */
  readonly instructionIndex: number;
  /** Canonical gate name of the noise channel or measurement. */
  readonly gate: string;
  readonly qubits: readonly number[];
  /** One Pauli letter per qubit (`"X"`, `"ZY"`); empty for a measurement-result flip. */
  readonly paulis: string;
  readonly kind: 'pauli' | 'measurement-flip';
  /**
   * The independent probability this fault adds to its mechanism: the channel's own for
   * `X_ERROR` and measurement flips, the per-combination probability Stim derives for
   * `DEPOLARIZE1`/`DEPOLARIZE2` (see depolarizing-probabilities.ts).
   */
  readonly probability: number;
}

/** A Pauli frame: qubits with an X component and qubits with a Z component (sorted). */
export interface DataFrame {
  readonly x: readonly number[];
  readonly z: readonly number[];
}

export interface MechanismProvenance {
  /** Every fault merged into the mechanism, in circuit order (throws if the analysis kept no fault lists). */
  readonly faults: readonly FaultLocation[];
  /** The frame of the most probable fault (ties: the first in circuit order). */
  readonly frame: DataFrame;
  /** One frame per `^`-separated component, from the same fault; they XOR to its symptoms. */
  readonly componentFrames: readonly DataFrame[];
}

export function compareCircuitOrder(a: FaultRecord, b: FaultRecord): number {
  return a.instructionIndex - b.instructionIndex || a.group - b.group || a.combination - b.combination;
}

/** Decodes sorted frame-probe codes (FRAME_BASE + 2q + bit) into a frame. */
export function toDataFrame(probes: readonly number[]): DataFrame {
  const x: number[] = [];
  const z: number[] = [];
  for (const code of probes) {
    const offset = code - FRAME_BASE;
    if (offset % 2 === 0) x.push(offset / 2);
    else z.push((offset - 1) / 2);
  }
  return { x, z };
}

/** Describes a recorded fault again from the circuit (gate, qubits, Paulis). */
export type FaultLocator = (fault: FaultRecord) => FaultLocation;

/**
 * A class's provenance, built each time it is read: a large model has hundreds of thousands of
 * mechanisms and most callers read one part of a few of them, once (a decoder reads the
 * component frames of the mechanisms it matched). It keeps only the table and the class's
 * index — the table holds the fault chain and the representative's frames — so the many
 * provenance objects of a large model stay small.
 */
export function mechanismProvenance(table: ErrorClassTable, errorClass: ErrorClass, locate: FaultLocator): MechanismProvenance {
  return new TableProvenance(table, errorClass, locate);
}

class TableProvenance implements MechanismProvenance {
  private readonly table: ErrorClassTable;
  private readonly errorClass: ErrorClass;
  private readonly locate: FaultLocator;

  constructor(table: ErrorClassTable, errorClass: ErrorClass, locate: FaultLocator) {
    this.table = table;
    this.errorClass = errorClass;
    this.locate = locate;
  }

  get faults(): readonly FaultLocation[] {
    return this.table.faultsOf(this.errorClass).sort(compareCircuitOrder).map(this.locate);
  }

  get frame(): DataFrame {
    return toDataFrame(this.table.frameOf(this.errorClass));
  }

  get componentFrames(): readonly DataFrame[] {
    return this.table.componentFramesOf(this.errorClass).map(toDataFrame);
  }
}
