import type { Circuit } from '../circuit/circuit.ts';
import { Xoshiro128, type Rng } from '@verilab/core';
import { bytesPerShot } from '../shots/row-bits.ts';
import { compileFrameProgram, type FrameProgramOptions } from './compile-frame-program.ts';
import type { FrameProgram } from './frame-program.ts';
import { noiseTablesBytes, RNG_STATE_AT, writeNoiseTables, type DrawSource } from './noise-kernel.ts';
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
 * whole program, noise included, runs in WebAssembly: plane-kernels.ts, noise-kernel.ts).
 *
 * Determinism: shots are simulated in batches of `MAX_BATCH_SHOTS` (the last one smaller), and
 * the random draws depend only on the circuit, the Rng state and the batch sizes. So the same
 * circuit, seed and shot count give the same bits on every machine, and `sample(a)` followed by
 * `sample(b)` on the same Rng equals `sample(a + b)` when `a` is a multiple of
 * `MAX_BATCH_SHOTS` (which is how the CLI streams).
 */
export const MAX_BATCH_SHOTS = 1024;

/** How a host shares the sampler's compiled WebAssembly with its worker threads. */
export { planeKernelsModule, usePlaneKernelsModule } from './plane-kernels.ts';

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
  /**
   * Arrays to write the detector and observable rows into (every byte of the first `shots`
   * rows is written), returned as views of that length, instead of fresh arrays: for a writer
   * that samples chunk after chunk, since the kernel maps and zeroes a fresh array page by page.
   */
  readonly into?: { readonly detectors: Uint8Array; readonly observables: Uint8Array };
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
   * `p * words + w` for the batch's `words`) and a scratch plane, then the transpose's read
   * slack, the rows of one transposed region, the program's code and its noise tables
   * (noise-kernel.ts).
   */
  private readonly kernels: PlaneKernels;
  private readonly state: Uint32Array;
  private readonly bytes: Uint8Array;
  private readonly rowsAt: number;
  private readonly codeAt: number;
  private readonly tablesAt: number;
  /** The Rng a `sample` call draws from when it is not a Xoshiro128 (the kernels call back into it). */
  private hostRng: Rng | undefined;

  constructor(program: FrameProgram) {
    this.program = program;
    this.numQubits = program.numQubits;
    this.numMeasurements = program.numMeasurements;
    this.numDetectors = program.numDetectors;
    this.numObservables = program.numObservables;
    // One more plane than the program's: the noise tables' scratch plane (noise-kernel.ts).
    const stateBytes = (program.numPlanes + 1) * MAX_WORDS * 4;
    const widestRow = Math.max(...[program.numDetectors, program.numObservables, program.measuredQubits.length, program.numMeasurements].map(bytesPerShot));
    this.rowsAt = stateBytes + transposeReadSlack(MAX_WORDS * 4);
    this.codeAt = this.rowsAt + (MAX_BATCH_SHOTS + TRANSPOSE_EXTRA_ROWS) * widestRow;
    // The noise tables hold doubles: start them on a multiple of 8.
    this.tablesAt = Math.ceil((this.codeAt + 4 * program.code.length) / 8) * 8;
    this.kernels = createPlaneKernels(this.tablesAt + noiseTablesBytes(program.channels), () => this.hostRng!.nextUint32());
    this.state = new Uint32Array(this.kernels.buffer, 0, program.numPlanes * MAX_WORDS);
    this.bytes = new Uint8Array(this.kernels.buffer);
    new Int32Array(this.kernels.buffer, this.codeAt, program.code.length).set(program.code);
    writeNoiseTables(program.channels, this.kernels.buffer, this.tablesAt, program.numPlanes);
  }

  /**
   * Samples `shots` shots. A Xoshiro128 is run inside the kernels (its state copied in, and
   * back out at the end); any other Rng is called for every 32 bits. Both draw the same words
   * in the same order, so the bits depend only on the stream.
   */
  sample(shots: number, rng: Rng, options: SampleOptions = {}): SampleBatch {
    if (!Number.isSafeInteger(shots) || shots < 0) throw new RangeError(`shots must be a non-negative integer, got ${shots}`);
    const p = this.program;
    const wantFrames = options.finalFrames === true;
    const K = p.measuredQubits.length;
    const wantFlips = options.measurementFlips === true;
    const detectors = rowsFor(options.into?.detectors, shots * bytesPerShot(p.numDetectors), 'detector');
    const observables = rowsFor(options.into?.observables, shots * bytesPerShot(p.numObservables), 'observable');
    const finalX = new Uint8Array(wantFrames ? shots * bytesPerShot(K) : 0);
    const finalZ = new Uint8Array(wantFrames ? shots * bytesPerShot(K) : 0);
    const flips = new Uint8Array(wantFlips ? shots * bytesPerShot(p.numMeasurements) : 0);
    const inKernel = rng instanceof Xoshiro128;
    const rngState = new Uint32Array(this.kernels.buffer, this.tablesAt + RNG_STATE_AT, 4);
    if (inKernel) rngState.set(rng.state());
    this.hostRng = inKernel ? undefined : rng;
    try {
      for (let done = 0; done < shots; done += MAX_BATCH_SHOTS) {
        const n = Math.min(MAX_BATCH_SHOTS, shots - done);
        const words = (n + 31) >>> 5;
        this.runBatch(words, inKernel ? 'xoshiro' : 'host', wantFrames);
        this.writeRows(words, p.detectorPlane, p.numDetectors, n, detectors, done);
        this.writeRows(words, p.observablePlane, p.numObservables, n, observables, done);
        if (wantFrames) {
          this.writeRows(words, p.finalXPlane, K, n, finalX, done);
          this.writeRows(words, p.finalZPlane, K, n, finalZ, done);
        }
        if (wantFlips) this.writeRows(words, p.recordPlane, p.numMeasurements, n, flips, done);
      }
    } finally {
      this.hostRng = undefined;
    }
    if (inKernel) rng.setState([rngState[0]!, rngState[1]!, rngState[2]!, rngState[3]!]);
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

  /** Runs the program once over `words` × 32 shots (padding shots are simulated and dropped). */
  private runBatch(words: number, draw: DrawSource, wantFrames: boolean): void {
    const code = this.program.code;
    this.state.fill(0, 0, this.program.numPlanes * words);
    const pc = this.kernels.runProgram(this.codeAt, 0, code.length, words * 4, wantFrames, this.tablesAt, draw);
    if (pc < code.length) throw new Error(`corrupt frame program: opcode ${code[pc]} at ${pc}`);
  }
}

/** The first `length` bytes of `into`, or a fresh array without it. */
function rowsFor(into: Uint8Array | undefined, length: number, what: string): Uint8Array {
  if (into === undefined) return new Uint8Array(length);
  if (into.length < length) throw new RangeError(`the ${what} rows need ${length} bytes, got ${into.length}`);
  return into.subarray(0, length);
}
