/**
 * Sparse blossom's graph flooder (Higgott & Gidney, arXiv:2303.15933, section 3.3; PyMatching 2's
 * GraphFlooder): grows, freezes and shrinks regions over the detector graph in time order and
 * reports to the matcher only what needs a decision — a region touching another region or the
 * boundary, and an inner region shrinking to radius zero. Reaching an empty node and giving a
 * node back while shrinking it handles itself.
 *
 * Each node a region covers remembers the top-level region covering it, the detection event whose
 * growth reached it and the observables crossed on the way (so a collision yields its compressed
 * edge at once), the top region's radius when it arrived and the radii of the blossom layers
 * wrapped around it since; its distance to the edge of its region is
 * radius_top(t) + wrapped − arrival, linear in t between matcher decisions.
 *
 * The queue holds at most one live entry per node and per region (PyMatching's trackers): a
 * node's entry is the earliest time anything can happen on one of its edges, recomputed when it
 * pops; an entry is pushed only when earlier than the live one, and a popped entry whose time is
 * not its owner's live time is stale. Work is proportional to the nodes the regions cover; only
 * the nodes a shot touched are reset.
 */
import { grown } from '../search/grown-array.ts';
import { TimeQueue } from './time-queue.ts';
import type { FloodGraph } from './flood-graph.ts';
import { RegionStore, SHATTERED, TOP_LEVEL } from './region-store.ts';

/** What nextEvent found for the matcher. */
export const FloodEvent = {
  /** The queue is empty. */
  None: 0,
  /** Regions eventRegion1 and eventRegion2 touch along a compressed edge (eventSource in the first, eventTarget in the second). */
  Collision: 1,
  /** Region eventRegion1 reaches the boundary by the compressed edge (eventSource, −1). */
  Boundary: 2,
  /** Inner region eventRegion1 shrank to radius zero with no nodes of its own left. */
  ShrunkToZero: 3,
} as const;
export type FloodEvent = (typeof FloodEvent)[keyof typeof FloodEvent];

const INFINITY = Number.POSITIVE_INFINITY;

export class Flooder {
  /**
   * Regions (and tree nodes, time-queue entries per bucket) the arrays hold before they first
   * grow: a shot has at most one trivial region per detector, and sizing for that up front keeps
   * the arrays from being replaced while the first shots run, which made V8 throw away and redo
   * the decoder's optimized code (a field's array changing identity invalidates code that
   * assumed it constant).
   */
  readonly regionCapacity: number;
  readonly regions: RegionStore;
  /** The time of the event being handled. */
  now = 0;

  /** Per node: the top-level region covering it (−1: none), the detection event it was reached from and the observables from there. */
  readonly owner: Int32Array;
  readonly source: Int32Array;
  readonly obs: Int32Array;
  /** Per node: radius_top at arrival minus the radii of blossom layers formed around it since (distance = radius_top(t) − offset). */
  readonly offset: Float64Array;
  /** The node its region reached just before it (the region's shell is a stack), −1 at the bottom. */
  readonly shellPrev: Int32Array;
  /** The trivial region of the detection event at this node, −1 if none this shot. */
  readonly eventRegion: Int32Array;
  private readonly queuedAt: Float64Array;
  /**
   * Per node: the growing region other than its own that its latest scan met (−1: none, −2:
   * several). A frozen node only has collisions with growing regions to find, and it alone holds
   * one only if the region was growing at its scan and still is: a region that reached a
   * neighbour since, or started growing again since, scanned that neighbour then, and that
   * neighbour's entry holds the collision.
   */
  private readonly metGrowing: Int32Array;
  /**
   * Per node, what its latest scan (nextNodeTime) found: the adjacency slot of its earliest event
   * (−1: the boundary, −2: none), the earliest time on any other edge, and the same over edges to
   * other regions' nodes only. When the node's entry pops and the event on that slot still happens
   * at the entry's time, the scan's results stand (see scanStillHolds) and the node is not scanned
   * again to handle it.
   */
  private readonly scanSlot: Int32Array;
  private readonly scanSecond: Float64Array;
  private readonly scanSecondCollision: Float64Array;
  /** The nodes this shot covered (each once: touchedMark), so reset clears only them. */
  private readonly touched: Int32Array;
  private readonly touchedMark: Uint8Array;
  private touchedCount = 0;
  private readonly queue: TimeQueue;
  /** collectArea's result: distinct nodes, so at most one per detector. */
  private readonly areaNodes: Int32Array;
  private areaStack: Int32Array;

