import type { Circuit } from '../circuit/circuit.ts';
import type { Rng } from '@verilab/core';
import { bytesPerShot } from '../shots/row-bits.ts';
import { compileFrameProgram, type FrameProgramOptions } from './compile-frame-program.ts';
import { OP_CHANNEL, OP_RANDOMIZE, type FrameProgram } from './frame-program.ts';
import { geometricGapOf } from './geometric-gap.ts';
import { createPlaneKernels, TRANSPOSE_EXTRA_ROWS, transposeReadSlack, type PlaneKernels } from './plane-kernels.ts';

/**
 * Bit-parallel Pauli-frame sampling of detection events and observable flips (Gidney 2021,
 * "Stim: a fast stabilizer circuit simulator", arXiv:2103.02202, §frame simulation).
 *
 * A Pauli frame records, per shot, which Pauli the noisy run differs from a noiseless reference
 * run by. Detectors and observables of a valid QEC circuit are deterministic in the noiseless
 * run, so a detection event (and an observable flip) is just the XOR of the frame-induced flips
 * of the measurements it includes: no stabilizer tableau or reference sample is needed. 32 shots
 * share each Uint32 word, and a batch of up to `MAX_BATCH_SHOTS` shots is simulated together,
 * so every gate costs a few word operations per 32 shots (vector operations per 128, as the
 * plane work runs in WebAssembly: plane-kernels.ts).
 *
 * Determinism: shots are simulated in batches of `MAX_BATCH_SHOTS` (the last one smaller), and
 * the random draws depend only on the circuit, the Rng state and the batch sizes. So the same
 * circuit, seed and shot count give the same bits on every machine, and `sample(a)` followed by
 * `sample(b)` on the same Rng equals `sample(a + b)` when `a` is a multiple of
 * `MAX_BATCH_SHOTS` (which is how the CLI streams).
 */
export const MAX_BATCH_SHOTS = 1024;

export interface FinalFrames {
  /** Qubits measured at least once, ascending. */
  readonly qubits: readonly number[];
  /** Packed rows over `qubits` (bit k = qubits[k]): the X part of the frame just before that
   *  qubit's last measurement, with that measurement's result-flip probability folded in. */
  readonly x: Uint8Array;
  /** Same for the Z part. */
  readonly z: Uint8Array;
}

export interface SampleBatch {
  readonly shots: number;
  /** Packed rows (Stim's b8 layout), numDetectors bits per shot. */
  readonly detectors: Uint8Array;
  /** Packed rows, numObservables bits per shot. */
  readonly observables: Uint8Array;
  readonly finalFrames?: FinalFrames;
  /** Packed rows, numMeasurements bits per shot: which measurement results differ from the
   *  noiseless reference sample (tableau/reference-sample.ts). */
  readonly measurementFlips?: Uint8Array;
}

export interface SampleOptions {
  /** Also return each measured qubit's frame before its last measurement (the true error). */
  readonly finalFrames?: boolean;
  /** Also return the measurement flips (meaningful for raw results with `randomizeGauge`). */
  readonly measurementFlips?: boolean;
}

export interface FrameSampler {
  readonly numQubits: number;
  readonly numMeasurements: number;
  readonly numDetectors: number;
  readonly numObservables: number;
  sample(shots: number, rng: Rng, options?: SampleOptions): SampleBatch;
}

export function compileFrameSampler(circuit: Circuit, options: FrameProgramOptions = {}): FrameSampler {
  return new CompiledFrameSampler(compileFrameProgram(circuit, options));
}

export type { FrameProgramOptions } from './compile-frame-program.ts';

const MAX_WORDS = MAX_BATCH_SHOTS / 32;

