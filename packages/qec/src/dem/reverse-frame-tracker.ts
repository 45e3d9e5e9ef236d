/**
 * Backward sensitivity tracking (Stim's `SparseUnsignedRevFrameTracker`,
 * quantumlib/Stim src/stim/simulators/sparse_rev_frame_tracker.cc).
 *
 * Walking the circuit from the end to the start, `flippedByX[q]` is the set of detectors and
 * observables (and frame probes, see below) that an X error on qubit q at the current moment
 * would flip; `flippedByZ[q]` likewise for Z. A Clifford U run backwards maps the sets through
 * the transpose of its frame action: an error e before U equals U e U† after it, so
 * S_before(bit j) = XOR over rows i of the action that contain j of S_after(bit i). This is the
 * Heisenberg picture of Gidney's Stim paper (arXiv:2103.02202, §"Detector error models").
 *
 * Frame probes make provenance exact and cheap: at each qubit's last measurement we add one
 * probe for its X frame bit to `flippedByX[q]` and one for its Z bit to `flippedByZ[q]`.
 * Propagated back, a fault's symptom set then also lists which frame bits it leaves on which
 * qubits just before their last measurements. Measurements leave frames alone (a Pauli frame
 * passes through them); resets clear them.
 */
import { flippingComponents, type Basis, type UnitaryGate } from '../circuit/gate-table.ts';
import { ErrorAnalysisError } from './error-analysis-error.ts';
import { describeCode, frameStart, frameXCode, frameZCode, xorSorted } from './symptom-codes.ts';

const EMPTY: readonly number[] = [];

export class ReverseFrameTracker {
  readonly flippedByX: (readonly number[])[];
  readonly flippedByZ: (readonly number[])[];
  /** Sensitivities of not-yet-undone measurement results, by absolute measurement index. */
  private readonly recordSensitivity = new Map<number, readonly number[]>();
  private readonly probed: boolean[];
  measurementsInPast: number;
  detectorsInPast: number;

  constructor(numQubits: number, numMeasurements: number, numDetectors: number) {
    this.flippedByX = new Array<readonly number[]>(numQubits).fill(EMPTY);
    this.flippedByZ = new Array<readonly number[]>(numQubits).fill(EMPTY);
    this.probed = new Array<boolean>(numQubits).fill(false);
    this.measurementsInPast = numMeasurements;
    this.detectorsInPast = numDetectors;
  }

  /**
   * Symptoms of a Pauli given as (qubit, letter) pairs: XOR of the matching sensitivities. The
   * letters are read as bits, and both sets are read and both XORs made (with an empty set for
   * a missing part) whatever the letter: the analysis calls this hundreds of thousands of
   * times, and comparing letters or reading a set only for some compiled it, and its callers,
   * for the letters met first (X_ERROR's, at the end of a circuit), to be thrown away and
   * compiled again at the first other letter.
   */
  pauliSensitivity(qubits: readonly number[], paulis: string): readonly number[] {
    let out: readonly number[] = EMPTY;
    for (let k = 0; k < qubits.length; k++) {
      const q = qubits[k]!;
      const bits = PAULI_BITS[paulis.charCodeAt(k)] ?? 0;
      const x = this.flippedByX[q]!;
      const z = this.flippedByZ[q]!;
      out = xorSorted(out, (bits & 1) !== 0 ? x : EMPTY);
      out = xorSorted(out, (bits & 2) !== 0 ? z : EMPTY);
    }
    return out;
  }

  /** Undoes one application of a Clifford to `qubits` (one group of its targets). */
  undoUnitary(gate: UnitaryGate, qubits: readonly number[]): void {
    const action = gate.frameAction;
    // Bit 2i is qubit i's X sensitivity, bit 2i + 1 its Z sensitivity (gate-table convention).
    // The sets before and after live in scratch arrays: the analysis undoes tens of thousands of gates.
    const width = 2 * qubits.length;
    const after = scratchAfter;
    const before = scratchBefore;
    for (let i = 0; i < qubits.length; i++) {
      after[2 * i] = this.flippedByX[qubits[i]!]!;
      after[2 * i + 1] = this.flippedByZ[qubits[i]!]!;
    }
    for (let j = 0; j < width; j++) before[j] = EMPTY;
    for (let i = 0; i < action.length; i++) {
      const row = action[i]!;
      for (let j = 0; j < width; j++) {
        if ((row >> j) & 1) before[j] = xorSorted(before[j]!, after[i]!);
      }
    }
    for (let i = 0; i < qubits.length; i++) {
      this.flippedByX[qubits[i]!] = before[2 * i]!;
      this.flippedByZ[qubits[i]!] = before[2 * i + 1]!;
    }
  }

  /** Undoes a reset: nothing before it survives. Throws if a detector depended on the gauge. */
  undoReset(qubit: number, basis: Basis, where: string): void {
    this.checkDeterministic(qubit, basis, where);
    this.flippedByX[qubit] = EMPTY;
    this.flippedByZ[qubit] = EMPTY;
  }

