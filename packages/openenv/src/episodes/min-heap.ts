/**
 * A binary min-heap (https://en.wikipedia.org/wiki/Binary_heap) ordered by `before`: the least
 * item is read in O(1), pushed and removed in O(log n), and n items are taken in at once in O(n),
 * so what keeps items by deadline touches only the items it takes out, never all of them.
 * `moved` hears every item's new place, so a caller that remembers it can remove an item from
 * the middle (`removeAt`).
 */
export class MinHeap<T> {
  private readonly items: T[] = [];
  private readonly before: (a: T, b: T) => boolean;
  private readonly moved: (item: T, index: number) => void;

  constructor(before: (a: T, b: T) => boolean, moved: (item: T, index: number) => void = () => undefined) {
    this.before = before;
    this.moved = moved;
  }

  get size(): number {
    return this.items.length;
  }

  /** The least item, left in place. */
  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  /** Removes and returns the least item. */
  pop(): T | undefined {
    return this.removeAt(0);
  }

  /** Removes and returns the item at `index` (where `moved` last put it). */
  removeAt(index: number): T | undefined {
    const removed = this.items[index];
    const last = this.items.pop();
    if (removed === undefined || last === undefined) return undefined;
    if (last !== removed) {
      this.place(last, index);
      if (index > 0 && this.before(last, this.items[(index - 1) >> 1] as T)) this.up(index);
      else this.down(index);
    }
    return removed;
  }

  /** Replaces every item by `items`, in O(n). */
  replace(items: Iterable<T>): void {
    this.items.length = 0;
    for (const item of items) this.place(item, this.items.length);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private up(index: number): void {
    const item = this.items[index] as T;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.items[parentIndex] as T;
      if (!this.before(item, parent)) break;
      this.place(parent, index);
      index = parentIndex;
    }
    this.place(item, index);
  }

  private down(index: number): void {
    const item = this.items[index] as T;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= this.items.length) break;
      if (child + 1 < this.items.length && this.before(this.items[child + 1] as T, this.items[child] as T)) child++;
      const earlier = this.items[child] as T;
      if (!this.before(earlier, item)) break;
      this.place(earlier, index);
      index = child;
    }
    this.place(item, index);
  }

  private place(item: T, index: number): void {
    this.items[index] = item;
    this.moved(item, index);
  }
}
