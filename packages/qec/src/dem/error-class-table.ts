/**
 * The analysis's running model: error classes keyed by their exact target sequence (separators
 * and component order included, as Stim's `error_class_probabilities` map is), each with its
 * probability and the faults behind it.
 *
 * Adding an independent mechanism with probability p to a class holding q gives
 * q(1 − p) + p(1 − q): the class fires when exactly one of the two does.
 *
 * A large circuit has hundreds of thousands of classes and several faults each, all alive until
 * the model is built. Held as small arrays and objects they made most of the analysis's garbage
 * collection work (every survivor is copied as it ages), so everything here lives in a few
 * growable typed arrays: a class is an index, its target codes a run in one code pool, its
 * representative fault's frames a run in one frame pool, each fault a fixed-size record chained
 * per class, and the classes are found through an open-addressing index hashed on the codes
 * (placed by their first detector when the detector count is known: homeSlot).
 * Only a class's representative fault (error-provenance.ts) keeps its frames, the only frames
 * provenance reports.
 */
import { FRAME_BASE, isDetectorCode, isGraphlike, SEPARATOR_CODE } from './symptom-codes.ts';

/** An error class: its index in the table. */
export type ErrorClass = number;

/** Where one fault is: enough to describe it again (error-provenance.ts). */
export interface FaultRecord {
  readonly instructionIndex: number;
  readonly group: number;
  readonly combination: number;
  readonly probability: number;
}

const EMPTY_SLOT = -1;
const NO_FAULT = -1;

export class ErrorClassTable {
  private count = 0;
  /** Each class's target codes: codes[codeStart[k] .. codeStart[k] + codeLength[k]). */
  private readonly codes: Pool<Float64Array>;
  private codeStart: Int32Array;
  private codeLength: Int32Array;
  private probabilities: Float64Array;
  /** Head and tail of each class's fault chain (FaultRecords indices, NO_FAULT when empty). */
  private firstFaults: Int32Array;
  private lastFaults: Int32Array;
  /** Each class's representative fault (NO_FAULT when none) and where its frames are stored. */
  private representatives: Int32Array;
  private frameStart: Int32Array;
  /** Room reserved at frameStart: a new representative's frames reuse it when they fit. */
  private frameRoom: Int32Array;
  /**
   * Representative frames, one run per class: the frame's length and probes, the number of
   * components (SAME_AS_FRAME for one component whose frame is the whole frame, the common
   * case), then each component frame's length and probes. Probes are stored as their offset
   * from FRAME_BASE, which fits 32 bits.
   */
  private readonly frames: Pool<Int32Array>;
  /** hashCodes of each class's targets, by class index. */
  private hashes: Int32Array;
  /** 1 for a class moved away by `rewrite`, by class index. */
  private removed: Uint8Array;
  /** Open addressing: class index, or EMPTY_SLOT; a removed class keeps its index but leaves the slots. */
  private slots: Int32Array;
  private indexed = 0;
  /**
   * Slots per detector id when classes are placed by their first detector (see homeSlot), 0
   * when they are placed by their hash alone.
   */
  private slotsPerDetector = 0;
  private readonly detectors: number;
  /** Whether classes are placed by their first detector when the index is large enough (localSpread). */
  private placeByDetector: boolean;
  private readonly faults: FaultRecords;
  /**
   * The classes made with a component of more than two detectors, noted as they are made: the
   * decomposition pass has work only when one is live, and most models (every surface-code
   * level) have none, so it need not look at the other classes.
   */
  private readonly hyperedges: ErrorClass[] = [];
  private sealed = false;
  /** Whether each class chains its faults (for faultsOf); without, a fault is recorded only to rank it against the representative. */
  private readonly chainsFaults: boolean;
  private faultsReleased = false;