  /**
   * Undoes a measurement and returns the symptoms of flipping its result. The result's
   * sensitivity joins the qubit's sensitivity to the errors that flip it (X for a Z-basis
   * measurement, Z for X-basis, both for Y).
   *
   * At a qubit's last measurement (the first one met going backwards) the frame probes are
   * anchored, and a flip of that result is reported with the frame bit of the Pauli it is
   * equivalent to for this result (X for Z and Y bases, Z for X) — the convention of the
   * sampler's final frames, which keeps a frame's parity over an observable's support equal to
   * the observable flip. Flips of earlier results leave no frame.
   */
  undoMeasurement(qubit: number, basis: Basis, where: string): readonly number[] {
    this.measurementsInPast--;
    const index = this.measurementsInPast;
    const flipped = this.recordSensitivity.get(index) ?? EMPTY;
    this.recordSensitivity.delete(index);
    const reads = flippingComponents(basis);
    if (reads.x) this.flippedByX[qubit] = xorSorted(this.flippedByX[qubit]!, flipped);
    if (reads.z) this.flippedByZ[qubit] = xorSorted(this.flippedByZ[qubit]!, flipped);
    this.checkDeterministic(qubit, basis, where);
    if (this.probed[qubit]) return flipped;
    this.probed[qubit] = true;
    this.flippedByX[qubit] = xorSorted(this.flippedByX[qubit]!, [frameXCode(qubit)]);
    this.flippedByZ[qubit] = xorSorted(this.flippedByZ[qubit]!, [frameZCode(qubit)]);
    return xorSorted(flipped, [basis === 'X' ? frameZCode(qubit) : frameXCode(qubit)]);
  }

  /** Undoes `DETECTOR rec[-a] rec[-b] ...`, returning the detector's id. */
  undoDetector(lookbacks: readonly number[]): number {
    this.detectorsInPast--;
    const id = this.detectorsInPast;
    this.includeInRecords(lookbacks, id);
    return id;
  }

  /** Undoes `OBSERVABLE_INCLUDE(k) rec[-a] ...` with the observable's code. */
  undoObservableInclude(lookbacks: readonly number[], code: number): void {
    this.includeInRecords(lookbacks, code);
  }

  /** At the start of the circuit every qubit is |0>: nothing may be sensitive to Z there. */
  checkInitialization(): void {
    this.flippedByZ.forEach((_, q) => {
      const gauge = this.gaugeCodes(q, 'Z');
      if (gauge !== undefined) throw new NonDeterministicError(gauge, q, `the initial |0> state of qubit ${q}`);
    });
  }

  private includeInRecords(lookbacks: readonly number[], code: number): void {
    for (const lookback of lookbacks) {
      const index = this.measurementsInPast - lookback;
      if (index < 0) {
        throw new ErrorAnalysisError(`rec[-${lookback}] refers to a measurement before the start of the circuit`);
      }
      this.recordSensitivity.set(index, xorSorted(this.recordSensitivity.get(index) ?? EMPTY, [code]));
    }
  }

  /** Throws if a detector or observable depends on the gauge of a collapse (`where`, on this qubit). */
  private checkDeterministic(qubit: number, basis: Basis, where: string): void {
    const gauge = this.gaugeCodes(qubit, basis);
    // The message is only built when the check fails: it runs at every measurement and reset.
    if (gauge !== undefined) throw new NonDeterministicError(gauge, qubit, `${where} on qubit ${qubit}`);
  }

  /**
   * A collapse into `basis` randomizes the anticommuting Pauli; a detector or observable that is
   * sensitive to it would be random (Stim's `check_for_gauge`). Frame probes may be. Returns
   * those detectors and observables, undefined when there are none.
   */
  private gaugeCodes(qubit: number, basis: Basis): readonly number[] | undefined {
    const x = this.flippedByX[qubit]!;
    const z = this.flippedByZ[qubit]!;
    // The DEM targets are each set's prefix before its frame probes.
    const xEnd = frameStart(x);
    const zEnd = frameStart(z);
    // After a Z-basis collapse a Z error is invisible, so a symptom sensitive to one reads the
    // random X-basis gauge. Likewise X basis ↔ X errors, Y basis ↔ X xor Z.
    const deterministic = basis === 'Z' ? zEnd === 0 : basis === 'X' ? xEnd === 0 : sameCodes(x, xEnd, z, zEnd);
    if (deterministic) return undefined;
    const xPart = x.slice(0, xEnd);
    const zPart = z.slice(0, zEnd);
    return basis === 'Z' ? zPart : basis === 'X' ? xPart : xorSorted(xPart, zPart);
  }
}

/** By a Pauli letter's character code: bit 0 its X part, bit 1 its Z part. */
const PAULI_BITS = (() => {
  const bits = new Uint8Array(128);
  bits['X'.charCodeAt(0)] = 1;
  bits['Z'.charCodeAt(0)] = 2;
  bits['Y'.charCodeAt(0)] = 3;
  return bits;
})();

/** Scratch of undoUnitary: a gate group's sensitivities after it and before it. */
const scratchAfter: (readonly number[])[] = [];
const scratchBefore: (readonly number[])[] = [];

/** Whether a[0, aEnd) and b[0, bEnd) hold the same codes. */
function sameCodes(a: readonly number[], aEnd: number, b: readonly number[], bEnd: number): boolean {
  if (aEnd !== bEnd) return false;
  for (let c = 0; c < aEnd; c++) if (a[c] !== b[c]) return false;
  return true;
}

/** A detector or observable anticommutes with a reset or measurement (or the initial state). */
export class NonDeterministicError extends ErrorAnalysisError {
  readonly codes: readonly number[];
  readonly qubit: number;

  constructor(codes: readonly number[], qubit: number, context: string) {
    super(
      `the circuit has non-deterministic detectors or observables: ${codes.map(describeCode).join(', ')} ` +
        `anticommute with ${context}`,
    );
    this.codes = codes;
    this.qubit = qubit;
  }
}
