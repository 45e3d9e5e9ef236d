import { MinHeap } from './min-heap.ts';

/**
 * Remembers which episode tokens this process has stepped, so a token is stepped at most once
 * here. A token needs remembering only until it expires, so ids are kept in buckets by expiry
 * time and whole buckets are dropped as they pass, earliest first (a heap of bucket times, so a
 * step touches only the buckets it drops, however many distinct expiries are held). Memory is
 * bounded too: when `capacity` ids are held, the bucket expiring first is dropped and every
 * token expiring within it is treated as expired from then on (the floor), so the guard fails
 * closed (a busy server shortens token lifetimes) rather than open (accepting replays).
 *
 * Scope, honestly: this is per process. Another replica with the same key accepts one replay of
 * a token stepped here unless the replicas share a store (or a load balancer pins episodes).
 */
export type ConsumeResult = 'fresh' | 'replayed' | 'expired';

export interface ReplayGuardOptions {
  readonly capacity: number;
  /** Width of an expiry bucket, in seconds. */
  readonly bucketSeconds: number;
  /** Seconds since the epoch. */
  readonly now: () => number;
}

export class ReplayGuard {
  private readonly buckets = new Map<number, Set<string>>();
  /** The indices of `buckets`, earliest first. */
  private readonly order = new MinHeap<number>((a, b) => a < b);
  private size = 0;
  private floor = -Infinity;
  private readonly options: ReplayGuardOptions;

  constructor(options: ReplayGuardOptions) {
    this.options = options;
  }

  /** Records the token `id` expiring at `expiresAt`; says whether it was new. */
  consume(id: string, expiresAt: number): ConsumeResult {
    this.dropPassed();
    if (expiresAt < this.floor) return 'expired';
    const index = Math.floor(expiresAt / this.options.bucketSeconds);
    let bucket = this.buckets.get(index);
    if (bucket?.has(id)) return 'replayed';
    if (this.size >= this.options.capacity) {
      this.dropEarliest();
      if (expiresAt < this.floor) return 'expired';
    }
    if (bucket === undefined) {
      bucket = new Set();
      this.buckets.set(index, bucket);
      this.order.push(index);
    }
    bucket.add(id);
    this.size++;
    return 'fresh';
  }

  get heldIds(): number {
    return this.size;
  }

  private dropPassed(): void {
    const now = this.options.now();
    // Every token in bucket `index` expires before (index + 1) * width.
    for (let index = this.order.peek(); index !== undefined && (index + 1) * this.options.bucketSeconds <= now; index = this.order.peek()) this.dropEarliestBucket();
  }

  private dropEarliest(): void {
    const earliest = this.dropEarliestBucket();
    if (earliest !== undefined) this.floor = Math.max(this.floor, (earliest + 1) * this.options.bucketSeconds);
  }

  /** Drops the earliest bucket; gives its index. */
  private dropEarliestBucket(): number | undefined {
    const index = this.order.pop();
    if (index === undefined) return undefined;
    this.size -= this.buckets.get(index)?.size ?? 0;
    this.buckets.delete(index);
    return index;
  }
}