  /**
   * `expectedFaults`: room for this many fault records from the start, and for half as many
   * classes (a surface-code circuit makes about a third as many) with four codes and nine frame
   * values each, so that a large table is not grown by copying (each copy left for the garbage
   * collector: a d = 25 level's analysis took 10-15 % longer). Anything grows past its room if
   * need be.
   *
   * `detectors`: the circuit's detector count, if known, to place classes in the index by
   * their first detector (homeSlot).
   *
   * `faultLists`: chain each class's faults for `faultsOf`. A caller that never lists them (a
   * level's decoder reads only the representatives' frames) saves appending half a million
   * faults to their chains at d = 25, two random memory reads each, and keeps a record per class
   * (its representative's) rather than per fault.
   */
  constructor(expectedFaults = 0, faultLists = true, detectors = 0) {
    this.chainsFaults = faultLists;
    this.detectors = detectors;
    this.placeByDetector = detectors > 0;
    const classes = Math.max(1 << 10, Math.ceil(expectedFaults / 2));
    this.faults = new FaultRecords(faultLists ? Math.max(expectedFaults, 1 << 12) : classes);
    this.codes = new Pool((n) => new Float64Array(n), 4 * classes);
    this.frames = new Pool((n) => new Int32Array(n), 9 * classes);
    this.codeStart = new Int32Array(classes);
    this.codeLength = new Int32Array(classes);
    this.probabilities = new Float64Array(classes);
    this.firstFaults = new Int32Array(classes);
    this.lastFaults = new Int32Array(classes);
    this.representatives = new Int32Array(classes);
    this.frameStart = new Int32Array(classes);
    this.frameRoom = new Int32Array(classes);
    this.hashes = new Int32Array(classes);
    this.removed = new Uint8Array(classes);
    // A power of two at least twice the classes a surface code makes (a third of the faults):
    // the index is probed at random, once per mechanism added, so it is kept no larger than
    // that (a d = 25 level's 171k classes in 2 MB rather than 4 MB, which left a cache miss in
    // most probes); it grows (growSlots) once it is half full.
    const expectedClasses = Math.max(1 << 10, Math.ceil(expectedFaults / 3));
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(2 * expectedClasses))).fill(EMPTY_SLOT);
    this.slotsPerDetector = this.localSpread(this.slots.length);
  }

  /** Adds a mechanism with the targets targets[0, length) (its faults follow with addFault); returns its class. */
  add(targets: Float64Array, length: number, probability: number): ErrorClass {
    const k = this.classFor(targets, length);
    this.mix(k, probability);
    return k;
  }

  /**
   * Records one more fault behind a class (whose probability already counts it). Returns
   * whether it is now the class's representative (the most probable fault, ties: the first in
   * circuit order): then the caller records its frames with `recordFrames`.
   */
  addFault(k: ErrorClass, instructionIndex: number, group: number, combination: number, probability: number): boolean {
    this.checkOpen();
    const best = this.representatives[k]!;
    if (!this.chainsFaults) {
      // Only representatives are kept: a fault that outranks the class's is written over its
      // record (a class owns its representative's record until the walk ends), so a d = 25 level
      // writes one record per class (171k) instead of one per fault (535k).
      if (best === NO_FAULT) this.representatives[k] = this.faults.push(instructionIndex, group, combination, probability);
      else if (this.faults.wouldOutrank(instructionIndex, group, combination, probability, best)) {
        this.faults.set(best, instructionIndex, group, combination, probability);
      } else return false;
      return true;
    }
    const record = this.faults.push(instructionIndex, group, combination, probability);
    this.append(k, record, record);
    if (best !== NO_FAULT && !this.faults.outranks(record, best)) return false;
    this.representatives[k] = record;
    return true;
  }

  /** recordFrames for a class of one component, whose frame is the whole frame: codes[start, start + length). */
  recordFrame(k: ErrorClass, codes: Float64Array, start: number, length: number): void {
    const at = this.frameRoomFor(k, 2 + length);
    this.frames.data[writeProbes(this.frames.data, at, codes, start, length)] = SAME_AS_FRAME;
  }

  /**
   * Stores the frames of the class's representative fault, given as runs of `codes` (run j at
   * runs[2j], of length runs[2j + 1]): run 0 its whole frame, runs 1 … componentCount one per
   * component.
   */
  recordFrames(k: ErrorClass, codes: Float64Array, runs: Int32Array, componentCount: number): void {
    const frameAt = runs[0]!;
    const frameLength = runs[1]!;
    const sameAsFrame = componentCount === 1 && sameRuns(codes, frameAt, frameLength, runs[2]!, runs[3]!);
    let size = 2 + frameLength;
    if (!sameAsFrame) for (let j = 1; j <= componentCount; j++) size += 1 + runs[2 * j + 1]!;
    let at = this.frameRoomFor(k, size);
    const pool = this.frames.data;
    at = writeProbes(pool, at, codes, frameAt, frameLength);
    if (sameAsFrame) {
      pool[at] = SAME_AS_FRAME;
      return;
    }
    pool[at++] = componentCount;
    for (let j = 1; j <= componentCount; j++) at = writeProbes(pool, at, codes, runs[2 * j]!, runs[2 * j + 1]!);
  }

  /** Where the class's frames go: its room when `size` values fit there, else new room (the pool may be replaced: read it after). */
  private frameRoomFor(k: ErrorClass, size: number): number {
    if (this.frameRoom[k]! >= size) return this.frameStart[k]!;
    const at = this.frames.reserve(size);
    this.frameStart[k] = at;
    this.frameRoom[k] = size;
    return at;
  }

  /**
   * Moves a class to new targets (the decomposition's rewrite), merging it into any class that
   * already has them; `componentFrames` are its representative's frames for the new components.
   */
  rewrite(k: ErrorClass, targets: readonly number[], componentFrames: readonly (readonly number[])[]): void {
    this.checkOpen();
    this.unindex(k);
    const entry = this.classFor(targets, targets.length);
    this.mix(entry, this.probabilities[k]!);
    if (this.chainsFaults && this.firstFaults[k]! >= 0) this.append(entry, this.firstFaults[k]!, this.lastFaults[k]!);
    const representative = this.representatives[k]!;
    const best = this.representatives[entry]!;
    if (best === NO_FAULT || this.faults.outranks(representative, best)) {
      const { codes, runs } = asRuns([this.frameOf(k), ...componentFrames]);
      this.representatives[entry] = representative;
      this.recordFrames(entry, codes, runs, componentFrames.length);
    }
  }

  /**
   * The classes that make it into the model (non-zero probability, at least one target), in
   * Stim's key order: lexicographic over target codes.
   */
  live(): Int32Array {
    // One small method per pass over the classes: each pass runs once, so it is compiled while
    // it runs (on-stack replacement), and a method holding every pass was compiled whole for the
    // first, thrown away at the next (no type feedback there yet) and compiled again: cold, the
    // sort cost 3-4 times what it costs warm.
    const buckets = this.detectors > 0 ? this.detectors : this.foundBuckets();
    const start = this.bucketStarts(buckets);
    const out = new Int32Array(start[buckets + 1]!);
    const second = new Float64Array(out.length);
    this.placeInBuckets(buckets, start.slice(), out, second);
    this.sortBuckets(buckets, start, out, second);
    return out;
  }

  /** Whether every live class is graph-like (no component with more than two detectors). */
  everyLiveGraphlike(): boolean {
    return this.hyperedges.every((k) => !this.isLive(k));
  }

  /**
   * Ends additions and returns the live classes (as `live`). The lookup index is dropped and the
   * pools shrink to their use: what stays is each class's targets, probability, fault chain and
   * representative frames.
   */
  seal(): Int32Array {
    const live = this.live();
    this.slots = new Int32Array(1).fill(EMPTY_SLOT);
    this.hashes = new Int32Array(0);
    this.removed = new Uint8Array(0);
    this.lastFaults = new Int32Array(0);
    this.frameRoom = new Int32Array(0);
    this.firstFaults = this.firstFaults.slice(0, this.count);
    this.representatives = this.representatives.slice(0, this.count);
    this.frameStart = this.frameStart.slice(0, this.count);
    this.sealed = true;
    this.faults.trim();
    this.frames.trim();
    return live;
  }

  /**
   * Frees the target codes and probabilities once the model holds them: provenance reads only
   * the fault chains and the representatives' frames.
   */
  releaseModel(): void {
    this.codes.release();
    this.codeStart = new Int32Array(0);
    this.codeLength = new Int32Array(0);
    this.probabilities = new Float64Array(0);
  }

  /**
   * Frees the fault records once the model is built, for a caller that reads only the
   * representatives' frames (a level's decoder): half a million records at d = 25. `faultsOf`
   * throws from then on.
   */
  releaseFaults(): void {
    this.faults.release();
    this.firstFaults = new Int32Array(0);
    this.faultsReleased = true;
  }

  /**
   * The classes' probabilities and targets (in this table's codes) laid out as the compact model
   * is: class i's targets are targetCodes[targetStarts[i], targetStarts[i + 1]).
   */
  modelArrays(classes: Int32Array): { probabilities: Float64Array; targetStarts: Int32Array; targetCodes: Float64Array } {
    const { codeStart, codeLength } = this;
    const codes = this.codes.data;
    let size = 0;
    for (let i = 0; i < classes.length; i++) size += codeLength[classes[i]!]!;
    const probabilities = new Float64Array(classes.length);
    const targetStarts = new Int32Array(classes.length + 1);
    const targetCodes = new Float64Array(size);
    let at = 0;
    for (let i = 0; i < classes.length; i++) {
      const k = classes[i]!;
      probabilities[i] = this.probabilities[k]!;
      targetStarts[i] = at;
      const start = codeStart[k]!;
      const end = start + codeLength[k]!;
      for (let c = start; c < end; c++) targetCodes[at++] = codes[c]!;
    }
    targetStarts[classes.length] = at;
    return { probabilities, targetStarts, targetCodes };
  }

  targetsOf(k: ErrorClass): number[] {
    const start = this.codeStart[k]!;
    return Array.from(this.codes.data.subarray(start, start + this.codeLength[k]!));
  }

  probabilityOf(k: ErrorClass): number {
    return this.probabilities[k]!;
  }

  /** The class's faults in the order they were added. */
  faultsOf(k: ErrorClass): FaultRecord[] {
    if (this.faultsReleased || !this.chainsFaults) throw new Error('this analysis kept no fault lists (analyzeErrors ran with faultLists: false)');
    const out: FaultRecord[] = [];
    for (let f = this.firstFaults[k]!; f >= 0; f = this.faults.next[f]!) out.push(this.faults.record(f));
    return out;
  }

  /**
   * Faults of the class to name in a message: all of them in the order they were added, or its
   * representative alone when the table chains no faults (`complete` says which).
   */
  faultsToName(k: ErrorClass): { faults: FaultRecord[]; complete: boolean } {
    if (this.chainsFaults) return { faults: this.faultsOf(k), complete: true };
    const representative = this.representatives[k]!;
    return { faults: representative === NO_FAULT ? [] : [this.faults.record(representative)], complete: false };
  }

  /** The representative fault's frame probes; throws for a class without faults. */
  frameOf(k: ErrorClass): number[] {
    return readProbes(this.frames.data, this.framesAt(k));
  }

  /** The representative fault's frame probes per component, aligned with the class's components. */
  componentFramesOf(k: ErrorClass): number[][] {
    const pool = this.frames.data;
    let at = this.framesAt(k);
    const frame = readProbes(pool, at);
    at += 1 + frame.length;
    const count = pool[at++]!;
    if (count === SAME_AS_FRAME) return [frame];
    const out = new Array<number[]>(count);
    for (let j = 0; j < count; j++) {
      out[j] = readProbes(pool, at);
      at += 1 + out[j]!.length;
    }
    return out;
  }

  private framesAt(k: ErrorClass): number {
    if (this.representatives[k] === NO_FAULT) throw new Error('an error class without contributions has no provenance');
    return this.frameStart[k]!;
  }

  private isLive(k: ErrorClass): boolean {
    return this.removed[k] === 0 && this.probabilities[k] !== 0 && this.codeLength[k]! > 0;
  }

  private mix(k: ErrorClass, p: number): void {
    const q = this.probabilities[k]!;
    this.probabilities[k] = q * (1 - p) + (1 - q) * p;
  }

  private checkOpen(): void {
    if (this.sealed) throw new Error('the error class table is sealed: no more classes or faults');
  }

  private append(k: ErrorClass, first: number, last: number): void {
    if (this.lastFaults[k]! < 0) this.firstFaults[k] = first;
    else this.faults.next[this.lastFaults[k]!] = first;
    this.lastFaults[k] = last;
  }

  private sameTargets(k: ErrorClass, targets: ArrayLike<number>, length: number): boolean {
    if (this.codeLength[k] !== length) return false;
    const codes = this.codes.data;
    const start = this.codeStart[k]!;
    for (let c = 0; c < length; c++) if (codes[start + c] !== targets[c]) return false;
    return true;
  }

  /** The class of the targets targets[0, length), made if new. */
  private classFor(targets: ArrayLike<number>, length: number): ErrorClass {
    this.checkOpen();
    const hash = hashCodes(targets, length);
    const mask = this.slots.length - 1;
    let slot = this.homeSlot(hash, length > 0 ? targets[0]! : SEPARATOR_CODE);
    for (let probes = 0; ; probes++) {
      const k = this.slots[slot]!;
      if (k === EMPTY_SLOT) break;
      if (this.hashes[k] === hash && this.sameTargets(k, targets, length)) return k;
      if (probes === MAX_LOCAL_PROBES && this.slotsPerDetector > 0) {
        // Too many classes share a first detector: placed by their first detector, their probe
        // runs grow with their number. From now on every class is placed by its hash alone.
        this.placeByDetector = false;
        this.rehash(this.slots.length);
        return this.classFor(targets, length);
      }
      slot = (slot + 1) & mask;
    }
    const k = this.count++;
    if (k === this.hashes.length) this.growClasses();
    const start = this.codes.reserve(length);
    const codes = this.codes.data;
    for (let c = 0; c < length; c++) codes[start + c] = targets[c]!;
    this.codeStart[k] = start;
    this.codeLength[k] = length;
    this.probabilities[k] = 0;
    this.firstFaults[k] = NO_FAULT;
    this.lastFaults[k] = NO_FAULT;
    this.representatives[k] = NO_FAULT;
    this.frameRoom[k] = 0;
    this.hashes[k] = hash;
    if (!isGraphlike(targets, 0, length)) this.hyperedges.push(k);
    this.slots[slot] = k;
    if (++this.indexed * 2 > this.slots.length) this.growSlots();
    return k;
  }

  private growClasses(): void {
    const n = 2 * this.hashes.length;
    this.codeStart = resized(this.codeStart, new Int32Array(n));
    this.codeLength = resized(this.codeLength, new Int32Array(n));
    this.probabilities = resized(this.probabilities, new Float64Array(n));
    this.firstFaults = resized(this.firstFaults, new Int32Array(n));
    this.lastFaults = resized(this.lastFaults, new Int32Array(n));
    this.representatives = resized(this.representatives, new Int32Array(n));
    this.frameStart = resized(this.frameStart, new Int32Array(n));
    this.frameRoom = resized(this.frameRoom, new Int32Array(n));
    this.hashes = resized(this.hashes, new Int32Array(n));
    this.removed = resized(this.removed, new Uint8Array(n));
  }

  /**
   * Where a class's probe run starts. Placed by its hash alone, the classes met one after the
   * other land anywhere in the index, and at d = 25 (half a million lookups in a 2 MB index)
   * most lookups missed the cache. The walk meets the classes of the detectors of a few rounds
   * at a time, so when the detector count is known a class is placed at its first detector's
   * share of the slots, plus a hash-chosen offset within LOCAL_WINDOW slots (a detector heads
   * a few dozen classes in a surface code): the slots in use stay within a small part of the
   * index. A class without a detector is placed by its hash.
   */
  private homeSlot(hash: number, first: number): number {
    const mask = this.slots.length - 1;
    if (this.slotsPerDetector === 0 || !isDetectorCode(first)) return hash & mask;
    return (Math.floor(first * this.slotsPerDetector) + (hash & (LOCAL_WINDOW - 1))) & mask;
  }

  /**
   * slotsPerDetector for an index of `size` slots: the detectors' shares end LOCAL_WINDOW slots
   * before the end, so that no class wraps around to the start (which would crowd it); 0 (place
   * by hash) when the detector count is unknown, the index too small or placing by detector
   * has been given up.
   */
  private localSpread(size: number): number {
    return this.placeByDetector && size > 2 * LOCAL_WINDOW ? (size - LOCAL_WINDOW) / this.detectors : 0;
  }

  private homeOf(k: ErrorClass): number {
    return this.homeSlot(this.hashes[k]!, this.codeLength[k]! > 0 ? this.codes.data[this.codeStart[k]!]! : SEPARATOR_CODE);
  }

  private unindex(k: ErrorClass): void {
    const mask = this.slots.length - 1;
    let slot = this.homeOf(k);
    while (this.slots[slot] !== k) slot = (slot + 1) & mask;
    this.removed[k] = 1;
    // Backward-shift deletion keeps every later entry of the probe run reachable.
    let hole = slot;
    for (let next = (hole + 1) & mask; this.slots[next] !== EMPTY_SLOT; next = (next + 1) & mask) {
      const home = this.homeOf(this.slots[next]!);
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        this.slots[hole] = this.slots[next]!;
        hole = next;
      }
    }
    this.slots[hole] = EMPTY_SLOT;
    this.indexed--;
  }

  private growSlots(): void {
    this.rehash(2 * this.slots.length);
  }

  /** Rebuilds the index with `size` slots. */
  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size).fill(EMPTY_SLOT);
    this.slotsPerDetector = this.localSpread(size);
    const mask = size - 1;
    for (const k of old) {
      if (k === EMPTY_SLOT) continue;
      let slot = this.homeOf(k);
      while (this.slots[slot] !== EMPTY_SLOT) slot = (slot + 1) & mask;
      this.slots[slot] = k;
    }
  }

  /** Lexicographic order of two classes' targets, a proper prefix first (Stim's `SpanRef::operator<`). */
  private compareTargets(a: ErrorClass, b: ErrorClass): number {
    const codes = this.codes.data;
    const sa = this.codeStart[a]!;
    const sb = this.codeStart[b]!;
    const la = this.codeLength[a]!;
    const lb = this.codeLength[b]!;
    const n = Math.min(la, lb);
    for (let c = 0; c < n; c++) {
      const x = codes[sa + c]!;
      const y = codes[sb + c]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return la - lb;
  }

  /**
   * The classes are sorted lexicographically by targets bucketed by their first code when it is
   * a detector (almost every class), then each bucket compared whole: a few comparisons per class
   * instead of a comparison sort over hundreds of thousands. Bucket of class k: its first code
   * when a detector below `buckets`, else `buckets`, the last bucket.
   */
  private bucketOf(k: ErrorClass, buckets: number): number {
    const first = this.codes.data[this.codeStart[k]!]!;
    return isDetectorCode(first) && first < buckets ? first : buckets;
  }

  /** The buckets when the detector count is not known: one past the highest first detector. */
  private foundBuckets(): number {
    let buckets = 0;
    for (let k = 0; k < this.count; k++) {
      if (!this.isLive(k)) continue;
      const first = this.codes.data[this.codeStart[k]!]!;
      if (isDetectorCode(first) && first >= buckets) buckets = first + 1;
    }
    return buckets;
  }

  /** Where each bucket's live classes start in the sorted order: start[b] (start[buckets + 1] is their count). */
  private bucketStarts(buckets: number): Int32Array {
    const start = new Int32Array(buckets + 2);
    for (let k = 0; k < this.count; k++) if (this.isLive(k)) start[this.bucketOf(k, buckets) + 1]!++;
    return prefixSums(start);
  }

  /**
   * Places the live classes in their buckets, in class order (`fill`: each bucket's next place).
   * In a detector's bucket (whose classes share their first code) most comparisons are settled
   * by the second code, kept beside the classes; -1 for a class of one code, a proper prefix of
   * the others. In the last bucket all are 0: its classes are compared whole.
   */
  private placeInBuckets(buckets: number, fill: Int32Array, out: Int32Array, second: Float64Array): void {
    const codes = this.codes.data;
    for (let k = 0; k < this.count; k++) {
      if (!this.isLive(k)) continue;
      const b = this.bucketOf(k, buckets);
      const at = fill[b]!++;
      out[at] = k;
      if (b !== buckets) second[at] = this.codeLength[k]! > 1 ? codes[this.codeStart[k]! + 1]! : -1;
    }
  }

  /** Sorts each bucket of `out` (bucket b is out[start[b], start[b + 1])) by targets. */
  private sortBuckets(buckets: number, start: Int32Array, out: Int32Array, second: Float64Array): void {
    const byTargets = (a: number, b: number) => this.compareTargets(a, b);
    for (let b = 0; b <= buckets; b++) {
      const from = start[b]!;
      const to = start[b + 1]!;
      if (to - from <= SMALL_BUCKET) this.insertionSort(out, second, from, to);
      else out.subarray(from, to).sort(byTargets);
    }
  }

  /**
   * Sorts classes[from, to) (classes of one bucket, `second` their second codes) by targets in
   * place: a bucket holds a few dozen classes at most.
   */
  private insertionSort(classes: Int32Array, second: Float64Array, from: number, to: number): void {
    for (let i = from + 1; i < to; i++) {
      const k = classes[i]!;
      const code = second[i]!;
      let j = i - 1;
      while (j >= from && (second[j]! > code || (second[j] === code && this.compareTargets(classes[j]!, k) > 0))) {
        classes[j + 1] = classes[j]!;
        second[j + 1] = second[j]!;
        j--;
      }
      classes[j + 1] = k;
      second[j + 1] = code;
    }
  }
}

