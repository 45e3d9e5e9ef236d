/**
 * The matching graph of a detector error model, built as PyMatching 2 builds it when it loads a
 * DEM (oscarhiggott/PyMatching, src/pymatching/sparse_blossom/driver/user_graph.{h,cc}:
 * `iter_detector_error_model_edges`, `handle_dem_instruction`, `add_or_merge_edge`,
 * `merge_weights`, `iter_discretized_edges`; Higgott & Gidney, arXiv:2303.15933):
 *
 * - every `^`-separated component of an `error(p)` is its own edge, with the error's p: two
 *   detectors → an edge between them, one detector → an edge to the boundary. Components with no
 *   detector can never be matched and are skipped (PyMatching skips them too); components with
 *   more than two detectors are not graph-like and are rejected (PyMatching silently drops them,
 *   which would decode a different model than the one given). Mechanisms with p = 0 are skipped.
 * - the weight is the log-likelihood ratio ln((1 − p) / p); p > 0.5 gives a negative weight.
 * - parallel edges (same endpoints) merge as independent mechanisms: p = p1(1 − p2) + p2(1 − p1),
 *   computed in weight space with PyMatching's overflow-free `merge_weights` (the "box-plus" of
 *   log-likelihood ratios). The observables of the first edge seen survive — with distance ≥ 3
 *   parallel contributors agree on them anyway.
 * - weights are then discretised exactly like PyMatching: scaled so the largest |weight| becomes
 *   2^24 − 1 (unless all weights are already integers), rounded half away from zero, doubled.
 *   The decoder works on these integers, so its sums are exact, its ties are PyMatching's ties,
 *   and its minimum is PyMatching's minimum. The cost: two matchings whose real weights differ by
 *   less than ~1e-7 of the largest edge weight may compare as equal (or, after rounding, in the
 *   other order) — exactly as they do in PyMatching.
 *
 * Detector and observable lists arrive XOR-reduced and sorted from flattenDem, or are reduced the
 * same way by buildMatchingGraphFromDem (listing D3 twice flips it twice, i.e. not at all —
 * Stim's meaning of a DEM target list).
 */
import type { CompactDem } from '../../dem/compact-dem.ts';
import type { DemTarget, DetectorErrorModel } from '../../dem/dem.ts';
import { observableCode, scanDem, SEPARATOR_CODE, targetCode, type DemInstruction } from '../../dem/parse-dem.ts';
import { xorReduceInPlace, type FlatDem } from '../../dem/flatten-dem.ts';
import { grown } from '../search/grown-array.ts';

/** The boundary, as the second endpoint of a boundary edge. */
export const BOUNDARY = -1;

/** One DEM component folded into a graph edge: `errors[errorIndex].components[componentIndex]`. */
export interface EdgeSource {
  readonly errorIndex: number;
  readonly componentIndex: number;
  readonly probability: number;
}

export interface MatchingEdge {
  /** A detector. */
  readonly a: number;
  /** A detector greater than `a`, or BOUNDARY. */
  readonly b: number;
  /** Merged probability of the edge firing. */
  readonly probability: number;
  /** Merged ln((1 − p) / p), before discretisation. */
  readonly weight: number;
  /** PyMatching's integer weight: 2·round(weight · scale / 2); negative when p > 0.5. */
  readonly integerWeight: number;
  /** Observables flipped when this edge fires (sorted). */
  readonly observables: readonly number[];
  /** Every DEM component merged into this edge, in DEM order. */
  readonly sources: readonly EdgeSource[];
  /**
   * The component whose physical fault stands for this edge in a Pauli frame: the most probable
   * contributor among those flipping the edge's observables (the first on ties).
   */
  readonly frameSource: EdgeSource;
}

export interface MatchingGraph {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly edges: readonly MatchingEdge[];
  /** Integer weight units per unit of ln-likelihood weight (PyMatching's normalising constant × 2). */
  readonly weightScale: number;
  /**
   * What a decoder reads of `edges`, as typed arrays, on graphs built here (whose edge objects are
   * then made only when `edges` is first read); edgeArrays(graph) gives them for any graph.
   */
  readonly edgeArrays?: EdgeArrays;
}

