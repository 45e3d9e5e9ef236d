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
  /** Every fault merged into the mechanism, in circuit order. */
  readonly faults: readonly FaultLocation[];
  /** The frame of the most probable fault (ties: the first in circuit order). */
  readonly frame: DataFrame;
  /** One frame per `^`-separated component, from the same fault; they XOR to its symptoms. */
  readonly componentFrames: readonly DataFrame[];
}

/** One fault's share of an error class, with its frames as sorted frame-probe codes. */
export interface Contribution {
  readonly fault: FaultLocation;
  /** Target group within the instruction and channel combination, for circuit order. */
  readonly group: number;
  readonly combination: number;
  readonly frame: readonly number[];
  /** Aligned with the class's `^`-separated components. */
  readonly componentFrames: readonly (readonly number[])[];
}

export function compareCircuitOrder(a: Contribution, b: Contribution): number {
  return (
    a.fault.instructionIndex - b.fault.instructionIndex ||
    a.group - b.group ||
    a.combination - b.combination
  );
}

/** The most probable contribution, ties broken by circuit order. */
export function representative(contributions: readonly Contribution[]): Contribution {
  let best = contributions[0];
  if (best === undefined) throw new Error('an error class without contributions has no provenance');
  for (const c of contributions) {
    const p = c.fault.probability;
    const q = best.fault.probability;
    if (p > q || (p === q && compareCircuitOrder(c, best) < 0)) best = c;
  }
  return best;
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

export function mechanismProvenance(contributions: readonly Contribution[]): MechanismProvenance {
  const chosen = representative(contributions);
  return {
    faults: [...contributions].sort(compareCircuitOrder).map((c) => c.fault),
    frame: toDataFrame(chosen.frame),
    componentFrames: chosen.componentFrames.map(toDataFrame),
  };
}
