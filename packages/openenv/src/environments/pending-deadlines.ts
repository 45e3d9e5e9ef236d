/**
 * A training run's pending episodes (see curriculum-runs.ts), found by level and id and ordered
 * by deadline in one binary min-heap over all the run's levels, so that the reads and resets of a
 * run touch only the episodes they settle: the overdue ones, or the earliest one at the cap, in
 * O(log n) each, never a scan of every pending episode.
 *
 * A queue in insertion order would not do: deadlines are not monotone in it. Each replica's
 * clock and answer window set its own episodes' deadlines, a run read back from the shared store
 * brings the other replicas' episodes, and one pended after that read may be due before them.
 *
 * Order: earliest deadline first; ties go to the level named first, then the smaller id, as the
 * shared store's script picks (a Redis sorted set orders equal scores by member).
 */
interface Node {
  readonly level: string;
  readonly levelOrder: number;
  readonly id: string;
  readonly answerBy: number;
  /** Where the node is in the heap array, kept up to date by every move, so a node leaves in O(log n). */
  index: number;
}

export interface DuePending {
  readonly level: string;
  readonly id: string;
}

export class PendingDeadlines {
  private readonly byLevel: ReadonlyMap<string, Map<string, Node>>;
  private readonly levelOrder: ReadonlyMap<string, number>;
  private readonly heap: Node[] = [];

  /** `levels`: the run's levels, in the order that breaks deadline ties. */
  constructor(levels: readonly string[]) {
    this.byLevel = new Map(levels.map((level) => [level, new Map()]));
    this.levelOrder = new Map(levels.map((level, order) => [level, order]));
  }

  get size(): number {
    return this.heap.length;
  }

  has(level: string, id: string): boolean {
    return this.byLevel.get(level)?.has(id) ?? false;
  }

  /** Adds episode `id` at `level`, due at `answerBy` (a known id moves to its new deadline); an unknown level is ignored. */
  add(level: string, id: string, answerBy: number): void {
    const ids = this.byLevel.get(level);
    const levelOrder = this.levelOrder.get(level);
    if (ids === undefined || levelOrder === undefined) return;
    this.delete(level, id);
    const node: Node = { level, levelOrder, id, answerBy, index: this.heap.length };
    ids.set(id, node);
    this.heap.push(node);
    this.up(node.index);
  }

  /** Removes episode `id` at `level`; says whether it was pending. */
  delete(level: string, id: string): boolean {
    const ids = this.byLevel.get(level);
    const node = ids?.get(id);
    if (ids === undefined || node === undefined) return false;
    ids.delete(id);
    const last = this.heap.pop() as Node;
    if (last !== node) {
      this.heap[node.index] = last;
      last.index = node.index;
      this.up(last.index);
      this.down(last.index);
    }
    return true;
  }

  /** Removes and returns the earliest episode, if its deadline is at or before `now` (Infinity: whatever its deadline). */
  popDue(now = Infinity): DuePending | undefined {
    const earliest = this.heap[0];
    if (earliest === undefined || earliest.answerBy > now) return undefined;
    this.delete(earliest.level, earliest.id);
    return { level: earliest.level, id: earliest.id };
  }

  /** Replaces every pending episode by `pending` (a run read back from the shared store), in O(n). */
  replace(pending: Iterable<readonly [level: string, id: string, answerBy: number]>): void {
    for (const ids of this.byLevel.values()) ids.clear();
    this.heap.length = 0;
    for (const [level, id, answerBy] of pending) {
      const ids = this.byLevel.get(level);
      const levelOrder = this.levelOrder.get(level);
      if (ids === undefined || levelOrder === undefined || ids.has(id)) continue;
      const node: Node = { level, levelOrder, id, answerBy, index: this.heap.length };
      ids.set(id, node);
      this.heap.push(node);
    }
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private up(index: number): void {
    const node = this.heap[index] as Node;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.heap[parentIndex] as Node;
      if (!before(node, parent)) break;
      this.place(parent, index);
      index = parentIndex;
    }
    this.place(node, index);
  }

  private down(index: number): void {
    const node = this.heap[index] as Node;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= this.heap.length) break;
      const right = this.heap[child + 1];
      if (right !== undefined && before(right, this.heap[child] as Node)) child++;
      const earlier = this.heap[child] as Node;
      if (!before(earlier, node)) break;
      this.place(earlier, index);
      index = child;
    }
    this.place(node, index);
  }

  private place(node: Node, index: number): void {
    this.heap[index] = node;
    node.index = index;
  }
}

function before(a: Node, b: Node): boolean {
  return a.answerBy !== b.answerBy ? a.answerBy < b.answerBy : a.levelOrder !== b.levelOrder ? a.levelOrder < b.levelOrder : a.id < b.id;
}