/** The ends, integer weights and observables of a graph's edges: edge e of `edges` is entry e. */
export interface EdgeArrays {
  /** Edge e joins ends[2e] < ends[2e + 1] (or BOUNDARY). */
  readonly ends: Float64Array;
  readonly integerWeights: Float64Array;
  /** Edge e flips observables observableIds[observableStarts[e], observableStarts[e + 1]) (sorted). */
  readonly observableStarts: Int32Array;
  readonly observableIds: Float64Array;
}

/** The graph's edgeArrays, or the same arrays read from its edge objects (a graph made elsewhere). */
export function edgeArrays(graph: MatchingGraph): EdgeArrays {
  if (graph.edgeArrays !== undefined) return graph.edgeArrays;
  const { edges } = graph;
  const ends = new Float64Array(2 * edges.length);
  const integerWeights = new Float64Array(edges.length);
  const observableStarts = new Int32Array(edges.length + 1);
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]!;
    ends[2 * e] = edge.a;
    ends[2 * e + 1] = edge.b;
    integerWeights[e] = edge.integerWeight;
    observableStarts[e + 1] = observableStarts[e]! + edge.observables.length;
  }
  const observableIds = new Float64Array(observableStarts[edges.length]!);
  for (let e = 0; e < edges.length; e++) observableIds.set(edges[e]!.observables, observableStarts[e]!);
  return { ends, integerWeights, observableStarts, observableIds };
}

/** The DEM cannot be turned into a matching graph; names the offending mechanism. */
export class MatchingGraphError extends Error {
  override readonly name = 'MatchingGraphError';
  readonly errorIndex: number;
  /** The DEM text's line of the mechanism, when the graph was read from text (buildMatchingGraphFromDemText). */
  readonly line: number | undefined;
  constructor(message: string, errorIndex: number, line?: number) {
    super(message);
    this.errorIndex = errorIndex;
    this.line = line;
  }
}

/**
 * The most detectors a matching graph may have. The decoders keep a few dozen bytes for every
 * detector id, used or not (a model naming D99999999 once took 4.7 GB), so 2^24 bounds that near
 * 800 MB; the largest surface-code memory experiments people decode have ~10^6 detectors.
 */
export const MAX_MATCHING_DETECTORS = 1 << 24;

/** PyMatching's NUM_DISTINCT_WEIGHTS: 1 << (bits of weight_int − 8), with a 32-bit weight_int. */
const NUM_DISTINCT_WEIGHTS = 1 << 24;
const MAX_INTEGER_WEIGHT = NUM_DISTINCT_WEIGHTS - 1;

/**
 * Weight of two independent parallel mechanisms of weights a and b: ln((1 − p) / p) for
 * p = pa(1 − pb) + pb(1 − pa), without overflow for |a|, |b| ≫ 30 (PyMatching's `merge_weights`,
 * Eq. 6 of Hagenauer et al., IEEE Trans. Inf. Theory 42(2), 1996).
 */
export function mergeWeights(a: number, b: number): number {
  const sign = Math.sign(a || 1) * Math.sign(b || 1);
  const signedMin = sign * Math.min(Math.abs(a), Math.abs(b));
  return signedMin + Math.log(1 + Math.exp(-Math.abs(a + b))) - Math.log(1 + Math.exp(-Math.abs(a - b)));
}

/** C's round(): halves away from zero (JavaScript's Math.round sends −2.5 to −2). */
export const roundHalfAway = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

/**
 * Builds the matching graph of a flattened DEM. O(E log E) for E components. Throws
 * MatchingGraphError for a component with more than two detectors, or p = 1 (an infinitely
 * negative weight, which PyMatching rejects as exceeding its maximum weight).
 */
export function buildMatchingGraph(dem: FlatDem): MatchingGraph {
  const { errors } = dem;
  let components = 0;
  for (const error of errors) components += error.components.length;
  const edges = new EdgeMerger(components);
  for (let errorIndex = 0; errorIndex < errors.length; errorIndex++) {
    const error = errors[errorIndex]!;
    const p = error.probability;
    if (!(p > 0)) continue;
    for (let componentIndex = 0; componentIndex < error.components.length; componentIndex++) {
      const { detectors, observables } = error.components[componentIndex]!;
      if (detectors.length === 0) continue;
      if (detectors.length > 2) throw tooManyDetectors(error.itemIndex, errorIndex, componentIndex, error.components.length, detectors);
      if (p >= 1) throw infiniteWeight(error.itemIndex, errorIndex, p);
      edges.add(errorIndex, componentIndex, p, detectors[0]!, detectors.length === 2 ? detectors[1]! : BOUNDARY, observables, observables.length);
    }
  }
  return edges.graph(dem.numDetectors, dem.numObservables);
}

