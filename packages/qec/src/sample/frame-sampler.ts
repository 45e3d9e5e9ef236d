import type { Circuit } from '../circuit/circuit.ts';
import type { Rng } from '@verilab/core';
import { bytesPerShot } from '../shots/row-bits.ts';
import { compileFrameProgram, type FrameProgramOptions } from './compile-frame-program.ts';
import { OP_CHANNEL, OP_CLEAR, OP_RANDOMIZE, OP_SNAPSHOT, OP_XOR, type FrameProgram } from './frame-program.ts';
import { geometricGapOf } from './geometric-gap.ts';
import { transposePlanesToRows } from './transpose-planes.ts';

/**
 * Bit-parallel Pauli-frame sampling of detection events and observable flips (Gidney 2021,
 * "Stim: a fast stabilizer circuit simulator", arXiv:2103.02202, §frame simulation).
 *
 * A Pauli frame records, per shot, which Pauli the noisy run differs from a noiseless reference
 * run by. Detectors and observables of a valid QEC circuit are deterministic in the noiseless
 * run, so a detection event (and an observable flip) is just the XOR of the frame-induced flips
 * of the measurements it includes: no stabilizer tableau or reference sample is needed. 32 shots
 * share each Uint32 word, and a batch of up to `MAX_BATCH_SHOTS` shots is simulated together,
 * so every gate costs a few word operations per 32 shots.
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
  private readonly state: Uint32Array;
  /** The same memory as 64-bit lanes, for XOR when a batch has an even number of words. */
  private readonly lanes: BigUint64Array;
  private readonly scratch = new Int32Array(32);

  constructor(program: FrameProgram) {
    this.program = program;
    this.numQubits = program.numQubits;
    this.numMeasurements = program.numMeasurements;
    this.numDetectors = program.numDetectors;
    this.numObservables = program.numObservables;
    this.state = new Uint32Array(program.numPlanes * MAX_WORDS);
    this.lanes = new BigUint64Array(this.state.buffer);
  }

  sample(shots: number, rng: Rng, options: SampleOptions = {}): SampleBatch {
    if (!Number.isSafeInteger(shots) || shots < 0) throw new RangeError(`shots must be a non-negative integer, got ${shots}`);
    const p = this.program;
    const wantFrames = options.finalFrames === true;
    const detBytes = bytesPerShot(p.numDetectors);
    const obsBytes = bytesPerShot(p.numObservables);
    const K = p.measuredQubits.length;
    const frameBytes = bytesPerShot(K);
    const detectors = new Uint8Array(shots * detBytes);
    const observables = new Uint8Array(shots * obsBytes);
    const finalX = new Uint8Array(wantFrames ? shots * frameBytes : 0);
    const finalZ = new Uint8Array(wantFrames ? shots * frameBytes : 0);
    const wantFlips = options.measurementFlips === true;
    const flipBytes = bytesPerShot(p.numMeasurements);
    const flips = new Uint8Array(wantFlips ? shots * flipBytes : 0);
    for (let done = 0; done < shots; done += MAX_BATCH_SHOTS) {
      const n = Math.min(MAX_BATCH_SHOTS, shots - done);
      const words = (n + 31) >>> 5;
      this.runBatch(words, rng, wantFrames);
      const s = this.state;
      const t = this.scratch;
      transposePlanesToRows(s, words, p.detectorPlane, p.numDetectors, n, detectors, detBytes, done, t);
      transposePlanesToRows(s, words, p.observablePlane, p.numObservables, n, observables, obsBytes, done, t);
      if (wantFrames) {
        transposePlanesToRows(s, words, p.finalXPlane, K, n, finalX, frameBytes, done, t);
        transposePlanesToRows(s, words, p.finalZPlane, K, n, finalZ, frameBytes, done, t);
      }
      if (wantFlips) transposePlanesToRows(s, words, p.recordPlane, p.numMeasurements, n, flips, flipBytes, done, t);
    }
    return {
      shots,
      detectors,
      observables,
      ...(wantFrames ? { finalFrames: { qubits: p.measuredQubits, x: finalX, z: finalZ } } : {}),
      ...(wantFlips ? { measurementFlips: flips } : {}),
    };
  }

  /** Runs the program once over `words` × 32 shots (padding shots are simulated and dropped). */
  private runBatch(words: number, rng: Rng, wantFrames: boolean): void {
    const state = this.state;
    const code = this.program.code;
    state.fill(0, 0, this.program.numPlanes * words);
    // Planes of an even number of words are whole 64-bit lanes (every full batch): XOR them as
    // BigUint64Array lanes, which V8 compiles to 64-bit integer operations, half the operations
    // of 32-bit words.
    const lanes = (words & 1) === 0 ? this.lanes : undefined;
    const half = words >>> 1;
    for (let pc = 0; pc < code.length; ) {
      const op = code[pc]!;
      if (op === OP_XOR || (op === OP_SNAPSHOT && wantFrames)) {
        if (lanes !== undefined) xorLanes(lanes, code[pc + 1]! * half, code[pc + 2]! * half, half);
        else xorPlane(state, code[pc + 1]! * words, code[pc + 2]! * words, words);
        pc += 3;
      } else if (op === OP_SNAPSHOT) {
        pc += 3;
      } else if (op === OP_CLEAR) {
        clearPlane(state, code[pc + 1]! * words, words);
        pc += 2;
      } else if (op === OP_RANDOMIZE) {
        const dst = code[pc + 1]! * words;
        for (let w = 0; w < words; w++) state[dst + w]! ^= rng.nextUint32();
        pc += 2;
      } else if (op === OP_CHANNEL) {
        this.runChannel(code[pc + 1]!, words, rng);
        pc += 2;
      } else {
        throw new Error(`corrupt frame program: opcode ${op} at ${pc}`);
      }
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

/**
 * state[dst .. dst + words) ^= state[src .. src + words). Four words per step: the loop runs
 * once per gate per batch, so its own overhead is a large part of the cost (measured ~1.6× faster
 * than one word per step with words = 32).
 */
function xorPlane(state: Uint32Array, dst: number, src: number, words: number): void {
  const end = dst + words;
  const unrolledEnd = end - (words & 3);
  for (; dst < unrolledEnd; dst += 4, src += 4) {
    state[dst] = state[dst]! ^ state[src]!;
    state[dst + 1] = state[dst + 1]! ^ state[src + 1]!;
    state[dst + 2] = state[dst + 2]! ^ state[src + 2]!;
    state[dst + 3] = state[dst + 3]! ^ state[src + 3]!;
  }
  for (; dst < end; dst++, src++) state[dst] = state[dst]! ^ state[src]!;
}

/** xorPlane over 64-bit lanes: lanes[dst .. dst + count) ^= lanes[src .. src + count). */
function xorLanes(lanes: BigUint64Array, dst: number, src: number, count: number): void {
  const end = dst + count;
  const unrolledEnd = end - (count & 1);
  for (; dst < unrolledEnd; dst += 2, src += 2) {
    lanes[dst] = lanes[dst]! ^ lanes[src]!;
    lanes[dst + 1] = lanes[dst + 1]! ^ lanes[src + 1]!;
  }
  if (dst < end) lanes[dst] = lanes[dst]! ^ lanes[src]!;
}

/**
 * state[dst .. dst + words) = 0, by hand, four words per step: `fill` on 32 words (even on
 * 16 BigUint64 lanes) costs more in call overhead than it saves.
 */
function clearPlane(state: Uint32Array, dst: number, words: number): void {
  const end = dst + words;
  for (const unrolledEnd = end - (words & 3); dst < unrolledEnd; dst += 4) {
    state[dst] = 0;
    state[dst + 1] = 0;
    state[dst + 2] = 0;
    state[dst + 3] = 0;
  }
  for (; dst < end; dst++) state[dst] = 0;
}