  /** The latest event's regions, compressed edge and the node whose queue entry found it. */
  eventRegion1 = -1;
  eventRegion2 = -1;
  eventSource = -1;
  eventTarget = -1;
  eventObs = 0;
  eventNode = -1;
  private eventSecondTime = INFINITY;
  private eventSecondCollisionTime = INFINITY;

  readonly graph: FloodGraph;

  constructor(graph: FloodGraph) {
    this.graph = graph;
    const n = graph.numDetectors;
    this.owner = new Int32Array(n).fill(-1);
    this.source = new Int32Array(n);
    this.obs = new Int32Array(n);
    this.offset = new Float64Array(n);
    this.shellPrev = new Int32Array(n);
    this.eventRegion = new Int32Array(n).fill(-1);
    this.queuedAt = new Float64Array(n).fill(INFINITY);
    this.metGrowing = new Int32Array(n);
    this.scanSlot = new Int32Array(n);
    this.scanSecond = new Float64Array(n);
    this.scanSecondCollision = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.areaNodes = new Int32Array(n);
    this.regionCapacity = Math.max(64, n);
    this.regions = new RegionStore(this.regionCapacity);
    this.areaStack = new Int32Array(this.regionCapacity);
    this.queue = new TimeQueue(Math.max(64, n >>> 2));
    this.touchedMark = new Uint8Array(n);
  }

