import { MinHeap } from '../episodes/min-heap.ts';

/**
 * The training runs a server keeps (CurriculumRuns), at most `max`, and which one is forgotten
 * when a new run comes and the table is full:
 *
 * 1. the least recently used run, if it has been idle for more than `idleMs` (no use, and no
 *    pending episode whose deadline is within that time): a run its trainer left gives way first;
 * 2. otherwise the run with the least history (its weight: the outcomes it holds, which is what
 *    forgetting it loses), the least recently used of those first.
 *
 * Anyone may name fresh run ids, by the thousand (a second of loopback resets), so least recently
 * used alone let such a flood push out every run. Here a flood's runs, with no outcome or one,
 * push out each other, never a run that has trained longer; a real run as new loses little.
 * Pushing out a run with h outcomes takes all the other places filled with runs of more (or as
 * many, used since), each used within the idle time.
 *
 * A use, a change of history and a new run each cost O(log n): the runs are one binary min-heap
 * ordered by history, then last use, besides a Map in order of use for the idle check.
 */
interface Slot<T> {
  readonly id: string;
  readonly value: T;
  history: number;
  /** When it was last used, as a count of uses over the table: the tie-break of equal histories. */
  use: number;
  /** The latest of its last use and its pending episodes' deadlines (ms since the epoch). */
  busyUntil: number;
  /** Its place in the heap, kept by every move, so a change of order costs O(log n). */
  index: number;
}

export class RunTable<T> {
  readonly max: number;
  readonly idleMs: number;
  /** Least recently used first. */
  private readonly slots = new Map<string, Slot<T>>();
  private readonly heap = new MinHeap<Slot<T>>(forgottenBefore, (slot, index) => (slot.index = index));
  private uses = 0;
  /** The latest time the table was told: uses that name no time happen then. */
  private now = -Infinity;

  constructor(max: number, idleMs: number) {
    this.max = max;
    this.idleMs = idleMs;
  }

  get size(): number {
    return this.slots.size;
  }

  /** Run `id`'s value, marked used at `now` (ms since the epoch; absent: the latest time the table was told); undefined if not kept. */
  use(id: string, now?: number): T | undefined {
    if (now !== undefined && now > this.now) this.now = now;
    const slot = this.slots.get(id);
    if (slot === undefined) return undefined;
    this.slots.delete(id);
    this.slots.set(id, slot);
    slot.use = ++this.uses;
    slot.busyUntil = Math.max(slot.busyUntil, this.now);
    this.reorder(slot);
    return slot.value;
  }

  /** Keeps `value` as new run `id` (not kept yet), with no history, first forgetting one run if the table is full. */
  add(id: string, value: T): void {
    if (this.slots.size >= this.max) {
      const forgotten = this.next();
      if (forgotten !== undefined) {
        this.slots.delete(forgotten.id);
        this.heap.removeAt(forgotten.index);
      }
    }
    const slot: Slot<T> = { id, value, history: 0, use: ++this.uses, busyUntil: this.now, index: -1 };
    this.slots.set(id, slot);
    this.heap.push(slot);
  }

  /** Run `id` holds `history` outcomes now. */
  setHistory(id: string, history: number): void {
    const slot = this.slots.get(id);
    if (slot === undefined || slot.history === history) return;
    slot.history = history;
    this.reorder(slot);
  }

  /** Run `id` has an episode pending until `deadline` (ms since the epoch): it is not idle before. */
  busyUntil(id: string, deadline: number): void {
    const slot = this.slots.get(id);
    if (slot !== undefined && deadline > slot.busyUntil) slot.busyUntil = deadline;
  }

  /** The run a new one would push out. */
  private next(): Slot<T> | undefined {
    const leastRecent = this.slots.values().next().value;
    if (leastRecent !== undefined && this.now - leastRecent.busyUntil > this.idleMs) return leastRecent;
    return this.heap.peek();
  }

  private reorder(slot: Slot<T>): void {
    this.heap.removeAt(slot.index);
    this.heap.push(slot);
  }
}

function forgottenBefore<T>(a: Slot<T>, b: Slot<T>): boolean {
  return a.history < b.history || (a.history === b.history && a.use < b.use);
}
