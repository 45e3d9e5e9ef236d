/**
 * Remembers which episode tokens this process has stepped, so a token is stepped at most once
 * here. A token needs remembering only until it expires, so ids are kept in buckets by expiry
 * time and whole buckets are dropped as they pass. Memory is bounded too: when `capacity` ids
 * are held, the bucket expiring first is dropped and every token expiring within it is treated
 * as expired from then on (the floor), so the guard fails closed (a busy server shortens token
 * lifetimes) rather than open (accepting replays).
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
    for (const [index, bucket] of this.buckets) {
      // Every token in bucket `index` expires before (index + 1) * width.
      if ((index + 1) * this.options.bucketSeconds <= now) this.drop(index, bucket);
    }
  }

  private dropEarliest(): void {
    const earliest = Math.min(...this.buckets.keys());
    const bucket = this.buckets.get(earliest);
    if (bucket === undefined) return;
    this.drop(earliest, bucket);
    this.floor = Math.max(this.floor, (earliest + 1) * this.options.bucketSeconds);
  }

  private drop(index: number, bucket: Set<string>): void {
    this.size -= bucket.size;
    this.buckets.delete(index);
  }
}
