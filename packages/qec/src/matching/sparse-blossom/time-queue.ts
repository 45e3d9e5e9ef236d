/**
 * The flooder's event queue: a 4-ary min-heap of (time, id). Sparse blossom pops and pushes
 * several entries per detection event, so the queue is on the hot path; four children per node
 * halve the depth of a binary heap and keep each node's children in one cache line. Stale entries
 * are left in place and skipped by the caller (the flooder's per-node and per-region trackers).
 */
import { grown } from '../search/grown-array.ts';

export class TimeQueue {
  private times = new Float64Array(256);
  private ids = new Int32Array(256);
  size = 0;

  topTime(): number {
    return this.times[0]!;
  }

  push(time: number, id: number): void {
    if (this.size === this.times.length) {
      this.times = grown(this.times, 2 * this.size);
      this.ids = grown(this.ids, 2 * this.size);
    }
    const { times, ids } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      if (times[parent]! <= time) break;
      times[i] = times[parent]!;
      ids[i] = ids[parent]!;
      i = parent;
    }
    times[i] = time;
    ids[i] = id;
  }

  /** Removes the earliest entry and returns its id. */
  pop(): number {
    const { times, ids } = this;
    const top = ids[0]!;
    const size = --this.size;
    const time = times[size]!;
    const id = ids[size]!;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      let child = first;
      let childTime = times[first]!;
      const last = Math.min(first + 4, size);
      for (let c = first + 1; c < last; c++) {
        if (times[c]! < childTime) {
          child = c;
          childTime = times[c]!;
        }
      }
      if (childTime >= time) break;
      times[i] = childTime;
      ids[i] = ids[child]!;
      i = child;
    }
    times[i] = time;
    ids[i] = id;
    return top;
  }
}
