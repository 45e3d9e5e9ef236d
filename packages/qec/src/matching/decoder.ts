/**
 * An exact minimum-weight perfect matching (MWPM) decoder for a detector error model — the same
 * decoding problem PyMatching 2 solves (Higgott & Gidney, "Sparse Blossom", arXiv:2303.15933):
 * find a minimum-weight set of matching-graph edges whose endpoints flip exactly the shot's
 * detection events, and predict the observables those edges flip.
 *
 * Two engines, both exact (the same minimum weight; among matchings of equal weight they may
 * choose differently). decode(), which reports each matched pair's edge path, and decodeBatch on
 * graphs below SPARSE_MIN_DETECTORS (300) detectors use the event-pair engine described below.
 * decodeBatch on graphs of 300 detectors or more (and at most 32 observables, one mask word) uses
 * sparse blossom (sparse-blossom/): regions grown over the detector graph itself, work that
 * follows the shot's events and no partner rows. Below 300 the rows are short and a pair lookup
 * is cheaper than a flood per shot; above, the flood wins (measured: see SPARSE_MIN_DETECTORS).
 *
 * Per DEM (once, for both engines): the matching graph with PyMatching's merging and integer
 * weights (matching-graph.ts), its adjacency and boundary distances (detector-graph.ts),
 * O(m log m) for m edges and O(n + m) memory — no table over detector pairs.
 * The event-pair engine, per detector (on first firing, then kept): its possible partners by
 * bounded Dijkstra searches (partner-lists.ts, pair-search.ts; confined to the detectors within twice its boundary
 * distance, and closer still near the boundary; the whole list, or its near and far shells),
 * O(n·r) memory for r partners per detector.
 * Per shot: events → exact matching on the shortest-path metric (event-matcher.ts): the useful
 * event pairs from the events' partner rows AND-ed with the shot's event bits (event-graph.ts),
 * then O(m·2^m) per small cluster of m interacting events
 * (m ≤ 6) and Edmonds' blossom algorithm on local groups of larger ones, merged and re-solved
 * from warm starts until their duals certify the optimum (cluster-matcher.ts; O(m³) at worst).
 * Shots with events far from the boundary (from d9; near threshold most of their useful pairs
 * are long and never matched) are solved on their near pairs, the far ones priced against that
 * solution's duals and added only where one fails (event-matcher.ts). Shots of a few events (most
 * of them at low noise) skip the event graph: their pairs are looked up one by one and their
 * small components matched directly, with the same result (event-matcher.ts).
 * The hot path (decodeBatch) allocates nothing per shot outside the blossom algorithm and the
 * growth of scratch arrays to the largest shot seen.
 *
 * Negative weights (p > 0.5) are handled as PyMatching does (GraphFlooder's
 * `negative_weight_detection_events`): every negative edge is taken as fired up front — its
 * detectors toggled in every syndrome, its observables in every prediction, its weight added —
 * and matching then runs with |w|, which is exact since choosing that edge again un-fires it.
 */
import type { FlatDem } from '../dem/flatten-dem.ts';
import { bytesPerShot } from '../shots/row-bits.ts';
import { batchOutput } from './batch-output.ts';
import { EventMatcher } from './matcher/event-matcher.ts';
import { boundaryPathEdges, buildDetectorGraph, medianWeight, type DetectorGraph } from './graph/detector-graph.ts';
import { BOUNDARY, buildMatchingGraph, edgeArrays, type MatchingGraph } from './graph/matching-graph.ts';
import { pairRoot } from './search/pair-search.ts';
import { MAX_FLOOD_OBSERVABLES } from './sparse-blossom/flood-graph.ts';
import { SparseBlossom } from './sparse-blossom/sparse-blossom.ts';

/** One pair of the matching: two detection events, or an event and the boundary. */
export interface MatchedPair {
  readonly a: number;
  /** A detector, or BOUNDARY. */
  readonly b: number;
  /** Integer weight of the path (see MatchingGraph.weightScale). */
  readonly integerWeight: number;
  /** Indices into graph.edges along the path from a to b; each names its DEM mechanisms. */
  readonly edges: readonly number[];
}

export interface DecodeResult {
  /** One byte (0 or 1) per observable: the predicted flips. */
  readonly observables: Uint8Array;
  /** Total integer weight, including negative-weight edges (PyMatching's total weight). */
  readonly integerWeight: number;
  /** The same in units of ln-likelihood: integerWeight / graph.weightScale. */
  readonly weight: number;
  readonly matched: readonly MatchedPair[];
  /** Negative-weight edges, fired in every shot (graph.edges indices); empty when p ≤ 0.5 everywhere. */
  readonly alwaysFired: readonly number[];
}