/**
 * The same graph as buildMatchingGraph(flattenDem(dem)), read straight from the parsed model:
 * loops unrolled and detector shifts applied as flattenDem does (Stim's order; every id named,
 * cancelled or not, counts towards the detector and observable counts), each component's ids
 * XOR-reduced, without the flattened model's per-mechanism objects (`verilab predict` at d17
 * would keep ~110k mechanisms, each with its arrays, only to drop them after this build).
 */
export function buildMatchingGraphFromDem(dem: DetectorErrorModel): MatchingGraph {
  const reader = new ComponentReader();
  reader.visit(dem);
  return reader.edges.graph(reader.numDetectors, reader.numObservables);
}

/** buildMatchingGraphFromDem(compactDemModel(model)), read from the compact model's arrays. */
export function buildMatchingGraphFromCompactDem(model: CompactDem): MatchingGraph {
  const { probabilities, targetStarts, targetCodes } = model;
  let components = probabilities.length;
  for (let c = 0; c < targetCodes.length; c++) if (targetCodes[c] === SEPARATOR_CODE) components++;
  const reader = new ComponentReader(components);
  for (let i = 0; i < probabilities.length; i++) reader.error(probabilities[i]!, targetCodes, targetStarts[i]!, targetStarts[i + 1]!);
  for (const item of model.otherItems) reader.instruction(item);
  return reader.edges.graph(reader.numDetectors, reader.numObservables);
}

/**
 * buildMatchingGraphFromDem(parseDem(text)) read straight from the text (scanDem): nothing is kept
 * per line, only the graph grows. Undefined when the text does not parse (parseDem names the
 * problems). A MatchingGraphError is thrown only for text that parses, as buildMatchingGraphFromDem
 * throws it, with the line of the offending instruction.
 */
export function buildMatchingGraphFromDemText(text: string): MatchingGraph | undefined {
  const reader = new ComponentReader();
  let failure: MatchingGraphError | undefined;
  // After a failure the rest is only read for parse problems, which are reported first.
  const named = (error: unknown, line: number) => {
    if (!(error instanceof MatchingGraphError)) throw error;
    failure = new MatchingGraphError(error.message, error.errorIndex, line);
  };
  const parsed = scanDem(text, {
    error(p, codes, start, end, line) {
      if (failure !== undefined) return;
      try {
        reader.error(p, codes, start, end);
      } catch (error) {
        named(error, line);
      }
    },
    instruction(instruction) {
      reader.instruction(instruction);
    },
  });
  if (!parsed) return undefined;
  if (failure !== undefined) throw failure;
  return reader.edges.graph(reader.numDetectors, reader.numObservables);
}

/** buildMatchingGraphFromDem's walk; each error is its own small method, which the JIT optimises early. */
class ComponentReader {
  readonly edges: EdgeMerger;
  numDetectors = 0;
  numObservables = 0;
  private detectorShift = 0;
  private errorIndex = 0;
  /** Scratch: a model error's target codes (scanDem's), and the ids of the component being read. */
  private codes = new Float64Array(16);
  private detectors = new Float64Array(16);
  private observables = new Float64Array(16);

  /** `components`: how many components the model has, when known (room for their sources, and for an edge per four). */
  constructor(components = 0) {
    this.edges = new EdgeMerger(components);
  }

  visit(model: DetectorErrorModel): void {
    for (const item of model.items) {
      if (item.kind === 'repeat') {
        for (let k = 0; k < item.repetitions; k++) this.visit(item.body);
      } else if (item.kind === 'error') {
        this.modelError(item.probability, item.targets);
      } else {
        this.instruction(item);
      }
    }
  }

  /** A model's error: its targets as codes, then read as scanDem's. */
  private modelError(p: number, targets: readonly DemTarget[]): void {
    if (targets.length > this.codes.length) this.codes = new Float64Array(targets.length);
    for (let k = 0; k < targets.length; k++) this.codes[k] = targetCode(targets[k]!);
    this.error(p, this.codes, 0, targets.length);
  }

