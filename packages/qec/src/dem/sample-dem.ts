import { geometricGap, ok, type Result, type Rng, type TextIssue } from '@verilab/core';
import { grown } from '../matching/search/grown-array.ts';
import { geometricGapOf } from '../sample/geometric-gap.ts';
import { bytesPerShot } from '../shots/row-bits.ts';
import type { FlatDem } from './flatten-dem.ts';
import { observableCode, parseDem, scanDem, SEPARATOR_CODE } from './parse-dem.ts';

/** Packed rows (shots/row-bits.ts layout) of one batch of DEM samples. */
export interface DemSample {
  readonly shots: number;
  /** `numDetectors` bits per shot: which detectors fired. */
  readonly detectors: Uint8Array;
  /** `numObservables` bits per shot: which observables flipped. */
  readonly observables: Uint8Array;
  /** `numErrors` bits per shot, one per mechanism of `FlatDem.errors`: which mechanisms fired. */
  readonly errors?: Uint8Array;
}

export interface DemSampleOptions {
  /** Also report which mechanisms fired (Stim's `sample_dem --err_out`). */
  readonly errors?: boolean;
}

export interface DemStreamOptions {
  /**
   * Each take returns (zeroed) views into arrays the stream keeps from one take to the next
   * instead of fresh arrays, so the caller must be done with a take's rows before the next
   * take. For a writer that hands each batch to a file before sampling the next: a fresh array
   * of megabytes is mapped and zeroed by the kernel page by page, ~23k page faults for the 90 MB
   * of a d5 6M-shot `sample_dem`.
   */
  readonly reuseRows?: boolean;
}

export interface DemSampler {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly numErrors: number;
  /** `shots` independent samples; the same (DEM, Rng state, shots) always gives the same bits. */
  sample(shots: number, rng: Rng, options?: DemSampleOptions): DemSample;
  /**
   * A sample stream for batched output (the CLI): `take` continues where the last call stopped,
   * and takes of whole multiples of DEM_SAMPLE_BLOCK_SHOTS followed by any last take give
   * exactly the bits of one `sample` call for the total.
   */
  stream(rng: Rng, options?: DemStreamOptions): DemSampleStream;
  /**
   * The detectors and observables that given mechanism firings produce (packed rows of
   * `numErrors` bits, e.g. from `--err_out`) — Stim's `sample_dem --replay_err_in`. Random-free.
   */
  replay(errors: Uint8Array, shots: number): DemSample;
}

export interface DemSampleStream {
  take(shots: number, options?: DemSampleOptions): DemSample;
}

/**
 * Shots per block: every mechanism is advanced through one block before the next block starts,
 * so the rows being XORed (block × row bytes) stay in cache. The order of random draws depends
 * on this constant, so it is part of the determinism contract: changing it changes every
 * seeded sample.
 */
export const DEM_SAMPLE_BLOCK_SHOTS = 4096;

/**
 * Compiles a sampler for a flattened DEM. Each mechanism fires independently in each shot with
 * its probability; instead of one coin per (shot, mechanism) we jump from firing to firing with
 * geometric gaps (@verilab/core rng/geometric.ts), so a batch costs O(mechanisms + firings) — at the error
 * rates of interest, far fewer than shots × mechanisms. Stim's `DemSampler` draws a biased random
 * bit table per mechanism instead (src/stim/simulators/dem_sampler.cc); the distribution is the
 * same, the bits are not (Stim's seeds are not portable to our PRNG anyway).
 */
export function compileDemSampler(dem: FlatDem): DemSampler {
  const mechanisms = new MechanismTable();
  dem.errors.forEach((error, i) => {
    const p = error.probability;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`error mechanism ${i} has probability ${p}, outside [0, 1]`);
    for (const d of error.detectors) {
      if (d >= dem.numDetectors) throw new RangeError(`error mechanism ${i} names D${d} but the DEM has ${dem.numDetectors} detectors`);
    }
    for (const o of error.observables) {
      if (o >= dem.numObservables) throw new RangeError(`error mechanism ${i} names L${o} but the DEM has ${dem.numObservables} observables`);
    }
    mechanisms.add(p, error.detectors, error.observables);
  });
  return samplerOf(dem.numDetectors, dem.numObservables, mechanisms);
}