export interface DecoderOptions {
  /** Largest event cluster solved by subset DP rather than blossom (tests and tuning only). */
  readonly dpMaxEvents?: number;
  /**
   * Pairs up to this many median edge weights long are near (event-matcher.ts: shots with many
   * events are solved on them first, the far ones only priced); Infinity solves in one pass.
   * Tests and tuning only.
   */
  readonly nearRadiusEdges?: number;
  /** Shots with at least this many deep events are solved near pairs first (event-matcher.ts). Tests and tuning only. */
  readonly nearFirstMinDeepEvents?: number;
  /** Shots of up to this many events are matched from pair lookups (event-matcher.ts; 2: none). Tests and tuning only. */
  readonly smallShotMaxEvents?: number;
  /** decodeBatch uses sparse blossom from this many detectors on (SPARSE_MIN_DETECTORS). Tests and tuning only. */
  readonly sparseMinDetectors?: number;
  /** Where it does, shots of fewer events still go to the event-pair matcher (SPARSE_MIN_EVENTS). Tests and tuning only. */
  readonly sparseMinEvents?: number;
}

/** The default near radius, in median edge weights: nearly every matched pair is shorter (measured d13–d17 at p = 0.005). */
const NEAR_RADIUS_EDGES = 3;

/**
 * decodeBatch matches with sparse blossom (sparse-blossom/: work proportional to the events, no
 * partner rows) from this many detectors on, and with the event-pair matcher below it, where
 * partner rows are short and a lookup is cheaper than a flood per shot. Measured end to end
 * (`verilab predict`, CPU seconds, SI1000-like, rounds = d, loaded machine): d5 p=0.001 (120
 * detectors) pairs 1.85 s vs sparse 2.95 s; d9 p=0.003 (720) pairs 3.32 s vs sparse 2.99 s; d13
 * p=0.005 (2,184) 2.20 s vs 1.70 s; d17 p=0.005 (4,896) 3.27 s vs 1.94 s. After the flood's per-step
 * cuts (sparse-blossom/), decodeBatch in process, CPU per shot: d5 (120 detectors) p=0.001 pairs
 * 0.23 µs vs sparse 0.71 µs, p=0.005 4.11 vs 4.81 µs; d7 (336) p=0.002 6.02 vs 4.74 µs, p=0.005
 * 21.38 vs 16.32 µs.
 */
const SPARSE_MIN_DETECTORS = 300;

/**
 * Where sparse blossom is used, shots of fewer events than this still go to the event-pair
 * matcher, whose small-shot path settles a handful of events from pair lookups without a flood:
 * decodeBatch in process (`npm run bench -- "decode si1000-like"`, quiet, two runs each) d7 r7
 * p=0.001 (336 detectors, mostly small shots) 329k/501k shots/s with every shot flooded vs
 * 638k/654k from 10 events; d9 p=0.003, d11, d13 and d17 p=0.005 unchanged within noise; from
 * 17 events d9 and d11 lose 10-30 %.
 */
const SPARSE_MIN_EVENTS = 10;

export class MatchingDecoder {
  readonly graph: MatchingGraph;
  readonly detectors: DetectorGraph;
  readonly numDetectors: number;
  readonly numObservables: number;
  private readonly matcher: EventMatcher;
  /** decodeBatch's engine when the graph is large enough and has ≤ 32 observables. */
  private readonly sparse: SparseBlossom | undefined;
  private readonly sparseMinEvents: number;
  private readonly obsWords: number;
  /** Detectors toggled by the negative-weight edges, and what those edges contribute. */
  private readonly flipDetectors: Uint8Array;
  private readonly flipObs: Int32Array;
  private readonly flipWeight: number;
  private readonly alwaysFired: readonly number[];
  private events = new Int32Array(64);
  private partner = new Int32Array(64);
  private readonly obsAcc: Int32Array;

  /** Compiles a decoder for a flattened DEM (throws MatchingGraphError if it is not graph-like). */
  static fromDem(dem: FlatDem, options: DecoderOptions = {}): MatchingDecoder {
    return new MatchingDecoder(buildMatchingGraph(dem), options);
  }

