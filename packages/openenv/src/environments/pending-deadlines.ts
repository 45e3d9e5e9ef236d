import { MinHeap } from '../episodes/min-heap.ts';

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
 * A read of the run from the store answers with what the store had when it read, so what changed
 * here while the read was on its way (pended, settled) is applied again on top of its answer.
 *
 * Order: earliest deadline first; ties go to the level named first, then the smaller id, as the
 * shared store's script picks (a Redis sorted set orders equal scores by member).
 */
interface Node {
  readonly level: string;
  readonly levelOrder: number;
  readonly id: string;
  readonly answerBy: number;
  /** Where the node is in the heap, kept up to date by every move, so a node leaves in O(log n). */
  index: number;
}

export interface DuePending {
  readonly level: string;
  readonly id: string;
}

/** An episode added here (with its deadline) or removed (undefined). */
type Change = readonly [level: string, id: string, answerBy: number | undefined];

export class PendingDeadlines {
  private readonly byLevel: ReadonlyMap<string, Map<string, Node>>;
  private readonly levelOrder: ReadonlyMap<string, number>;
  private readonly heap = new MinHeap<Node>(before, (node, index) => (node.index = index));
  /**
   * The changes made here since the earliest read still on its way began: as many as requests
   * during one round trip. Dropped as soon as no read on its way needs them, so reads that keep
   * overlapping (a busy run) never let them pile up.
   */
  private readonly changes: Change[] = [];
  /** How many changes were noted and dropped before `changes[0]`: a read's mark counts from the first change ever noted. */
  private changesDropped = 0;
  /** The marks of the reads on their way, in the order they began (so ascending). */
  private readonly readMarks: number[] = [];

  /** `levels`: the run's levels, in the order that breaks deadline ties. */
  constructor(levels: readonly string[]) {
    this.byLevel = new Map(levels.map((level) => [level, new Map()]));
    this.levelOrder = new Map(levels.map((level, order) => [level, order]));
  }

  get size(): number {
    return this.heap.size;
  }

  has(level: string, id: string): boolean {
    return this.byLevel.get(level)?.has(id) ?? false;
  }

  /** Adds episode `id` at `level`, due at `answerBy` (a known id moves to its new deadline); an unknown level is ignored. */
  add(level: string, id: string, answerBy: number): void {
    this.note([level, id, answerBy]);
    this.apply([level, id, answerBy]);
  }

  /** Removes episode `id` at `level`; says whether it was pending. */
  delete(level: string, id: string): boolean {
    this.note([level, id, undefined]);
    return this.remove(level, id);
  }

  /** A read of the run from the store begins: gives the mark `replace` takes with its answer (`readFailed` if none comes). */
  readBegins(): number {
    const mark = this.changesDropped + this.changes.length;
    this.readMarks.push(mark);
    return mark;
  }

  /** The read begun at `mark` brought nothing back (or its answer was replaced): drops the changes no read on its way needs. */
  readFailed(mark: number): void {
    const at = this.readMarks.indexOf(mark);
    if (at >= 0) this.readMarks.splice(at, 1);
    const needed = Math.min(this.readMarks[0] ?? Infinity, this.changesDropped + this.changes.length);
    this.changes.splice(0, needed - this.changesDropped);
    this.changesDropped = needed;
  }

  private note(change: Change): void {
    if (this.readMarks.length > 0) this.changes.push(change);
  }

  private apply([level, id, answerBy]: Change): void {
    this.remove(level, id);
    if (answerBy === undefined) return;
    const node = this.node(level, id, answerBy);
    if (node !== undefined) this.heap.push(node);
  }

  private remove(level: string, id: string): boolean {
    const ids = this.byLevel.get(level);
    const node = ids?.get(id);
    if (ids === undefined || node === undefined) return false;
    ids.delete(id);
    this.heap.removeAt(node.index);
    return true;
  }

  /** Removes and returns the earliest episode, if its deadline is at or before `now` (Infinity: whatever its deadline). */
  popDue(now = Infinity): DuePending | undefined {
    const earliest = this.heap.peek();
    if (earliest === undefined || earliest.answerBy > now) return undefined;
    this.delete(earliest.level, earliest.id);
    return { level: earliest.level, id: earliest.id };
  }

  /**
   * Replaces every pending episode by `pending`, the answer of the read begun at `mark`, in O(n),
   * then applies again what changed here since it began.
   */
  replace(pending: Iterable<readonly [level: string, id: string, answerBy: number]>, mark: number): void {
    for (const ids of this.byLevel.values()) ids.clear();
    const nodes: Node[] = [];
    for (const [level, id, answerBy] of pending) {
      const node = this.has(level, id) ? undefined : this.node(level, id, answerBy);
      if (node !== undefined) nodes.push(node);
    }
    this.heap.replace(nodes);
    for (const change of this.changes.slice(mark - this.changesDropped)) this.apply(change);
    this.readFailed(mark);
  }

  /** A node for episode `id` at `level`, known by its id from now on (undefined: an unknown level). */
  private node(level: string, id: string, answerBy: number): Node | undefined {
    const ids = this.byLevel.get(level);
    const levelOrder = this.levelOrder.get(level);
    if (ids === undefined || levelOrder === undefined) return undefined;
    const node: Node = { level, levelOrder, id, answerBy, index: -1 };
    ids.set(id, node);
    return node;
  }
}

function before(a: Node, b: Node): boolean {
  return a.answerBy !== b.answerBy ? a.answerBy < b.answerBy : a.levelOrder !== b.levelOrder ? a.levelOrder < b.levelOrder : a.id < b.id;
}
