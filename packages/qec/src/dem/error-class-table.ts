/**
 * The analysis's running model: error classes keyed by their exact target sequence (separators
 * and component order included, as Stim's `error_class_probabilities` map is), each with its
 * probability and the faults behind it.
 *
 * Adding an independent mechanism with probability p to a class holding q gives
 * q(1 − p) + p(1 − q): the class fires when exactly one of the two does.
 *
 * A large circuit has hundreds of thousands of classes and several faults each, so the table is
 * kept lean: classes are found through an open-addressing index hashed on the target codes (no
 * string keys), each fault is a fixed-size record in typed arrays chained per class, and only a
 * class's representative fault (error-provenance.ts) keeps its frames, the only frames
 * provenance reports.
 */
import { outranks, type Contribution } from './error-provenance.ts';
import { compareCodeSequences, isDetectorCode } from './symptom-codes.ts';

export interface ErrorClass {
  readonly targets: readonly number[];
  probability: number;
  /** The most probable fault (ties: first in circuit order), with its frames; undefined if none. */
  representative: Contribution | undefined;
  /** Head and tail of the class's fault chain (FaultRecords indices, -1 when empty). */
  firstFault: number;
  lastFault: number;
}

/** Where one fault is: enough to describe it again (error-provenance.ts). */
export interface FaultRecord {
  readonly instructionIndex: number;
  readonly group: number;
  readonly combination: number;
  readonly probability: number;
}

const EMPTY_SLOT = -1;

export class ErrorClassTable {
  private readonly classes: ErrorClass[] = [];
  /** Open addressing: class index, or EMPTY_SLOT; a deleted class stays in `classes` but leaves the index. */
  private slots = new Int32Array(1 << 10).fill(EMPTY_SLOT);
  private indexed = 0;
  /** hashCodes of each class's targets, by class index. */
  private hashes = new Int32Array(1 << 10);
  /** 1 for a class moved away by `rewrite`, by class index. */
  private removed = new Uint8Array(1 << 10);
  private readonly faults = new FaultRecords();
  private sealed = false;

  /** Adds a mechanism with these targets and the faults behind it; returns its class. */
  add(targets: readonly number[], probability: number, contributions: readonly Contribution[] = []): ErrorClass {
    const entry = this.classFor(targets);
    entry.probability = entry.probability * (1 - probability) + (1 - entry.probability) * probability;
    for (const c of contributions) this.addFault(entry, c);
    return entry;
  }

  /** Records one more fault behind a class (whose probability already counts it). */
  addFault(entry: ErrorClass, c: Contribution): void {
    this.checkOpen();
    const record = this.faults.push(c.instructionIndex, c.group, c.combination, c.probability);
    this.append(entry, record, record);
    if (outranks(c, entry.representative)) entry.representative = c;
  }

  /**
   * Moves a class to new targets (the decomposition's rewrite), merging it into any class that
   * already has them; `representative` is its representative with the new targets' frames.
   */
  rewrite(errorClass: ErrorClass, targets: readonly number[], representative: Contribution): void {
    this.checkOpen();
    this.unindex(errorClass.targets);
    const entry = this.classFor(targets);
    const p = errorClass.probability;
    entry.probability = entry.probability * (1 - p) + (1 - entry.probability) * p;
    if (errorClass.firstFault >= 0) this.append(entry, errorClass.firstFault, errorClass.lastFault);
    if (outranks(representative, entry.representative)) entry.representative = representative;
  }

  /**
   * The classes that make it into the model (non-zero probability, at least one target), in
   * Stim's key order: lexicographic over target codes.
   */
  live(): ErrorClass[] {
    return sortByTargets(this.liveInAnyOrder());
  }

  /** The classes `live` returns, unsorted: a check that visits every one needs no order. */
  liveInAnyOrder(): ErrorClass[] {
    const out: ErrorClass[] = [];
    this.classes.forEach((c, k) => {
      if (this.removed[k] === 0 && c.probability !== 0 && c.targets.length > 0) out.push(c);
    });
    return out;
  }

  /**
   * Ends additions and returns the live classes (as `live`). The lookup index and the list of
   * classes are dropped and the fault records shrink to their count: what stays is each class's
   * fault chain, read from its first fault — all the provenance of a built model keeps.
   */
  seal(): ErrorClass[] {
    const live = this.live();
    this.classes.length = 0;
    this.slots = new Int32Array(1).fill(EMPTY_SLOT);
    this.hashes = new Int32Array(0);
    this.removed = new Uint8Array(0);
    this.sealed = true;
    this.faults.trim();
    return live;
  }

  /** The class's faults in the order they were added. */
  faultsOf(errorClass: ErrorClass): FaultRecord[] {
    return this.faultsFrom(errorClass.firstFault);
  }

  /** A fault chain (ErrorClass.firstFault) in the order its faults were added. */
  faultsFrom(firstFault: number): FaultRecord[] {
    const out: FaultRecord[] = [];
    for (let k = firstFault; k >= 0; k = this.faults.next[k]!) out.push(this.faults.record(k));
    return out;
  }

  private checkOpen(): void {
    if (this.sealed) throw new Error('the error class table is sealed: no more classes or faults');
  }

  private append(entry: ErrorClass, first: number, last: number): void {
    if (entry.lastFault < 0) entry.firstFault = first;
    else this.faults.next[entry.lastFault] = first;
    entry.lastFault = last;
  }