/**
 * compileDemSampler(flattenDem(parseDem(text))), read straight from the text (scanDem): no
 * parsed or flattened model is built, only the sampler's arrays (at d = 13 the model and its
 * flattening cost more CPU than a second of sampling does). A mechanism's detectors are kept as
 * named, cancelling pairs and all, which flip the same bits as flattenDem's XOR-reduced ones;
 * the counts are flattenDem's (every id named, cancelled or not, and every declaration). Text
 * that does not parse gives parseDem's issues.
 */
export function compileDemSamplerFromText(text: string): Result<DemSampler, TextIssue> {
  const mechanisms = new MechanismTable();
  let detectorShift = 0;
  // Beyond the mechanisms' own bounds, for ids only declared.
  let numDetectors = 0;
  let numObservables = 0;
  const read = scanDem(text, {
    error(p, codes, start, end) {
      mechanisms.addCodes(p, codes, start, end, detectorShift);
    },
    instruction(instruction) {
      if (instruction.kind === 'shift_detectors') detectorShift += instruction.detectorShift;
      else if (instruction.kind === 'detector') for (const id of instruction.ids) numDetectors = Math.max(numDetectors, id + detectorShift + 1);
      else if (instruction.kind === 'logical_observable') for (const id of instruction.ids) numObservables = Math.max(numObservables, id + 1);
    },
  });
  if (!read) {
    const parsed = parseDem(text);
    if (!parsed.ok) return parsed;
    throw new Error('scanDem refused a model parseDem reads');
  }
  return ok(samplerOf(Math.max(numDetectors, mechanisms.detectorBound), Math.max(numObservables, mechanisms.observableBound), mechanisms));
}

/** The most detectors (or observables) a sampled row holds: symptoms are stored as int32 bit indices. */
const MAX_ROW_BITS = 0x7fffffff;

/**
 * Mechanisms as the sampler reads them: per mechanism ln(1 − p), and its symptoms (detector or
 * observable indices, i.e. bit positions within a row) in flat arrays, mechanism i's at
 * detectorStart[i] .. detectorStart[i + 1] (likewise for observables). Grown by doubling.
 */
class MechanismTable {
  count = 0;
  logOneMinusP = new Float64Array(256);
  detectorStart = new Int32Array(257);
  observableStart = new Int32Array(257);
  detectors = new Int32Array(1024);
  observables = new Int32Array(64);
  /** The largest detector id named + 1 (0 if none), and likewise for observables. */
  detectorBound = 0;
  observableBound = 0;
  private detectorCount = 0;
  private observableCount = 0;

  /** A mechanism of probability p flipping `detectors` and `observables`. */
  add(p: number, detectors: readonly number[], observables: readonly number[]): void {
    this.open(p);
    for (const id of detectors) this.addDetector(id);
    for (const id of observables) this.addObservable(id);
  }

  /** A mechanism of probability p whose targets are scanDem's codes[start, end), detector ids shifted by `shift`. */
  addCodes(p: number, codes: Float64Array, start: number, end: number, shift: number): void {
    this.open(p);
    for (let k = start; k < end; k++) {
      const code = codes[k]!;
      if (code >= 0) this.addDetector(code + shift);
      else if (code !== SEPARATOR_CODE) this.addObservable(observableCode(code));
    }
  }

  private addObservable(id: number): void {
    if (this.observableCount === this.observables.length) this.observables = grown(this.observables, 2 * this.observableCount);
    this.observables[this.observableCount++] = id;
    this.observableStart[this.count] = this.observableCount;
    if (id >= this.observableBound) this.observableBound = id + 1;
  }