class CompiledFrameSampler implements FrameSampler {
  readonly numQubits: number;
  readonly numMeasurements: number;
  readonly numDetectors: number;
  readonly numObservables: number;
  private readonly program: FrameProgram;
  /**
   * The kernels' memory (plane-kernels.ts): the planes at byte 0 (plane p, word w at
   * `p * words + w` for the batch's `words`), then the transpose's read slack, the rows of one
   * transposed region, and the program's code.
   */
  private readonly kernels: PlaneKernels;
  private readonly state: Uint32Array;
  private readonly bytes: Uint8Array;
  private readonly rowsAt: number;
  private readonly codeAt: number;

  constructor(program: FrameProgram) {
    this.program = program;
    this.numQubits = program.numQubits;
    this.numMeasurements = program.numMeasurements;
    this.numDetectors = program.numDetectors;
    this.numObservables = program.numObservables;
    const stateBytes = program.numPlanes * MAX_WORDS * 4;
    const widestRow = Math.max(...[program.numDetectors, program.numObservables, program.measuredQubits.length, program.numMeasurements].map(bytesPerShot));
    this.rowsAt = stateBytes + transposeReadSlack(MAX_WORDS * 4);
    this.codeAt = this.rowsAt + (MAX_BATCH_SHOTS + TRANSPOSE_EXTRA_ROWS) * widestRow;
    this.kernels = createPlaneKernels(this.codeAt + 4 * program.code.length);
    this.state = new Uint32Array(this.kernels.buffer, 0, program.numPlanes * MAX_WORDS);
    this.bytes = new Uint8Array(this.kernels.buffer);
    new Int32Array(this.kernels.buffer, this.codeAt, program.code.length).set(program.code);
  }

  sample(shots: number, rng: Rng, options: SampleOptions = {}): SampleBatch {
    if (!Number.isSafeInteger(shots) || shots < 0) throw new RangeError(`shots must be a non-negative integer, got ${shots}`);
    const p = this.program;
    const wantFrames = options.finalFrames === true;
    const K = p.measuredQubits.length;
    const wantFlips = options.measurementFlips === true;
    const detectors = new Uint8Array(shots * bytesPerShot(p.numDetectors));
    const observables = new Uint8Array(shots * bytesPerShot(p.numObservables));
    const finalX = new Uint8Array(wantFrames ? shots * bytesPerShot(K) : 0);
    const finalZ = new Uint8Array(wantFrames ? shots * bytesPerShot(K) : 0);
    const flips = new Uint8Array(wantFlips ? shots * bytesPerShot(p.numMeasurements) : 0);
    for (let done = 0; done < shots; done += MAX_BATCH_SHOTS) {
      const n = Math.min(MAX_BATCH_SHOTS, shots - done);
      const words = (n + 31) >>> 5;
      this.runBatch(words, rng, wantFrames);
      this.writeRows(words, p.detectorPlane, p.numDetectors, n, detectors, done);
      this.writeRows(words, p.observablePlane, p.numObservables, n, observables, done);
      if (wantFrames) {
        this.writeRows(words, p.finalXPlane, K, n, finalX, done);
        this.writeRows(words, p.finalZPlane, K, n, finalZ, done);
      }
      if (wantFlips) this.writeRows(words, p.recordPlane, p.numMeasurements, n, flips, done);
    }
    return {
      shots,
      detectors,
      observables,
      ...(wantFrames ? { finalFrames: { qubits: p.measuredQubits, x: finalX, z: finalZ } } : {}),
      ...(wantFlips ? { measurementFlips: flips } : {}),
    };
  }

  /** Planes [firstPlane, firstPlane + count) of the batch's `shots` shots as rows `firstRow`… of `out`. */
  private writeRows(words: number, firstPlane: number, count: number, shots: number, out: Uint8Array, firstRow: number): void {
    if (count === 0) return;
    const rowBytes = bytesPerShot(count);
    this.kernels.transposeToRows(firstPlane * words * 4, words * 4, count, shots, this.rowsAt, rowBytes);
    out.set(this.bytes.subarray(this.rowsAt, this.rowsAt + shots * rowBytes), firstRow * rowBytes);
  }

