/**
 * The flooder's event queue: a radix heap of (time, id) entries (Ahuja, Mehlhorn, Orlin & Tarjan,
 * "Faster algorithms for the shortest path problem", 1990; PyMatching 2's flooder uses one too).
 * It fits the flood exactly: event times never decrease, and they are whole numbers — the edge
 * weights are even integers (matching-graph.ts), so every region radius stays whole (the classic
 * parity argument for the blossom algorithm's duals). An entry sits in the bucket of the highest
 * bit where its time differs from the latest popped time, so a push is an append and an entry
 * moves to a lower bucket at most once per bit: sparse blossom pushes and pops several entries per
 * detection event, and a comparison heap's sift-down was a sixth of the decoding time.
 * Stale entries are left in place and skipped by the caller (the flooder's per-node and
 * per-region trackers).
 */

/** Times are whole numbers below 2^53: bucket 0 holds the latest popped time, bucket b ≥ 1 the times whose highest bit differing from it is bit b − 1. */
const BUCKETS = 54;
const TWO_TO_32 = 2 ** 32;

export class TimeQueue {
  size = 0;
  /** The latest popped time: no entry is earlier. */
  private floor = 0;
  /**
   * Bucket b's entries are times[b·stride + i] and ids[b·stride + i] for i < counts[b]: one flat
   * pair of arrays rather than one per bucket, so an append is two stores at a computed index.
   * Every bucket's slot count doubles together when one fills.
   */
  private stride: number;
  private times: Float64Array;
  private ids: Int32Array;
  private readonly counts = new Int32Array(BUCKETS);
  /** Bit b of low (b < 32) or of high (bit b − 32) is set while bucket b holds entries, so refill finds the lowest one at once. */
  private occupiedLow = 0;
  private occupiedHigh = 0;

  /** `capacity`: entries each bucket holds before the arrays first widen. */
  constructor(capacity = 64) {
    this.stride = capacity;
    this.times = new Float64Array(BUCKETS * capacity);
    this.ids = new Int32Array(BUCKETS * capacity);
  }

  clear(): void {
    this.size = 0;
    this.floor = 0;
    this.counts.fill(0);
    this.occupiedLow = 0;
    this.occupiedHigh = 0;
  }

  /** The earliest entry's time (the queue must not be empty). */
  topTime(): number {
    if (this.counts[0] === 0) this.refill();
    return this.floor;
  }

  push(time: number, id: number): void {
    const floor = this.floor;
    if (!(time >= floor) || !Number.isInteger(time) || time >= 2 ** 53) {
      throw new RangeError(`the flood's time queue takes whole times from ${floor} on; got ${time}`);
    }
    // Below 2^32 (so is the floor) clz32 of the XOR (0 when equal) names the bucket at once.
    this.append(time < TWO_TO_32 ? 32 - Math.clz32(time ^ floor) : this.bucketOf(time), time, id);
    this.size++;
  }

  /** Removes an earliest entry and returns its id (the queue must not be empty). */
  pop(): number {
    if (this.counts[0] === 0) this.refill();
    this.size--;
    const count = --this.counts[0]!;
    if (count === 0) this.occupiedLow &= ~1;
    return this.ids[count]!;
  }

  private bucketOf(time: number): number {
    const floor = this.floor;
    const high = Math.floor(time / TWO_TO_32);
    const floorHigh = Math.floor(floor / TWO_TO_32);
    // `^` takes the low 32 bits of each (exactly, below 2^53); clz32 of 0 is 32, so equal times land in bucket 0.
    if (high === floorHigh) return 32 - Math.clz32(time ^ floor);
    return 64 - Math.clz32(high ^ floorHigh);
  }

  private append(bucket: number, time: number, id: number): void {
    const count = this.counts[bucket]!;
    if (count === this.stride) this.widen();
    const at = bucket * this.stride + count;
    this.times[at] = time;
    this.ids[at] = id;
    this.counts[bucket] = count + 1;
    if (bucket < 32) this.occupiedLow |= 1 << bucket;
    else this.occupiedHigh |= 1 << (bucket - 32);
  }

  /** Doubles every bucket's slots, keeping all of each bucket's old slots (refill reads a bucket it has already emptied). */
  private widen(): void {
    const stride = this.stride;
    const times = new Float64Array(2 * BUCKETS * stride);
    const ids = new Int32Array(2 * BUCKETS * stride);
    for (let b = 0; b < BUCKETS; b++) {
      times.set(this.times.subarray(b * stride, (b + 1) * stride), 2 * b * stride);
      ids.set(this.ids.subarray(b * stride, (b + 1) * stride), 2 * b * stride);
    }
    this.stride = 2 * stride;
    this.times = times;
    this.ids = ids;
  }

  /** Bucket 0 is empty: the lowest non-empty bucket's earliest time becomes the floor, and its entries spread over lower buckets. */
  private refill(): void {
    const low = this.occupiedLow;
    const bucket = low !== 0 ? 31 - Math.clz32(low & -low) : 63 - Math.clz32(this.occupiedHigh & -this.occupiedHigh);
    const first = bucket * this.stride;
    const count = this.counts[bucket]!;
    const times = this.times;
    let earliest = times[first]!;
    for (let i = first + 1; i < first + count; i++) if (times[i]! < earliest) earliest = times[i]!;
    this.floor = earliest;
    this.counts[bucket] = 0;
    if (bucket < 32) this.occupiedLow &= ~(1 << bucket);
    else this.occupiedHigh &= ~(1 << (bucket - 32));
    // Relative to the new floor every entry here differs below bit bucket − 1: it lands in a lower
    // bucket, never this one. From bucket 32 down they all agree with the floor above bit 31, so
    // their low 32 bits name the bucket. An append may widen the arrays (moving this bucket's
    // unread entries), so each entry is read at the current stride.
    const sameHigh = bucket <= 32;
    for (let i = 0; i < count; i++) {
      const at = bucket * this.stride + i;
      const time = this.times[at]!;
      this.append(sameHigh ? 32 - Math.clz32(time ^ earliest) : this.bucketOf(time), time, this.ids[at]!);
    }
  }
}