  private addDetector(id: number): void {
    if (this.detectorCount === this.detectors.length) this.detectors = grown(this.detectors, 2 * this.detectorCount);
    this.detectors[this.detectorCount++] = id;
    this.detectorStart[this.count] = this.detectorCount;
    if (id >= this.detectorBound) this.detectorBound = id + 1;
  }

  /** Starts mechanism `count` (its ranges empty until symptoms are added). */
  private open(p: number): void {
    if (this.count === this.logOneMinusP.length) {
      this.logOneMinusP = grown(this.logOneMinusP, 2 * this.count);
      this.detectorStart = grown(this.detectorStart, 2 * this.count + 1);
      this.observableStart = grown(this.observableStart, 2 * this.count + 1);
    }
    this.logOneMinusP[this.count++] = Math.log1p(-p);
    this.detectorStart[this.count] = this.detectorCount;
    this.observableStart[this.count] = this.observableCount;
  }
}

/** The sampler of `mechanisms` over rows of numDetectors and numObservables bits. */
function samplerOf(numDetectors: number, numObservables: number, mechanisms: MechanismTable): DemSampler {
  // Symptoms are int32 bit indices: a larger id would wrap and flip nothing.
  for (const [count, what] of [[numDetectors, 'detectors'], [numObservables, 'observables']] as const) {
    if (count > MAX_ROW_BITS) throw new RangeError(`the model has ${count} ${what}, more than the ${MAX_ROW_BITS} a sampled row can hold`);
  }
  const numErrors = mechanisms.count;
  const detectorBytes = bytesPerShot(numDetectors);
  const observableBytes = bytesPerShot(numObservables);
  const { logOneMinusP, detectorStart, observableStart, detectors: detSymptoms, observables: obsSymptoms } = mechanisms;
  const errorBytes = bytesPerShot(numErrors);

  /** Flips mechanism i's detectors and observables in row `row` of the given tables. */
  const xorSymptoms = (i: number, row: number, detectors: Uint8Array, observables: Uint8Array): void => {
    flipSymptoms(detectors, row * detectorBytes, detSymptoms, detectorStart[i]!, detectorStart[i + 1]!);
    flipSymptoms(observables, row * observableBytes, obsSymptoms, observableStart[i]!, observableStart[i + 1]!);
  };

  const replay = (errors: Uint8Array, shots: number): DemSample => {
    if (!Number.isSafeInteger(shots) || shots < 0) throw new RangeError(`shots must be a non-negative integer, got ${shots}`);
    if (errors.length < shots * errorBytes) {
      throw new RangeError(`${shots} shots of ${numErrors} error bits need ${shots * errorBytes} bytes, got ${errors.length}`);
    }
    const detectors = new Uint8Array(shots * detectorBytes);
    const observables = new Uint8Array(shots * observableBytes);
    for (let row = 0; row < shots; row++) {
      for (let b = 0; b < errorBytes; b++) {
        const byte = errors[row * errorBytes + b]!;
        if (byte === 0) continue;
        for (let k = 0; k < 8; k++) {
          const i = b * 8 + k;
          if ((byte >>> k) & 1 && i < numErrors) xorSymptoms(i, row, detectors, observables);
        }
      }
    }
    return { shots, detectors, observables, errors: errors.subarray(0, shots * errorBytes) };
  };

  const stream = (rng: Rng, { reuseRows = false }: DemStreamOptions = {}): DemSampleStream => {
    // Absolute shot index (from the stream's start) at which each mechanism next fires. Carried
    // across blocks and takes: geometric gaps are memoryless, so cutting them at a block
    // boundary would waste a draw per mechanism and block without changing the distribution.
    const next = new Float64Array(numErrors);
    for (let i = 0; i < numErrors; i++) next[i] = geometricGap(rng, logOneMinusP[i]!);
    let position = 0;

    /**
     * Advances every mechanism to `blockEnd`, flipping the symptoms of each firing in the rows
     * of shot `shot - first`. A function of its own, called once per block, rather than a loop
     * inside `take`: V8 then optimizes it as a whole after a few blocks. A long first `take`
     * was instead entered mid-loop (on-stack replacement) by code compiled before the end of
     * `take` had ever run, which deoptimized on reaching it at the end of every take and was
     * re-entered the same way, 8 times before V8 recompiled it (d5 6M shots: the first 9 of
     * 45 chunks at 1.6-5x the steady cost, ~40 ms, plus ~60 ms of recompiling).
     */
    const sampleBlock = (detectors: Uint8Array, observables: Uint8Array, errors: Uint8Array | undefined, first: number, blockEnd: number): void => {
      for (let i = 0; i < numErrors; i++) {
        let shot = next[i]!;
        if (shot >= blockEnd) continue;
        const logQ = logOneMinusP[i]!;
        // This mechanism fired, so p > 0; p = 1 fires every shot without a draw, as
        // geometricGap does, and otherwise the gap is geometricGap's, computed by
        // geometricGapOf (same bits, rarely a Math.log).
        const always = logQ === Number.NEGATIVE_INFINITY;
        const inverseLog = 1 / logQ;
        // xorSymptoms with the mechanism's ranges read once: a firing's flips are most of
        // its cost after the gap.
        const detFirst = detectorStart[i]!;
        const detEnd = detectorStart[i + 1]!;
        const obsFirst = observableStart[i]!;
        const obsEnd = observableStart[i + 1]!;
        do {
          const row = shot - first;
          flipSymptoms(detectors, row * detectorBytes, detSymptoms, detFirst, detEnd);
          flipSymptoms(observables, row * observableBytes, obsSymptoms, obsFirst, obsEnd);
          if (errors !== undefined) errors[row * errorBytes + (i >>> 3)]! |= 1 << (i & 7);
          shot += always ? 1 : 1 + geometricGapOf(1 - rng.nextDouble(), logQ, inverseLog);
        } while (shot < blockEnd);
        next[i] = shot;
      }
    };

    const detectorRows = zeroedRows(reuseRows);
    const observableRows = zeroedRows(reuseRows);
    const errorRows = zeroedRows(reuseRows);
    return {
      take(shots, options = {}) {
        if (!Number.isSafeInteger(shots) || shots < 0) throw new RangeError(`shots must be a non-negative integer, got ${shots}`);
        const detectors = detectorRows(shots * detectorBytes);
        const observables = observableRows(shots * observableBytes);
        const errors = options.errors === true ? errorRows(shots * errorBytes) : undefined;
        const first = position;
        const end = position + shots;
        while (position < end) {
          const blockEnd = Math.min(end, position + DEM_SAMPLE_BLOCK_SHOTS - (position % DEM_SAMPLE_BLOCK_SHOTS));
          sampleBlock(detectors, observables, errors, first, blockEnd);
          position = blockEnd;
        }
        return errors === undefined ? { shots, detectors, observables } : { shots, detectors, observables, errors };
      },
    };
  };

  return {
    numDetectors,
    numObservables,
    numErrors,
    sample: (shots, rng, options) => stream(rng).take(shots, options),
    stream,
    replay,
  };
}

/**
 * Zeroed arrays of a requested length: fresh ones, or with `reuse` the start of one kept array
 * (replaced by a fresh one when a request is longer), zeroed again for each request.
 */
function zeroedRows(reuse: boolean): (length: number) => Uint8Array {
  if (!reuse) return (length) => new Uint8Array(length);
  let kept = new Uint8Array(0);
  return (length) => {
    if (length > kept.length) {
      kept = new Uint8Array(length);
      return kept;
    }
    return kept.subarray(0, length).fill(0);
  };
}

/**
 * Flips bits symptoms[first .. end) of the packed row at byte rowStart. The bit index itself is
 * stored (not a byte offset and mask packed into one int32, whose offset would overflow for
 * indices ≥ 2^27).
 */
function flipSymptoms(rows: Uint8Array, rowStart: number, symptoms: Int32Array, first: number, end: number): void {
  for (let t = first; t < end; t++) {
    const symptom = symptoms[t]!;
    rows[rowStart + (symptom >>> 3)]! ^= 1 << (symptom & 7);
  }
}