  /**
   * Runs the program once over `words` × 32 shots (padding shots are simulated and dropped):
   * the kernels run the plane operations up to each noise channel or randomization, which
   * happen here.
   */
  private runBatch(words: number, rng: Rng, wantFrames: boolean): void {
    const state = this.state;
    const code = this.program.code;
    const end = code.length;
    state.fill(0, 0, this.program.numPlanes * words);
    for (let pc = 0; ; ) {
      pc = this.kernels.runPlaneOps(this.codeAt, pc, end, words * 4, wantFrames);
      if (pc >= end) return;
      const op = code[pc]!;
      if (op === OP_CHANNEL) {
        this.runChannel(code[pc + 1]!, words, rng);
      } else if (op === OP_RANDOMIZE) {
        const dst = code[pc + 1]! * words;
        for (let w = 0; w < words; w++) state[dst + w]! ^= rng.nextUint32();
      } else {
        throw new Error(`corrupt frame program: opcode ${op} at ${pc}`);
      }
      pc += 2;
    }
  }

  /**
   * Samples channel c over all (group, shot) trials of the batch by geometric skipping: one
   * draw per hit instead of one per trial. A hit then picks one of the channel's disjoint
   * outcomes by weight (DEPOLARIZE1's X/Y/Z, DEPOLARIZE2's 15 Paulis), so outcomes never stack.
   */
  private runChannel(c: number, words: number, rng: Rng): void {
    const ch = this.program.channels;
    const state = this.state;
    const logOneMinusP = ch.logOneMinusP[c]!;
    const components = ch.components[c]!;
    const cumStart = ch.cumulativeStart[c]!;
    const slotStart = ch.slotStart[c]!;
    const slotCount = ch.slotCount[c]!;
    const slots = ch.slots;
    const outcomeStart = ch.outcomeStart[c]!;
    const outcomeStride = ch.outcomeStride[c]!;
    const outcomeSlots = ch.outcomeSlots;
    const cumulative = ch.cumulative;
    const batchShots = words * 32;
    const trials = ch.groups[c]! * batchShots;
    const last = components - 1;
    // p ≥ 1 fires every trial without a draw, as geometricGap does; p > 0 here (the compiler
    // drops p = 0 channels), so for p < 1 the gap is geometricGap's, computed by
    // geometricGapOf (same bits, rarely a Math.log).
    const always = logOneMinusP === Number.NEGATIVE_INFINITY;
    const inverseLog = 1 / logOneMinusP;
    for (let i = -1; ; ) {
      i += always ? 1 : 1 + geometricGapOf(1 - rng.nextDouble(), logOneMinusP, inverseLog);
      if (i >= trials) break;
      // i < trials < 2^31, so integer division by `| 0` is exact.
      const group = (i / batchShots) | 0;
      const shot = i - group * batchShots;
      let k = 0;
      if (last > 0) {
        // The outcome is the first k with u < cumulative[k] (the last one if none). Start from
        // where u would land if the weights were equal (they are for DEPOLARIZE1/2) and step
        // to that k, instead of scanning all 15 of DEPOLARIZE2's outcomes from the first.
        const u = rng.nextDouble();
        k = Math.min(last, Math.floor(u * components));
        while (k > 0 && u < cumulative[cumStart + k - 1]!) k--;
        while (k < last && u >= cumulative[cumStart + k]!) k++;
      }
      const groupSlots = slotStart + group * slotCount;
      const outcome = outcomeStart + k * outcomeStride;
      const word = shot >>> 5;
      const bit = 1 << (shot & 31);
      for (let j = 1, count = outcomeSlots[outcome]!; j <= count; j++) {
        const plane = slots[groupSlots + outcomeSlots[outcome + j]!]!;
        if (plane >= 0) state[plane * words + word]! ^= bit;
      }
    }
  }
}