  constructor(graph: MatchingGraph, options: DecoderOptions = {}) {
    this.graph = graph;
    this.detectors = buildDetectorGraph(graph);
    this.numDetectors = graph.numDetectors;
    this.numObservables = graph.numObservables;
    const nearRadiusEdges = options.nearRadiusEdges ?? NEAR_RADIUS_EDGES;
    const nearRadius = nearRadiusEdges === Number.POSITIVE_INFINITY ? nearRadiusEdges : nearRadiusEdges * medianWeight(this.detectors.weight);
    this.matcher = new EventMatcher(this.detectors, options.dpMaxEvents, nearRadius, options.nearFirstMinDeepEvents, options.smallShotMaxEvents);
    this.obsWords = this.detectors.obsWords;
    const sparse = graph.numDetectors >= (options.sparseMinDetectors ?? SPARSE_MIN_DETECTORS) && graph.numObservables <= MAX_FLOOD_OBSERVABLES;
    this.sparse = sparse ? new SparseBlossom(this.detectors) : undefined;
    this.sparseMinEvents = options.sparseMinEvents ?? SPARSE_MIN_EVENTS;
    this.obsAcc = new Int32Array(this.obsWords);
    this.flipDetectors = new Uint8Array(graph.numDetectors);
    this.flipObs = new Int32Array(this.obsWords);
    let flipWeight = 0;
    const alwaysFired: number[] = [];
    const { ends, integerWeights, observableStarts, observableIds } = edgeArrays(graph);
    for (let e = 0; e < integerWeights.length; e++) {
      if (integerWeights[e]! >= 0) continue;
      alwaysFired.push(e);
      flipWeight += integerWeights[e]!;
      this.flipDetectors[ends[2 * e]!]! ^= 1;
      if (ends[2 * e + 1] !== BOUNDARY) this.flipDetectors[ends[2 * e + 1]!]! ^= 1;
      for (let k = observableStarts[e]!; k < observableStarts[e + 1]!; k++) this.flipObs[observableIds[k]! >>> 5]! ^= 1 << (observableIds[k]! & 31);
    }
    this.flipWeight = flipWeight;
    this.alwaysFired = alwaysFired;
  }

  /** Decodes one shot given as the list of detectors that fired (any order; one listed twice cancels). */
  decode(detectionEvents: readonly number[]): DecodeResult {
    const fired = this.flipDetectors.slice();
    for (const d of detectionEvents) {
      if (!Number.isInteger(d) || d < 0 || d >= this.numDetectors) {
        throw new RangeError(`detection event ${d} is not a detector of this DEM (it has ${this.numDetectors}: D0..D${this.numDetectors - 1})`);
      }
      fired[d]! ^= 1;
    }
    let k = 0;
    this.reserve(this.numDetectors);
    for (let d = 0; d < this.numDetectors; d++) if (fired[d]) this.events[k++] = d;
    const total = this.matchEvents(k);
    const observables = new Uint8Array(this.numObservables);
    for (let o = 0; o < this.numObservables; o++) observables[o] = (this.obsAcc[o >>> 5]! >>> (o & 31)) & 1;
    const matched: MatchedPair[] = [];
    const { mateEntry } = this.matcher;
    const { lists } = this.matcher.graph;
    for (let i = 0; i < k; i++) {
      const j = this.partner[i]!;
      if (j >= 0 && j < i) continue;
      const a = this.events[i]!;
      if (j < 0) {
        matched.push({ a, b: BOUNDARY, integerWeight: this.detectors.boundaryDist[a]!, edges: boundaryPathEdges(this.graph, this.detectors.boundaryPredecessor, a) });
      } else {
        const b = this.events[j]!;
        matched.push({ a, b, integerWeight: lists.dist[mateEntry[i]!]!, edges: this.pathEdges(a, b, mateEntry[i]!) });
      }
    }
    return {
      observables,
      integerWeight: total,
      weight: total / this.graph.weightScale,
      matched,
      alwaysFired: this.alwaysFired,
    };
  }