/** How far from its first detector's share of the index a class is placed (a power of two). */
const LOCAL_WINDOW = 1 << 10;
/** Probes of one lookup after which classes are no longer placed by their first detector. */
const MAX_LOCAL_PROBES = 64;

/** Buckets up to this size are insertion-sorted (a library sort's set-up costs more there). */
const SMALL_BUCKET = 64;

/** Marks a frame run whose single component frame is the whole frame. */
const SAME_AS_FRAME = -1;

/** Replaces counts by their running sums, in place (a pass of its own: see live). */
function prefixSums(counts: Int32Array): Int32Array {
  for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
  return counts;
}

/** Writes the probes codes[start, start + length) at `at`, after their count; returns where they end. */
function writeProbes(pool: Int32Array, at: number, codes: Float64Array, start: number, length: number): number {
  pool[at++] = length;
  for (let c = start; c < start + length; c++) pool[at++] = codes[c]! - FRAME_BASE;
  return at;
}

/** Code sequences laid out as recordFrames reads them: one array of codes and a (start, length) per sequence. */
function asRuns(sequences: readonly (readonly number[])[]): { codes: Float64Array; runs: Int32Array } {
  const codes = Float64Array.from(sequences.flat());
  const runs = new Int32Array(2 * sequences.length);
  for (let j = 0, at = 0; j < sequences.length; at += sequences[j]!.length, j++) {
    runs[2 * j] = at;
    runs[2 * j + 1] = sequences[j]!.length;
  }
  return { codes, runs };
}