  instruction(instruction: Exclude<DemInstruction, { kind: 'error' }>): void {
    switch (instruction.kind) {
      case 'detector':
        for (const id of instruction.ids) this.numDetectors = Math.max(this.numDetectors, id + this.detectorShift + 1);
        break;
      case 'logical_observable':
        for (const id of instruction.ids) this.numObservables = Math.max(this.numObservables, id + 1);
        break;
      case 'shift_detectors':
        this.detectorShift += instruction.detectorShift;
        break;
    }
  }

  /** Error `p` on the targets codes[start, end) (scanDem's codes: detector ids, SEPARATOR_CODE, observableCode). */
  error(p: number, codes: Float64Array, start: number, end: number): void {
    const count = end - start;
    if (count > this.detectors.length) {
      this.detectors = new Float64Array(count);
      this.observables = new Float64Array(count);
    }
    const { detectors, observables, detectorShift, errorIndex } = this;
    let componentIndex = 0;
    let detectorCount = 0;
    let observableCount = 0;
    for (let k = start; k <= end; k++) {
      const code = k < end ? codes[k]! : SEPARATOR_CODE;
      if (code >= 0) {
        const id = code + detectorShift;
        detectors[detectorCount++] = id;
        if (id >= this.numDetectors) this.numDetectors = id + 1;
      } else if (code !== SEPARATOR_CODE) {
        const id = observableCode(code);
        observables[observableCount++] = id;
        if (id >= this.numObservables) this.numObservables = id + 1;
      } else {
        // A separator, or the end of the targets, closes a component. One id, or two in order
        // (nearly every component), are already reduced.
        if (!isReduced(detectors, detectorCount)) detectorCount = xorReduceInPlace(detectors, detectorCount);
        if (p > 0 && detectorCount > 0) {
          if (detectorCount > 2) {
            let componentCount = 1;
            for (let c = start; c < end; c++) if (codes[c] === SEPARATOR_CODE) componentCount++;
            throw tooManyDetectors(errorIndex, errorIndex, componentIndex, componentCount, Array.from(detectors.subarray(0, detectorCount)));
          }
          if (p >= 1) throw infiniteWeight(errorIndex, errorIndex, p);
          if (!isReduced(observables, observableCount)) observableCount = xorReduceInPlace(observables, observableCount);
          this.edges.add(errorIndex, componentIndex, p, detectors[0]!, detectorCount === 2 ? detectors[1]! : BOUNDARY, observables, observableCount);
        }
        componentIndex++;
        detectorCount = 0;
        observableCount = 0;
      }
    }
    this.errorIndex++;
  }
}

/** Whether ids[0, count) are already sorted and distinct as xorReduceInPlace leaves them, told at a glance for up to two. */
const isReduced = (ids: Float64Array, count: number): boolean => count < 2 || (count === 2 && ids[0]! < ids[1]!);

/** The error for a component of mechanism `itemIndex` (flat error `errorIndex`) with more than two detectors. */
function tooManyDetectors(itemIndex: number, errorIndex: number, componentIndex: number, componentCount: number, detectors: readonly number[]): MatchingGraphError {
  const part = componentCount > 1 ? ` component ${componentIndex + 1} of ${componentCount}` : '';
  return new MatchingGraphError(
    `error mechanism #${itemIndex}${part} flips ${detectors.length} detectors (${detectors.map((d) => `D${d}`).join(' ')}); ` +
      'a matching graph needs at most two per component: decompose the DEM (stim analyze_errors --decompose_errors)',
    errorIndex,
  );
}

/** The error for mechanism `itemIndex` (flat error `errorIndex`) with p = 1. */
function infiniteWeight(itemIndex: number, errorIndex: number, p: number): MatchingGraphError {
  return new MatchingGraphError(`error mechanism #${itemIndex} has probability ${p}: its weight ln((1-p)/p) is infinite`, errorIndex);
}