  /**
   * Decodes `shots` packed rows (Stim's b8 layout; `rowBytes` bytes per shot, the detectors in
   * the first numDetectors bits, anything after them ignored) into packed prediction rows of
   * ceil(numObservables / 8) bytes, written to `out` (allocated if not given).
   */
  decodeBatch(rows: Uint8Array, shots: number, rowBytes = bytesPerShot(this.numDetectors), out?: Uint8Array): Uint8Array {
    const outBytes = bytesPerShot(this.numObservables);
    const result = batchOutput(this, rows, shots, rowBytes, out);
    this.reserve(this.numDetectors);
    const n = this.numDetectors;
    const fullBytes = n >>> 3;
    const tailMask = (1 << (n & 7)) - 1;
    const fullWords = fullBytes >>> 2;
    const view = new DataView(rows.buffer, rows.byteOffset, rows.byteLength);
    const flip = this.flipDetectors;
    const hasFlips = this.alwaysFired.length > 0;
    const events = this.events;
    for (let shot = 0; shot < shots; shot++) {
      const base = shot * rowBytes;
      let k = 0;
      // Four bytes at a time (most are zero: detection events are sparse), then byte by byte.
      for (let word = 0; word < fullWords; word++) {
        const bits = view.getInt32(base + 4 * word, true);
        if (bits !== 0) k = pushEvents(events, k, word << 5, bits);
      }
      for (let byte = 4 * fullWords; byte < fullBytes; byte++) {
        const bits = rows[base + byte]!;
        if (bits !== 0) k = pushEvents(events, k, byte << 3, bits);
      }
      if (tailMask !== 0) k = pushEvents(events, k, fullBytes << 3, rows[base + fullBytes]! & tailMask);
      if (hasFlips) k = this.applyFlips(k, flip);
      if (k === 0 && !hasFlips) {
        for (let b = 0; b < outBytes; b++) result[shot * outBytes + b] = 0;
        continue;
      }
      if (this.sparse === undefined || k < this.sparseMinEvents) {
        this.matchEvents(k);
      } else {
        this.obsAcc[0] = this.flipObs[0]!;
        this.sparse.match(events, k, this.obsAcc);
      }
      for (let b = 0; b < outBytes; b++) result[shot * outBytes + b] = (this.obsAcc[b >>> 2]! >>> ((b & 3) << 3)) & 0xff;
    }
    return result;
  }

  /** Matches events[0..k) and leaves the predicted observables in obsAcc; returns the total weight. */
  private matchEvents(k: number): number {
    const weight = this.matcher.match(this.events, k, this.partner);
    const { obsWords, obsAcc, partner, events } = this;
    const { boundaryObs } = this.detectors;
    const { mateEntry } = this.matcher;
    const listObs = this.matcher.graph.lists.obs;
    for (let w = 0; w < obsWords; w++) obsAcc[w] = this.flipObs[w]!;
    for (let i = 0; i < k; i++) {
      const j = partner[i]!;
      if (j < 0) {
        const at = events[i]! * obsWords;
        for (let w = 0; w < obsWords; w++) obsAcc[w]! ^= boundaryObs[at + w]!;
      } else if (j > i) {
        const at = mateEntry[i]! * obsWords;
        for (let w = 0; w < obsWords; w++) obsAcc[w]! ^= listObs[at + w]!;
      }
    }
    return weight + this.flipWeight;
  }

  /**
   * The graph edges along the path of the matched pair of detectors (a, b) — entry `entry` of
   * its root's partner list — from a's end: the path its pair search found (searching again from
   * the pair's root, with the cap of the row that lists it, gives the same tree).
   */
  private pathEdges(a: number, b: number, entry: number): number[] {
    const root = pairRoot(this.detectors.boundaryDist, a, b);
    const { lists } = this.matcher.graph;
    const search = lists.search;
    search.run(root, () => {}, lists.searchCap(lists.kindOfEntry(root, entry)));
    const out: number[] = [];
    for (let v = root === a ? b : a; v !== root; ) {
      const e = search.predecessor[v]!;
      out.push(e);
      const edge = this.graph.edges[e]!;
      v = edge.a === v ? edge.b : edge.a;
    }
    // Collected from the far end back to the root; report from a's end.
    return root === a ? out.reverse() : out;
  }

  /** XORs the negative-weight toggles into the sorted events[0..k); returns the new count. */
  private applyFlips(k: number, flip: Uint8Array): number {
    const merged = this.partner; // free until matchEvents
    let count = 0;
    let i = 0;
    for (let d = 0; d < this.numDetectors; d++) {
      const inEvents = i < k && this.events[i] === d;
      if (inEvents) i++;
      if (inEvents !== (flip[d] === 1)) merged[count++] = d;
    }
    this.events.set(merged.subarray(0, count));
    return count;
  }

  private reserve(k: number): void {
    if (this.events.length >= k) return;
    this.events = new Int32Array(k);
    this.partner = new Int32Array(k);
  }
}

/** Appends first + b for each set bit b of `bits` (32 of them at most) to events[k..), in increasing order; returns the new count. */
function pushEvents(events: Int32Array, k: number, first: number, bits: number): number {
  for (; bits !== 0; bits &= bits - 1) events[k++] = first + (31 - Math.clz32(bits & -bits));
  return k;
}
