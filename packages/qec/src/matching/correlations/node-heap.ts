/**
 * The priority queue of the second pass's Dijkstra searches: a binary min-heap of (distance,
 * node) in typed arrays, with lazy deletion (a node may be queued several times; the caller skips
 * entries whose distance is stale). Ties pop in no particular order, which is why the searches
 * break path ties by first improvement only (see reweighted-matcher.ts).
 */
export class NodeHeap {
  private keys = new Float64Array(256);
  private nodes = new Int32Array(256);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  /** The smallest key; only meaningful when size > 0. */
  peekKey(): number {
    return this.keys[0]!;
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      const nodes = new Int32Array(this.size * 2);
      keys.set(this.keys);
      nodes.set(this.nodes);
      this.keys = keys;
      this.nodes = nodes;
    }
    let i = this.size++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.keys[up]! <= key) break;
      this.keys[i] = this.keys[up]!;
      this.nodes[i] = this.nodes[up]!;
      i = up;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  /** Removes the entry with the smallest key and returns its node. */
  pop(): number {
    const top = this.nodes[0]!;
    const last = --this.size;
    const key = this.keys[last]!;
    const node = this.nodes[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.keys[i] = this.keys[child]!;
      this.nodes[i] = this.nodes[child]!;
      i = child;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
    return top;
  }
}