  /** Forgets the previous shot: only the nodes it touched. */
  reset(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const v = this.touched[i]!;
      this.owner[v] = -1;
      this.eventRegion[v] = -1;
      this.queuedAt[v] = INFINITY;
      this.touchedMark[v] = 0;
    }
    this.touchedCount = 0;
    this.queue.clear();
    this.regions.reset();
    this.now = 0;
  }

  /** A growing trivial region at detection event `node` (time 0). */
  addEvent(node: number): number {
    const r = this.regions.add(node, 1);
    this.eventRegion[node] = r;
    this.cover(node, r, node, 0, 0);
    this.scheduleNode(node);
    return r;
  }

  private cover(v: number, region: number, source: number, obs: number, offset: number): void {
    if (this.touchedMark[v] === 0) this.touch(v);
    this.owner[v] = region;
    this.source[v] = source;
    this.obs[v] = obs;
    this.offset[v] = offset;
  }

  private touch(v: number): void {
    this.touched[this.touchedCount++] = v;
    this.touchedMark[v] = 1;
  }

  /**
   * Sets a top-level region's speed from now on, keeping its current radius. Only a faster region
   * brings its nodes' events earlier, so only then are they rescheduled; after a slow-down the
   * queued entries are early, and an early entry just recomputes when it pops.
   */
  setSlope(region: number, slope: number): void {
    const faster = slope > this.regions.slope[region]!;
    this.setSlopeOnly(region, slope);
    if (faster) this.rescheduleNodes(region);
    if (slope < 0) {
      // A shrinking region's nodes start nothing (nothing closes in on them faster than they
      // recede), so their queued entries are dropped rather than popped and recomputed.
      const count = this.collectArea(region);
      for (let i = 0; i < count; i++) this.queuedAt[this.areaNodes[i]!] = INFINITY;
      this.scheduleShrink(region);
    }
  }

  rescheduleNodes(region: number): void {
    const count = this.collectArea(region);
    for (let i = 0; i < count; i++) this.scheduleNode(this.areaNodes[i]!);
  }

  /** Changes the speed without rescheduling (the caller reschedules once after several changes). */
  setSlopeOnly(region: number, slope: number): void {
    const { intercept, slope: slopes } = this.regions;
    intercept[region] = intercept[region]! + (slopes[region]! - slope) * this.now;
    slopes[region] = slope;
  }

  /**
   * Moves every node of `child`'s area under top-level region `top`, adding `radiusDelta` to the
   * blossom layers wrapped around it (the child's frozen radius when a blossom forms, minus it
   * when one shatters), and reschedules the nodes when `reschedule`.
   */
  rehome(child: number, top: number, radiusDelta: number, reschedule: boolean): void {
    const count = this.collectArea(child);
    const { owner, offset } = this;
    for (let i = 0; i < count; i++) {
      const v = this.areaNodes[i]!;
      owner[v] = top;
      offset[v] = offset[v]! - radiusDelta;
    }
    if (reschedule) for (let i = 0; i < count; i++) this.scheduleNode(this.areaNodes[i]!);
  }


  /** Fills areaNodes with every node covered by `region` or the blossom children inside it; returns the count. */
  private collectArea(region: number): number {
    const { sourceNode, shellTail, cycleStart, cycleLength, cycleRegion } = this.regions;
    let count = 0;
    let depth = 0;
    this.areaStack[depth++] = region;
    while (depth > 0) {
      const r = this.areaStack[--depth]!;
      const src = sourceNode[r]!;
      if (src >= 0) this.areaNodes[count++] = src;
      for (let v = shellTail[r]!; v !== -1; v = this.shellPrev[v]!) this.areaNodes[count++] = v;
      const end = cycleStart[r]! + cycleLength[r]!;
      for (let c = cycleStart[r]!; c < end; c++) {
        if (depth === this.areaStack.length) this.areaStack = grown(this.areaStack, 2 * depth);
        this.areaStack[depth++] = cycleRegion[c]!;
      }
    }
    return count;
  }



  /**
   * The earliest time at or after now at which something happens on one of u's edges (Infinity if
   * never at current speeds), recording in u's scan slots the edge's adjacency slot (−1: the
   * boundary), the earliest time on any other edge (u's next event once that slot's neighbour
   * joins u's region) and the same over edges to other regions' nodes only (what can still happen
   * at u once its region stops growing).
   */
  private nextNodeTime(u: number): number {
    const { owner, offset, graph } = this;
    const { intercept, slope } = this.regions;
    const top = owner[u]!;
    const growth = slope[top]!;
    let best = INFINITY;
    let second = INFINITY;
    let bestSlot = -2;
    // The two earliest collisions with other regions' nodes, and the first one's slot.
    let collision = INFINITY;
    let secondCollision = INFINITY;
    let collisionSlot = -1;
    let met = -1;
    const { start, neighbour, weight } = graph;
    const end = start[u + 1]!;
    // Distance from u to its region's edge: base + growth·t.
    const base = intercept[top]! - offset[u]!;
    if (growth > 0) {
      best = graph.boundaryWeight[u]! - base;
      bestSlot = -1;
      for (let k = start[u]!; k < end; k++) {
        const v = neighbour[k]!;
        const other = owner[v]!;
        if (other === top) continue;
        let t: number;
        if (other === -1) {
          t = weight[k]! - base;
        } else {
          // Closing speed 1 + slope[other]: 2 against a growing region, 1 against a frozen one, 0 (never meet) against a shrinking one.
          const speed = slope[other]!;
          if (speed < 0) continue;
          t = weight[k]! - base - intercept[other]! + offset[v]!;
          if (speed > 0) {
            t *= 0.5;
            met = met === -1 || met === other ? other : -2;
          }
          // Tested against the runner-up first: with the edges in increasing weight, most times miss both.
          if (t < secondCollision) {
            if (t < collision) {
              secondCollision = collision;
              collision = t;
              collisionSlot = k;
            } else {
              secondCollision = t;
            }
          }
        }
        if (t < second) {
          if (t < best) {
            second = best;
            best = t;
            bestSlot = k;
          } else {
            second = t;
          }
        }
      }
    } else if (growth === 0) {
      // A frozen node meets only growing regions (closing speed 1); reaching empty nodes is not its to do.
      for (let k = start[u]!; k < end; k++) {
        const v = neighbour[k]!;
        const other = owner[v]!;
        if (other < 0 || other === top || slope[other]! <= 0) continue;
        const t = weight[k]! - base - intercept[other]! + offset[v]!;
        met = met === -1 || met === other ? other : -2;
        if (t < second) {
          if (t < best) {
            second = best;
            best = t;
            bestSlot = k;
          } else {
            second = t;
          }
        }
      }
      collision = best;
      secondCollision = second;
      collisionSlot = bestSlot;
    } else {
      // A shrinking node starts nothing: no neighbour closes in on it faster than it recedes.
      met = -2;
    }
    this.scanSlot[u] = bestSlot;
    this.scanSecond[u] = second;
    this.scanSecondCollision[u] = collisionSlot === bestSlot ? secondCollision : collision;
    this.metGrowing[u] = met;
    return best;
  }

  /**
   * After the matcher handled the latest event: the node that found it needs a new entry, unless
   * the matcher gave it one (its region sped up). Otherwise its region kept its speed or slowed,
   * and the event's edge is now inside one region or between regions that do not close in, so
   * the runner-up time from the scan that found the event is a lower bound on the node's next
   * event: an entry then is early at worst, and saves a scan now. A frozen node keeps only
   * collisions (a region reaching an empty neighbour later scans itself), and none when the
   * growing region its scan met has stopped (nothingToMeet: its entry would pop only to be
   * skipped); a shrinking one starts nothing.
   */
  rescheduleEventNode(): void {
    const u = this.eventNode;
    if (this.queuedAt[u] !== INFINITY) return;
    const speed = this.regions.slope[this.owner[u]!]!;
    const t = speed > 0 ? this.eventSecondTime : speed === 0 && !this.nothingToMeet(u) ? this.eventSecondCollisionTime : INFINITY;
    if (t < INFINITY) {
      this.queuedAt[u] = t;
      this.queue.push(t, u);
    }
  }

  /** Queues u's next event if it is earlier than u's live entry. */
  scheduleNode(u: number): void {
    if (this.owner[u] === -1) return;
    const t = this.nextNodeTime(u);
    if (t < this.queuedAt[u]!) {
      this.queuedAt[u] = t;
      this.queue.push(t, u);
    }
  }

  /** Queues a shrinking region's next event: giving back its latest node, or reaching radius zero. */
  scheduleShrink(region: number): void {
    const { intercept, shellTail, queuedAt } = this.regions;
    const tail = shellTail[region]!;
    // radius(t) = intercept − t falls to the tail's arrival radius, or to zero.
    const t = tail === -1 ? intercept[region]! : intercept[region]! - this.offset[tail]!;
    if (t < queuedAt[region]!) {
      queuedAt[region] = t;
      this.queue.push(t, this.graph.numDetectors + region);
    }
  }

  /** Runs the flood until something needs the matcher (or the queue empties). */
  nextEvent(): FloodEvent {
    const n = this.graph.numDetectors;
    const queue = this.queue;
    while (queue.size > 0) {
      const time = queue.topTime();
      const id = queue.pop();
      if (id < n) {
        if (time !== this.queuedAt[id]) continue;
        this.queuedAt[id] = INFINITY;
        const top = this.owner[id]!;
        if (top === -1 || (this.regions.slope[top] === 0 && this.nothingToMeet(id))) continue;
        this.now = time;
        const event = this.nodeEvent(id, time);
        if (event !== FloodEvent.None) return event;
      } else {
        const region = id - n;
        const regions = this.regions;
        if (time !== regions.queuedAt[region]) continue;
        regions.queuedAt[region] = INFINITY;
        if (regions.blossomParent[region] !== TOP_LEVEL || regions.slope[region]! >= 0) continue;
        this.now = time;
        if (this.shrinkEvent(region)) return FloodEvent.ShrunkToZero;
      }
    }
    return FloodEvent.None;
  }

  /** Whether frozen node u has no collision of its own to find (see metGrowing). */
  private nothingToMeet(u: number): boolean {
    const met = this.metGrowing[u]!;
    return met === -1 || (met >= 0 && this.regions.slope[met]! <= 0);
  }

  private nodeEvent(u: number, time: number): FloodEvent {
    if (!this.scanStillHolds(u, time)) {
      const t = this.nextNodeTime(u);
      if (t !== time) {
        if (t < INFINITY) {
          this.queuedAt[u] = t;
          this.queue.push(t, u);
        }
        return FloodEvent.None;
      }
    }
    const k = this.scanSlot[u]!;
    const top = this.owner[u]!;
    this.eventNode = u;
    this.eventSecondTime = this.scanSecond[u]!;
    this.eventSecondCollisionTime = this.scanSecondCollision[u]!;
    if (k === -1) {
      this.eventRegion1 = top;
      this.eventSource = this.source[u]!;
      this.eventTarget = -1;
      this.eventObs = this.obs[u]! ^ this.graph.boundaryObs[u]!;
      return FloodEvent.Boundary;
    }
    const v = this.graph.neighbour[k]!;
    if (this.owner[v] === -1) {
      // u's region reaches an empty node: it joins the region's own shell.
      const regions = this.regions;
      const next = this.scanSecond[u]!;
      this.cover(v, top, this.source[u]!, this.obs[u]! ^ this.graph.obs[k]!, regions.radius(top, time));
      this.shellPrev[v] = regions.shellTail[top]!;
      regions.shellTail[top] = v;
      this.scheduleNode(v);
      // Only the edge to v changed for u (v is u's region now), so u's next event is the runner-up.
      if (next < this.queuedAt[u]!) {
        this.queuedAt[u] = next;
        this.queue.push(next, u);
      }
      return FloodEvent.None;
    }
    this.eventRegion1 = top;
    this.eventRegion2 = this.owner[v]!;
    this.eventSource = this.source[u]!;
    this.eventTarget = this.source[v]!;
    this.eventObs = this.obs[u]! ^ this.graph.obs[k]! ^ this.obs[v]!;
    return FloodEvent.Collision;
  }

  /**
   * Whether the event u's latest scan found still happens at `time`, when u's entry pops: then
   * that scan's results stand. Every change since the scan that could bring one of u's events
   * earlier rescanned u (its region sped up, was wrapped in a blossom or unwrapped, a neighbour
   * was given back) or scanned the neighbour on that edge (covered by a region, or its region
   * sped up), whose own entry holds the event; changes that make u's events later leave its
   * entry and runner-up times early, which is harmless. Nothing on u's edges happens before the
   * time being popped, so an event on the scanned slot at that time is an earliest one. The time
   * is computed exactly as the scan computes it.
   */
  private scanStillHolds(u: number, time: number): boolean {
    const slot = this.scanSlot[u]!;
    if (slot === -2) return false;
    const { intercept, slope } = this.regions;
    const top = this.owner[u]!;
    const growth = slope[top]!;
    if (growth < 0) return false;
    const base = intercept[top]! - this.offset[u]!;
    if (slot === -1) return growth > 0 && this.graph.boundaryWeight[u]! - base === time;
    const v = this.graph.neighbour[slot]!;
    const other = this.owner[v]!;
    if (other === top) return false;
    let t: number;
    if (other === -1) {
      if (growth === 0) return false;
      t = this.graph.weight[slot]! - base;
    } else {
      const speed = slope[other]!;
      if (speed + growth <= 0) return false;
      t = this.graph.weight[slot]! - base - intercept[other]! + this.offset[v]!;
      if (speed + growth === 2) t *= 0.5;
    }
    return t === time;
  }

  /** A shrinking region's event: gives back its latest node (true if it instead reached radius zero with none left). */
  private shrinkEvent(region: number): boolean {
    const regions = this.regions;
    const radius = regions.radius(region, this.now);
    const tail = regions.shellTail[region]!;
    if (tail === -1) {
      if (radius === 0) {
        this.eventRegion1 = region;
        return true;
      }
    } else if (this.offset[tail] === radius) {
      regions.shellTail[region] = this.shellPrev[tail]!;
      this.owner[tail] = -1;
      // Growing neighbours may now flow into the node given back.
      const { start, neighbour } = this.graph;
      for (let k = start[tail]!; k < start[tail + 1]!; k++) this.scheduleNode(neighbour[k]!);
    }
    this.scheduleShrink(region);
    return false;
  }

  /** Marks a blossom as gone (radius zero, contributes nothing to the total). */
  retire(blossom: number): void {
    const regions = this.regions;
    regions.blossomParent[blossom] = SHATTERED;
    regions.intercept[blossom] = 0;
    regions.slope[blossom] = 0;
    regions.treeNode[blossom] = -1;
  }
}
