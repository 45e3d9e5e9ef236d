/**
 * A bounded least-recently-used map from a syndrome's key to its decoded result. At low physical
 * error rates a few syndromes make up most shots (the empty one alone is most of them), so a
 * modest cache turns an expensive exact decode into a lookup; the bound keeps memory fixed
 * however many distinct syndromes a long run meets.
 */
export class SyndromeCache<V> {
  readonly capacity: number;
  private readonly entries = new Map<string, V>();
  private hitCount = 0;
  private missCount = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`cache capacity must be a non-negative integer, got ${capacity}`);
    this.capacity = capacity;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) {
      this.missCount++;
      return undefined;
    }
    this.hitCount++;
    // Re-inserting moves the key to the back of Map's insertion order: the most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    if (this.capacity === 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }

  get stats(): { readonly hits: number; readonly misses: number; readonly size: number } {
    return { hits: this.hitCount, misses: this.missCount, size: this.entries.size };
  }
}