/**
 * Folds graph-like DEM components into edges, in DEM order (PyMatching's `add_or_merge_edge`):
 * the first component on a pair of endpoints makes the edge, later ones merge into it. Edges and
 * their sources live in typed arrays, and an edge is found along its first endpoint's chain of
 * edges (a detector has a dozen at most): a d = 17 model folds ~110k components into ~26k
 * edges, and an object per component (its source, and a draft per edge) was most of the cost of
 * building its graph; a chain walk also beats a Map lookup on the endpoints' key, cold or warm
 * (a d = 25 level's graph: ~150 -> ~90 ms, see the commit).
 */
class EdgeMerger {
  private edgeCount = 0;
  /** Edge e joins ends[2e] < ends[2e + 1] (or BOUNDARY); doubles, as DEM ids may pass 2^31. */
  private ends: Float64Array;
  private probability: Float64Array;
  private weight: Float64Array;
  /** Edge e flips observableIds[observableStarts[e], observableStarts[e + 1]): one flat list, not an array per edge. */
  private observableStarts: Int32Array;
  private observableIds = new Float64Array(256);
  /** Edge e's sources are a list from firstSource[e] along sources.next; frameSource[e] is one of them. */
  private firstSource: Int32Array;
  private lastSource: Int32Array;
  private frameSource: Int32Array;
  private readonly sources: SourceTable;
  /** The edges whose first endpoint is detector a: firstEdge[a], then along nextEdge (−1 ends a chain; first endpoints from MAX_CHAINED_ID on: byPair). */
  private firstEdge = new Int32Array(256).fill(-1);
  private nextEdge: Int32Array;
  /** The edges of first endpoints too large for an array indexed by detector (sparse ids: no model this large fits in memory). */
  private readonly byPair = new Map<string, number>();
  /** ln((1 − p) / p) of the latest p: the components of one error share it. */
  private lastP = Number.NaN;
  private lastWeight = 0;

  /** Room for `components` sources and an edge per four of them (each grows past its room if need be): no copies while a large model is read. */
  constructor(components: number) {
    const edges = Math.max(256, components >>> 2);
    this.ends = new Float64Array(2 * edges);
    this.probability = new Float64Array(edges);
    this.weight = new Float64Array(edges);
    this.observableStarts = new Int32Array(edges + 1);
    this.firstSource = new Int32Array(edges);
    this.lastSource = new Int32Array(edges);
    this.frameSource = new Int32Array(edges);
    this.nextEdge = new Int32Array(edges);
    this.sources = new SourceTable(Math.max(1024, components));
  }

  /** Component `componentIndex` of flat error `errorIndex` (0 < p < 1) on detectors a < b (or BOUNDARY), flipping observables[0, observableCount). */
  add(errorIndex: number, componentIndex: number, p: number, a: number, b: number, observables: ArrayLike<number>, observableCount: number): void {
    if (p !== this.lastP) {
      this.lastP = p;
      this.lastWeight = Math.log((1 - p) / p);
    }
    const weight = this.lastWeight;
    const source = this.sources.add(errorIndex, componentIndex, p);
    const existing = this.find(a, b);
    if (existing >= 0) {
      this.merge(existing, source, p, weight, observables, observableCount);
      return;
    }
    const e = this.edgeCount++;
    if (e === this.probability.length) this.growEdges();
    this.ends[2 * e] = a;
    this.ends[2 * e + 1] = b;
    this.probability[e] = p;
    this.weight[e] = weight;
    const from = this.observableStarts[e]!;
    if (from + observableCount > this.observableIds.length) this.observableIds = grown(this.observableIds, 2 * (from + observableCount));
    for (let k = 0; k < observableCount; k++) this.observableIds[from + k] = observables[k]!;
    this.observableStarts[e + 1] = from + observableCount;
    this.firstSource[e] = this.lastSource[e] = this.frameSource[e] = source;
    if (a >= MAX_CHAINED_ID) {
      this.byPair.set(`${a} ${b}`, e);
      return;
    }
    if (a >= this.firstEdge.length) {
      const heads = new Int32Array(Math.max(2 * this.firstEdge.length, a + 1)).fill(-1);
      heads.set(this.firstEdge);
      this.firstEdge = heads;
    }
    this.nextEdge[e] = this.firstEdge[a]!;
    this.firstEdge[a] = e;
  }