function readProbes(pool: Int32Array, at: number): number[] {
  const probes = new Array<number>(pool[at]!);
  for (let c = 0; c < probes.length; c++) probes[c] = FRAME_BASE + pool[at + 1 + c]!;
  return probes;
}

/** Whether codes[a, a + length) equals codes[b, b + bLength). */
function sameRuns(codes: Float64Array, a: number, length: number, b: number, bLength: number): boolean {
  if (length !== bLength) return false;
  for (let c = 0; c < length; c++) if (codes[a + c] !== codes[b + c]) return false;
  return true;
}

/** Of codes[0, length), integers below 2⁵³: both 32-bit halves are mixed in, then murmur3's finalizer. */
function hashCodes(codes: ArrayLike<number>, length: number): number {
  let h = length;
  for (let k = 0; k < length; k++) {
    const code = codes[k]!;
    h = Math.imul(h ^ (code >>> 0), 0x9e3779b1);
    h = Math.imul(h ^ ((code / 0x1_0000_0000) >>> 0), 0x85ebca77);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** `into` with `from`'s leading values (as many as fit). */
function resized<T extends Int32Array | Float64Array | Uint8Array>(from: T, into: T): T {
  into.set(from.subarray(0, Math.min(from.length, into.length)));
  return into;
}

/** An append-only pool of values in one typed array (float64 holds target codes up to 2⁵² exactly). */
class Pool<T extends Float64Array | Int32Array> {
  data: T;
  private used = 0;
  private readonly make: (n: number) => T;

  constructor(make: (n: number) => T, capacity: number) {
    this.make = make;
    this.data = make(capacity);
  }

  /** Reserves n values at the end; returns their start (data may be replaced: read it after). */
  reserve(n: number): number {
    const start = this.used;
    if (start + n > this.data.length) this.data = resized(this.data, this.make(Math.max(2 * this.data.length, start + n)));
    this.used += n;
    return start;
  }

  trim(): void {
    this.data = resized(this.data, this.make(this.used));
  }

  release(): void {
    this.data = this.make(0);
    this.used = 0;
  }
}

/** Fault records in growable typed arrays, with the per-class chain link. */
class FaultRecords {
  instruction = new Int32Array(0);
  group = new Int32Array(0);
  combination = new Int32Array(0);
  probability = new Float64Array(0);
  next = new Int32Array(0);
  private size = 0;

  constructor(capacity: number) {
    this.resize(capacity);
  }

  push(instructionIndex: number, group: number, combination: number, probability: number): number {
    if (this.size === this.next.length) this.resize(2 * this.next.length);
    const f = this.size++;
    this.set(f, instructionIndex, group, combination, probability);
    this.next[f] = -1;
    return f;
  }

  /** Writes fault f's record (its chain link is left as is). */
  set(f: number, instructionIndex: number, group: number, combination: number, probability: number): void {
    this.instruction[f] = instructionIndex;
    this.group[f] = group;
    this.combination[f] = combination;
    this.probability[f] = probability;
  }

  record(f: number): FaultRecord {
    return {
      instructionIndex: this.instruction[f]!,
      group: this.group[f]!,
      combination: this.combination[f]!,
      probability: this.probability[f]!,
    };
  }

  /** Whether fault a would represent a class over fault b: more probable, or as probable and earlier in circuit order. */
  outranks(a: number, b: number): boolean {
    return this.wouldOutrank(this.instruction[a]!, this.group[a]!, this.combination[a]!, this.probability[a]!, b);
  }

  /** outranks for a fault given by its fields rather than a record. */
  wouldOutrank(instructionIndex: number, group: number, combination: number, probability: number, b: number): boolean {
    const pb = this.probability[b]!;
    if (probability !== pb) return probability > pb;
    return (instructionIndex - this.instruction[b]! || group - this.group[b]! || combination - this.combination[b]!) < 0;
  }

  trim(): void {
    if (this.size < this.next.length) this.resize(this.size);
  }

  release(): void {
    this.resize(0);
    this.size = 0;
  }

  private resize(n: number): void {
    this.instruction = resized(this.instruction, new Int32Array(n));
    this.group = resized(this.group, new Int32Array(n));
    this.combination = resized(this.combination, new Int32Array(n));
    this.probability = resized(this.probability, new Float64Array(n));
    this.next = resized(this.next, new Int32Array(n));
  }
}