  private classFor(targets: readonly number[]): ErrorClass {
    this.checkOpen();
    const hash = hashCodes(targets);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const k = this.slots[slot]!;
      if (k === EMPTY_SLOT) break;
      if (this.hashes[k] === hash && sameCodes(this.classes[k]!.targets, targets)) return this.classes[k]!;
      slot = (slot + 1) & mask;
    }
    const entry: ErrorClass = { targets, probability: 0, representative: undefined, firstFault: -1, lastFault: -1 };
    const k = this.classes.push(entry) - 1;
    if (k === this.hashes.length) {
      const hashes = new Int32Array(2 * k);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const removed = new Uint8Array(2 * k);
      removed.set(this.removed);
      this.removed = removed;
    }
    this.hashes[k] = hash;
    this.slots[slot] = k;
    if (++this.indexed * 2 > this.slots.length) this.grow();
    return entry;
  }

  private unindex(targets: readonly number[]): void {
    const hash = hashCodes(targets);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (!(this.hashes[this.slots[slot]!] === hash && sameCodes(this.classes[this.slots[slot]!]!.targets, targets))) {
      slot = (slot + 1) & mask;
    }
    this.removed[this.slots[slot]!] = 1;
    // Backward-shift deletion keeps every later entry of the probe run reachable.
    let hole = slot;
    for (let next = (hole + 1) & mask; this.slots[next] !== EMPTY_SLOT; next = (next + 1) & mask) {
      const home = this.hashes[this.slots[next]!]! & mask;
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        this.slots[hole] = this.slots[next]!;
        hole = next;
      }
    }
    this.slots[hole] = EMPTY_SLOT;
    this.indexed--;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(EMPTY_SLOT);
    const mask = this.slots.length - 1;
    for (const k of old) {
      if (k === EMPTY_SLOT) continue;
      let slot = this.hashes[k]! & mask;
      while (this.slots[slot] !== EMPTY_SLOT) slot = (slot + 1) & mask;
      this.slots[slot] = k;
    }
  }
}

/**
 * Sorts classes lexicographically by targets: bucketed by their first code when it is a
 * detector (almost every class), then each bucket compared whole — a few comparisons per class
 * instead of a comparison sort over hundreds of thousands.
 */
function sortByTargets(classes: ErrorClass[]): ErrorClass[] {
  const byCodes = (a: ErrorClass, b: ErrorClass) => compareCodeSequences(a.targets, b.targets);
  // Bucket of each class: its first code when a detector, else the last bucket.
  const bucket = new Int32Array(classes.length);
  let buckets = 0;
  classes.forEach((c, k) => {
    const first = c.targets[0]!;
    bucket[k] = isDetectorCode(first) ? first : -1;
    if (bucket[k]! >= buckets) buckets = bucket[k]! + 1;
  });
  for (let k = 0; k < bucket.length; k++) if (bucket[k]! < 0) bucket[k] = buckets;
  const start = new Int32Array(buckets + 2);
  for (let k = 0; k < bucket.length; k++) start[bucket[k]! + 1]!++;
  for (let b = 0; b <= buckets; b++) start[b + 1]! += start[b]!;
  const fill = start.slice();
  const out = new Array<ErrorClass>(classes.length);
  classes.forEach((c, k) => (out[fill[bucket[k]!]!++] = c));
  for (let b = 0; b <= buckets; b++) {
    if (start[b + 1]! - start[b]! > 1) {
      const sorted = out.slice(start[b], start[b + 1]).sort(byCodes);
      for (let k = 0; k < sorted.length; k++) out[start[b]! + k] = sorted[k]!;
    }
  }
  return out;
}

/** Codes are integers below 2⁵³: both 32-bit halves are mixed in, then murmur3's finalizer. */
function hashCodes(codes: readonly number[]): number {
  let h = codes.length;
  for (let k = 0; k < codes.length; k++) {
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

function sameCodes(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Fault records in growable typed arrays, with the per-class chain link. */
class FaultRecords {
  instruction = new Int32Array(1 << 12);
  group = new Int32Array(1 << 12);
  combination = new Int32Array(1 << 12);
  probability = new Float64Array(1 << 12);
  next = new Int32Array(1 << 12);
  private size = 0;

  push(instructionIndex: number, group: number, combination: number, probability: number): number {
    if (this.size === this.next.length) this.grow();
    const k = this.size++;
    this.instruction[k] = instructionIndex;
    this.group[k] = group;
    this.combination[k] = combination;
    this.probability[k] = probability;
    this.next[k] = -1;
    return k;
  }

  record(k: number): FaultRecord {
    return {
      instructionIndex: this.instruction[k]!,
      group: this.group[k]!,
      combination: this.combination[k]!,
      probability: this.probability[k]!,
    };
  }

  trim(): void {
    this.resize(this.size);
  }

  private grow(): void {
    this.resize(Math.max(1 << 12, this.next.length * 2));
  }

  private resize(n: number): void {
    const resized = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a.subarray(0, Math.min(n, a.length)));
      return b;
    };
    this.instruction = resized(this.instruction, (m) => new Int32Array(m));
    this.group = resized(this.group, (m) => new Int32Array(m));
    this.combination = resized(this.combination, (m) => new Int32Array(m));
    this.probability = resized(this.probability, (m) => new Float64Array(m));
    this.next = resized(this.next, (m) => new Int32Array(m));
  }
}