  /** The edge joining a and b, or −1. */
  private find(a: number, b: number): number {
    if (a >= MAX_CHAINED_ID) return this.byPair.get(`${a} ${b}`) ?? -1;
    let e = a < this.firstEdge.length ? this.firstEdge[a]! : -1;
    while (e >= 0 && this.ends[2 * e + 1] !== b) e = this.nextEdge[e]!;
    return e;
  }

  private merge(e: number, source: number, p: number, weight: number, observables: ArrayLike<number>, observableCount: number): void {
    const sources = this.sources;
    this.weight[e] = mergeWeights(weight, this.weight[e]!);
    const merged = this.probability[e]!;
    this.probability[e] = p * (1 - merged) + merged * (1 - p);
    sources.next[this.lastSource[e]!] = source;
    this.lastSource[e] = source;
    // The frame stands for the most probable contributor flipping the edge's observables (the first on ties).
    if (p > sources.probability[this.frameSource[e]!]! && this.flipsSame(e, observables, observableCount)) this.frameSource[e] = source;
  }

  /** Whether edge e flips exactly observables[0, count). */
  private flipsSame(e: number, observables: ArrayLike<number>, count: number): boolean {
    const from = this.observableStarts[e]!;
    if (this.observableStarts[e + 1]! - from !== count) return false;
    for (let k = 0; k < count; k++) if (this.observableIds[from + k] !== observables[k]) return false;
    return true;
  }

  private growEdges(): void {
    const capacity = 2 * this.probability.length;
    this.ends = grown(this.ends, 2 * capacity);
    this.probability = grown(this.probability, capacity);
    this.weight = grown(this.weight, capacity);
    this.observableStarts = grown(this.observableStarts, capacity + 1);
    this.firstSource = grown(this.firstSource, capacity);
    this.lastSource = grown(this.lastSource, capacity);
    this.frameSource = grown(this.frameSource, capacity);
    this.nextEdge = grown(this.nextEdge, capacity);
  }

  graph(numDetectors: number, numObservables: number): MatchingGraph {
    if (numDetectors > MAX_MATCHING_DETECTORS) {
      throw new MatchingGraphError(
        `the model has ${numDetectors} detectors; matching decodes models of at most ${MAX_MATCHING_DETECTORS} (2^24): a decoder keeps state for every detector id up to the largest named (D${numDetectors - 1})`,
        -1,
      );
    }
    const count = this.edgeCount;
    const weightScale = 2 * normalisingConstant(this.weight.subarray(0, count));
    const integerWeights = new Float64Array(count);
    for (let e = 0; e < count; e++) integerWeights[e] = 2 * roundHalfAway((this.weight[e]! * weightScale) / 2);
    // Copies of their used part: the graph keeps these, not the room grown for the edges.
    const arrays: EdgeArrays = {
      ends: this.ends.slice(0, 2 * count),
      integerWeights,
      observableStarts: this.observableStarts.slice(0, count + 1),
      observableIds: this.observableIds.slice(0, this.observableStarts[count]!),
    };
    // A decoder reads the arrays; the edge objects (a d = 17 model has ~26k, with their
    // observable lists) are made for callers that read `edges`, on the first read, which then
    // lets go of what only their making reads.
    let unmade: EdgeFields | undefined = { probability: this.probability, weight: this.weight, sources: this.sources, firstSource: this.firstSource, frameSource: this.frameSource };
    let edges: MergedEdge[] | undefined;
    return {
      numDetectors,
      numObservables,
      weightScale,
      edgeArrays: arrays,
      get edges() {
        if (edges === undefined) {
          edges = edgeObjects(arrays, unmade!);
          unmade = undefined;
        }
        return edges;
      },
    };
  }
}

/**
 * First endpoints from here on find their edges through a Map on a string key instead of a chain
 * head per detector, whose array (4 bytes per id up to the largest) stays under 4 MiB. Models past
 * MAX_MATCHING_DETECTORS are refused only once read (EdgeMerger.graph), so their ids, however
 * large, must not size an array while they are.
 */
const MAX_CHAINED_ID = 1 << 20;

/** The DEM components folded into edges, one entry each, in DEM order. */
class SourceTable {
  count = 0;
  errorIndex: Int32Array;
  componentIndex: Int32Array;
  probability: Float64Array;
  /** The next source of the same edge, −1 after its last. */
  next: Int32Array;

  constructor(capacity: number) {
    this.errorIndex = new Int32Array(capacity);
    this.componentIndex = new Int32Array(capacity);
    this.probability = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
  }

