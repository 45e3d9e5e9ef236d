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
 * Detector and observable lists arrive XOR-reduced and sorted from flattenDem (listing D3 twice
 * flips it twice, i.e. not at all — Stim's meaning of a DEM target list).
 */
import type { FlatDem } from '../../dem/flatten-dem.ts';

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
}

/** The DEM cannot be turned into a matching graph; names the offending mechanism. */
export class MatchingGraphError extends Error {
  override readonly name = 'MatchingGraphError';
  readonly errorIndex: number;
  constructor(message: string, errorIndex: number) {
    super(message);
    this.errorIndex = errorIndex;
  }
}

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

const sameList = (x: readonly number[], y: readonly number[]): boolean =>
  x.length === y.length && x.every((value, i) => value === y[i]);

interface EdgeDraft {
  a: number;
  b: number;
  probability: number;
  weight: number;
  observables: number[];
  sources: EdgeSource[];
}

/**
 * Builds the matching graph of a flattened DEM. O(E log E) for E components. Throws
 * MatchingGraphError for a component with more than two detectors, or p = 1 (an infinitely
 * negative weight, which PyMatching rejects as exceeding its maximum weight).
 */
export function buildMatchingGraph(dem: FlatDem): MatchingGraph {
  const drafts: EdgeDraft[] = [];
  const byEndpoints = new Map<number, EdgeDraft>();
  const { errors } = dem;
  for (let errorIndex = 0; errorIndex < errors.length; errorIndex++) {
    const error = errors[errorIndex]!;
    const p = error.probability;
    if (!(p > 0)) continue;
    for (let componentIndex = 0; componentIndex < error.components.length; componentIndex++) {
      const component = error.components[componentIndex]!;
      const detectors = component.detectors;
      if (detectors.length === 0) continue;
      if (detectors.length > 2) {
        const part = error.components.length > 1 ? ` component ${componentIndex + 1} of ${error.components.length}` : '';
        throw new MatchingGraphError(
          `error mechanism #${error.itemIndex}${part} flips ${detectors.length} detectors (${detectors.map((d) => `D${d}`).join(' ')}); ` +
            'a matching graph needs at most two per component: decompose the DEM (stim analyze_errors --decompose_errors)',
          errorIndex,
        );
      }
      if (p >= 1) {
        throw new MatchingGraphError(`error mechanism #${error.itemIndex} has probability ${p}: its weight ln((1-p)/p) is infinite`, errorIndex);
      }
      const a = detectors[0]!;
      const b = detectors.length === 2 ? detectors[1]! : BOUNDARY;
      const weight = Math.log((1 - p) / p);
      const source: EdgeSource = { errorIndex, componentIndex, probability: p };
      const key = a * (dem.numDetectors + 1) + (b + 1);
      const existing = byEndpoints.get(key);
      if (existing === undefined) {
        const draft = { a, b, probability: p, weight, observables: [...component.observables], sources: [source] };
        byEndpoints.set(key, draft);
        drafts.push(draft);
      } else {
        existing.weight = mergeWeights(weight, existing.weight);
        existing.probability = p * (1 - existing.probability) + existing.probability * (1 - p);
        existing.sources.push(source);
      }
    }
  }

  const weightScale = 2 * normalisingConstant(drafts.map((draft) => draft.weight));
  const edges = drafts.map((draft): MatchingEdge => {
    let frameSource = draft.sources[0]!;
    for (const source of draft.sources) {
      const flips = dem.errors[source.errorIndex]!.components[source.componentIndex]!.observables;
      if (source.probability > frameSource.probability && sameList(flips, draft.observables)) frameSource = source;
    }
    return {
      a: draft.a,
      b: draft.b,
      probability: draft.probability,
      weight: draft.weight,
      integerWeight: 2 * roundHalfAway((draft.weight * weightScale) / 2),
      observables: draft.observables,
      sources: draft.sources,
      frameSource,
    };
  });
  return { numDetectors: dem.numDetectors, numObservables: dem.numObservables, edges, weightScale };
}

/** PyMatching's `get_edge_weight_normalising_constant`: integer units per unit of weight. */
export function normalisingConstant(weights: readonly number[]): number {
  let maxAbs = 0;
  let allIntegral = true;
  for (const weight of weights) {
    maxAbs = Math.max(maxAbs, Math.abs(weight));
    if (Math.round(weight) !== weight) allIntegral = false;
  }
  if (maxAbs > MAX_INTEGER_WEIGHT) {
    throw new MatchingGraphError(`an edge weight exceeds the maximum absolute weight ${MAX_INTEGER_WEIGHT}`, -1);
  }
  return allIntegral ? 1 : MAX_INTEGER_WEIGHT / maxAbs;
}
