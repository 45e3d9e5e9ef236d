/**
 * The symptoms and frame probes of each combination of one channel application's basis errors,
 * as runs in one scratch arena of codes.
 *
 * A d = 25 level's analysis adds a third of a million channel applications, each with up to 15
 * combinations: held as small arrays (one per combination and part, XOR-ed into fresh arrays)
 * they were most of the analysis's short-lived garbage. Here a combination's run is XOR-ed from
 * two smaller combinations' runs (the symptoms and the frame are disjoint code ranges, so they
 * XOR separately) the first time it is asked for, into the arena, which is reused by the next
 * application.
 */
import { frameStart } from './symptom-codes.ts';

/** Which part of a combination's codes a run holds. */
export const SYMPTOMS = 0;
export const FRAME = 1;

const UNKNOWN = -1;

export class CombinationCodes {
  /** The arena; runs are read from it through start/length (it is replaced when it grows). */
  codes = new Float64Array(1 << 10);
  private used = 0;
  /** Run 2k + part: combination k's symptoms (part 0) or frame (part 1). */
  private starts = new Int32Array(32);
  private lengths = new Int32Array(32);

  /** Starts a channel application of n combinations: every run unknown but the identity's (empty). */
  begin(n: number): void {
    if (2 * n > this.starts.length) {
      this.starts = new Int32Array(2 * n);
      this.lengths = new Int32Array(2 * n);
    }
    this.starts.fill(UNKNOWN, 0, 2 * n);
    this.starts[0] = this.starts[1] = 0;
    this.lengths[0] = this.lengths[1] = 0;
    this.used = 0;
  }

  /** Sets a basis combination's runs from its sensitivity (sorted: DEM targets, then frame probes). */
  setBasis(k: number, sensitivity: readonly number[]): void {
    const cut = frameStart(sensitivity);
    const at = this.reserve(sensitivity.length);
    const codes = this.codes;
    for (let c = 0; c < sensitivity.length; c++) codes[at + c] = sensitivity[c]!;
    this.starts[2 * k] = at;
    this.lengths[2 * k] = cut;
    this.starts[2 * k + 1] = at + cut;
    this.lengths[2 * k + 1] = sensitivity.length - cut;
  }

  /** Where combination k's run of this part starts in `codes` (worked out if new: read `codes` after). */
  start(k: number, part: number): number {
    const run = 2 * k + part;
    if (this.starts[run] === UNKNOWN) this.xorRuns(k, part);
    return this.starts[run]!;
  }

  /** The length of a run `start` has worked out. */
  length(k: number, part: number): number {
    return this.lengths[2 * k + part]!;
  }

  /**
   * Copies codes into a run of its own (outside any combination), for a mechanism that is not a
   * channel's combination (a measurement flip); returns its start.
   */
  copy(from: readonly number[], fromIndex: number, to: number): number {
    const at = this.reserve(to - fromIndex);
    const codes = this.codes;
    for (let c = fromIndex; c < to; c++) codes[at + c - fromIndex] = from[c]!;
    return at;
  }

  /**
   * Combination k's run as the symmetric difference of two smaller combinations' (sorted,
   * strictly increasing): xorSorted's merge, over runs of the arena. One merge shared by both
   * would read both kinds of array (the tracker's sets are plain arrays) at every step, which
   * cost the d = 25 analysis about 35 ms.
   */
  private xorRuns(k: number, part: number): void {
    const low = k & (k - 1);
    const high = k ^ low;
    let i = this.start(low, part);
    let j = this.start(high, part);
    const endI = i + this.lengths[2 * low + part]!;
    const endJ = j + this.lengths[2 * high + part]!;
    const at = this.reserve(endI - i + endJ - j);
    const codes = this.codes;
    let n = at;
    while (i < endI && j < endJ) {
      const x = codes[i]!;
      const y = codes[j]!;
      if (x < y) {
        codes[n++] = x;
        i++;
      } else if (y < x) {
        codes[n++] = y;
        j++;
      } else {
        i++;
        j++;
      }
    }
    while (i < endI) codes[n++] = codes[i++]!;
    while (j < endJ) codes[n++] = codes[j++]!;
    this.starts[2 * k + part] = at;
    this.lengths[2 * k + part] = n - at;
    // The unused room is given back for the next run.
    this.used = n;
  }

  /** Reserves n codes at the end of the arena, growing it if need be; returns their start. */
  private reserve(n: number): number {
    const at = this.used;
    if (at + n > this.codes.length) {
      const grown = new Float64Array(Math.max(2 * this.codes.length, at + n));
      grown.set(this.codes.subarray(0, at));
      this.codes = grown;
    }
    this.used = at + n;
    return at;
  }
}