  add(errorIndex: number, componentIndex: number, p: number): number {
    const s = this.count++;
    if (s === this.next.length) {
      this.errorIndex = grown(this.errorIndex, 2 * s);
      this.componentIndex = grown(this.componentIndex, 2 * s);
      this.probability = grown(this.probability, 2 * s);
      this.next = grown(this.next, 2 * s);
    }
    this.errorIndex[s] = errorIndex;
    this.componentIndex[s] = componentIndex;
    this.probability[s] = p;
    this.next[s] = -1;
    return s;
  }
}

/**
 * A graph edge; its sources become objects only when read (the decoder never reads them: they
 * serve the Pauli frame and the graph's transfer to worker threads).
 */
class MergedEdge implements MatchingEdge {
  readonly a: number;
  readonly b: number;
  readonly probability: number;
  readonly weight: number;
  readonly integerWeight: number;
  readonly observables: readonly number[];
  readonly #table: SourceTable;
  readonly #firstSource: number;
  readonly #frameSource: number;
  #sources: EdgeSource[] | undefined;
  #frame: EdgeSource | undefined;

  /** Edge (a, b) of the given weights; its sources are the table's list from `firstSource`, `frameSource` among them. */
  constructor(a: number, b: number, probability: number, weight: number, integerWeight: number, observables: readonly number[], table: SourceTable, firstSource: number, frameSource: number) {
    this.a = a;
    this.b = b;
    this.probability = probability;
    this.weight = weight;
    this.integerWeight = integerWeight;
    this.observables = observables;
    this.#table = table;
    this.#firstSource = firstSource;
    this.#frameSource = frameSource;
  }

  get sources(): readonly EdgeSource[] {
    if (this.#sources === undefined) this.#materialise();
    return this.#sources!;
  }

  get frameSource(): EdgeSource {
    if (this.#frame === undefined) this.#materialise();
    return this.#frame!;
  }

  #materialise(): void {
    const table = this.#table;
    const sources: EdgeSource[] = [];
    for (let s = this.#firstSource; s >= 0; s = table.next[s]!) {
      const source = { errorIndex: table.errorIndex[s]!, componentIndex: table.componentIndex[s]!, probability: table.probability[s]! };
      sources.push(source);
      if (s === this.#frameSource) this.#frame = source;
    }
    this.#sources = sources;
  }
}

/** What EdgeMerger keeps per edge beyond its EdgeArrays: edge e is entry e of each. */
interface EdgeFields {
  readonly probability: Float64Array;
  readonly weight: Float64Array;
  readonly sources: SourceTable;
  readonly firstSource: Int32Array;
  readonly frameSource: Int32Array;
}

/** The edge objects of EdgeMerger's arrays: edge e from entry e of each. */
function edgeObjects(arrays: EdgeArrays, fields: EdgeFields): MergedEdge[] {
  const { ends, integerWeights, observableStarts, observableIds } = arrays;
  const { probability, weight, sources, firstSource, frameSource } = fields;
  const edges: MergedEdge[] = [];
  for (let e = 0; e < integerWeights.length; e++) {
    const observables = Array.from(observableIds.subarray(observableStarts[e]!, observableStarts[e + 1]!));
    edges.push(new MergedEdge(ends[2 * e]!, ends[2 * e + 1]!, probability[e]!, weight[e]!, integerWeights[e]!, observables, sources, firstSource[e]!, frameSource[e]!));
  }
  return edges;
}

/** PyMatching's `get_edge_weight_normalising_constant`: integer units per unit of weight. */
export function normalisingConstant(weights: ArrayLike<number>): number {
  let maxAbs = 0;
  let allIntegral = true;
  for (let e = 0; e < weights.length; e++) {
    const weight = weights[e]!;
    maxAbs = Math.max(maxAbs, Math.abs(weight));
    if (Math.round(weight) !== weight) allIntegral = false;
  }
  if (maxAbs > MAX_INTEGER_WEIGHT) {
    throw new MatchingGraphError(`an edge weight exceeds the maximum absolute weight ${MAX_INTEGER_WEIGHT}`, -1);
  }
  return allIntegral ? 1 : MAX_INTEGER_WEIGHT / maxAbs;
}
